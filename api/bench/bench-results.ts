/**
 * The figures of a `npm run bench` run as it prints them: the Markdown results, the targets met or
 * missed, and the same figures as JSON for --json.
 */
import fs from 'node:fs';
import os from 'node:os';
import { API_NODE_FLAGS, BATCH, Options } from './bench-options';
import type { LoadResult } from './load-generator';
import type { RefusalTiming } from './refusals';
import type { ReportFigures } from './report-scenario';

export const fmt = (n: number, digits = 0) =>
  n.toLocaleString('en-US', { minimumFractionDigits: digits, maximumFractionDigits: digits });
export const perRequest = (n: number | null, digits: number) => (n === null ? 'n/a' : fmt(n, digits));

/** A target's description with its figure, and whether the run met it. */
export type TargetCheck = [string, boolean];

/** A part of the results with targets of its own (the report scenario's). */
export interface ResultsSection {
  lines: string[];
  checks: TargetCheck[];
}

/** One scenario's load as measured. */
export interface Measured extends LoadResult {
  name: string;
  note: string;
}

/** One ingestion run through recordUsage: how long it took and what the API answered. */
export interface IngestionTotals {
  seconds: number;
  accepted: number;
  duplicates: number;
}

export interface IngestionFigures {
  /** Every phase's events together. */
  total: IngestionTotals;
  eventsPerSec: number;
  /** Through the first node; on a cluster, then through all of them. */
  phases: IngestionTotals[];
  phaseRates: number[];
  /** Certification conflicts during each phase (0 off a cluster). */
  phaseConflicts: number[];
  /** The API's peak RSS by the end of the ingestion, in MB. */
  apiPeakRssMb: number;
}

export interface RunFigures {
  options: Options;
  host: Record<string, string>;
  /** Date.now() when the run began. */
  started: number;
  /** API processes, one per database node. */
  nodes: number;
  ingestion: IngestionFigures;
  settled: { seconds: number; dirtyPages: number };
  /** The read scenarios through the first node, in the order readScenarios() lists them. */
  results: Measured[];
  /** The same scenarios spread over every node (a cluster only). */
  spread: Measured[];
  refused: RefusalTiming[];
  peakRssMb: number;
  report: ResultsSection | null;
}

/** 0 when every target is met, else 2: the run's exit code. */
function exitCodeFor(checks: TargetCheck[]): number {
  return checks.every(([, ok]) => ok) ? 0 : 2;
}

function targetLines(checks: TargetCheck[]): string[] {
  return ['Targets:', ...checks.map(([text, ok]) => `- [${ok ? 'x' : ' '}] ${text}`)];
}

/** The report scenario's figures (issue 13) as results lines and target checks. */
export function reportScenarioSection(
  report: ReportFigures,
  load: Measured,
  baseline: Measured,
  duration: number,
): ResultsSection {
  const { csv } = report;
  const lines = [
    `### Reports (issue 13): ${fmt(report.users)} users, ${fmt(report.events)} user events over a year`,
    '',
    `- USER breakdown of the past cycle (${report.cycle.from}..${report.cycle.to}), top 50, 8 connections, ` +
      `${duration} s: ${fmt(load.reqPerSec)} req/s, p50 ${load.p50} ms, **p99 ${load.p99} ms**, ` +
      `max ${load.max} ms, ${load.errors} errors; baseline \`{ __typename }\` at 8 connections in the same run: ` +
      `${fmt(baseline.reqPerSec)} req/s, p99 ${baseline.p99} ms`,
    `- CSV by user over a year: ${fmt(csv.rows)} rows in ${csv.seconds.toFixed(2)} s = ` +
      `**${fmt(csv.rowsPerSec)} rows/s**; API RSS ${fmt(csv.rssBeforeMb)} MB before, ${fmt(csv.rssPeakMb)} MB at ` +
      `most while streaming (**+${fmt(csv.growthMb)} MB**)`,
    '',
  ];
  const checks: TargetCheck[] = [
    [`breakdown p99 ${load.p99} ms <= 300 ms`, load.p99 <= 300],
    [`CSV ${fmt(csv.rowsPerSec)} rows/s >= 50,000`, csv.rowsPerSec >= 50_000],
    [`CSV RSS growth ${fmt(csv.growthMb)} MB <= 100 MB`, csv.growthMb <= 100],
    [`CSV rows ${fmt(csv.rows)} = users with usage`, csv.rows > 0 && csv.rows <= report.users],
    ['no errors under the breakdown load', load.errors === 0],
  ];
  return { lines, checks };
}

/** --report-only: the report scenario's lines and targets, and the exit code. */
export function printReportScenarioOnly(report: ResultsSection): void {
  process.stdout.write(`${[...report.lines, ...targetLines(report.checks)].join('\n')}\n`);
  process.exitCode = exitCodeFor(report.checks);
}

/** Prints the results, writes them to --json's file, and sets the exit code by the targets. */
export function printResults(figures: RunFigures): void {
  const ratios = throughputRatios(figures.results);
  const checks = targetChecks(figures, ratios);
  process.stdout.write(resultLines(figures, ratios, checks).join('\n'));
  if (figures.options.json) writeJsonResults(figures.options.json, figures, ratios, checks);
  process.exitCode = exitCodeFor(checks);
}

type ThroughputRatios = ReturnType<typeof throughputRatios>;

function throughputRatios(results: Measured[]) {
  const [operatorBaseline, baseline, small, largest, parent] = results;
  const slowest = [small, largest, parent].reduce((a, b) => (b.reqPerSec < a.reqPerSec ? b : a));
  return {
    'viewer baseline / operator baseline': baseline.reqPerSec / operatorBaseline.reqPerSec,
    'slowest dashboard / viewer baseline': slowest.reqPerSec / baseline.reqPerSec,
    'dashboard (small) / viewer baseline': small.reqPerSec / baseline.reqPerSec,
    'largest / small': largest.reqPerSec / small.reqPerSec,
    'big parent / small': parent.reqPerSec / small.reqPerSec,
  };
}

