import { computeCycleFigures, CyclePeriod } from './cycle-figures';
import { UsageType } from '../rating/usage-type';
import { METRIC_COUNTERS, ROLLUP_COUNTERS, RollupGrain, RollupMetric, RollupRow } from '../usage/usage-rollup.entity';

/** A rollup row holding one metric's amounts (rows of the same period add up, as several of these). */
function row(grain: RollupGrain, periodDate: string, metric: RollupMetric, billable: number, total: number): RollupRow {
  const counters = Object.fromEntries(ROLLUP_COUNTERS.map((c) => [c, 0]));
  const r = { grain, periodDate, ...counters, lastStoredAt: null } as RollupRow;
  r[METRIC_COUNTERS[metric].billable] += billable;
  if (METRIC_COUNTERS[metric].total !== METRIC_COUNTERS[metric].billable) r[METRIC_COUNTERS[metric].total] += total;
  return r;
}
const day = (periodDate: string, metric: RollupMetric, billable: number, total = billable) =>
  row('DAY', periodDate, metric, billable, total);
const cycle = (periodDate: string, metric: RollupMetric, billable: number, total = billable) =>
  row('CYCLE', periodDate, metric, billable, total);

// Europe/Berlin, cycles start on the 15th; now is 2027-03-20 10:00 local.
const base = { now: new Date('2027-03-20T09:00:00Z'), timezone: 'Europe/Berlin', cycleStartDay: 15 };
const rows: RollupRow[] = [
  cycle('2027-01-15', RollupMetric.VOICE, 7, 9),
  cycle('2027-01-15', RollupMetric.USERS_ADDED, 4),
  cycle('2027-01-15', RollupMetric.USERS_REGISTERED, 3),
  cycle('2027-02-15', RollupMetric.VOICE, 10, 12),
  cycle('2027-02-15', RollupMetric.USERS_ADDED, 2),
  cycle('2027-02-15', RollupMetric.USERS_REGISTERED, 2),
  cycle('2027-02-15', RollupMetric.USERS_DEACTIVATED, 1),
  day('2027-02-15', RollupMetric.VOICE, 4, 5),
  day('2027-03-14', RollupMetric.VOICE, 6, 7),
  cycle('2027-03-15', RollupMetric.VOICE, 3, 3),
  cycle('2027-03-15', RollupMetric.DATA, 5_000_000_000, 6_000_000_000),
  cycle('2027-03-15', RollupMetric.USERS_ADDED, 1),
  cycle('2027-03-15', RollupMetric.USERS_DEACTIVATED, 1),
  day('2027-03-15', RollupMetric.VOICE, 1, 1),
  day('2027-03-19', RollupMetric.VOICE, 2, 2),
  day('2027-03-19', RollupMetric.DATA, 5_000_000_000, 6_000_000_000),
];

