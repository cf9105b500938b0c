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
  headers: Record<string, string>;
  body: string;
  /** The API's /bench-stats (statements sent), read just before and after the measured run (not the warm-up). */
  statsUrl?: string;
  /** The API's process id: its CPU time is read from /proc/<pid>/stat around the measured run. */
  apiPid?: number;
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
}

interface ApiStats {
  statements: number | null;
  cpuMicros: number | null;
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
  if (request.statsUrl) {
    const res = await fetch(request.statsUrl);
    if (res.ok) statements = ((await res.json()) as { statements: number }).statements;
  }
  return { statements, cpuMicros: cpuOf(request.apiPid) };
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
  const options = {
    url: request.url,
    method: 'POST',
    connections: request.connections,
    headers: request.headers,
    body: request.body,
  };
  // A short warm-up so the JIT and the database caches settle before measuring.
  if (request.warmupSeconds > 0) await autocannon({ ...options, duration: request.warmupSeconds });
  const before = await apiStats(request);
  const result = await autocannon({ ...options, duration: request.duration });
  const after = await apiStats(request);
  const requests = result.requests.total;
  const perRequest = (of: (s: ApiStats) => number | null) => {
    const [a, b] = [of(after), of(before)];
    return a === null || b === null || !requests ? null : (a - b) / requests;
  };
  const cpuMicros = perRequest((s) => s.cpuMicros);
  const answer: LoadResult = {
    reqPerSec: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    p99_9: result.latency.p99_9,
    max: result.latency.max,
    requests,
    errors: result.errors + result.timeouts + result.non2xx,
    statementsPerRequest: perRequest((s) => s.statements),
    cpuMsPerRequest: cpuMicros === null ? null : cpuMicros / 1000,
  };
  process.stdout.write(`${JSON.stringify(answer)}\n`);
}

if (require.main === module) {
  main().catch((error) => {
    process.stderr.write(`${(error as Error).stack ?? error}\n`);
    process.exitCode = 1;
  });
}
