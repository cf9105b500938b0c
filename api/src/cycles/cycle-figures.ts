import { cycleBoundsAt, cycleBoundsOfStartDate, datesInRange, shiftCycleStartDate } from './cycle-bounds';
import { UsageType } from './usage-event.entity';
import { RollupMetric, RollupRow } from './usage-rollup.entity';

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
   * with the same grain, date and metric (its own and its sub-organizations') add up.
   */
  rows: RollupRow[];
}

/** Cycle figures from rollup rows; no I/O. */
export function computeCycleFigures({ period, now, timezone, cycleStartDay, rows }: CycleFiguresInput): CycleFigures {
  const current = cycleBoundsAt(now, timezone, cycleStartDay, 0);
  const cycleRows = rows.filter((r) => r.grain === 'CYCLE');
  const sumCycles = (metric: RollupMetric, include: (startDate: string) => boolean): number =>
    cycleRows.filter((r) => r.metric === metric && include(r.periodDate)).reduce((n, r) => n + r.total, 0);
  // Users registered before `end` and not deactivated before it (registrations never lie in the future).
  const activeBefore = (endDate: string | null) => {
    const include = (d: string) => endDate === null || d < endDate;
    return sumCycles(RollupMetric.USERS_REGISTERED, include) - sumCycles(RollupMetric.USERS_DEACTIVATED, include);
  };

  if (period === CyclePeriod.ALL_TIME) {
    const dated = cycleRows.map((r) => r.periodDate).sort();
    const firstStart = dated[0] && dated[0] < current.startDate ? dated[0] : current.startDate;
    const lastStart = dated.length && dated[dated.length - 1] > current.startDate ? dated[dated.length - 1] : current.startDate;
    const starts: string[] = [];
    for (let d = firstStart; d <= lastStart; d = shiftCycleStartDate(d, 1, cycleStartDay)) starts.push(d);
    const totals = {} as Record<UsageType, Amount>;
    const series = {} as Record<UsageType, SeriesPoint[]>;
    for (const type of USAGE_TYPES) {
      const byStart = new Map<string, Amount>();
      for (const r of cycleRows) {
        if (r.metric !== (type as string)) continue;
        const a = byStart.get(r.periodDate) ?? { billable: 0, total: 0 };
        a.billable += r.billable;
        a.total += r.total;
        byStart.set(r.periodDate, a);
      }
      series[type] = starts.map((date) => ({ date, ...(byStart.get(date) ?? { billable: 0, total: 0 }) }));
      totals[type] = series[type].reduce((sum, p) => ({ billable: sum.billable + p.billable, total: sum.total + p.total }), { billable: 0, total: 0 });
    }
    return {
      period,
      start: dated.length ? cycleBoundsOfStartDate(firstStart, timezone, cycleStartDay).start : null,
      end: cycleBoundsOfStartDate(lastStart, timezone, cycleStartDay).end,
      newUsers: sumCycles(RollupMetric.USERS_ADDED, () => true),
      activeUsers: activeBefore(null),
      totals,
      series,
    };
  }

  const bounds = period === CyclePeriod.CURRENT ? current : cycleBoundsAt(now, timezone, cycleStartDay, -1);
  const totals = {} as Record<UsageType, Amount>;
  const series = {} as Record<UsageType, SeriesPoint[]>;
  // One point per day, zeros included, filled in one pass over the rows.
  const dayIndex = new Map<string, number>();
  for (const type of USAGE_TYPES) {
    totals[type] = { billable: 0, total: 0 };
    series[type] = [];
  }
  for (const date of datesInRange(bounds.startDate, bounds.endDate)) {
    dayIndex.set(date, dayIndex.size);
    for (const type of USAGE_TYPES) series[type].push({ date, billable: 0, total: 0 });
  }
  for (const r of rows) {
    const target = r.grain === 'DAY' ? series[r.metric as string as UsageType]?.[dayIndex.get(r.periodDate) ?? -1] : r.periodDate === bounds.startDate ? totals[r.metric as string as UsageType] : undefined;
    if (target) {
      target.billable += r.billable;
      target.total += r.total;
    }
  }
  return {
    period,
    start: bounds.start,
    end: bounds.end,
    newUsers: sumCycles(RollupMetric.USERS_ADDED, (d) => d === bounds.startDate),
    // CURRENT: active now; PAST: active at the moment the past cycle ended.
    activeUsers: period === CyclePeriod.CURRENT ? activeBefore(null) : activeBefore(bounds.endDate),
    totals,
    series,
  };
}
