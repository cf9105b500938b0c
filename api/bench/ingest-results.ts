/** The ingestion bench's options (ingest-bench.ts), and its printed figures and targets (issue 28). */
import fs from 'node:fs';
import os from 'node:os';
import { fmt } from './bench-results';
import { IngestShape, SHAPES, ShapeKey } from './ingest-data';

export type PathKey = 'recordUsage' | 'bulk';

export interface IngestOptions {
  events: number;
  bulkLines: number;
  inFlight: number;
  memoryMb: number;
  shapes: ShapeKey[];
  keep: boolean;
  json: string | null;
}

export interface PathFigures {
  path: PathKey;
  accepted: number;
  duplicates: number;
  rejected: number;
  seconds: number;
  eventsPerSec: number;
  /** CPU seconds per million accepted events; null when the process could not be read. */
  apiCpuPerMillion: number | null;
  dbCpuPerMillion: number | null;
  clientCpuPerMillion: number;
  /** Rows sent in multi-row inserts per accepted event, per table. */
  rowsPerEvent: Record<string, number>;
  /** os.loadavg() as the path's clock started. */
  loadAverage: number[];
}

export interface ShapeFigures {
  shape: IngestShape;
  recordUsage: PathFigures;
  bulk: PathFigures;
}

export interface MemoryFigures {
  bodyMb: number;
  events: number;
  seconds: number;
  rssBeforeMb: number;
  rssAtTenthMb: number;
  rssPeakMb: number;
  growthMb: number;
}

/** Issue 28's targets. */
export const BULK_RATIO_TARGET = 1.3;
export const LAST_HOUR_TARGET = 50_000;
export const RSS_GROWTH_TARGET_MB = 150;

export function defaultIngestOptions(quick: boolean): IngestOptions {
  return quick
    ? {
        events: 40_000,
        bulkLines: 10_000,
        inFlight: 2,
        memoryMb: 20,
        shapes: ['single', 'orgs', 'hour'],
        keep: false,
        json: null,
      }
    : {
        events: 400_000,
        bulkLines: 100_000,
        inFlight: 2,
        memoryMb: 300,
        shapes: ['single', 'orgs', 'hour'],
        keep: false,
        json: null,
      };
}

export function parseIngestArgs(argv: string[]): IngestOptions {
  const options = defaultIngestOptions(argv.includes('--quick'));
  const count = (name: string, value: string | undefined, min: number) => {
    const n = Math.floor(Number(value));
    if (!Number.isFinite(n) || n < min) throw new Error(`--${name} needs a number from ${min}, got "${value}"`);
    return n;
  };
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--quick') continue;
    else if (arg === '--keep') options.keep = true;
    else if (arg === '--json') options.json = argv[++i];
    else if (arg === '--events') options.events = count('events', argv[++i], 1);
    else if (arg === '--bulk-lines') options.bulkLines = count('bulk-lines', argv[++i], 1);
    else if (arg === '--in-flight') options.inFlight = count('in-flight', argv[++i], 1);
    else if (arg === '--memory-mb') options.memoryMb = count('memory-mb', argv[++i], 0);
    else if (arg === '--shapes') {
      const shapes = (argv[++i] ?? '').split(',') as ShapeKey[];
      const unknown = shapes.find((key) => !SHAPES[key]);
      if (unknown !== undefined) throw new Error(`--shapes takes ${Object.keys(SHAPES).join(',')}, got "${unknown}"`);
      options.shapes = shapes;
    } else throw new Error(`Unknown argument ${arg} (see the header of api/bench/ingest-bench.ts)`);
  }
  return options;
}

const cpu = (value: number | null) => (value === null ? 'n/a' : fmt(value, 1));
const rollupRows = (p: PathFigures) =>
  Object.entries(p.rowsPerEvent)
    .filter(([table]) => table.includes('rollup'))
    .reduce((sum, [, rows]) => sum + rows, 0);
const rowsByTable = (p: PathFigures) =>
  Object.entries(p.rowsPerEvent)
    .map(([table, rows]) => `${table} ${fmt(rows, 3)}`)
    .join(', ');

