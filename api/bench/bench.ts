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
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { signToken } from '../src/auth/token';
import { generateEvents, GeneratedEvent, planTree, TreePlan } from './bench-data';
import { BATCH, Options, parseArgs } from './bench-options';
import {
  Api,
  BenchDatabase,
  cpuSecondsOf,
  databasePid,
  GraphqlClient,
  inParallel,
  JWT_SECRET,
  log,
  memoryOf,
  prepareDatabase,
  startApi,
} from './bench-infra';
import {
  fmt,
  IngestionFigures,
  IngestionTotals,
  Measured,
  perRequest,
  printReportScenarioOnly,
  printResults,
  reportScenarioSection,
  ResultsSection,
} from './bench-results';
import { DASHBOARD_QUERY } from './dashboard-query';
import { RefusalTiming, timeRefusals } from './refusals';
import { LoadRequest, LoadResult } from './load-generator';
import { prepareAndStreamReport } from './report-scenario';

const SETUP_CONCURRENCY = 8;

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
): Promise<IngestionTotals> {
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
    dbCpuMsPerRequest: parts[0].dbCpuMsPerRequest,
    caches: parts[0].caches,
  };
}

/** Issue 13: the report scenario's load and CSV figures, as report lines and target checks. */
async function runReportScenario(
  api: Api,
  databaseUrl: string,
  operator: GraphqlClient,
  options: Options,
  settle: () => Promise<{ seconds: number; dirtyPages: number }>,
): Promise<ResultsSection> {
  const report = await prepareAndStreamReport(
    {
      apiUrl: api.url,
      databaseUrl,
      request: (query, variables, body) => operator.request(query, variables, body),
      viewerToken: (org) => signToken(JWT_SECRET, { sub: `viewer-report@bench.example`, org, roles: ['viewer'] }, '2h'),
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
  return reportScenarioSection(report, load, baseline, options.duration);
}

/** The organization tree as created: `ids[i]` is the id of `plan.organizations[i]`. */
interface OrganizationTree {
  plan: TreePlan;
  ids: number[];
}

interface RssSampler {
  /** The highest RSS sampled so far, in MB. */
  highest(): number;
  stop(): void;
}

/** What the phases of a run share. */
interface BenchRun {
  options: Options;
  /** Date.now() when the run began. */
  started: number;
  db: BenchDatabase;
  host: Record<string, string>;
  /** The first node's API: the one the single-node scenarios load. */
  api: Api;
  /** Every node's API, the first node's first. */
  apis: Api[];
  rss: RssSampler;
}

/** What the ingestion's costs are measured from. */
interface IngestionBaseline {
  dbPid: number | undefined;
  rowsSent: Record<string, number>;
  cpu: { api: number | null; db: number | null; client: NodeJS.CpuUsage; wall: number };
}

/** The API on DATABASE_URL's server and, on a cluster, one on each other node. */
async function startApis(databaseUrl: string): Promise<Api[]> {
  const api = await startApi(databaseUrl);
  // Started once the first has migrated the database (the migration lock would also keep them apart).
  const others = await Promise.all(clusterUrls(databaseUrl).map((url) => startApi(url)));
  return [api, ...others];
}

function sampleRss(api: Api): RssSampler {
  let peakRss = 0;
  const sampler = setInterval(() => {
    try {
      peakRss = Math.max(peakRss, memoryOf(api.child.pid!).rss);
    } catch {
      // the child is gone
    }
  }, 200);
  return { highest: () => peakRss, stop: () => clearInterval(sampler) };
}

function logRunStart(host: Record<string, string>, databaseUrl: string, options: Options): void {
  log(
    `machine: ${Object.entries(host)
      .map(([k, v]) => `${k} ${v}`)
      .join(' | ')}`,
  );
  log(
    `database ${databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')}; ` +
      `${fmt(options.orgs)} organizations, ${fmt(options.events)} events`,
  );
}

async function setUpOrganizations(operator: GraphqlClient, orgs: number): Promise<OrganizationTree> {
  const plan = planTree(orgs);

  let t = Date.now();
  const ids = await createTree(operator, plan);
  log(`created ${fmt(ids.length)} organizations in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  t = Date.now();
  const numbers = await addNumbers(operator, plan, ids);
  log(`added ${fmt(numbers)} phone numbers in ${((Date.now() - t) / 1000).toFixed(1)} s`);
  return { plan, ids };
}

/**
 * Sends the usage events through recordUsage and logs the rate, the rows written and the CPU spent;
 * then checks that every event was accepted once and that re-sending a call records nothing.
 */
async function ingestUsage(run: BenchRun, operator: GraphqlClient, tree: OrganizationTree): Promise<IngestionFigures> {
  const { options, api, apis } = run;
  const now = new Date();
  log(`ingesting ${fmt(options.events)} events in recordUsage calls of ${fmt(BATCH)} (${options.inFlight} in flight)`);
  const batches = prepareCalls(generateEvents(options.events, tree.plan, tree.ids, now, BATCH))[Symbol.iterator]();
  // On a cluster: the first half through the first node, the rest through all of them.
  const firstBatches = apis.length > 1 ? Math.ceil(options.events / BATCH / 2) : Infinity;
  const firstEvents = Math.min(options.events, firstBatches * BATCH);
  const servers = apis.length > 1 ? [run.db.url, ...clusterUrls(run.db.url)] : [];
  const conflicts = [await certificationConflicts(servers)];
  const before = await ingestionBaseline(apis);
  const phases = [await ingest([operator], take(batches, firstBatches), firstEvents, options.inFlight)];
  conflicts.push(await certificationConflicts(servers));
  if (apis.length > 1) {
    const clients = apis.map((a) => new GraphqlClient(`${a.url}/graphql`, operator.token));
    phases.push(await ingest(clients, take(batches, Infinity), options.events - firstEvents, options.inFlight));
    conflicts.push(await certificationConflicts(servers));
  }
  const figures = summarizeIngestion(phases, conflicts);
  logIngestionRate(figures, apis.length);
  await logRowsSent(apis, before.rowsSent, figures.total.accepted);
  logIngestionCpu(api, before, figures.total.accepted);
  const apiPeakRssMb = memoryOf(api.child.pid!).peak;
  if (figures.total.accepted !== options.events)
    throw new Error(`expected ${options.events} accepted events, got ${figures.total.accepted}`);
  await resendFirstBatch(operator, options.events, tree, now);
  return { ...figures, apiPeakRssMb };
}

async function ingestionBaseline(apis: Api[]): Promise<IngestionBaseline> {
  const dbPid = databasePid();
  const rowsSent = await rowsSentBy(apis);
  const cpu = {
    api: cpuSecondsOf(apis[0].child.pid),
    db: cpuSecondsOf(dbPid),
    client: process.cpuUsage(),
    wall: Date.now(),
  };
  return { dbPid, rowsSent, cpu };
}

/** `conflicts`: the cluster's certification conflicts before the first phase and after each one. */
function summarizeIngestion(phases: IngestionTotals[], conflicts: number[]): Omit<IngestionFigures, 'apiPeakRssMb'> {
  const total = {
    seconds: phases.reduce((sum, p) => sum + p.seconds, 0),
    accepted: phases.reduce((sum, p) => sum + p.accepted, 0),
    duplicates: phases.reduce((sum, p) => sum + p.duplicates, 0),
  };
  return {
    total,
    eventsPerSec: total.accepted / total.seconds,
    phases,
    phaseRates: phases.map((p) => p.accepted / p.seconds),
    phaseConflicts: phases.map((_, phase) => conflicts[phase + 1] - conflicts[phase]),
  };
}

function logIngestionRate(figures: Omit<IngestionFigures, 'apiPeakRssMb'>, nodes: number): void {
  const { total, eventsPerSec, phaseRates, phaseConflicts } = figures;
  log(
    `ingested ${fmt(total.accepted)} events in ${total.seconds.toFixed(1)} s: ${fmt(eventsPerSec)} events/s` +
      (nodes > 1
        ? ` (through node 1: ${fmt(phaseRates[0])} events/s, ${phaseConflicts[0]} certification conflicts; ` +
          `through all ${nodes}: ${fmt(phaseRates[1])}, ${phaseConflicts[1]} conflicts)`
        : ''),
  );
}

async function logRowsSent(apis: Api[], rowsBefore: Record<string, number>, accepted: number): Promise<void> {
  const rowsAfter = await rowsSentBy(apis);
  log(
    `rows sent in multi-row inserts per accepted event: ` +
      Object.keys(rowsAfter)
        .filter((table) => rowsAfter[table] > (rowsBefore[table] ?? 0))
        .map((table) => `${table} ${fmt((rowsAfter[table] - (rowsBefore[table] ?? 0)) / accepted, 2)}`)
        .join(', '),
  );
}

function logIngestionCpu(api: Api, { dbPid, cpu: cpuBefore }: IngestionBaseline, accepted: number): void {
  const cpuUse = (before: number | null, after: number | null) =>
    before === null || after === null ? 'n/a' : `${fmt(after - before, 1)} CPU-s`;
  const apiCpu = (cpuSecondsOf(api.child.pid) ?? 0) - (cpuBefore.api ?? 0);
  log(
    `CPU during ingestion (${fmt((Date.now() - cpuBefore.wall) / 1000, 1)} s wall): API ` +
      `${cpuUse(cpuBefore.api, cpuSecondsOf(api.child.pid))} (${fmt((apiCpu / accepted) * BATCH, 3)} ` +
      `CPU-s per ${fmt(BATCH)} events), database ${cpuUse(cpuBefore.db, cpuSecondsOf(dbPid))}, ` +
      `this client ${cpuUse(0, cpuSecondsOfUsage(process.cpuUsage(cpuBefore.client)))}; load average ` +
      os
        .loadavg()
        .map((n) => n.toFixed(2))
        .join(' '),
  );
}

/** Sends the first call's events again: every one must come back a duplicate. */
async function resendFirstBatch(
  operator: GraphqlClient,
  events: number,
  { plan, ids }: OrganizationTree,
  now: Date,
): Promise<void> {
  const [firstBatch] = generateEvents(Math.min(events, BATCH), plan, ids, now, BATCH);
  const again = await operator.request<{ recordUsage: { accepted: number; duplicates: number } }>(RECORD_USAGE, {
    events: firstBatch,
  });
  if (again.recordUsage.accepted !== 0)
    throw new Error(`re-sending a batch recorded ${again.recordUsage.accepted} events again`);
  log(`re-sent the first batch: ${fmt(again.recordUsage.duplicates)} duplicates, nothing recorded twice`);
}

async function waitForWriteOut(db: BenchDatabase): Promise<{ seconds: number; dirtyPages: number }> {
  const settled = await db.settle();
  log(
    `waited ${settled.seconds.toFixed(0)} s for the database to write out the load ` +
      `(${fmt(settled.dirtyPages)} dirty pages left)`,
  );
  return settled;
}

/** A viewer's token for an organization of the tree, as the portal sends it. */
function viewerToken(ids: number[], index: number): Promise<string> {
  return signToken(JWT_SECRET, { sub: `viewer-${index}@bench.example`, org: ids[index], roles: ['viewer'] }, '2h');
}

/**
 * The read scenarios, in the order bench-results.ts expects them: `{ __typename }` with an operator's
 * and with a viewer's token, then the dashboards of the small org, the largest org and the big parent.
 */
async function readScenarios(operatorToken: string, { plan, ids }: OrganizationTree): Promise<Scenario[]> {
  const dashboard = (index: number) =>
    JSON.stringify({ query: DASHBOARD_QUERY, variables: { id: String(ids[index]) } });
  const subOrgs = plan.organizations.filter(
    (o) =>
      o.level > 0 &&
      (o.parentIndex === plan.bigParentIndex || plan.organizations[o.parentIndex!].parentIndex === plan.bigParentIndex),
  ).length;
  const typename = JSON.stringify({ query: '{ __typename }' });
  return [
    { name: 'baseline { __typename }, operator token', body: typename, token: operatorToken, note: '' },
    {
      name: 'baseline { __typename }, viewer token',
      body: typename,
      token: await viewerToken(ids, plan.smallIndex),
      note: 'a viewer of the small org',
    },
    {
      name: 'dashboard, small org',
      body: dashboard(plan.smallIndex),
      token: await viewerToken(ids, plan.smallIndex),
      note: '',
    },
    {
      name: 'dashboard, largest org',
      body: dashboard(plan.largestIndex),
      token: await viewerToken(ids, plan.largestIndex),
      note: '',
    },
    {
      name: 'dashboard, big parent',
      body: dashboard(plan.bigParentIndex),
      token: await viewerToken(ids, plan.bigParentIndex),
      note: `${subOrgs} sub-organizations`,
    },
  ];
}

/** Checks each dashboard's answer once before loading it; adds what the organization holds to its note. */
async function describeDashboards(endpoint: string, scenarios: Scenario[]): Promise<void> {
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
}

function logMeasured(m: Measured): void {
  log(
    `${m.name}: ${fmt(m.reqPerSec)} req/s, p50 ${m.p50} ms, p99 ${m.p99} ms, p99.9 ${m.p99_9} ms, ` +
      `${perRequest(m.statementsPerRequest, 2)} statements and ${perRequest(m.cpuMsPerRequest, 2)} ms API CPU ` +
      `a request${m.errors ? `, ${m.errors} ERRORS` : ''}`,
  );
}

/** Each scenario through the first node's API; on a cluster, each then spread over every node's. */
async function measureScenarios(
  { api, apis, options }: BenchRun,
  scenarios: Scenario[],
): Promise<{ results: Measured[]; spread: Measured[] }> {
  const results: Measured[] = [];
  const spread: Measured[] = [];
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
  return { results, spread };
}

async function measureRefusals(endpoint: string, { plan, ids }: OrganizationTree): Promise<RefusalTiming[]> {
  const refused = await timeRefusals(endpoint, await viewerToken(ids, plan.smallIndex), String(ids[plan.smallIndex]));
  for (const r of refused) log(`refused ${r.name}: p50 ${r.p50} ms, p99 ${r.p99} ms, max ${r.max} ms (one at a time)`);
  return refused;
}

/** The measured part of a run, from the organization tree to the printed results. */
async function runBench(run: BenchRun): Promise<void> {
  const { options, db, api } = run;
  const endpoint = `${api.url}/graphql`;
  const operator = new GraphqlClient(
    endpoint,
    await signToken(JWT_SECRET, { sub: 'bench-operator', roles: ['operator'] }, '2h'),
  );
  if (options.reportOnly) {
    printReportScenarioOnly(await runReportScenario(api, db.url, operator, options, db.settle));
    return;
  }
  const tree = await setUpOrganizations(operator, options.orgs);
  const ingestion = await ingestUsage(run, operator, tree);
  if (options.ingestOnly) {
    process.exitCode = ingestion.eventsPerSec >= 50_000 ? 0 : 2;
    return;
  }
  const settled = await waitForWriteOut(db);
  const scenarios = await readScenarios(operator.token, tree);
  await describeDashboards(endpoint, scenarios);
  const { results, spread } = await measureScenarios(run, scenarios);
  const refused = await measureRefusals(endpoint, tree);
  const peakRssMb = Math.max(run.rss.highest(), memoryOf(api.child.pid!).peak);
  const report = options.reportUsers > 0 ? await runReportScenario(api, db.url, operator, options, db.settle) : null;
  printResults({
    options,
    host: run.host,
    started: run.started,
    nodes: run.apis.length,
    ingestion,
    settled,
    results,
    spread,
    refused,
    peakRssMb,
    report,
  });
}

async function cleanUp({ rss, apis, options, db }: BenchRun): Promise<void> {
  rss.stop();
  await Promise.all(apis.map((a) => a.stop()));
  if (!options.keep) await db.drop();
}

async function main(): Promise<void> {
  const options = parseArgs(process.argv.slice(2));
  const started = Date.now();
  const db = await prepareDatabase();
  const host = machine(db.version);
  logRunStart(host, db.url, options);
  const apis = await startApis(db.url);
  const run: BenchRun = { options, started, db, host, api: apis[0], apis, rss: sampleRss(apis[0]) };
  try {
    await runBench(run);
  } catch (error) {
    process.stderr.write(`${(error as Error).stack ?? error}\nAPI output:\n${run.api.output.join('')}\n`);
    process.exitCode = 1;
  } finally {
    await cleanUp(run);
  }
}

if (require.main === module) void main();
