import {
  changePercent,
  expectedDaysAfterToday,
  forecastCycleTotal,
  forecastWithExpectedDays,
  weekdayIndex,
} from './usage-insight';

describe('changePercent', () => {
  it('is 100 × (billable − previous) / previous, rounded half away from zero to one decimal', () => {
    expect(changePercent(112, 100)).toBe(12);
    expect(changePercent(1, 3)).toBe(-66.7); // −66.666…
    expect(changePercent(449, 400)).toBe(12.3); // 12.25 exactly: away from zero
    expect(changePercent(351, 400)).toBe(-12.3); // −12.25
    expect(changePercent(2247, 2000)).toBe(12.4); // 12.35, which 12.35 × 10 in doubles would round down
    expect(changePercent(0, 7)).toBe(-100);
    expect(changePercent(7, 7)).toBe(0);
    expect(Object.is(changePercent(99_999, 100_000), 0)).toBe(true); // −0.001 % rounds to 0, not −0
  });

  it('is null when previous is 0 or null', () => {
    expect(changePercent(5, 0)).toBeNull();
    expect(changePercent(5, null)).toBeNull();
  });

  it('stays exact beyond 2^53 intermediate products', () => {
    expect(changePercent(2 * 4_000_000_000_000_001, 4_000_000_000_000_001)).toBe(100);
  });
});

describe('forecastCycleTotal', () => {
  // A cycle starting on the 15th: 2027-03-15 (Monday) to 2027-04-14; today Wednesday 2027-03-17.
  const TODAY = '2027-03-17';
  const LAST_DAY = '2027-04-14';
  const dayAmounts = (amounts: Record<string, number>) => (date: string) => amounts[date] ?? 0;

  it('knows the weekdays', () => {
    expect(weekdayIndex('2027-03-14')).toBe(0);
    expect(weekdayIndex(TODAY)).toBe(3);
  });

  it('projects each remaining day by the mean of its weekday over one week of history', () => {
    const billableOn = dayAmounts({
      '2027-03-10': 10, // Wed
      '2027-03-11': 20, // Thu
      '2027-03-12': 30, // Fri (Sat 03-13: no usage, counts 0)
      '2027-03-14': 5, // Sun
      '2027-03-15': 40, // Mon
      '2027-03-16': 50, // Tue
      '2027-03-17': 4, // today
    });
    // so far 40 + 50 + 4; today short of its Wednesday by 10 − 4 = 6; the 28 days after today are four
    // whole weeks of 10 + 20 + 30 + 0 + 5 + 40 + 50 = 155.
    const forecast = forecastCycleTotal({
      today: TODAY,
      lastDay: LAST_DAY,
      firstDayWithUsage: '2027-03-10',
      billableSoFar: 94,
      billableOn,
    });
    expect(forecast).toBe(94 + 6 + 4 * 155);
  });

  it('uses the mean of all complete days for weekdays not seen yet (history under a week)', () => {
    const billableOn = dayAmounts({ '2027-03-14': 5, '2027-03-15': 40, '2027-03-16': 50, '2027-03-17': 4 });
    // Sun 5, Mon 40, Tue 50; every other weekday 95/3. Today: 95/3 − 4 = 83/3. After today: four weeks of
    // 95 + 4 × 95/3 = 665/3. 94 + 83/3 + 2660/3 = 1008.33… → 1008.
    expect(
      forecastCycleTotal({
        today: TODAY,
        lastDay: LAST_DAY,
        firstDayWithUsage: '2027-03-14',
        billableSoFar: 94,
        billableOn,
      }),
    ).toBe(1008);
  });

  it('takes only the 4 most recent days of a weekday, and adds nothing when today is already ahead', () => {
    const billableOn = dayAmounts({
      '2027-03-10': 10,
      '2027-03-03': 20,
      '2027-02-24': 30,
      '2027-02-17': 40,
      '2027-02-10': 1000, // a fifth Wednesday back: not counted
    });
    // Wednesday's mean 25, every other weekday 0; today (a Wednesday) 0 so far: 25 owed, then the
    // Wednesdays 03-24, 03-31, 04-07, 04-14.
    const input = { today: TODAY, lastDay: LAST_DAY, firstDayWithUsage: '2000-01-01', billableSoFar: 7, billableOn };
    expect(forecastCycleTotal(input)).toBe(7 + 25 + 4 * 25);
    const busyToday = (date: string) => (date === TODAY ? 60 : billableOn(date));
    expect(forecastCycleTotal({ ...input, billableSoFar: 67, billableOn: busyToday })).toBe(67 + 4 * 25);
  });

  it('rounds half up, on the cycle’s last day', () => {
    // Two complete days (1 and 2); today's weekday unseen: expected 1.5; 3 + 1.5 = 4.5 → 5.
    const billableOn = dayAmounts({ '2027-04-12': 1, '2027-04-13': 2 });
    expect(
      forecastCycleTotal({
        today: '2027-04-14',
        lastDay: '2027-04-14',
        firstDayWithUsage: '2027-04-12',
        billableSoFar: 3,
        billableOn,
      }),
    ).toBe(5);
  });

  it('is null without a complete day on or after the first day with usage', () => {
    const input = { today: TODAY, lastDay: LAST_DAY, billableSoFar: 0, billableOn: () => 0 };
    expect(forecastCycleTotal({ ...input, firstDayWithUsage: null })).toBeNull();
    expect(forecastCycleTotal({ ...input, firstDayWithUsage: TODAY })).toBeNull();
    expect(forecastCycleTotal({ ...input, firstDayWithUsage: '2027-03-16' })).toBe(0);
  });
});

