/**
 * `npm run bench`: the dashboards as production sees them (issue 25). A MySQL database of its own gets
 * `--orgs` top-level organizations in six time zones with Zipf-skewed sizes and `--events` events over
 * `--days` days (recordUsage over HTTP). Then, each request another organization's whole-dashboard query
 * with that organization's own viewer token, it measures:
 *
 *   baseline   `{ __typename }` with the same rotating viewer tokens (HTTP, token, GraphQL floor)
 *   quiet      dashboards while nothing is written, kept answers on (RESPONSE_CACHE_MB default)
 *   quiet, 0   the same against a second API process with RESPONSE_CACHE_MB=0
 *   live       dashboards while a feed sends `--feed-rate` events/s (`--feed-call`-event recordUsage calls
 *              of the last hour, random organizations) to the same API process
 *   live, 0    the same with RESPONSE_CACHE_MB=0
 *
 * and prints req/s, p50/p99, the API's and the database server's CPU per request, SQL statements per
 * request, the kept answers' hit rates, and the feed's delivered rate and call latency, against the
 * targets of issue 25. Then it runs the ingestion section (ingest-bench.ts, issue 28): recordUsage and
 * POST /usage/events side by side on three shapes of data, each in databases of its own, and the API's
 * memory while a 300 MB body streams. `npm run bench:tree` is the earlier benchmark (ingestion, one
 * organization of a deep tree asked over and over, the report scenario).
 *
 *   --orgs N         top-level organizations (default 1,000)
 *   --events N       history events (default 1,000,000)
 *   --days N         days the history spans (default 400)
 *   --duration S     seconds of load per scenario (default 10)
 *   --connections N  concurrent dashboard connections (default 32)
 *   --feed-rate N    events a second the live feed sends (default 5,000)
 *   --feed-call N    events in one feed call (default 1,000)
 *   --feed-path P    graphql (recordUsage calls, the default) or bulk (NDJSON to POST /usage/events)
 *   --quick          a small smoke run (100 organizations, 50,000 events, 3 s per scenario; the
 *                    ingestion section's --quick too)
 *   --no-ingest      skip the ingestion section that follows the dashboards
 *   --keep           leave the bench database in place afterwards
 *   --json FILE      also write the figures as JSON
 *
 * DATABASE_URL names the server (default mysql://root@127.0.0.1:3306/); the database in it (default
 * mpd_bench) is dropped and re-created. BENCH_API_NODE_ARGS adds node flags to the API processes.
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signToken } from '../src/auth/token';
import {
  Api,
  databasePid,
  GraphqlClient,
  inParallel,
  JWT_SECRET,
  log,
  memoryOf,
  prepareDatabase,
  startApi,
} from './bench-infra';
import { fmt } from './bench-results';
import { DASHBOARD_QUERY } from './dashboard-query';
import { FeedRequest, FeedResult } from './feed';
import { runIngestBench } from './ingest-bench';
import { defaultIngestOptions } from './ingest-results';
import { createOrganizations, historyEvents } from './live-data';
import { LoadRequest, LoadResult } from './load-generator';
import { LiveOptions, parseLiveArgs, printLiveResults, Scenario } from './live-results';

const SETUP_CONCURRENCY = 8;
const HISTORY_CALL = 10_000;
const RECORD_USAGE = 'mutation ($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted duplicates } }';

/** 20 numbers an organization, two of them assigned: a utilization with figures in it. */
async function addNumbers(operator: GraphqlClient, ids: number[]): Promise<void> {
  await inParallel(
    ids.map((id, index) => ({ id, index })),
    SETUP_CONCURRENCY,
    async ({ id, index }) => {
      const numbers = Array.from({ length: 20 }, (_, k) => `+1555${String(index).padStart(5, '0')}${k + 100}`);
      const data = await operator.request<{ addNumbers: Array<{ id: string }> }>(
        `mutation ($org: ID!, $numbers: [String!]!) { addNumbers(organizationId: $org, numbers: $numbers) { id } }`,
        { org: String(id), numbers },
      );
      for (const [k, number] of data.addNumbers.slice(0, 2).entries()) {
        await operator.request(
          `mutation ($id: ID!, $email: String!) { assignNumber(numberId: $id, email: $email) { id } }`,
          { id: number.id, email: `user-${index}-${k}@bench.example` },
        );
      }
    },
  );
}

async function ingestHistory(operator: GraphqlClient, ids: number[], options: LiveOptions): Promise<number> {
  const calls = [...historyEvents(options.events, options.days, ids, new Date(), HISTORY_CALL)].map((events) =>
    JSON.stringify({ query: RECORD_USAGE, variables: { events } }),
  );
  const started = Date.now();
  let accepted = 0;
  await inParallel(calls, 2, async (body) => {
    const data = await operator.request<{ recordUsage: { accepted: number } }>(RECORD_USAGE, {}, body);
    accepted += data.recordUsage.accepted;
  });
  const seconds = (Date.now() - started) / 1000;
  log(`ingested ${fmt(accepted)} history events in ${seconds.toFixed(1)} s (${fmt(accepted / seconds)} events/s)`);
  return accepted;
}

