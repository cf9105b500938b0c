/**
 * `npm run bench`: builds a MySQL database of its own, loads a deterministic organization tree and
 * usage through the real API (recordUsage over HTTP), then loads `{ __typename }` (with an operator's
 * and with a viewer's token) and the dashboard (viewer tokens of the measured organizations, as the
 * portal sends them) with autocannon, and prints throughput, p50/p99/p99.9 latency, SQL statements per
 * request (from the API's /bench-stats, mounted only for the bench), the API's CPU per request (from
 * /proc/<pid>/stat), ingestion speed and the API's peak memory.
 *
 *   --events N       usage events to ingest (default 1,000,000; e.g. --events 10000000)
 *   --orgs N         organizations in the three-level tree (default 1,000)
 *   --duration S     seconds of load per scenario (default 10)
 *   --connections N  concurrent connections (default 32)
 *   --quick          a small smoke run (120 organizations, 50,000 events, 3 s per scenario)
 *   --keep           leave the bench database in place afterwards
 *   --json FILE      also write the figures as JSON
 *   --in-flight N    recordUsage calls sent at once (default 2)
 *   --report-users N users of the report scenario's organization (issue 13; default 100,000; 0 skips it)
 *   --report-only    only the report scenario (no tree, no dashboard load)
 *   --ingest-only    stop after the ingestion and the duplicate re-send check (issue 17: iterate on ingestion)
 *
 * BENCH_API_NODE_ARGS adds node flags to the API process (e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof");
 * BENCH_API_NODE_FLAGS replaces its heap flags (default as docker/Dockerfile's NODE_OPTIONS).
 *
 * DATABASE_URL names the server (default mysql://root@127.0.0.1:3306/); the database in it (default
 * mpd_bench) is dropped and re-created. The API runs as a child process, as in production.
 *
 * BENCH_CLUSTER_URLS names the other nodes of a multi-primary cluster DATABASE_URL belongs to (Galera;
 * comma-separated server URLs, e.g. mysql://root@127.0.0.1:4307/,mysql://root@127.0.0.1:4308/): an API
 * process then runs on each node; the first half of the events goes through the first node's API and
 * the second half through every node's (--in-flight calls each), and each read scenario is measured
 * through the first node and then spread over all of them (--connections split between the nodes).
 */
import 'reflect-metadata';
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { signToken } from '../src/auth/token';
import { generateEvents, GeneratedEvent, planTree, TreePlan } from './bench-data';
import { DASHBOARD_QUERY } from './dashboard-query';
import { timeRefusals } from './refusals';
import { LoadRequest, LoadResult } from './load-generator';
import { prepareAndStreamReport } from './report-scenario';

const JWT_SECRET = 'benchmark-secret-0123456789abcdef0123456789';
const BATCH = 10_000;
const SETUP_CONCURRENCY = 8;
/**
 * As docker/Dockerfile runs the API (NODE_OPTIONS): a capped old space and a young generation big
 * enough for request garbage.
 */
const API_NODE_FLAGS = (process.env.BENCH_API_NODE_FLAGS ?? '--max-old-space-size=192 --max-semi-space-size=32')
  .split(' ')
  .filter(Boolean);

interface Options {
  events: number;
  orgs: number;
  duration: number;
  connections: number;
  keep: boolean;
  json: string | null;
  quick: boolean;
  inFlight: number;
  reportUsers: number;
  reportOnly: boolean;
  ingestOnly: boolean;
}

function parseArgs(argv: string[]): Options {
  const options: Options = {
    events: 1_000_000,
    orgs: 1000,
    duration: 10,
    connections: 32,
    keep: false,
    json: null,
    quick: false,
    inFlight: 2,
    reportUsers: 100_000,
    reportOnly: false,
    ingestOnly: false,
  };
  const number = (name: string, value: string | undefined) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} needs a positive number, got "${value}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick')
      Object.assign(options, { quick: true, events: 50_000, orgs: 120, duration: 3, reportUsers: 10_000 });
    else if (arg === '--report-users') options.reportUsers = Math.floor(Number(argv[++i]));
    else if (arg === '--report-only') options.reportOnly = true;
    else if (arg === '--ingest-only') options.ingestOnly = true;
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--events') options.events = Math.floor(number('events', argv[++i]));
    else if (arg === '--orgs') options.orgs = Math.floor(number('orgs', argv[++i]));
    else if (arg === '--duration') options.duration = number('duration', argv[++i]);
    else if (arg === '--connections') options.connections = Math.floor(number('connections', argv[++i]));
    else if (arg === '--json') options.json = argv[++i];
    else if (arg === '--in-flight') options.inFlight = Math.floor(number('in-flight', argv[++i]));
    else throw new Error(`Unknown argument ${arg} (see the header of api/bench/bench.ts)`);
  }
  if (options.orgs < 10) throw new Error('--orgs must be at least 10');
  return options;
}