describe('expectedDaysAfterToday', () => {
  // Today Wednesday 2027-03-17; the cycle's last day Tuesday 2027-03-23.
  const TODAY = '2027-03-17';
  const weekOfHistory: Record<string, number> = {
    '2027-03-10': 10, // Wed
    '2027-03-11': 20, // Thu
    '2027-03-12': 30, // Fri (Sat 03-13: no usage, counts 0)
    '2027-03-14': 5, // Sun
    '2027-03-15': 40, // Mon
    '2027-03-16': 50, // Tue
    '2027-03-17': 4, // today: not a complete day
  };
  const billableOn = (date: string) => weekOfHistory[date] ?? 0;

  it('gives each later day of the cycle the mean of its weekday, so weekends look like weekends', () => {
    const days = expectedDaysAfterToday({
      today: TODAY,
      lastDay: '2027-03-23',
      firstDayWithUsage: '2027-03-10',
      billableOn,
    });
    expect(days).toEqual([
      { date: '2027-03-18', expected: 20 },
      { date: '2027-03-19', expected: 30 },
      { date: '2027-03-20', expected: 0 },
      { date: '2027-03-21', expected: 5 },
      { date: '2027-03-22', expected: 40 },
      { date: '2027-03-23', expected: 50 },
    ]);
  });

  it('sums, with what is measured and what today still owes, to the forecast', () => {
    const input = { today: TODAY, lastDay: '2027-04-14', firstDayWithUsage: '2027-03-10', billableOn };
    const expected = expectedDaysAfterToday(input)!.reduce((sum, day) => sum + day.expected, 0);
    // 94 so far, today short of its Wednesday (10) by 6.
    expect(forecastCycleTotal({ ...input, billableSoFar: 94 })).toBe(94 + 6 + expected);
    expect(expected).toBe(4 * 155);
  });

  it('reports VOICE in minutes, unrounded, and weekdays not seen yet at the mean of all complete days', () => {
    // Rated seconds: Mon 90, Tue 45 (1.5 and 0.75 minutes); other weekdays: the mean, 67.5 s = 1.125 minutes.
    const seconds: Record<string, number> = { '2027-03-15': 90, '2027-03-16': 45 };
    const days = expectedDaysAfterToday({
      today: TODAY,
      lastDay: '2027-03-22',
      firstDayWithUsage: '2027-03-15',
      billableOn: (date) => seconds[date] ?? 0,
      unitDivisor: 60,
    });
    expect(days?.map((day) => day.expected)).toEqual([1.125, 1.125, 1.125, 1.125, 1.5]);
  });

  it('is empty on the last day of the cycle and null wherever the forecast is', () => {
    expect(
      expectedDaysAfterToday({ today: TODAY, lastDay: TODAY, firstDayWithUsage: '2027-03-10', billableOn }),
    ).toEqual([]);
    expect(
      expectedDaysAfterToday({ today: TODAY, lastDay: '2027-03-23', firstDayWithUsage: null, billableOn }),
    ).toBeNull();
    expect(
      expectedDaysAfterToday({ today: TODAY, lastDay: '2027-03-23', firstDayWithUsage: TODAY, billableOn }),
    ).toBeNull();
  });
});

describe('forecastWithExpectedDays', () => {
  it('answers what forecastCycleTotal and expectedDaysAfterToday answer, from 35 days of varied history', () => {
    const billableOn = (date: string) => (Number(date.slice(8, 10)) * 37) % 101;
    for (const [today, first] of [
      ['2027-03-17', '2027-02-10'],
      ['2027-03-17', '2027-03-13'],
      ['2027-04-14', '2027-01-01'],
      ['2027-03-17', '2027-03-17'],
    ]) {
      const input = { today, lastDay: '2027-04-14', firstDayWithUsage: first, billableOn, unitDivisor: 60 };
      const combined = forecastWithExpectedDays({ ...input, billableSoFar: 1234 });
      expect(combined).toEqual({
        forecast: forecastCycleTotal({ ...input, billableSoFar: 1234 }),
        expectedDays: expectedDaysAfterToday(input),
      });
      if (first < today) expect(combined.forecast).toBeGreaterThan(20);
      else expect(combined.forecast).toBeNull();
    }
  });
});