describe('computeCycleFigures', () => {
  it('CURRENT: totals, new and active users, one series point per day through today with zeros', () => {
    const f = computeCycleFigures({ ...base, period: CyclePeriod.CURRENT, rows });
    expect(f.start!.toISOString()).toBe('2027-03-14T23:00:00.000Z');
    expect(f.end.toISOString()).toBe('2027-04-14T22:00:00.000Z'); // CEST from 28 March
    expect(f.totals[UsageType.VOICE]).toEqual({ billable: 3, total: 3 });
    expect(f.totals[UsageType.DATA]).toEqual({ billable: 5_000_000_000, total: 6_000_000_000 });
    expect(f.totals[UsageType.MESSAGE]).toEqual({ billable: 0, total: 0 });
    expect(f.newUsers).toBe(1);
    expect(f.activeUsers).toBe(3 + 2 - 1 - 1);
    const voice = f.series[UsageType.VOICE];
    // From the cycle's start through today (2027-03-20): no future days.
    expect(voice).toHaveLength(6);
    expect(voice[0]).toEqual({ date: '2027-03-15', billable: 1, total: 1 });
    expect(voice[4]).toEqual({ date: '2027-03-19', billable: 2, total: 2 });
    expect(voice[1]).toEqual({ date: '2027-03-16', billable: 0, total: 0 });
    expect(voice[5]).toEqual({ date: '2027-03-20', billable: 0, total: 0 });
  });

  it('PAST: the cycle before, active users as of its end', () => {
    const f = computeCycleFigures({ ...base, period: CyclePeriod.PAST, rows });
    expect(f.start!.toISOString()).toBe('2027-02-14T23:00:00.000Z');
    expect(f.end.toISOString()).toBe('2027-03-14T23:00:00.000Z');
    expect(f.totals[UsageType.VOICE]).toEqual({ billable: 10, total: 12 });
    expect(f.newUsers).toBe(2);
    expect(f.activeUsers).toBe(3 + 2 - 1);
    const voice = f.series[UsageType.VOICE];
    expect(voice).toHaveLength(28);
    expect(voice[0]).toEqual({ date: '2027-02-15', billable: 4, total: 5 });
    expect(voice[27]).toEqual({ date: '2027-03-14', billable: 6, total: 7 });
  });

  it('ALL_TIME: everything, one point per cycle dated its start', () => {
    const f = computeCycleFigures({ ...base, period: CyclePeriod.ALL_TIME, rows });
    expect(f.start!.toISOString()).toBe('2027-01-14T23:00:00.000Z');
    expect(f.totals[UsageType.VOICE]).toEqual({ billable: 20, total: 24 });
    expect(f.newUsers).toBe(7);
    expect(f.activeUsers).toBe(3);
    expect(f.series[UsageType.VOICE]).toEqual([
      { date: '2027-01-15', billable: 7, total: 9 },
      { date: '2027-02-15', billable: 10, total: 12 },
      { date: '2027-03-15', billable: 3, total: 3 },
    ]);
  });

  it("adds up rows of the same period and metric (an organization's own and its sub-organizations')", () => {
    // The same rows twice, as SELF and SUBS rows of a parent whose sub-organizations did exactly as much.
    const tree = [...rows, ...rows.map((r) => ({ ...r }))];
    for (const period of [CyclePeriod.CURRENT, CyclePeriod.PAST, CyclePeriod.ALL_TIME]) {
      const once = computeCycleFigures({ ...base, period, rows });
      const twice = computeCycleFigures({ ...base, period, rows: tree });
      for (const type of [UsageType.VOICE, UsageType.MESSAGE, UsageType.DATA]) {
        expect(twice.totals[type]).toEqual({
          billable: 2 * once.totals[type].billable,
          total: 2 * once.totals[type].total,
        });
        expect(twice.series[type]).toEqual(
          once.series[type].map((p) => ({ date: p.date, billable: 2 * p.billable, total: 2 * p.total })),
        );
      }
      expect(twice.newUsers).toBe(2 * once.newUsers);
      expect(twice.activeUsers).toBe(2 * once.activeUsers);
    }
    const current = computeCycleFigures({ ...base, period: CyclePeriod.CURRENT, rows: tree });
    expect(current.totals[UsageType.VOICE]).toEqual({ billable: 6, total: 6 });
    expect(current.series[UsageType.VOICE].find((p) => p.date === '2027-03-19')).toEqual({
      date: '2027-03-19',
      billable: 4,
      total: 4,
    });
  });

  it('ALL_TIME with nothing recorded: no start, the current cycle as the only point', () => {
    const f = computeCycleFigures({ ...base, period: CyclePeriod.ALL_TIME, rows: [] });
    expect(f.start).toBeNull();
    expect(f.series[UsageType.DATA]).toEqual([{ date: '2027-03-15', billable: 0, total: 0 }]);
    expect(f.newUsers).toBe(0);
    expect(f.activeUsers).toBe(0);
  });
});