function log(message: string): void {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

/** The server URL with the bench database in it; the database is dropped and re-created. */
async function prepareDatabase(): Promise<{
  url: string;
  version: string;
  settle(): Promise<{ seconds: number; dirtyPages: number }>;
  drop(): Promise<void>;
}> {
  const url = new URL(process.env.DATABASE_URL || 'mysql://root@127.0.0.1:3306/');
  if (!['mysql:', 'mariadb:'].includes(url.protocol))
    throw new Error(`The benchmark needs MySQL/MariaDB; DATABASE_URL is ${url.protocol}`);
  const name = url.pathname.replace(/^\//, '') || 'mpd_bench';
  if (!/^\w+$/.test(name)) throw new Error(`Unusable database name "${name}"`);
  const connect = () =>
    mysql.createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
    });
  const admin = await connect();
  const [[{ version }]] = (await admin.query('SELECT VERSION() AS version')) as unknown as [[{ version: string }]];
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  await admin.end();
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    version,
    settle: async () => {
      const conn = await connect();
      try {
        return await settleWrites(conn);
      } finally {
        await conn.end();
      }
    },
    drop: async () => {
      const conn = await connect();
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
    },
  };
}

/** Longest wait for the database to write out a bulk load before reads are measured. */
const SETTLE_LIMIT_MS = 180_000;

/**
 * Waits until InnoDB has written out the pages the ingestion dirtied (at most 1% of the buffer pool
 * dirty, or no progress for 10 s, or SETTLE_LIMIT_MS): right after 10,000,000 events the server
 * spends a minute or more flushing, which would bill the bulk load to whichever read scenario runs
 * first. Reads one server status variable; changes no setting.
 */
async function settleWrites(conn: mysql.Connection): Promise<{ seconds: number; dirtyPages: number }> {
  const started = Date.now();
  const status = async () => {
    const [rows] = (await conn.query(
      "SHOW GLOBAL STATUS WHERE Variable_name IN ('Innodb_buffer_pool_pages_dirty', 'Innodb_buffer_pool_pages_total')",
    )) as unknown as [Array<{ Variable_name: string; Value: string }>];
    const value = (name: string) => Number(rows.find((r) => r.Variable_name === name)?.Value ?? 0);
    return { dirty: value('Innodb_buffer_pool_pages_dirty'), total: value('Innodb_buffer_pool_pages_total') };
  };
  let { dirty, total } = await status();
  let best = dirty;
  let bestAt = Date.now();
  while (dirty > total / 100 && Date.now() - started < SETTLE_LIMIT_MS && Date.now() - bestAt < 10_000) {
    await new Promise((r) => setTimeout(r, 1000));
    ({ dirty, total } = await status());
    if (dirty < best) {
      best = dirty;
      bestAt = Date.now();
    }
  }
  return { seconds: (Date.now() - started) / 1000, dirtyPages: dirty };
}

interface Api {
  url: string;
  child: ChildProcess;
  output: string[];
  stop(): Promise<void>;
}

