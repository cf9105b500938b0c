/**
 * The settings of a `npm run bench` run: its command-line options (documented in the header of
 * api/bench/bench.ts) and the fixed ones the printed results name.
 */

/** Events in one recordUsage call. */
export const BATCH = 10_000;
/**
 * As docker/Dockerfile runs the API (NODE_OPTIONS): a capped old space and a young generation big
 * enough for request garbage.
 */
export const API_NODE_FLAGS = (process.env.BENCH_API_NODE_FLAGS ?? '--max-old-space-size=192 --max-semi-space-size=32')
  .split(' ')
  .filter(Boolean);

export interface Options {
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

export function parseArgs(argv: string[]): Options {
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
