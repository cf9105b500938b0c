/**
 * The benchmark's load generator, run as a process of its own (`node load-generator.js '<json>'`): a
 * fresh heap, so its garbage collection pauses do not fold the data generator's memory into the
 * latencies it measures. Reads a warm-up and a measured autocannon run from argv, prints the result as
 * one JSON line.
 */
export interface LoadRequest {
  url: string;
  connections: number;
  duration: number;
  warmupSeconds: number;
  headers: Record<string, string>;
  body: string;
  /** The API's /bench-stats, read just before and after the measured run (not the warm-up). */
  statsUrl?: string;
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
  statements: number;
  cpuMicros: number;
}

async function apiStats(url: string | undefined): Promise<ApiStats | null> {
  if (!url) return null;
  return (await (await fetch(url)).json()) as ApiStats;
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
  const before = await apiStats(request.statsUrl);
  const result = await autocannon({ ...options, duration: request.duration });
  const after = await apiStats(request.statsUrl);
  const requests = result.requests.total;
  const perRequest = (of: (s: ApiStats) => number) =>
    before && after && requests ? (of(after) - of(before)) / requests : null;
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
