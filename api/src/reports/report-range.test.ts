import { bucketOf, Granularity, isLocalDate, parseReportRange, rangePieces } from './report-range';
import { bucketSeries, decodeCursor, encodeCursor } from './report-figures';

describe('report ranges', () => {
  it('knows real dates', () => {
    expect(isLocalDate('2028-02-29')).toBe(true);
    expect(isLocalDate('2027-02-29')).toBe(false);
    expect(isLocalDate('2027-13-01')).toBe(false);
    expect(isLocalDate('2027-1-01')).toBe(false);
  });

  it('allows 731 days, refuses 732 and reversed ranges, naming the field', () => {
    expect(parseReportRange('2025-01-01', '2026-12-31')).toEqual({ from: '2025-01-01', to: '2026-12-31' }); // 730
    expect(() => parseReportRange('2024-01-01', '2025-12-31')).not.toThrow(); // 731 (2024 is a leap year)
    expect(() => parseReportRange('2024-01-01', '2026-01-01')).toThrow(expect.objectContaining({ field: 'to' }));
    expect(() => parseReportRange('2027-01-02', '2027-01-01')).toThrow(expect.objectContaining({ field: 'to' }));
    expect(() => parseReportRange('2027-02-30', '2027-03-01')).toThrow(expect.objectContaining({ field: 'from' }));
  });

  it('splits a range into whole months and loose days', () => {
    expect(rangePieces({ from: '2026-11-20', to: '2027-02-03' })).toEqual({
      months: ['2026-12-01', '2027-01-01'],
      days: [
        { from: '2026-11-20', to: '2026-11-30' },
        { from: '2027-02-01', to: '2027-02-03' },
      ],
    });
    expect(rangePieces({ from: '2027-01-01', to: '2027-01-31' })).toEqual({ months: ['2027-01-01'], days: [] });
    expect(rangePieces({ from: '2027-01-10', to: '2027-01-12' })).toEqual({
      months: [],
      days: [{ from: '2027-01-10', to: '2027-01-12' }],
    });
    expect(rangePieces({ from: '2027-01-01', to: '2027-01-30' })).toEqual({
      months: [],
      days: [{ from: '2027-01-01', to: '2027-01-30' }],
    });
  });

  it('dates ISO weeks by their Monday and months by their first day, never before the range', () => {
    expect(bucketOf('2027-01-03', Granularity.WEEK, '2026-12-01')).toBe('2026-12-28'); // a Sunday
    expect(bucketOf('2027-01-04', Granularity.WEEK, '2026-12-01')).toBe('2027-01-04'); // a Monday
    expect(bucketOf('2026-12-17', Granularity.WEEK, '2026-12-16')).toBe('2026-12-16');
    expect(bucketOf('2027-01-31', Granularity.MONTH, '2026-12-16')).toBe('2027-01-01');
    expect(bucketOf('2026-12-20', Granularity.MONTH, '2026-12-16')).toBe('2026-12-16');
    const days = ['2026-12-31', '2027-01-01', '2027-01-04'].map((date, i) => ({ date, billable: i, total: 10 }));
    expect(bucketSeries(days, Granularity.WEEK, '2026-12-31')).toEqual([
      { date: '2026-12-31', billable: 1, total: 20 },
      { date: '2027-01-04', billable: 2, total: 10 },
    ]);
  });

  it('round-trips cursors and refuses forged ones', () => {
    expect(decodeCursor(encodeCursor(12, 7))).toEqual({ value: 12, id: 7 });
    expect(() => decodeCursor('x')).toThrow(expect.objectContaining({ field: 'after' }));
    expect(() => decodeCursor(Buffer.from('[-1,2]').toString('base64url'))).toThrow(
      expect.objectContaining({ field: 'after' }),
    );
  });
});
