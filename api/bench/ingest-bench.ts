/**
 * The ingestion paths side by side (issue 28, DESIGN §12): the same events sent through recordUsage in
 * calls of 10,000 and through POST /usage/events as NDJSON bodies of `--bulk-lines` lines, the same
 * number of requests in flight, for three shapes of data:
 *
 *   single   one organization, events over 30 days
 *   orgs     1,000 organizations of Zipf-skewed sizes in six time zones, events over 30 days
 *   hour     the same organizations, events of the last hour in time order (what a live feed sends)
 *
 * Each path of each shape gets its own copy of one seeded database (the same organizations, created
 * once through GraphQL) and a fresh API process, the same events, and its request bodies built before
 * the clock starts. Per path it prints events/s,
 * the API's and the database server's CPU per million events, and the rows sent to each rollup table
 * per event (the API's /bench-stats); per shape the ratio bulk / recordUsage. Then it streams a
 * `--memory-mb` NDJSON body and reports the API's RSS growth meanwhile. `npm run bench` runs this after
 * the dashboards; `npm run bench:ingest` runs it alone.
 *
 *   --events N       events per shape and path (default 400,000)
 *   --bulk-lines N   lines in one NDJSON body (default 100,000)
 *   --in-flight N    requests in flight, both paths (default 2)
 *   --memory-mb N    size of the streamed body of the memory check (default 300; 0 skips it)
 *   --shapes LIST    comma-separated shapes (default single,orgs,hour)
 *   --quick          40,000 events, bodies of 10,000 lines, a 20 MB memory check
 *   --keep           leave the bench databases in place
 *   --json FILE      also write the figures as JSON
 *
 * BENCH_DB_PID names the database server's process when this machine runs several (its CPU reads n/a
 * otherwise). DATABASE_URL names the server and the base name of the databases (default mpd_bench):
 * this bench drops and re-creates `<base>_seed<N>` (N organizations), `<base>_<shape>_<path>` and
 * `<base>_memory`.
 */
