/** The production benchmark's options (live-bench.ts), and its printed figures and targets (issue 25). */
import fs from 'node:fs';
import os from 'node:os';
import { fmt } from './bench-results';
import { FeedResult } from './feed';
import { LoadResult } from './load-generator';

export interface LiveOptions {
  orgs: number;
  events: number;
  days: number;
  duration: number;
  connections: number;
  feedRate: number;
  feedCall: number;
  /** How the feed sends: recordUsage calls (the scenario) or NDJSON to POST /usage/events (§12). */
  feedPath: 'graphql' | 'bulk';
  keep: boolean;
  json: string | null;
  quick: boolean;
  /** Also run the ingestion section (ingest-bench.ts) after the dashboards; `--no-ingest` skips it. */
  ingest: boolean;
}

export interface Scenario extends LoadResult {
  name: string;
  feed: FeedResult | null;
}

export function parseLiveArgs(argv: string[]): LiveOptions {
  const options: LiveOptions = {
    orgs: 1000,
    events: 1_000_000,
    days: 400,
    duration: 10,
    connections: 32,
    feedRate: 5000,
    feedCall: 1000,
    feedPath: 'graphql',
    keep: false,
    json: null,
    quick: false,
    ingest: true,
  };
  const positive = (name: string, value: string | undefined) => {
    const n = Number(value);
    if (!Number.isFinite(n) || n <= 0) throw new Error(`--${name} needs a positive number, got "${value}"`);
    return n;
  };
  const numeric: Record<string, keyof LiveOptions> = {
    '--orgs': 'orgs',
    '--events': 'events',
    '--days': 'days',
    '--duration': 'duration',
    '--connections': 'connections',
    '--feed-rate': 'feedRate',
    '--feed-call': 'feedCall',
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') Object.assign(options, { orgs: 100, events: 50_000, duration: 3, quick: true });
    else if (arg === '--no-ingest') options.ingest = false;
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--feed-path') options.feedPath = feedPathOf(argv[++i]);
    else if (arg === '--json') options.json = argv[++i];
    else if (numeric[arg]) (options[numeric[arg]] as number) = positive(arg.slice(2), argv[++i]);
    else throw new Error(`Unknown argument ${arg} (see the header of api/bench/live-bench.ts)`);
  }
  return options;
}

function feedPathOf(value: string | undefined): LiveOptions['feedPath'] {
  if (value === 'graphql' || value === 'bulk') return value;
  throw new Error(`--feed-path is graphql or bulk, got "${value}"`);
}

const percent = (part: number, whole: number) => (whole ? `${Math.round((100 * part) / whole)}%` : '-');
const ms = (value: number | null) => (value === null ? '-' : value.toFixed(2));

function hitRate(scenario: Scenario, cache: string): string {
  const counts = scenario.caches?.[cache];
  return counts && counts.hits + counts.misses ? percent(counts.hits, counts.hits + counts.misses) : '-';
}

function tableLines(scenarios: Scenario[]): string[] {
  const baseline = scenarios[0].reqPerSec;
  const lines = [
    '| scenario | req/s | of baseline | p50 ms | p99 ms | API CPU ms/req | DB CPU ms/req | SQL/req | kept answers | ' +
      'figures | rollup rows | feed events/s | feed call p99 ms | errors |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const s of scenarios) {
    lines.push(
      `| ${s.name} | ${fmt(s.reqPerSec)} | ${percent(s.reqPerSec, baseline)} | ${s.p50} | ${s.p99} | ` +
        `${ms(s.cpuMsPerRequest)} | ${ms(s.dbCpuMsPerRequest)} | ${ms(s.statementsPerRequest)} | ` +
        `${hitRate(s, 'response')} | ${hitRate(s, 'cycleFigures')} | ${hitRate(s, 'rollupRows')} | ` +
        `${s.feed ? fmt(s.feed.deliveredPerSec) : '-'} | ${s.feed ? fmt(s.feed.callP99Ms) : '-'} | ` +
        `${s.errors + (s.feed?.errors ?? 0)} |`,
    );
  }
  return lines;
}

function targetLines(scenarios: Scenario[]): { lines: string[]; met: boolean } {
  const [baseline, , quietUncached, live] = scenarios;
  const checks: Array<[boolean, string]> = [
    [live.p99 <= 50, `live dashboards p99 ${live.p99} ms <= 50`],
    [
      live.reqPerSec >= 0.3 * baseline.reqPerSec,
      `live dashboards ${percent(live.reqPerSec, baseline.reqPerSec)} of the baseline's req/s >= 30%`,
    ],
    [quietUncached.reqPerSec >= 1000, `quiet with RESPONSE_CACHE_MB=0 ${fmt(quietUncached.reqPerSec)} req/s >= 1,000`],
    [
      (live.feed?.deliveredPerSec ?? 0) >= 5000,
      `the feed delivers ${fmt(live.feed?.deliveredPerSec ?? 0)} events/s >= 5,000 during live dashboards`,
    ],
    [(live.feed?.callP99Ms ?? Infinity) <= 500, `feed call p99 ${fmt(live.feed?.callP99Ms ?? 0)} ms <= 500`],
    [scenarios.every((s) => s.errors === 0 && !s.feed?.errors), 'no errors'],
  ];
  return { lines: checks.map(([ok, text]) => `- [${ok ? 'x' : ' '}] ${text}`), met: checks.every(([ok]) => ok) };
}

/** Prints the table and the targets (and writes --json); answers the exit code: 0 when every target is met. */
export function printLiveResults(
  options: LiveOptions,
  run: { accepted: number; dbVersion: string; peakRssMb: number },
  scenarios: Scenario[],
): number {
  const cpu = os.cpus();
  const targets = targetLines(scenarios);
  const lines = [
    '',
    `Machine: ${cpu.length} × ${cpu[0]?.model ?? 'CPU'}, ${(os.totalmem() / 2 ** 30).toFixed(1)} GiB, ` +
      `node ${process.version}, ${run.dbVersion}`,
    `API peak RSS (VmHWM, the larger of the two processes): ${fmt(run.peakRssMb)} MB`,
    `Data: ${fmt(options.orgs)} top-level organizations, ${fmt(run.accepted)} events over ${options.days} days; ` +
      `${options.connections} connections, ${options.duration} s a scenario; feed ${fmt(options.feedRate)} ` +
      `events/s in calls of ${fmt(options.feedCall)} ` +
      (options.feedPath === 'bulk' ? '(NDJSON to POST /usage/events)' : '(recordUsage)'),
    '',
    ...tableLines(scenarios),
    '',
    'Targets (issue 25):',
    ...targets.lines,
    '',
  ];
  process.stdout.write(lines.join('\n'));
  if (options.json) fs.writeFileSync(options.json, JSON.stringify({ options, run, scenarios }, null, 2));
  return targets.met ? 0 : 2;
}
