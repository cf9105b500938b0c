import {
  addDays,
  chartAxisDays,
  cycleDays,
  daysBetween,
  localDay,
  measuredOnAxis,
  pastOnAxis,
  projectionOnAxis,
} from './cycle-days';

describe('localDay', () => {
  it('gives the calendar day of an instant in the organization timezone', () => {
    expect(localDay('2026-11-01T04:00:00Z', 'America/New_York')).toBe('2026-11-01');
    expect(localDay('2026-11-01T03:59:59Z', 'America/New_York')).toBe('2026-10-31');
    expect(localDay('2026-10-31T23:30:00Z', 'Asia/Tokyo')).toBe('2026-11-01');
  });

  it('falls back to UTC for an unknown zone', () => {
    expect(localDay('2026-11-01T00:30:00Z', 'Not/AZone')).toBe('2026-11-01');
  });
});

describe('addDays and daysBetween', () => {
  it('do calendar arithmetic across months, years and leap days', () => {
    expect(addDays('2026-01-31', 1)).toBe('2026-02-01');
    expect(addDays('2028-02-28', 1)).toBe('2028-02-29');
    expect(addDays('2026-12-31', 1)).toBe('2027-01-01');
    expect(addDays('2026-03-01', -1)).toBe('2026-02-28');
    expect(daysBetween('2026-11-01', '2026-11-30')).toBe(29);
    expect(daysBetween('2026-11-30', '2026-11-01')).toBe(-29);
  });
});

describe('cycleDays', () => {
  it('spans start to end − 1 day in the organization timezone', () => {
    // A calendar-month cycle in New York: local midnight is 04:00Z in November after DST ends at 06:00Z on the 1st.
    const days = cycleDays('2026-11-01T04:00:00.000Z', '2026-12-01T05:00:00.000Z', 'America/New_York');
    expect(days).toHaveLength(30);
    expect(days[0]).toBe('2026-11-01');
    expect(days.at(-1)).toBe('2026-11-30');
  });

  it('follows a cycle start day other than the 1st', () => {
    const days = cycleDays('2026-01-15T00:00:00Z', '2026-02-15T00:00:00Z', 'UTC');
    expect(days[0]).toBe('2026-01-15');
    expect(days.at(-1)).toBe('2026-02-14');
    expect(days).toHaveLength(31);
  });

  it('is empty without a start or with nonsense bounds', () => {
    expect(cycleDays(null, '2026-12-01T00:00:00Z', 'UTC')).toEqual([]);
    expect(cycleDays('2026-12-01T00:00:00Z', '2026-11-01T00:00:00Z', 'UTC')).toEqual([]);
    expect(cycleDays('2020-01-01T00:00:00Z', '2026-11-01T00:00:00Z', 'UTC')).toEqual([]);
  });
});

const measured = [
  { date: '2026-11-01', billable: 10, total: 12 },
  { date: '2026-11-02', billable: 0, total: 0 },
  { date: '2026-11-03', billable: 4, total: 5 },
];
const axis = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04', '2026-11-05', '2026-11-06'];

describe('chartAxisDays and measuredOnAxis', () => {
  it('keeps the whole cycle and any measured day outside it', () => {
    expect(chartAxisDays(axis, measured)).toEqual(axis);
    expect(chartAxisDays([], measured)).toEqual(measured.map((point) => point.date));
  });

  it('gives null, never 0, on the days after today', () => {
    const { billable, total } = measuredOnAxis(axis, measured);
    expect(billable).toEqual([10, 0, 4, null, null, null]);
    expect(total).toEqual([12, 0, 5, null, null, null]);
  });
});

describe('projectionOnAxis', () => {
  const expectedDays = [
    { date: '2026-11-04', expected: 12.5 },
    { date: '2026-11-05', expected: 2 },
    { date: '2026-11-06', expected: 0 },
  ];

  it("starts at today's measured point, then draws each later day's expected value", () => {
    const projection = projectionOnAxis({ days: axis, today: '2026-11-03', billableToday: 4, expectedDays });
    expect(projection).toEqual([null, null, 4, 12.5, 2, 0]);
  });

  it('is all null without expected days (no forecast), on the cycle last day, or without today on the axis', () => {
    const base = { days: axis, billableToday: 4 };
    expect(projectionOnAxis({ ...base, today: '2026-11-03', expectedDays: null })).toEqual(axis.map(() => null));
    expect(projectionOnAxis({ ...base, today: '2026-11-06', expectedDays: [] })).toEqual(axis.map(() => null));
    expect(projectionOnAxis({ ...base, today: '2026-12-24', expectedDays })).toEqual(axis.map(() => null));
  });

  it('leaves an axis day the API gave no expected value for empty rather than 0', () => {
    const projection = projectionOnAxis({
      days: axis,
      today: '2026-11-03',
      billableToday: 4,
      expectedDays: expectedDays.slice(0, 2),
    });
    expect(projection).toEqual([null, null, 4, 12.5, 2, null]);
  });
});

describe('pastOnAxis', () => {
  const past = [
    { date: '2026-10-02', billable: 7, total: 7 },
    { date: '2026-10-01', billable: 3, total: 3 },
    { date: '2026-10-03', billable: 9, total: 9 },
  ];

  it('aligns the past cycle by day of cycle, with its own dates', () => {
    expect(pastOnAxis(4, past)).toEqual([
      { value: 3, date: '2026-10-01' },
      { value: 7, date: '2026-10-02' },
      { value: 9, date: '2026-10-03' },
      null,
    ]);
  });

  it('leaves out past days beyond the current cycle length', () => {
    expect(pastOnAxis(2, past)).toHaveLength(2);
  });
});