import 'reflect-metadata';
import http from 'node:http';
import os from 'node:os';
import { signToken } from '../src/auth/token';
import { GeneratedEvent } from './bench-data';
import {
  Api,
  BenchDatabase,
  copyDatabase,
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
import { BATCH } from './bench-options';
import { fmt } from './bench-results';
import { IngestShape, ndjsonBody, PlannedEvent, SHAPES, shapeEvents, usageInputs } from './ingest-data';
import {
  IngestOptions,
  MemoryFigures,
  parseIngestArgs,
  PathFigures,
  PathKey,
  printIngestResults,
  ShapeFigures,
} from './ingest-results';
import { createOrganizations } from './live-data';

const RECORD_USAGE = 'mutation ($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted duplicates } }';

interface Answer {
  accepted: number;
  duplicates: number;
  rejected: number;
}

/** How one path sends a prepared body and reads what was recorded. */
interface IngestPath {
  key: PathKey;
  /** Events in one request. */
  eventsPerRequest(options: IngestOptions): number;
  body(events: GeneratedEvent[]): string;
  send(api: Api, token: string, body: string): Promise<Answer>;
}

const PATHS: Record<PathKey, IngestPath> = {
  recordUsage: {
    key: 'recordUsage',
    eventsPerRequest: () => BATCH,
    body: (events) => JSON.stringify({ query: RECORD_USAGE, variables: { events } }),
    send: async (api, token, body) => {
      const data = await new GraphqlClient(`${api.url}/graphql`, token).request<{ recordUsage: Answer }>(
        RECORD_USAGE,
        {},
        body,
      );
      return { ...data.recordUsage, rejected: 0 };
    },
  },
  bulk: {
    key: 'bulk',
    eventsPerRequest: (options) => options.bulkLines,
    body: ndjsonBody,
    send: async (api, token, body) => {
      const res = await fetch(`${api.url}/usage/events`, {
        method: 'POST',
        headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
        body,
      });
      const answer = (await res.json()) as Answer;
      if (res.status !== 200) throw new Error(`POST /usage/events answered ${res.status}: ${JSON.stringify(answer)}`);
      return answer;
    },
  },
};

// Production refuses tokens without an expiry (issue 26).
const operatorToken = () =>
  signToken(JWT_SECRET, { sub: 'operator@bench.example', org: null, roles: ['operator'] }, '2h');

/** Rows the API has sent in multi-row inserts so far, per table (its /bench-stats). */
async function rowsSentBy(api: Api): Promise<Record<string, number>> {
  const stats = (await (await fetch(`${api.url}/bench-stats`)).json()) as { rowsSent: Record<string, number> };
  return stats.rowsSent;
}

function chunked<T>(items: T[], size: number): T[][] {
  const chunks: T[][] = [];
  for (let i = 0; i < items.length; i += size) chunks.push(items.slice(i, i + size));
  return chunks;
}

/** Sends the prepared bodies `inFlight` at a time and measures the rate, the CPU and the rows written. */
async function timeIngestion(api: Api, path: IngestPath, bodies: string[], token: string, inFlight: number) {
  const dbPid = databasePid();
  const rowsBefore = await rowsSentBy(api);
  const before = { api: cpuSecondsOf(api.child.pid), db: cpuSecondsOf(dbPid), client: process.cpuUsage() };
  const loadAverage = os.loadavg();
  const started = performance.now();
  const total: Answer = { accepted: 0, duplicates: 0, rejected: 0 };
  await inParallel(bodies, inFlight, async (body) => {
    const answer = await path.send(api, token, body);
    total.accepted += answer.accepted;
    total.duplicates += answer.duplicates;
    total.rejected += answer.rejected;
  });
  const seconds = (performance.now() - started) / 1000;
  const perMillion = (from: number | null, to: number | null) =>
    from === null || to === null ? null : ((to - from) / total.accepted) * 1e6;
  const client = process.cpuUsage(before.client);
  const rowsAfter = await rowsSentBy(api);
  const rowsPerEvent = Object.fromEntries(
    Object.keys(rowsAfter)
      .filter((table) => rowsAfter[table] > (rowsBefore[table] ?? 0))
      .map((table) => [table, (rowsAfter[table] - (rowsBefore[table] ?? 0)) / total.accepted]),
  );
  return {
    ...total,
    seconds,
    eventsPerSec: total.accepted / seconds,
    apiCpuPerMillion: perMillion(before.api, cpuSecondsOf(api.child.pid)),
    dbCpuPerMillion: perMillion(before.db, cpuSecondsOf(dbPid)),
    clientCpuPerMillion: ((client.user + client.system) / 1e6 / total.accepted) * 1e6,
    rowsPerEvent,
    loadAverage,
  };
}

/** A database with the plan's first `organizations` organizations, created through GraphQL once. */
interface Seed {
  db: BenchDatabase;
  ids: number[];
}

async function seedDatabase(organizations: number): Promise<Seed> {
  const db = await prepareDatabase(`_seed${organizations}`);
  const api = await startApi(db.url);
  try {
    const operator = new GraphqlClient(`${api.url}/graphql`, await operatorToken());
    return { db, ids: await createOrganizations(operator, organizations) };
  } finally {
    await api.stop();
  }
}

/** A copy of the seed database and a fresh API process on it: every path starts from the same state. */
async function withCopy<T>(
  seed: Seed,
  suffix: string,
  options: IngestOptions,
  run: (api: Api, settle: () => Promise<unknown>) => Promise<T>,
): Promise<T> {
  const db = await prepareDatabase(suffix);
  await copyDatabase(seed.db, db);
  const api = await startApi(db.url);
  try {
    return await run(api, () => db.settle());
  } finally {
    await api.stop();
    if (!options.keep) await db.drop();
  }
}

async function measurePath(
  seed: Seed,
  shape: IngestShape,
  path: IngestPath,
  planned: PlannedEvent[],
  options: IngestOptions,
): Promise<PathFigures> {
  return withCopy(seed, `_${shape.key}_${path.key}`, options, async (api, settle) => {
    const bodies = chunked(usageInputs(planned, seed.ids), path.eventsPerRequest(options)).map(path.body);
    await settle();
    const figures = await timeIngestion(api, path, bodies, await operatorToken(), options.inFlight);
    if (figures.accepted !== planned.length || figures.rejected)
      throw new Error(`${path.key}: ${JSON.stringify(figures)} for ${planned.length} events`);
    const cpu = (seconds: number | null) => (seconds === null ? 'n/a' : fmt(seconds, 1));
    log(
      `  ${shape.key} through ${path.key}: ${fmt(figures.eventsPerSec)} events/s, API ` +
        `${cpu(figures.apiCpuPerMillion)} and database ${cpu(figures.dbCpuPerMillion)} CPU-s ` +
        `a million events (load average ${figures.loadAverage.map((n) => n.toFixed(2)).join(' ')})`,
    );
    return { path: path.key, ...figures };
  });
}

/** Both paths on the same events of one shape, recordUsage first. */
async function measureShape(seed: Seed, shape: IngestShape, options: IngestOptions, now: Date): Promise<ShapeFigures> {
  const planned = [...shapeEvents(shape, options.events, now, `ingest-${shape.key}`)];
  log(`${shape.title}: ${fmt(planned.length)} events through each path, ${options.inFlight} requests in flight`);
  const recordUsage = await measurePath(seed, shape, PATHS.recordUsage, planned, options);
  const bulk = await measurePath(seed, shape, PATHS.bulk, planned, options);
  return { shape, recordUsage, bulk };
}

/** About `megabytes` of NDJSON of the last hour, in pieces of about 1 MB, built before the clock starts. */
function memoryBody(megabytes: number, ids: number[], now: Date): { pieces: Buffer[]; events: number } {
  const target = megabytes * 2 ** 20;
  const pieces: Buffer[] = [];
  let [bytes, events, piece] = [0, 0, ''];
  for (const event of shapeEvents(SHAPES.hour, Math.ceil(target / 120), now, 'memory')) {
    piece += `${JSON.stringify(usageInputs([event], ids)[0])}\n`;
    events++;
    if (piece.length >= 2 ** 20) {
      pieces.push(Buffer.from(piece));
      bytes += piece.length;
      piece = '';
      if (bytes >= target) break;
    }
  }
  if (piece) pieces.push(Buffer.from(piece));
  return { pieces, events };
}

/** Streams the pieces as one chunked request, waiting whenever the socket is full; answers the JSON answer. */
function streamBody(api: Api, token: string, pieces: Buffer[], onPiece: (index: number) => void): Promise<Answer> {
  return new Promise((resolve, reject) => {
    const req = http.request(`${api.url}/usage/events`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/x-ndjson' },
    });
    req.on('error', reject);
    req.on('response', (res) => {
      let text = '';
      res.on('data', (chunk: Buffer) => (text += chunk.toString()));
      res.on('end', () =>
        res.statusCode === 200 ? resolve(JSON.parse(text) as Answer) : reject(new Error(`${res.statusCode}: ${text}`)),
      );
    });
    const write = async () => {
      for (const [index, piece] of pieces.entries()) {
        if (!req.write(piece)) await new Promise((r) => req.once('drain', r));
        onPiece(index);
      }
      req.end();
    };
    write().catch(reject);
  });
}