function tableLines(shapes: ShapeFigures[]): string[] {
  const lines = [
    '| shape | path | events/s | bulk / recordUsage | API CPU-s / M events | DB CPU-s / M events | ' +
      'client CPU-s / M events | rollup rows / event | load avg at start |',
    '|---|---|---:|---:|---:|---:|---:|---:|---:|',
  ];
  for (const { shape, recordUsage, bulk } of shapes) {
    for (const p of [recordUsage, bulk]) {
      const ratio = p === bulk ? `${fmt(bulk.eventsPerSec / recordUsage.eventsPerSec, 2)} ×` : '';
      lines.push(
        `| ${shape.title} | ${p.path === 'bulk' ? 'POST /usage/events' : 'recordUsage'} | ${fmt(p.eventsPerSec)} | ` +
          `${ratio} | ${cpu(p.apiCpuPerMillion)} | ${cpu(p.dbCpuPerMillion)} | ${cpu(p.clientCpuPerMillion)} | ` +
          `${fmt(rollupRows(p), 3)} | ${p.loadAverage[0].toFixed(2)} |`,
      );
    }
  }
  lines.push('', 'Rows sent per event, by table:');
  for (const { shape, recordUsage, bulk } of shapes)
    for (const p of [recordUsage, bulk]) lines.push(`- ${shape.title}, ${p.path}: ${rowsByTable(p)}`);
  return lines;
}

function targetLines(shapes: ShapeFigures[], memory: MemoryFigures | null): { lines: string[]; met: boolean } {
  const checks: Array<[boolean, string]> = shapes.map(({ shape, recordUsage, bulk }) => {
    const ratio = bulk.eventsPerSec / recordUsage.eventsPerSec;
    return [ratio >= BULK_RATIO_TARGET, `${shape.title}: bulk ${fmt(ratio, 2)} × recordUsage >= ${BULK_RATIO_TARGET}`];
  });
  const hour = shapes.find((s) => s.shape.key === 'hour');
  if (hour) {
    const rate = hour.bulk.eventsPerSec;
    checks.push([
      rate >= LAST_HOUR_TARGET,
      `the last hour through bulk ${fmt(rate)} events/s >= ${fmt(LAST_HOUR_TARGET)}`,
    ]);
  }
  if (memory) {
    const growth = `${fmt(memory.growthMb)} MB <= ${RSS_GROWTH_TARGET_MB}`;
    checks.push([
      memory.growthMb <= RSS_GROWTH_TARGET_MB,
      `RSS growth while ${fmt(memory.bodyMb)} MB stream: ${growth}`,
    ]);
  }
  return { lines: checks.map(([ok, text]) => `- [${ok ? 'x' : ' '}] ${text}`), met: checks.every(([ok]) => ok) };
}

function memoryLine(memory: MemoryFigures): string {
  return (
    `Memory: ${fmt(memory.bodyMb)} MB of NDJSON (${fmt(memory.events)} events) in one request, ` +
    `${fmt(memory.events / memory.seconds)} events/s: API RSS ${fmt(memory.rssBeforeMb)} MB before, ` +
    `${fmt(memory.rssAtTenthMb)} MB after a tenth, ${fmt(memory.rssPeakMb)} MB at most (+${fmt(memory.growthMb)} MB)`
  );
}

/** Prints the table and the targets (and writes --json); answers the exit code: 0 when every target is met. */
export function printIngestResults(
  options: IngestOptions,
  shapes: ShapeFigures[],
  memory: MemoryFigures | null,
): number {
  const machine = os.cpus();
  const targets = targetLines(shapes, memory);
  const lines = [
    '',
    `Ingestion (issue 28), ${machine.length} × ${machine[0]?.model ?? 'CPU'}, node ${process.version}: ` +
      `${fmt(options.events)} events a shape and path; recordUsage in calls of 10,000, POST /usage/events in ` +
      `NDJSON bodies of ${fmt(options.bulkLines)} lines; ${options.inFlight} requests in flight on both paths`,
    '',
    ...tableLines(shapes),
    ...(memory ? ['', memoryLine(memory)] : []),
    '',
    'Targets (issue 28):',
    ...targets.lines,
    '',
  ];
  process.stdout.write(lines.join('\n'));
  if (options.json) fs.writeFileSync(options.json, JSON.stringify({ options, shapes, memory }, null, 2));
  return targets.met ? 0 : 2;
}
