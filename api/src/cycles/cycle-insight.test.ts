import { computeCycleInsight } from './cycle-insight';
import { CyclePeriod } from './cycle-figures';
import { ROLLUP_COUNTERS, RollupGrain, RollupRow } from '../usage/usage-rollup.entity';
import { UsageType } from '../rating/usage-type';

function row(grain: RollupGrain, periodDate: string, voiceBillable: number, lastStoredAt: string | null): RollupRow {
  const counters = Object.fromEntries(ROLLUP_COUNTERS.map((c) => [c, 0]));
  const storedAt = lastStoredAt === null ? null : Date.parse(lastStoredAt);
  return {
    grain,
    periodDate,
    ...counters,
    // Rows hold VOICE in rated seconds: the figures here are whole minutes (60/60).
    voiceBillable: voiceBillable * 60,
    voiceTotal: voiceBillable * 60,
    lastStoredAt: storedAt,
  } as RollupRow;
}

// UTC, cycles on the 1st; now Wednesday 2027-03-10 12:00: CURRENT 03-01..03-31, PAST 02-01..02-28.
const base = { now: new Date('2027-03-10T12:00:00Z'), timezone: 'UTC', cycleStartDay: 1 };
const billable = (voice: number) => ({ [UsageType.VOICE]: voice * 60, [UsageType.MESSAGE]: 0, [UsageType.DATA]: 0 });

describe('computeCycleInsight', () => {
  it('takes freshness from the cycle rows, and a first day of usage before the past cycle from its cycle row', () => {
    const rows = [
      row('CYCLE', '2026-12-01', 0, '2026-12-05T00:00:00Z'), // usage stored long ago (quantity 0 events)
      row('CYCLE', '2027-03-01', 7, '2027-03-09T08:00:00Z'),
      row('CYCLE', '2027-02-01', 0, null), // user counts only
      row('DAY', '2027-03-09', 7, '2027-03-09T08:00:00Z'),
      row('DAY', '2027-03-02', 0, null),
    ];
    const insight = computeCycleInsight({ ...base, period: CyclePeriod.CURRENT, rows, billable: billable(7) });
    expect(insight.dataAsOf?.toISOString()).toBe('2027-03-09T08:00:00.000Z');
    // Usage since December: every weekday of the last 4 weeks counts, most of them 0. Tuesday's mean is
    // 7 / 4 (03-09, 03-02, 02-23, 02-16): 7 so far + the Tuesdays 03-16, 03-23, 03-30 → 7 + 5.25 = 12.25.
    const expectedDays = insight.byType.VOICE.expectedDays!;
    expect(insight.byType.VOICE).toEqual({ previous: 0, changePercent: null, forecast: 12, expectedDays });
    // Minutes per day from the 11th to the 31st: 7 / 4 on the Tuesdays, 0 on the other days.
    expect(expectedDays.map((day) => day.date)).toEqual(
      Array.from({ length: 21 }, (_, index) => `2027-03-${String(11 + index).padStart(2, '0')}`),
    );
    expect(expectedDays.filter((day) => day.expected !== 0)).toEqual([
      { date: '2027-03-16', expected: 1.75 },
      { date: '2027-03-23', expected: 1.75 },
      { date: '2027-03-30', expected: 1.75 },
    ]);
  });

  it('starts the forecast at the first day with usage inside the window', () => {
    const rows = [
      row('CYCLE', '2027-03-01', 7, '2027-03-09T08:00:00Z'),
      row('DAY', '2027-03-09', 7, '2027-03-09T08:00:00Z'),
    ];
    // One complete day (Tuesday 03-09, 7): Tuesdays at 7, every other weekday at the mean of all complete days, 7.
    // Today 7 − 0, then 21 days after today at 7: 7 + 7 + 147 = 161.
    const insight = computeCycleInsight({ ...base, period: CyclePeriod.CURRENT, rows, billable: billable(7) });
    expect(insight.byType.VOICE.forecast).toBe(161);
  });

  it('answers nothing but freshness for ALL_TIME', () => {
    const rows = [row('CYCLE', '2027-03-01', 7, '2027-03-09T08:00:00Z')];
    const insight = computeCycleInsight({ ...base, period: CyclePeriod.ALL_TIME, rows, billable: billable(7) });
    expect(insight.byType.DATA).toEqual({ previous: null, changePercent: null, forecast: null, expectedDays: null });
    expect(insight.dataAsOf?.toISOString()).toBe('2027-03-09T08:00:00.000Z');
  });
});
