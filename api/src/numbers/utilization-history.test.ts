import { firstDayNeeded, runOutForecast, utilizationHistory, UtilizationDay } from './utilization-history';

const ROWS: UtilizationDay[] = [
  { day: '2027-01-10', inUse: 2, total: 10 },
  { day: '2027-02-01', inUse: 5, total: 10 },
  { day: '2027-02-20', inUse: 8, total: 12 },
];
const TODAY = '2027-03-03';
const NOW = { inUse: 9, total: 12, available: 3 };

describe('utilizationHistory', () => {
  it('answers each day as at its end, today as now, oldest first', () => {
    expect(utilizationHistory(ROWS, TODAY, 3, NOW)).toEqual([
      { date: '2027-03-01', inUse: 8, total: 12 },
      { date: '2027-03-02', inUse: 8, total: 12 },
      { date: '2027-03-03', inUse: 9, total: 12 },
    ]);
    expect(utilizationHistory(ROWS, TODAY, 1, NOW)).toEqual([{ date: TODAY, inUse: 9, total: 12 }]);
  });

  it('answers 0 and 0 before the first recorded day', () => {
    const points = utilizationHistory(ROWS, TODAY, 60, NOW);
    expect(points).toHaveLength(60);
    expect(points[0]).toEqual({ date: '2027-01-03', inUse: 0, total: 0 });
    expect(points[6]).toEqual({ date: '2027-01-09', inUse: 0, total: 0 });
    expect(points[7]).toEqual({ date: '2027-01-10', inUse: 2, total: 10 });
    expect(points[29]).toEqual({ date: '2027-02-01', inUse: 5, total: 10 });
  });

  it('reads back at least the run-out window', () => {
    expect(firstDayNeeded(TODAY, 90)).toBe('2026-12-04');
    expect(firstDayNeeded(TODAY, 7)).toBe('2027-02-01');
  });
});

describe('runOutForecast', () => {
  it('extrapolates the growth of the last 30 days', () => {
    // 30 days before 2027-03-03 is 2027-02-01 (5 in use at its end): 4 more in 30 days.
    expect(runOutForecast(ROWS, TODAY, NOW)).toEqual({ perDay: 4 / 30, daysLeft: 23, date: '2027-03-26' });
    // ceil(30 × 2 / 4) = 15 exactly.
    expect(runOutForecast(ROWS, TODAY, { ...NOW, available: 2 })).toMatchObject({ daysLeft: 15, date: '2027-03-18' });
  });

  it('answers 0 days when nothing is left of a non-empty pool', () => {
    expect(runOutForecast(ROWS, TODAY, { inUse: 12, total: 12, available: 0 })).toEqual({
      perDay: 7 / 30,
      daysLeft: 0,
      date: TODAY,
    });
  });

  it('answers null days without growth, or without numbers', () => {
    expect(runOutForecast(ROWS, TODAY, { inUse: 5, total: 12, available: 7 })).toEqual({
      perDay: 0,
      daysLeft: null,
      date: null,
    });
    expect(runOutForecast(ROWS, TODAY, { inUse: 3, total: 12, available: 9 })).toMatchObject({
      daysLeft: null,
      date: null,
    });
    expect(runOutForecast([], TODAY, { inUse: 0, total: 0, available: 0 })).toEqual({
      perDay: 0,
      daysLeft: null,
      date: null,
    });
  });
});
