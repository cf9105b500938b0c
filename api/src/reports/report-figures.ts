import { DomainError } from '../common/domain-error';
import { Amount, reportedAmount, USAGE_UNITS } from '../cycles/cycle-figures';
import { UsageTotal } from '../cycles/cycle.types';
import { METRIC_COUNTERS, RollupMetric } from '../usage/usage-rollup.entity';
import { UsageType } from '../rating/usage-type';
import { bucketOf, datesOf, Granularity, ReportRange } from './report-range';
import type { UsageCounter, UsageSums } from './report.repository';

export const USAGE_TYPES = [UsageType.VOICE, UsageType.MESSAGE, UsageType.DATA];

/** The counters holding each usage type's amounts. */
export const TYPE_COUNTERS = {
  [UsageType.VOICE]: METRIC_COUNTERS[RollupMetric.VOICE],
  [UsageType.MESSAGE]: METRIC_COUNTERS[RollupMetric.MESSAGE],
  [UsageType.DATA]: METRIC_COUNTERS[RollupMetric.DATA],
} as Record<UsageType, { billable: UsageCounter; total: UsageCounter }>;

export type DayAmounts = Record<UsageType, Array<Amount & { date: string }>>;

export const zeroSums = (): UsageSums => ({
  voiceBillable: 0,
  voiceTotal: 0,
  messageBillable: 0,
  messageTotal: 0,
  dataBillable: 0,
  dataTotal: 0,
});

export function addSums(into: UsageSums, more: UsageSums): UsageSums {
  for (const key of Object.keys(into) as UsageCounter[]) into[key] += more[key];
  return into;
}

/** A report total: no comparison and no forecast (DESIGN §6). */
export function usageTotal(type: UsageType, sums: UsageSums): UsageTotal {
  const counters = TYPE_COUNTERS[type];
  return {
    type,
    unit: USAGE_UNITS[type],
    // VOICE counters hold rated seconds: minutes derived as DESIGN §8 says, the seconds beside them.
    ...reportedAmount(type, { billable: sums[counters.billable], total: sums[counters.total] }),
    previous: null,
    changePercent: null,
    forecast: null,
    expectedDays: null,
  };
}

/** Every day of the range with its amounts per type (zeros included), from day rows; and the range's sums. */
export function dayAmounts(
  range: ReportRange,
  rows: Array<{ date: string } & UsageSums>,
): {
  days: DayAmounts;
  sums: UsageSums;
} {
  const dates = datesOf(range);
  const index = new Map(dates.map((d, i) => [d, i]));
  const days = Object.fromEntries(
    USAGE_TYPES.map((t) => [t, dates.map((date) => ({ date, billable: 0, total: 0 }))]),
  ) as DayAmounts;
  const sums = zeroSums();
  for (const row of rows) {
    const i = index.get(row.date);
    if (i === undefined) continue;
    addSums(sums, row);
    for (const type of USAGE_TYPES) {
      days[type][i].billable += row[TYPE_COUNTERS[type].billable];
      days[type][i].total += row[TYPE_COUNTERS[type].total];
    }
  }
  return { days, sums };
}

/** A day series regrouped by ISO week or calendar month; each point dated its first day inside the range. */
export function bucketSeries(
  days: Array<Amount & { date: string }>,
  granularity: Granularity,
  from: string,
): Array<Amount & { date: string }> {
  if (granularity === Granularity.DAY) return days.map((d) => ({ ...d }));
  const points: Array<Amount & { date: string }> = [];
  for (const day of days) {
    const date = bucketOf(day.date, granularity, from);
    const last = points[points.length - 1];
    if (last && last.date === date) {
      last.billable += day.billable;
      last.total += day.total;
    } else points.push({ date, billable: day.billable, total: day.total });
  }
  return points;
}

/** A keyset cursor: the last row's order value and id, opaque to clients. */
export function encodeCursor(value: number, id: number): string {
  return Buffer.from(JSON.stringify([value, id])).toString('base64url');
}

export function decodeCursor(cursor: string): { value: number; id: number } {
  try {
    const parsed: unknown = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8'));
    if (Array.isArray(parsed) && parsed.length === 2 && parsed.every((n) => Number.isSafeInteger(n) && n >= 0)) {
      return { value: parsed[0], id: parsed[1] };
    }
  } catch {
    // falls through to the refusal
  }
  throw DomainError.invalidInput('after', 'after must be a nextCursor from a previous page');
}
