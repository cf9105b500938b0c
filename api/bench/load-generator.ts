/**
 * The benchmark's load generator, run as a process of its own (`node load-generator.js '<json>'`): a
 * fresh heap, so its garbage collection pauses do not fold the data generator's memory into the
 * latencies it measures. Reads a warm-up and a measured autocannon run from argv, prints the result as
 * one JSON line.
 */
import fs from 'node:fs';

export interface LoadRequest {
  url: string;
  connections: number;
  duration: number;
  warmupSeconds: number;
  /**
   * Requests sent before the warm-up seconds (0 or absent: none): one pass over a rotation of many
   * organizations, so a process's kept copies are measured in their steady state, not while filling.
   */
  warmupRequests?: number;
  headers: Record<string, string>;
  body: string;
  /** The API's /bench-stats (statements sent), read just before and after the measured run (not the warm-up). */
  statsUrl?: string;
  /** The API's process id: its CPU time is read from /proc/<pid>/stat around the measured run. */
  apiPid?: number;
  /** The database server's process id, read the same way. */
  dbPid?: number;
  /**
   * A JSON file of `{ authorization, body }` requests sent in turn instead of `headers`' authorization
   * and `body`: every request another organization's, with its own token, as production sees them.
   */
  rotationFile?: string;
}

export interface LoadResult {
  reqPerSec: number;
  p50: number;
  p99: number;
  p99_9: number;
  max: number;
  requests: number;
  errors: number;
  /** SQL statements the API sent per request over the measured run (null without statsUrl). */
  statementsPerRequest: number | null;
  /** The API process's CPU (user + system) per request over the measured run, in ms. */
  cpuMsPerRequest: number | null;
  /** The database server's CPU per request over the measured run, in ms (null without dbPid). */
  dbCpuMsPerRequest: number | null;
  /** Kept-answer lookups over the measured run per process cache (hits and misses), from /bench-stats. */
  caches: Record<string, CacheCounts> | null;
}

export interface CacheCounts {
  hits: number;
  misses: number;
}

interface ApiStats {
  statements: number | null;
  cpuMicros: number | null;
  dbCpuMicros: number | null;
  caches: Record<string, CacheCounts> | null;
}

/** Clock ticks a second of /proc/<pid>/stat's utime and stime (`getconf CLK_TCK`: 100 on Linux). */
const CLOCK_TICKS = 100;

/** User + system CPU of a process so far, in µs; null where /proc cannot tell. */
function cpuOf(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    // Fields after the command name (which may hold spaces): state is the 3rd, utime the 14th, stime the 15th.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return ((Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS) * 1e6;
  } catch {
    return null;
  }
}

/** Statements from the API's /bench-stats when it has one (null otherwise), and its CPU from /proc. */
async function apiStats(request: LoadRequest): Promise<ApiStats> {
  let statements: number | null = null;
  let caches: Record<string, CacheCounts> | null = null;
  if (request.statsUrl) {
    const res = await fetch(request.statsUrl);
    if (res.ok) ({ statements, caches = null } = (await res.json()) as Pick<ApiStats, 'statements' | 'caches'>);
  }
  return { statements, caches, cpuMicros: cpuOf(request.apiPid), dbCpuMicros: cpuOf(request.dbPid) };
}

/** Lookups between two /bench-stats readings, per cache. */
function cacheDelta(before: ApiStats, after: ApiStats): Record<string, CacheCounts> | null {
  if (!before.caches || !after.caches) return null;
  const delta: Record<string, CacheCounts> = {};
  for (const [name, counts] of Object.entries(after.caches)) {
    const earlier = before.caches[name] ?? { hits: 0, misses: 0 };
    delta[name] = { hits: counts.hits - earlier.hits, misses: counts.misses - earlier.misses };
  }
  return delta;
}

/** autocannon's options: one fixed request, or `rotationFile`'s requests in turn. */
function autocannonOptions(request: LoadRequest): Record<string, unknown> {
  const base = { url: request.url, method: 'POST', connections: request.connections, headers: request.headers };
  if (!request.rotationFile) return { ...base, body: request.body };
  const rotation = JSON.parse(fs.readFileSync(request.rotationFile, 'utf8')) as Array<{
    authorization: string;
    body: string;
  }>;
  let next = 0;
  const setupRequest = (req: { headers?: Record<string, string> }) => {
    const { authorization, body } = rotation[next++ % rotation.length];
    return { ...req, method: 'POST', headers: { ...request.headers, authorization }, body };
  };
  return { ...base, requests: [{ setupRequest, onResponse: countGraphqlErrors }] };
}

/**
 * Answers of HTTP 200 that carry GraphQL errors (a refused token, a failed field): a benchmark of
 * failures would look fast, so they count as errors like non-2xx answers.
 */
let graphqlErrors = 0;
function countGraphqlErrors(status: number, body: string): void {
  if (status === 200 && body.includes('"errors":')) graphqlErrors++;
}

// autocannon ships no types; the part used here.
interface AutocannonStat {
  average: number;
  p50: number;
  p99: number;
  p99_9: number;
}
interface AutocannonResult {
  requests: AutocannonStat & { total: number };
  latency: AutocannonStat & { max: number };
  errors: number;
  timeouts: number;
  non2xx: number;
}
// eslint-disable-next-line @typescript-eslint/no-require-imports
const autocannon: (options: Record<string, unknown>) => Promise<AutocannonResult> = require('autocannon');

async function main(): Promise<void> {
  const request = JSON.parse(process.argv[2]) as LoadRequest;
  const options = autocannonOptions(request);
  // A short warm-up so the JIT and the database caches settle before measuring.
  if (request.warmupRequests) await autocannon({ ...options, amount: request.warmupRequests });
  if (request.warmupSeconds > 0) await autocannon({ ...options, duration: request.warmupSeconds });
  const before = await apiStats(request);
  graphqlErrors = 0;
  const result = await autocannon({ ...options, duration: request.duration });
  const after = await apiStats(request);
  const requests = result.requests.total;
  const perRequest = (of: (s: ApiStats) => number | null) => {
    const [a, b] = [of(after), of(before)];
    return a === null || b === null || !requests ? null : (a - b) / requests;
  };
  const cpuMicros = perRequest((s) => s.cpuMicros);
  const dbCpuMicros = perRequest((s) => s.dbCpuMicros);
  const answer: LoadResult = {
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    p99_9: result.latency.p99_9,
    max: result.latency.max,
    requests,
    errors: result.errors + result.timeouts + result.non2xx + graphqlErrors,
    statementsPerRequest: perRequest((s) => s.statements),
    cpuMsPerRequest: cpuMicros === null ? null : cpuMicros / 1000,
    dbCpuMsPerRequest: dbCpuMicros === null ? null : dbCpuMicros / 1000,
    caches: cacheDelta(before, after),
  };
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    process.exitCode = 1;
  });
}