/** Every organization's dashboard request with its own viewer token, written where the load generator reads it. */
async function writeRotation(ids: number[], dashboards: boolean): Promise<string> {
  const body = (id: number) =>
    dashboards
      ? JSON.stringify({ query: DASHBOARD_QUERY, variables: { id: String(id) } })
      : JSON.stringify({ query: '{ __typename }' });
  const viewerToken = (org: number, index: number) =>
    // With an expiry, as production requires (DESIGN §11): a token without one is refused.
    signToken(JWT_SECRET, { sub: `viewer-${index}@bench.example`, org, roles: ['viewer'] }, '2h');
  const rotation = await Promise.all(
    ids.map(async (org, index) => ({ authorization: `Bearer ${await viewerToken(org, index)}`, body: body(org) })),
  );
  const file = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'mpd-live-')), 'rotation.json');
  fs.writeFileSync(file, JSON.stringify(rotation));
  return file;
}

/** Runs a bench helper (load-generator.js, feed.js) as a process of its own; answers its JSON line. */
async function runChild<T>(script: string, input: unknown): Promise<T> {
  const child = spawn(process.execPath, [path.resolve(__dirname, script), JSON.stringify(input)], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const code = await new Promise<number | null>((resolve) => child.once('exit', resolve));
  if (code !== 0) throw new Error(`${script} exited with ${code}`);
  return JSON.parse(output) as T;
}

interface Target {
  api: Api;
  rotationFile: string;
  feed: Omit<FeedRequest, 'seconds' | 'url'> | null;
  /** A first pass over every organization before the warm-up seconds (a process's first scenario). */
  warmupRequests?: number;
}

async function measureScenario(name: string, target: Target, options: LiveOptions): Promise<Scenario> {
  const warmupSeconds = 2;
  const load: LoadRequest = {
    url: `${target.api.url}/graphql`,
    connections: options.connections,
    duration: options.duration,
    warmupSeconds,
    warmupRequests: target.warmupRequests,
    headers: { 'content-type': 'application/json' },
    body: '',
    rotationFile: target.rotationFile,
    statsUrl: `${target.api.url}/bench-stats`,
    apiPid: target.api.child.pid,
    dbPid: databasePid(),
  };
  const feed = target.feed
    ? runChild<FeedResult>('feed.js', {
        ...target.feed,
        url: `${target.api.url}/graphql`,
        seconds: warmupSeconds + options.duration + 1,
      })
    : null;
  const [measured, fed] = await Promise.all([runChild<LoadResult>('load-generator.js', load), feed]);
  const scenario: Scenario = { name, ...measured, feed: fed };
  log(
    `  ${name}: ${fmt(measured.reqPerSec)} req/s, p50 ${measured.p50} ms, p99 ${measured.p99} ms` +
      (fed ? `; feed ${fmt(fed.deliveredPerSec)} events/s, call p99 ${fmt(fed.callP99Ms)} ms` : ''),
  );
  return scenario;
}

async function measureAll(apis: { cached: Api; uncached: Api }, ids: number[], options: LiveOptions) {
  const [typename, dashboards] = [await writeRotation(ids, false), await writeRotation(ids, true)];
  const feed = async (prefix: string) => ({
    token: await signToken(JWT_SECRET, { sub: 'feed@bench.example', org: null, roles: ['operator'] }, '2h'),
    organizationIds: ids,
    rate: options.feedRate,
    callSize: options.feedCall,
    maxInFlight: 4,
    idPrefix: `${prefix}-${Date.now()}`,
    path: options.feedPath,
  });
  const { cached, uncached } = apis;
  return [
    await measureScenario('baseline: { __typename }', { api: cached, rotationFile: typename, feed: null }, options),
    await measureScenario(
      'quiet dashboards',
      { api: cached, rotationFile: dashboards, feed: null, warmupRequests: ids.length },
      options,
    ),
    await measureScenario(
      'quiet, RESPONSE_CACHE_MB=0',
      { api: uncached, rotationFile: dashboards, feed: null, warmupRequests: ids.length },
      options,
    ),
    await measureScenario(
      'live dashboards',
      { api: cached, rotationFile: dashboards, feed: await feed('live') },
      options,
    ),
    await measureScenario(
      'live, RESPONSE_CACHE_MB=0',
      { api: uncached, rotationFile: dashboards, feed: await feed('live0') },
      options,
    ),
  ];
}

async function main(): Promise<void> {
  const options = parseLiveArgs(process.argv.slice(2));
  const db = await prepareDatabase();
  log(`database ${db.url} (${db.version}); ${fmt(options.orgs)} organizations, ${fmt(options.events)} events`);
  const cached = await startApi(db.url);
  let uncached: Api | null = null;
  try {
    const operator = new GraphqlClient(
      `${cached.url}/graphql`,
      await signToken(JWT_SECRET, { sub: 'operator@bench.example', org: null, roles: ['operator'] }, '2h'),
    );
    const ids = await createOrganizations(operator, options.orgs);
    await addNumbers(operator, ids);
    log(`created ${fmt(ids.length)} organizations with 20 numbers each`);
    const accepted = await ingestHistory(operator, ids, options);
    const settled = await db.settle();
    log(`database settled in ${settled.seconds.toFixed(0)} s`);
    uncached = await startApi(db.url, { RESPONSE_CACHE_MB: '0' });
    const scenarios = await measureAll({ cached, uncached }, ids, options);
    const peakRssMb = Math.max(memoryOf(cached.child.pid!).peak, memoryOf(uncached.child.pid!).peak);
    process.exitCode = printLiveResults(options, { accepted, dbVersion: db.version, peakRssMb }, scenarios);
  } finally {
    await Promise.all([cached.stop(), uncached?.stop()]);
    if (!options.keep) await db.drop();
  }
  if (options.ingest) {
    const ingestCode = await runIngestBench({ ...defaultIngestOptions(options.quick), keep: options.keep });
    process.exitCode = Math.max(Number(process.exitCode ?? 0), ingestCode);
  }
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    process.exitCode = 1;
  });
}
