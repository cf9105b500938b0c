import {
  addDays,
  CycleBounds,
  cycleBoundsAt,
  cycleBoundsOfStartDate,
  datesInRange,
  localDateOf,
  shiftCycleStartDate,
} from '../common/calendar';
import { minutesOfRatedSeconds } from '../rating/rating';
import { UsageType } from '../rating/usage-type';
import { METRIC_COUNTERS, RollupCounter, RollupMetric, RollupRow } from '../usage/usage-rollup.entity';

export enum CyclePeriod {
  CURRENT = 'CURRENT',
  PAST = 'PAST',
  ALL_TIME = 'ALL_TIME',
}

export interface Amount {
  billable: number;
  total: number;
}

export interface SeriesPoint extends Amount {
  date: string;
}

export interface CycleFigures {
  period: CyclePeriod;
  start: Date | null;
  end: Date;
  newUsers: number;
  activeUsers: number;
  totals: Record<UsageType, Amount>;
  series: Record<UsageType, SeriesPoint[]>;
}

/** An amount as reported: VOICE in minutes with its rated seconds beside; others as stored (seconds null). */
export interface ReportedAmount extends Amount {
  billableSeconds: number | null;
  totalSeconds: number | null;
}

/**
 * Rollups hold VOICE in rated seconds; it is reported in minutes, seconds / 60 rounded half up
 * (DESIGN §8), each figure from its own seconds.
 */
export function reportedAmount(type: UsageType, stored: Amount): ReportedAmount {
  if (type !== UsageType.VOICE)
    return { billable: stored.billable, total: stored.total, billableSeconds: null, totalSeconds: null };
  return {
    billable: minutesOfRatedSeconds(stored.billable),
    total: minutesOfRatedSeconds(stored.total),
    billableSeconds: stored.billable,
    totalSeconds: stored.total,
  };
}

export const USAGE_UNITS: Record<UsageType, string> = {
  [UsageType.VOICE]: 'minutes',
  [UsageType.MESSAGE]: 'messages',
  [UsageType.DATA]: 'bytes',
};

const USAGE_TYPES = [UsageType.VOICE, UsageType.MESSAGE, UsageType.DATA];

export interface CycleFiguresInput {
  period: CyclePeriod;
  now: Date;
  timezone: string;
  cycleStartDay: number;
  /**
   * Rollup rows of one organization: DAY rows from the past cycle's start on, all CYCLE rows. Rows
   * with the same grain and date (its own and its sub-organizations') add up.
   */
  rows: RollupRow[];
}

/** The rollup counters holding each usage type's amounts. */
const AMOUNT_COUNTERS: Record<UsageType, { billable: RollupCounter; total: RollupCounter }> = {
  [UsageType.VOICE]: METRIC_COUNTERS[RollupMetric.VOICE],
  [UsageType.MESSAGE]: METRIC_COUNTERS[RollupMetric.MESSAGE],
  [UsageType.DATA]: METRIC_COUNTERS[RollupMetric.DATA],
};

/** Adds a row's amounts of every usage type into `into` (one Amount per type). */
function addAmounts(into: (type: UsageType) => Amount, row: RollupRow): void {
  for (const type of USAGE_TYPES) {
    const amount = into(type);
    amount.billable += row[AMOUNT_COUNTERS[type].billable];
    amount.total += row[AMOUNT_COUNTERS[type].total];
  }
}

const zeroSeries = (dates: string[]): Record<UsageType, SeriesPoint[]> =>
  Object.fromEntries(
    USAGE_TYPES.map((type) => [type, dates.map((date) => ({ date, billable: 0, total: 0 }))]),
  ) as Record<UsageType, SeriesPoint[]>;

/** Sums over the cycle rows: a counter over chosen cycles, and users active before a date. */
interface CycleSums {
  sum(counter: RollupCounter, include: (startDate: string) => boolean): number;
  /** Users registered before `endDate` and not deactivated before it (registrations never lie in the future). */
  activeBefore(endDate: string | null): number;
}

function cycleSums(cycleRows: RollupRow[]): CycleSums {
  const sum = (counter: RollupCounter, include: (startDate: string) => boolean): number => {
    let total = 0;
    for (const r of cycleRows) if (include(r.periodDate)) total += r[counter];
    return total;
  };
  const activeBefore = (endDate: string | null) => {
    const include = (d: string) => endDate === null || d < endDate;
    return sum('usersRegistered', include) - sum('usersDeactivated', include);
  };
  return { sum, activeBefore };
}