function targetChecks(figures: RunFigures, ratios: ThroughputRatios): TargetCheck[] {
  const { options, results, refused, peakRssMb: peak, report } = figures;
  const { eventsPerSec } = figures.ingestion;
  const [, , small, largest, parent] = results;
  const worstP99 = Math.max(...[small, largest, parent].map((r) => r.p99));
  const pct = (ratio: number) => `${(ratio * 100).toFixed(0)}%`;
  return [
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
    ...refused.map((r): TargetCheck => [`refused ${r.name}: p50 ${r.p50} ms <= 50 ms`, r.p50 <= 50]),
    ['no errors under load', results.every((r) => r.errors === 0)],
    ...(report?.checks ?? []),
  ];
}

// Built in print order: the heading's clock is read before the load average and the run's time at the end.
function resultLines(figures: RunFigures, ratios: ThroughputRatios, checks: TargetCheck[]): string[] {
  return [
    ...ingestionSummaryLines(figures),
    '',
    ...scenarioTableLines([...figures.results, ...figures.spread]),
    '',
    ...Object.entries(ratios).map(([k, v]) => `- ${k}: ${v.toFixed(2)}`),
    ...runNoteLines(figures),
    '',
    ...(figures.report?.lines ?? []),
    ...targetLines(checks),
    '',
  ];
}

/** The heading, the machine, and the ingestion's rate (per node of a cluster too). */
function ingestionSummaryLines({ options, host, nodes, ingestion, settled }: RunFigures): string[] {
  const { total, eventsPerSec, phases, phaseRates, phaseConflicts } = ingestion;
  return [
    '',
    `## Results (${new Date().toISOString().slice(0, 16)}Z, ${fmt(options.orgs)} organizations, ` +
      `${fmt(options.events)} events, ${options.connections} connections, ${options.duration} s per scenario)`,
    '',
    ...Object.entries(host).map(([k, v]) => `- ${k}: ${v}`),
    '',
    `Ingestion: ${fmt(total.accepted)} events in ${total.seconds.toFixed(1)} s = ` +
      `**${fmt(eventsPerSec)} events/s** (recordUsage calls of ${fmt(BATCH)}, ${options.inFlight} in flight); ` +
      `reads measured after the database wrote out the load (${settled.seconds.toFixed(0)} s)`,
    ...(nodes > 1
      ? [
          '',
          `Cluster of ${nodes} nodes, an API process on each: ingestion through node 1 ` +
            `**${fmt(phaseRates[0])} events/s** ` +
            `(${fmt(phases[0].accepted)} events, ${options.inFlight} in flight, ` +
            `${phaseConflicts[0]} certification conflicts retried), ` +
            `through all ${nodes} **${fmt(phaseRates[1])} events/s** ` +
            `(${fmt(phases[1].accepted)} events, ${options.inFlight} in flight to each, ` +
            `${phaseConflicts[1]} certification conflicts retried)`,
        ]
      : []),
  ];
}

function scenarioTableLines(rows: Measured[]): string[] {
  return [
    '| scenario | req/s | p50 ms | p99 ms | p99.9 ms | max ms | SQL/request | API CPU ms/request ' +
      '| requests | errors | |',
    '|---|---:|---:|---:|---:|---:|---:|---:|---:|---:|---|',
    ...rows.map(
      (r) =>
        `| ${r.name} | ${fmt(r.reqPerSec)} | ${r.p50} | ${r.p99} | ${r.p99_9} | ${r.max} | ` +
        `${perRequest(r.statementsPerRequest, 2)} | ${perRequest(r.cpuMsPerRequest, 2)} | ` +
        `${fmt(r.requests)} | ${r.errors} | ${r.note} |`,
    ),
  ];
}

/** Memory, the machine's load, the refusals and the whole run's time. */
function runNoteLines({ ingestion, peakRssMb, refused, started }: RunFigures): string[] {
  return [
    `- API peak RSS: ${fmt(peakRssMb)} MB (after ingestion: ${fmt(ingestion.apiPeakRssMb)} MB); ` +
      `API run as \`node ${API_NODE_FLAGS.join(' ')} dist/api/src/main.js\`, ` +
      'NODE_ENV=production, rate limiter on with limits no run reaches',
    `- load average at end: ${os
      .loadavg()
      .map((n) => n.toFixed(2))
      .join(' ')}`,
    `- refusals, 200 one at a time with a viewer token: ` +
      refused.map((r) => `${r.name} p50/p99 ${r.p50}/${r.p99} ms`).join('; '),
    `- whole run: ${((Date.now() - started) / 1000).toFixed(0)} s`,
  ];
}

function writeJsonResults(file: string, figures: RunFigures, ratios: ThroughputRatios, checks: TargetCheck[]): void {
  const { options, host, nodes, ingestion, spread, settled, results, peakRssMb, refused } = figures;
  fs.writeFileSync(
    file,
    JSON.stringify(
      {
        options,
        host,
        ingestion: { ...ingestion.total, eventsPerSec: ingestion.eventsPerSec },
        ingestionPhases: ingestion.phases.map((p, i) => ({
          ...p,
          eventsPerSec: ingestion.phaseRates[i],
          certificationConflicts: nodes > 1 ? ingestion.phaseConflicts[i] : null,
        })),
        spread,
        settled,
        results,
        ratios,
        peakRssMb,
        refused,
        checks,
      },
      null,
      2,
    ),
  );
}