async function startApi(databaseUrl: string): Promise<Api> {
  const port = await freePort();
  const main = path.resolve(__dirname, '../src/main.js');
  // BENCH_API_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the API under load.
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...API_NODE_FLAGS, ...nodeArgs, main], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      DATABASE_REPLICA_URLS: '',
      JWT_SECRET,
      DEMO_DATA: '0',
      LOG_LEVEL: 'warn',
      // GET /bench-stats: statements sent, read around each measured run.
      BENCH_STATS: '1',
      // The limiter stays on (its cost is measured) with limits no benchmark reaches.
      RATE_LIMIT_PER_IP: '10000000',
      RATE_LIMIT_PER_SUBJECT: '10000000',
      OUTBOX_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'mpd-bench-outbox-')),
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The API exited with ${child.exitCode}:\n${output.join('')}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`The API did not become ready:\n${output.join('')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    child,
    output,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 12_000))]);
    },
  };
}

/** User + system CPU seconds of a process so far (/proc/<pid>/stat, 100 ticks a second); null when gone. */
function cpuSecondsOf(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/** Rows the API processes have sent in multi-row inserts so far, per table (their /bench-stats, summed). */
async function rowsSentBy(apis: Api[]): Promise<Record<string, number>> {
  const total: Record<string, number> = {};
  for (const api of apis) {
    const stats = (await (await fetch(`${api.url}/bench-stats`)).json()) as { rowsSent: Record<string, number> };
    for (const [table, rows] of Object.entries(stats.rowsSent)) total[table] = (total[table] ?? 0) + rows;
  }
  return total;
}

/** Seconds of CPU in a process.cpuUsage() difference (user and system). */
function cpuSecondsOfUsage(usage: NodeJS.CpuUsage): number {
  return (usage.user + usage.system) / 1e6;
}

/**
 * The database server's process when it runs on this machine and is the only one (BENCH_DB_PID names
 * it otherwise): its CPU during ingestion is printed beside the API's.
 */
function databasePid(): number | undefined {
  if (process.env.BENCH_DB_PID) return Number(process.env.BENCH_DB_PID);
  const found = fs.readdirSync('/proc').filter((entry) => {
    if (!/^\d+$/.test(entry)) return false;
    try {
      return ['mariadbd', 'mysqld'].includes(fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim());
    } catch {
      return false;
    }
  });
  return found.length === 1 ? Number(found[0]) : undefined;
}

/** VmRSS now and VmHWM (peak) of a process, in MB. */
function memoryOf(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

class GraphqlClient {
  constructor(
    readonly endpoint: string,
    readonly token: string,
  ) {}

  async request<T>(query: string, variables: Record<string, unknown> = {}, body?: string): Promise<T> {
    const res = await fetch(this.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: body ?? JSON.stringify({ query, variables }),
    });
    const json = (await res.json()) as { data?: T; errors?: Array<{ message: string }> };
    if (json.errors?.length) throw new Error(`GraphQL error: ${json.errors.map((e) => e.message).join('; ')}`);
    return json.data as T;
  }
}

async function inParallel<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}

async function createTree(client: GraphqlClient, plan: TreePlan): Promise<number[]> {
  const ids: number[] = [];
  for (const level of [0, 1, 2] as const) {
    await inParallel(
      plan.organizations.filter((o) => o.level === level),
      SETUP_CONCURRENCY,
      async (o) => {
        const data = await client.request<{ createOrganization: { id: string } }>(
          `mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`,
          {
            input: {
              name: o.name,
              parentId: o.parentIndex === null ? null : String(ids[o.parentIndex]),
              timezone: o.timezone,
              cycleStartDay: o.cycleStartDay,
              adminEmails: [`admin${o.index}@bench.example`],
              ...(o.level === 0
                ? { numberRequestContact: { email: `numbers${o.index}@carrier.example`, phone: '+18005550199' } }
                : {}),
            },
          },
        );
        ids[o.index] = Number(data.createOrganization.id);
      },
    );
  }
  return ids;
}

/** Numbers for every organization, and a few assigned, reserved and registered ones in the measured ones. */
async function addNumbers(client: GraphqlClient, plan: TreePlan, ids: number[]): Promise<number> {
  let added = 0;
  await inParallel(plan.organizations, SETUP_CONCURRENCY, async (o) => {
    const count = o.level === 0 ? 50 : o.level === 1 ? 20 : 10;
    const numbers = Array.from(
      { length: count },
      (_, k) => `+1555${String(o.index).padStart(5, '0')}${String(k).padStart(3, '0')}`,
    );
    const data = await client.request<{ addNumbers: Array<{ id: string }> }>(
      `mutation ($org: ID!, $numbers: [String!]!) { addNumbers(organizationId: $org, numbers: $numbers) { id } }`,
      { org: String(ids[o.index]), numbers },
    );
    added += count;
    if (o.index === plan.smallIndex || o.index === plan.largestIndex || o.index === plan.bigParentIndex) {
      const [a, b, c, d] = data.addNumbers.map((n) => n.id);
      const assigned = await client.request<{ assignNumber: { user: { id: string } } }>(
        `mutation ($id: ID!) { assignNumber(numberId: $id, email: "user-${o.index}-a@bench.example") { user { id } } }`,
        { id: a },
      );
      await client.request(`mutation ($id: ID!) { registerUser(userId: $id) { id } }`, {
        id: assigned.assignNumber.user.id,
      });
      await client.request(
        `mutation ($id: ID!) { assignNumber(numberId: $id, email: "user-${o.index}-b@bench.example") { id } }`,
        { id: b },
      );
      await client.request(`mutation ($id: ID!) { reserveNumber(numberId: $id) { id } }`, { id: c });
      void d;
    }
  });
  return added;
}

const RECORD_USAGE = 'mutation ($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted duplicates } }';

/** One recordUsage call's request body, built before the clock starts. */
interface PreparedCall {
  body: string;
  events: number;
}

/**
 * Builds every call's body up front: on this machine the client shares the cores with the API and
 * the database, and a carrier's feeder would run elsewhere (issue 17), so generating and serializing
 * a million events is kept off the measured time (about 3 CPU-s of the client's otherwise).
 */
function prepareCalls(batches: Iterable<GeneratedEvent[]>): PreparedCall[] {
  const calls: PreparedCall[] = [];
  for (const events of batches)
    calls.push({ body: JSON.stringify({ query: RECORD_USAGE, variables: { events } }), events: events.length });
  return calls;
}

async function ingest(
  clients: GraphqlClient[],
  batches: Iterable<PreparedCall>,
  total: number,
  inFlight: number,
): Promise<{ seconds: number; accepted: number; duplicates: number }> {
  let accepted = 0;
  let duplicates = 0;
  let sent = 0;
  let lastReport = Date.now();
  const started = process.hrtime.bigint();
  const iterator = batches[Symbol.iterator]();
  await Promise.all(
    clients
      .flatMap((client) => Array.from({ length: inFlight }, () => client))
      .map(async (client) => {
        for (;;) {
          const next = iterator.next();
          if (next.done) return;
          const { body, events } = next.value;
          const data = await client.request<{ recordUsage: { accepted: number; duplicates: number } }>(
            RECORD_USAGE,
            {},
            body,
          );
          accepted += data.recordUsage.accepted;
          duplicates += data.recordUsage.duplicates;
          sent += events;
          if (Date.now() - lastReport > 10_000) {
            lastReport = Date.now();
            const seconds = Number(process.hrtime.bigint() - started) / 1e9;
            log(
              `  ${sent.toLocaleString('en-US')} / ${total.toLocaleString('en-US')} events, ` +
                `${Math.round(sent / seconds).toLocaleString('en-US')} events/s`,
            );
          }
        }
      }),
  );
  return { seconds: Number(process.hrtime.bigint() - started) / 1e9, accepted, duplicates };
}

interface Scenario {
  name: string;
  body: string;
  token: string;
  note: string;
}

interface Measured extends LoadResult {
  name: string;
  note: string;
}

/** One scenario's load, from a load-generator process of its own (see load-generator.ts). */
async function measure(
  apiUrl: string,
  apiPid: number,
  scenario: Scenario,
  options: Options,
  warmupSeconds = 1,
): Promise<Measured> {
  const request: LoadRequest = {
    url: `${apiUrl}/graphql`,
    connections: options.connections,
    duration: options.duration,
    warmupSeconds,
    headers: { 'content-type': 'application/json', authorization: `Bearer ${scenario.token}` },
    body: scenario.body,
    statsUrl: `${apiUrl}/bench-stats`,
    apiPid,
  };
  const child = spawn(process.execPath, [path.resolve(__dirname, 'load-generator.js'), JSON.stringify(request)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`the load generator exited with ${code}`);
  const result = JSON.parse(output) as LoadResult;
  return { name: scenario.name, note: scenario.note, ...result };
}

function machine(dbVersion: string): Record<string, string> {
  const cpu =
    /^model name\s*:\s*(.+)$/m.exec(fs.readFileSync('/proc/cpuinfo', 'utf8'))?.[1] ?? os.cpus()[0]?.model ?? 'unknown';
  return {
    nproc: String(os.cpus().length),
    memory: `${(os.totalmem() / 1024 ** 3).toFixed(1)} GiB`,
    cpu,
    node: process.version,
    database: dbVersion,
    'load average at start': os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' '),
  };
}

const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
const perRequest = (n: number | null, digits: number) => (n === null ? 'n/a' : fmt(n, digits));

/** The other nodes' server URLs (BENCH_CLUSTER_URLS), with the bench database put in each. */
function clusterUrls(databaseUrl: string): string[] {
  return (process.env.BENCH_CLUSTER_URLS ?? '')
    .split(',')
    .map((u) => u.trim())
    .filter(Boolean)
    .map((server) => {
      const url = new URL(server);
      url.pathname = new URL(databaseUrl).pathname;
      return url.toString();
    });
}

/**
 * Transactions of the cluster's nodes that lost to another node's commit, summed over the nodes:
 * failed certification at commit, or aborted by a replicated write (each retried by the API).
 */
async function certificationConflicts(serverUrls: string[]): Promise<number> {
  let sum = 0;
  for (const server of serverUrls) {
    const url = new URL(server);
    const conn = await mysql.createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
    });
    try {
      const [rows] = (await conn.query(
        "SHOW GLOBAL STATUS WHERE Variable_name IN ('wsrep_local_cert_failures', 'wsrep_local_bf_aborts')",
      )) as unknown as [Array<{ Value: string }>];
      sum += rows.reduce((total, r) => total + Number(r.Value), 0);
    } finally {
      await conn.end();
    }
  }
  return sum;
}

function* take<T>(iterator: Iterator<T>, count: number): Generator<T> {
  for (let i = 0; i < count; i++) {
    const next = iterator.next();
    if (next.done) return;
    yield next.value;
  }
}

/** One scenario through every API at once, the connections split between them; rates and counts add up. */
async function measureSpread(
  apis: Array<{ url: string; pid: number }>,
  scenario: Scenario,
  options: Options,
): Promise<Measured> {
  const apiUrls = apis.map((a) => a.url);
  const connections = Math.max(1, Math.round(options.connections / apiUrls.length));
  const parts = await Promise.all(apis.map((a) => measure(a.url, a.pid, scenario, { ...options, connections })));
  return {
    name: `${scenario.name}, spread over ${apiUrls.length} nodes`,
    note: `${connections} connections to each node's API; p50/p99/max: the worst node's`,
    reqPerSec: parts.reduce((sum, p) => sum + p.reqPerSec, 0),
    requests: parts.reduce((sum, p) => sum + p.requests, 0),
    errors: parts.reduce((sum, p) => sum + p.errors, 0),
    p50: Math.max(...parts.map((p) => p.p50)),
    p99: Math.max(...parts.map((p) => p.p99)),
    p99_9: Math.max(...parts.map((p) => p.p99_9)),
    max: Math.max(...parts.map((p) => p.max)),
    // Per-request figures of one node's API stand for all of them (each node serves the same query).
    statementsPerRequest: parts[0].statementsPerRequest,
    cpuMsPerRequest: parts[0].cpuMsPerRequest,
  };
}

/** Issue 13: the report scenario's load and CSV figures, as report lines and target checks. */
async function runReportScenario(
  api: Api,
  databaseUrl: string,
  operator: GraphqlClient,
  options: Options,
  settle: () => Promise<{ seconds: number; dirtyPages: number }>,
): Promise<{ lines: string[]; checks: Array<[string, boolean]> }> {
  const report = await prepareAndStreamReport(
    {
      apiUrl: api.url,
      databaseUrl,
      request: (query, variables, body) => operator.request(query, variables, body),
      viewerToken: (org) => signToken(JWT_SECRET, { sub: `viewer-report@bench.example`, org, roles: ['viewer'] }),
      log,
      rssOf: () => memoryOf(api.child.pid!).rss,
      settle,
    },
    options.reportUsers,
  );
  const load = await measure(
    api.url,
    api.child.pid!,
    { name: 'usage breakdown by user (top 50)', body: report.breakdownBody, token: report.token, note: '' },
    { ...options, connections: 8 },
  );
  log(`${load.name}: ${fmt(load.reqPerSec)} req/s, p50 ${load.p50} ms, p99 ${load.p99} ms, ${load.errors} errors`);
  // The same load on { __typename } right after: how busy the (shared) machine was during this run.
  const baseline = await measure(
    api.url,
    api.child.pid!,
    {
      name: 'baseline { __typename }',
      body: JSON.stringify({ query: '{ __typename }' }),
      token: report.token,
      note: '',
    },
    { ...options, connections: 8 },
  );
  log(`${baseline.name}: ${fmt(baseline.reqPerSec)} req/s, p50 ${baseline.p50} ms, p99 ${baseline.p99} ms`);
  const { csv } = report;
  const lines = [
    `### Reports (issue 13): ${fmt(report.users)} users, ${fmt(report.events)} user events over a year`,
    '',
    `- USER breakdown of the past cycle (${report.cycle.from}..${report.cycle.to}), top 50, 8 connections, ` +
      `${options.duration} s: ${fmt(load.reqPerSec)} req/s, p50 ${load.p50} ms, **p99 ${load.p99} ms**, ` +
      `max ${load.max} ms, ${load.errors} errors; baseline \`{ __typename }\` at 8 connections in the same run: ` +
      `${fmt(baseline.reqPerSec)} req/s, p99 ${baseline.p99} ms`,
    `- CSV by user over a year: ${fmt(csv.rows)} rows in ${csv.seconds.toFixed(2)} s = ` +
      `**${fmt(csv.rowsPerSec)} rows/s**; API RSS ${fmt(csv.rssBeforeMb)} MB before, ${fmt(csv.rssPeakMb)} MB at ` +
      `most while streaming (**+${fmt(csv.growthMb)} MB**)`,
    '',
  ];
  const checks: Array<[string, boolean]> = [
    [`breakdown p99 ${load.p99} ms <= 300 ms`, load.p99 <= 300],
    [`CSV ${fmt(csv.rowsPerSec)} rows/s >= 50,000`, csv.rowsPerSec >= 50_000],
    [`CSV RSS growth ${fmt(csv.growthMb)} MB <= 100 MB`, csv.growthMb <= 100],
    [`CSV rows ${fmt(csv.rows)} = users with usage`, csv.rows > 0 && csv.rows <= report.users],
    ['no errors under the breakdown load', load.errors === 0],
  ];
  return { lines, checks };
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const runStarted = Date.now();
  const db = await prepareDatabase();
  const host = machine(db.version);
  log(
    `machine: ${Object.entries(host)
      .map(([k, v]) => `${k} ${v}`)
      .join(' | ')}`,
  );
  log(
    `database ${db.url.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')}; ${fmt(options.orgs)} organizations, ${fmt(options.events)} events`,
  );

  const api = await startApi(db.url);
  // Started once the first has migrated the database (the migration lock would also keep them apart).
  const others = await Promise.all(clusterUrls(db.url).map((url) => startApi(url)));
  const apis = [api, ...others];
  let peakRss = 0;
  const sampler = setInterval(() => {
    try {
      peakRss = Math.max(peakRss, memoryOf(api.child.pid!).rss);
    } catch {
      // the child is gone
    }
  }, 200);
  try {
    const endpoint = `${api.url}/graphql`;
    const operator = new GraphqlClient(
      endpoint,
      await signToken(JWT_SECRET, { sub: 'bench-operator', roles: ['operator'] }),
    );
    if (options.reportOnly) {
      const report = await runReportScenario(api, db.url, operator, options, db.settle);
      const lines = [
        ...report.lines,
        'Targets:',
        ...report.checks.map(([text, ok]) => `- [${ok ? 'x' : ' '}] ${text}`),
      ];
      process.stdout.write(`${lines.join('\n')}\n`);
      process.exitCode = report.checks.every(([, ok]) => ok) ? 0 : 2;
      return;
    }
    const plan = planTree(options.orgs);

    let t = Date.now();
    const ids = await createTree(operator, plan);
    log(`created ${fmt(ids.length)} organizations in ${((Date.now() - t) / 1000).toFixed(1)} s`);
    t = Date.now();
    const numbers = await addNumbers(operator, plan, ids);
    log(`added ${fmt(numbers)} phone numbers in ${((Date.now() - t) / 1000).toFixed(1)} s`);

    const now = new Date();
    log(
      `ingesting ${fmt(options.events)} events in recordUsage calls of ${fmt(BATCH)} (${options.inFlight} in flight)`,
    );
    const batches = prepareCalls(generateEvents(options.events, plan, ids, now, BATCH))[Symbol.iterator]();
    // On a cluster: the first half through the first node, the rest through all of them.
    const firstBatches = apis.length > 1 ? Math.ceil(options.events / BATCH / 2) : Infinity;
    const firstEvents = Math.min(options.events, firstBatches * BATCH);
    const servers = apis.length > 1 ? [db.url, ...clusterUrls(db.url)] : [];
    const conflicts = [await certificationConflicts(servers)];
    const dbPid = databasePid();
    const rowsBefore = await rowsSentBy(apis);
    const cpuBefore = {
      api: cpuSecondsOf(api.child.pid),
      db: cpuSecondsOf(dbPid),
      client: process.cpuUsage(),
      wall: Date.now(),
    };
    const phases = [await ingest([operator], take(batches, firstBatches), firstEvents, options.inFlight)];
    conflicts.push(await certificationConflicts(servers));
    if (apis.length > 1) {
      const clients = apis.map((a) => new GraphqlClient(`${a.url}/graphql`, operator.token));
      phases.push(await ingest(clients, take(batches, Infinity), options.events - firstEvents, options.inFlight));
      conflicts.push(await certificationConflicts(servers));
    }
    const conflictsOf = (phase: number) => conflicts[phase + 1] - conflicts[phase];
    const ingestion = {
      seconds: phases.reduce((sum, p) => sum + p.seconds, 0),
      accepted: phases.reduce((sum, p) => sum + p.accepted, 0),
      duplicates: phases.reduce((sum, p) => sum + p.duplicates, 0),
    };
    const eventsPerSec = ingestion.accepted / ingestion.seconds;
    const phaseRates = phases.map((p) => p.accepted / p.seconds);
    log(
      `ingested ${fmt(ingestion.accepted)} events in ${ingestion.seconds.toFixed(1)} s: ${fmt(eventsPerSec)} events/s` +
        (apis.length > 1
          ? ` (through node 1: ${fmt(phaseRates[0])} events/s, ${conflictsOf(0)} certification conflicts; ` +
            `through all ${apis.length}: ${fmt(phaseRates[1])}, ${conflictsOf(1)} conflicts)`
          : ''),
    );
    const rowsAfter = await rowsSentBy(apis);
    log(
      `rows sent in multi-row inserts per accepted event: ` +
        Object.keys(rowsAfter)
          .filter((table) => rowsAfter[table] > (rowsBefore[table] ?? 0))
          .map((table) => `${table} ${fmt((rowsAfter[table] - (rowsBefore[table] ?? 0)) / ingestion.accepted, 2)}`)
          .join(', '),
    );
    const cpuUse = (before: number | null, after: number | null) =>
      before === null || after === null ? 'n/a' : `${fmt(after - before, 1)} CPU-s`;
    const apiCpu = (cpuSecondsOf(api.child.pid) ?? 0) - (cpuBefore.api ?? 0);
    log(
      `CPU during ingestion (${fmt((Date.now() - cpuBefore.wall) / 1000, 1)} s wall): API ` +
        `${cpuUse(cpuBefore.api, cpuSecondsOf(api.child.pid))} (${fmt((apiCpu / ingestion.accepted) * BATCH, 3)} ` +
        `CPU-s per ${fmt(BATCH)} events), database ${cpuUse(cpuBefore.db, cpuSecondsOf(dbPid))}, ` +
        `this client ${cpuUse(0, cpuSecondsOfUsage(process.cpuUsage(cpuBefore.client)))}; load average ` +
        os
          .loadavg()
          .map((n) => n.toFixed(2))
          .join(' '),
    );
    const ingestRss = memoryOf(api.child.pid!).peak;
    if (ingestion.accepted !== options.events)
      throw new Error(`expected ${options.events} accepted events, got ${ingestion.accepted}`);
    const [firstBatch] = generateEvents(Math.min(options.events, BATCH), plan, ids, now, BATCH);
    const again = await operator.request<{ recordUsage: { accepted: number; duplicates: number } }>(RECORD_USAGE, {
      events: firstBatch,
    });
    if (again.recordUsage.accepted !== 0)
      throw new Error(`re-sending a batch recorded ${again.recordUsage.accepted} events again`);
    log(`re-sent the first batch: ${fmt(again.recordUsage.duplicates)} duplicates, nothing recorded twice`);
    if (options.ingestOnly) {
      process.exitCode = eventsPerSec >= 50_000 ? 0 : 2;
      return;
    }
    const settled = await db.settle();
    log(
      `waited ${settled.seconds.toFixed(0)} s for the database to write out the load ` +
        `(${fmt(settled.dirtyPages)} dirty pages left)`,
    );

    const viewerOf = (index: number) =>
      signToken(JWT_SECRET, { sub: `viewer-${index}@bench.example`, org: ids[index], roles: ['viewer'] });
    const dashboard = (index: number) =>
      JSON.stringify({ query: DASHBOARD_QUERY, variables: { id: String(ids[index]) } });
    const subOrgs = plan.organizations.filter(
      (o) =>
        o.level > 0 &&
        (o.parentIndex === plan.bigParentIndex ||
          plan.organizations[o.parentIndex!].parentIndex === plan.bigParentIndex),
    ).length;
    const typename = JSON.stringify({ query: '{ __typename }' });
    const scenarios: Scenario[] = [
      { name: 'baseline { __typename }, operator token', body: typename, token: operator.token, note: '' },
      {
        name: 'baseline { __typename }, viewer token',
        body: typename,
        token: await viewerOf(plan.smallIndex),
        note: 'a viewer of the small org',
      },
      {
        name: 'dashboard, small org',
        body: dashboard(plan.smallIndex),
        token: await viewerOf(plan.smallIndex),
        note: '',
      },
      {
        name: 'dashboard, largest org',
        body: dashboard(plan.largestIndex),
        token: await viewerOf(plan.largestIndex),
        note: '',
      },
      {
        name: 'dashboard, big parent',
        body: dashboard(plan.bigParentIndex),
        token: await viewerOf(plan.bigParentIndex),
        note: `${subOrgs} sub-organizations`,
      },
    ];
    // Check each answer once before loading it; show what the organization holds.
    for (const s of scenarios.slice(2)) {
      const data = await new GraphqlClient(endpoint, s.token).request<{
        organization: {
          allTime: { voice: { total: number }; message: { total: number }; data: { total: number } };
          numberUtilization: { total: number };
        };
      }>(DASHBOARD_QUERY, JSON.parse(s.body).variables);
      const all = data.organization.allTime;
      s.note = [
        s.note,
        `all-time ${fmt(all.voice.total)} min, ${fmt(all.message.total)} messages, ` +
          `${fmt(all.data.total / 1e9, 1)} GB; ${fmt(data.organization.numberUtilization.total)} numbers`,
      ]
        .filter(Boolean)
        .join('; ');
    }

    const results: Measured[] = [];
    const spread: Measured[] = [];
    const logMeasured = (m: Measured) =>
      log(
        `${m.name}: ${fmt(m.reqPerSec)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms, p99.9 ${m.p99_9} ms, ` +
          `${perRequest(m.statementsPerRequest, 2)} statements and ${perRequest(m.cpuMsPerRequest, 2)} ms API CPU ` +
          `a request${m.errors ? `, ${m.errors} ERRORS` : ''}`,
      );
    for (const [i, s] of scenarios.entries()) {
      // The first scenario also warms the API up after the bulk load (JIT, a major GC): 5 s, not 1.
      const m = await measure(api.url, api.child.pid!, s, options, i === 0 ? 5 : 1);
      results.push(m);
      logMeasured(m);
      if (apis.length > 1) {
        const sm = await measureSpread(
          apis.map((a) => ({ url: a.url, pid: a.child.pid! })),
          s,
          options,
        );
        spread.push(sm);
        logMeasured(sm);
      }
    }
    const refused = await timeRefusals(endpoint, await viewerOf(plan.smallIndex), String(ids[plan.smallIndex]));
    for (const r of refused)
      log(`refused ${r.name}: p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms (one at a time)`);
    const peak = Math.max(peakRss, memoryOf(api.child.pid!).peak);
    const report = options.reportUsers > 0 ? await runReportScenario(api, db.url, operator, options, db.settle) : null;

    const [operatorBaseline, baseline, small, largest, parent] = results;
    const dashboards = [small, largest, parent];
    const slowest = dashboards.reduce((a, b) => (b.reqPerSec < a.reqPerSec ? b : a));
    const ratios = {
      'viewer baseline / operator baseline': baseline.reqPerSec / operatorBaseline.reqPerSec,
      'slowest dashboard / viewer baseline': slowest.reqPerSec / baseline.reqPerSec,
      'dashboard (small) / viewer baseline': small.reqPerSec / baseline.reqPerSec,
      'largest / small': largest.reqPerSec / small.reqPerSec,
      'big parent / small': parent.reqPerSec / small.reqPerSec,
    };
    const worstP99 = Math.max(...dashboards.map((r) => r.p99));
    const pct = (ratio: number) => `${(ratio * 100).toFixed(0)}%`;
    const checks: Array<[string, boolean]> = [
      [`ingestion ${fmt(eventsPerSec)} events/s >= 50,000`, eventsPerSec >= 50_000],
      [`dashboard p99 ${worstP99} ms <= 50 ms at ${options.connections} connections`, worstP99 <= 50],
      [
        `slowest dashboard / viewer baseline ${pct(ratios['slowest dashboard / viewer baseline'])} >= 40%`,
        ratios['slowest dashboard / viewer baseline'] >= 0.4,
      ],
      [
        `viewer baseline / operator baseline ${pct(ratios['viewer baseline / operator baseline'])} >= 90%`,
        ratios['viewer baseline / operator baseline'] >= 0.9,
      ],
      [`largest / small ${pct(ratios['largest / small'])} >= 80%`, ratios['largest / small'] >= 0.8],
      [`big parent / small ${pct(ratios['big parent / small'])} >= 80%`, ratios['big parent / small'] >= 0.8],
      [`API peak RSS ${fmt(peak)} MB <= 300 MB`, peak <= 300],
      ...refused.map((r): [string, boolean] => [`refused ${r.name}: p50 ${r.p50} ms <= 50 ms`, r.p50 <= 50]),
      ['no errors under load', results.every((r) => r.errors === 0)],
      ...(report?.checks ?? []),
    ];

    const lines = [
      '',
      `## Results (${new Date().toISOString().slice(0, 16)}Z, ${fmt(options.orgs)} organizations, ` +
        `${fmt(options.events)} events, ${options.connections} connections, ${options.duration} s per scenario)`,
      '',
      ...Object.entries(host).map(([k, v]) => `- ${k}: ${v}`),
      '',
      `Ingestion: ${fmt(ingestion.accepted)} events in ${ingestion.seconds.toFixed(1)} s = ` +
        `**${fmt(eventsPerSec)} events/s** (recordUsage calls of ${fmt(BATCH)}, ${options.inFlight} in flight); ` +
        `reads measured after the database wrote out the load (${settled.seconds.toFixed(0)} s)`,
      ...(apis.length > 1
        ? [
            '',
            `Cluster of ${apis.length} nodes, an API process on each: ingestion through node 1 ` +
              `**${fmt(phaseRates[0])} events/s** ` +
              `(${fmt(phases[0].accepted)} events, ${options.inFlight} in flight, ` +
              `${conflictsOf(0)} certification conflicts retried), ` +
              `through all ${apis.length} **${fmt(phaseRates[1])} events/s** ` +
              `(${fmt(phases[1].accepted)} events, ${options.inFlight} in flight to each, ` +
              `${conflictsOf(1)} certification conflicts retried)`,
          ]
        : []),
      '',
      '| scenario | req/s | p50 ms | p99 ms | p99.9 ms | max ms | SQL/request | API CPU ms/request ' +
        '| requests | errors | |',
      '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
      ...[...results, ...spread].map(
        (r) =>
          `| ${r.name} | ${fmt(r.reqPerSec)} | ${r.p50} | ${r.p99} | ${r.p99_9} | ${r.max} | ` +
          `${perRequest(r.statementsPerRequest, 2)} | ${perRequest(r.cpuMsPerRequest, 2)} | ` +
          `${fmt(r.requests)} | ${r.errors} | ${r.note} |`,
      ),
      '',
      ...Object.entries(ratios).map(([k, v]) => `- ${k}: ${v.toFixed(2)}`),
      `- API peak RSS: ${fmt(peak)} MB (after ingestion: ${fmt(ingestRss)} MB); ` +
        `API run as \`node ${API_NODE_FLAGS.join(' ')} dist/api/src/main.js\`, ` +
        'NODE_ENV=production, rate limiter on with limits no run reaches',
      `- load average at end: ${os
        .loadavg()
        .map((n) => n.toFixed(2))
        .join(' ')}`,
      `- refusals, 200 one at a time with a viewer token: ` +
        refused.map((r) => `${r.name} p50/p99 ${r.p50}/${r.p99} ms`).join('; '),
      `- whole run: ${((Date.now() - runStarted) / 1000).toFixed(0)} s`,
      '',
      ...(report?.lines ?? []),
      'Targets:',
      ...checks.map(([text, ok]) => `- [${ok ? 'x' : ' '}] ${text}`),
      '',
    ];
    process.stdout.write(lines.join('\n'));
    if (options.json) {
      fs.writeFileSync(
        options.json,
        JSON.stringify(
          {
            options,
            host,
            ingestion: { ...ingestion, eventsPerSec },
            ingestionPhases: phases.map((p, i) => ({
              ...p,
              eventsPerSec: phaseRates[i],
              certificationConflicts: servers.length ? conflictsOf(i) : null,
            })),
            spread,
            settled,
            results,
            ratios,
            peakRssMb: peak,
            refused,
            checks,
          },
          null,
          2,
        ),
      );
    }
    process.exitCode = checks.every(([, ok]) => ok) ? 0 : 2;
  } catch (error) {
    process.stderr.write(`${(error as Error).stack ?? error}\nAPI output:\n${api.output.join('')}\n`);
    process.exitCode = 1;
  } finally {
    clearInterval(sampler);
    await Promise.all(apis.map((a) => a.stop()));
    if (!options.keep) await db.drop();
  }
}

if (require.main === module) void main();
