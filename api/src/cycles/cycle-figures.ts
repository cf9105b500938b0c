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
  /** Rollup rows of one organization and scope: DAY rows from the past cycle's start on, all CYCLE rows. */
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
  const dayRows = rows.filter((r) => r.grain === 'DAY' && r.periodDate >= bounds.startDate && r.periodDate < bounds.endDate);
  const totals = {} as Record<UsageType, Amount>;
  const series = {} as Record<UsageType, SeriesPoint[]>;
  const dates = datesInRange(bounds.startDate, bounds.endDate);
  for (const type of USAGE_TYPES) {
    const byDay = new Map<string, Amount>();
    for (const r of dayRows) if (r.metric === (type as string)) byDay.set(r.periodDate, { billable: r.billable, total: r.total });
    series[type] = dates.map((date) => ({ date, ...(byDay.get(date) ?? { billable: 0, total: 0 }) }));
    const cycleRow = cycleRows.find((r) => r.metric === (type as string) && r.periodDate === bounds.startDate);
    totals[type] = cycleRow ? { billable: cycleRow.billable, total: cycleRow.total } : { billable: 0, total: 0 };
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