/** Cycle figures from rollup rows; no I/O. */
export function computeCycleFigures(input: CycleFiguresInput): CycleFigures {
  const { period, now, timezone, cycleStartDay, rows } = input;
  const current = cycleBoundsAt(now, timezone, cycleStartDay, 0);
  const cycleRows = rows.filter((r) => r.grain === 'CYCLE');
  const sums = cycleSums(cycleRows);
  if (period === CyclePeriod.ALL_TIME) return allTimeFigures(input, current.startDate, cycleRows, sums);
  if (period === CyclePeriod.CURRENT) {
    // The current cycle's series ends today: no future days.
    return oneCycleFigures(period, current, addDays(localDateOf(now, timezone), 1), rows, sums);
  }
  const past = cycleBoundsAt(now, timezone, cycleStartDay, -1);
  return oneCycleFigures(period, past, past.endDate, rows, sums);
}

/** ALL_TIME: one point per cycle from the first with data to the current one (or a later one with data). */
function allTimeFigures(
  { period, timezone, cycleStartDay }: CycleFiguresInput,
  currentStartDate: string,
  cycleRows: RollupRow[],
  sums: CycleSums,
): CycleFigures {
  const dated = cycleRows.map((r) => r.periodDate).sort();
  const firstStart = dated[0] && dated[0] < currentStartDate ? dated[0] : currentStartDate;
  const last = dated[dated.length - 1];
  const lastStart = dated.length && last > currentStartDate ? last : currentStartDate;
  const starts: string[] = [];
  for (let d = firstStart; d <= lastStart; d = shiftCycleStartDate(d, 1, cycleStartDay)) starts.push(d);
  const index = new Map(starts.map((date, i) => [date, i]));
  const series = zeroSeries(starts);
  for (const r of cycleRows) {
    const i = index.get(r.periodDate);
    if (i !== undefined) addAmounts((type) => series[type][i], r);
  }
  const totals = {} as Record<UsageType, Amount>;
  for (const type of USAGE_TYPES) {
    const add = (a: Amount, b: Amount): Amount => ({ billable: a.billable + b.billable, total: a.total + b.total });
    totals[type] = series[type].reduce(add, { billable: 0, total: 0 });
  }
  return {
    period,
    start: dated.length ? cycleBoundsOfStartDate(firstStart, timezone, cycleStartDay).start : null,
    end: cycleBoundsOfStartDate(lastStart, timezone, cycleStartDay).end,
    newUsers: sums.sum('usersAdded', () => true),
    activeUsers: sums.activeBefore(null),
    totals,
    series,
  };
}

/**
 * CURRENT or PAST: the cycle row's totals and one point per day of the cycle up to `seriesEnd`
 * (exclusive), zeros included.
 */
function oneCycleFigures(
  period: CyclePeriod,
  bounds: CycleBounds,
  seriesEnd: string,
  rows: RollupRow[],
  sums: CycleSums,
): CycleFigures {
  const dates = datesInRange(bounds.startDate, seriesEnd);
  const dayIndex = new Map(dates.map((date, i) => [date, i]));
  // One point per day, zeros included, filled in one pass over the rows.
  const series = zeroSeries(dates);
  const totals = Object.fromEntries(USAGE_TYPES.map((type) => [type, { billable: 0, total: 0 }])) as Record<
    UsageType,
    Amount
  >;
  for (const r of rows) {
    if (r.grain === 'DAY') {
      const i = dayIndex.get(r.periodDate);
      if (i !== undefined) addAmounts((type) => series[type][i], r);
    } else if (r.periodDate === bounds.startDate) {
      addAmounts((type) => totals[type], r);
    }
  }
  return {
    period,
    start: bounds.start,
    end: bounds.end,
    newUsers: sums.sum('usersAdded', (d) => d === bounds.startDate),
    // CURRENT: active now; PAST: active at the moment the past cycle ended.
    activeUsers: period === CyclePeriod.CURRENT ? sums.activeBefore(null) : sums.activeBefore(bounds.endDate),
    totals,
    series,
  };
}