/** The API's RSS while a `--memory-mb` NDJSON body streams through one request. */
async function measureMemory(seed: Seed, options: IngestOptions, now: Date): Promise<MemoryFigures> {
  return withCopy(seed, '_memory', options, async (api, settle) => {
    const { pieces, events } = memoryBody(options.memoryMb, seed.ids, now);
    const bodyMb = pieces.reduce((sum, p) => sum + p.length, 0) / 2 ** 20;
    log(`memory: streaming ${fmt(bodyMb)} MB of NDJSON (${fmt(events)} events of the last hour) in one request`);
    await settle();
    const pid = api.child.pid!;
    const rssBeforeMb = memoryOf(pid).rss;
    let [rssPeakMb, rssAtTenthMb] = [rssBeforeMb, 0];
    const sampler = setInterval(() => (rssPeakMb = Math.max(rssPeakMb, memoryOf(pid).rss)), 100);
    const tenth = Math.floor(pieces.length / 10);
    const started = performance.now();
    try {
      const answer = await streamBody(api, await operatorToken(), pieces, (index) => {
        if (index === tenth) rssAtTenthMb = memoryOf(pid).rss;
      });
      const seconds = (performance.now() - started) / 1000;
      rssPeakMb = Math.max(rssPeakMb, memoryOf(pid).rss);
      if (answer.accepted !== events) throw new Error(`memory: ${JSON.stringify(answer)} for ${events} events`);
      const figures = {
        bodyMb,
        events,
        seconds,
        rssBeforeMb,
        rssAtTenthMb,
        rssPeakMb,
        growthMb: rssPeakMb - rssBeforeMb,
      };
      log(
        `  RSS ${fmt(rssBeforeMb)} MB before, ${fmt(rssAtTenthMb)} MB after a tenth of the body, ` +
          `${fmt(rssPeakMb)} MB at most: +${fmt(figures.growthMb)} MB; ${fmt(events / seconds)} events/s`,
      );
      return figures;
    } finally {
      clearInterval(sampler);
    }
  });
}

/** The whole ingestion section; answers the exit code (0 when every target is met, 2 otherwise). */
export async function runIngestBench(options: IngestOptions): Promise<number> {
  const now = new Date();
  const seeds = new Map<number, Seed>();
  const seeded = async (organizations: number) => {
    if (!seeds.has(organizations)) seeds.set(organizations, await seedDatabase(organizations));
    return seeds.get(organizations)!;
  };
  try {
    const shapes: ShapeFigures[] = [];
    for (const key of options.shapes) {
      shapes.push(await measureShape(await seeded(SHAPES[key].organizations), SHAPES[key], options, now));
    }
    const memory =
      options.memoryMb > 0 ? await measureMemory(await seeded(SHAPES.hour.organizations), options, now) : null;
    return printIngestResults(options, shapes, memory);
  } finally {
    if (!options.keep) for (const seed of seeds.values()) await seed.db.drop();
  }
}

if (require.main === module) {
  runIngestBench(parseIngestArgs(process.argv.slice(2))).then(
    (code) => (process.exitCode = code),
    (error) => {
      process.stderr.write(`${(error as Error).stack ?? error}\n`);
      process.exitCode = 1;
    },
  );
}
