import { isSeriesEmpty, parseCyclePeriod, parseUsageKind, usageChartHeading, plottedPoints } from './usage';

describe('usage wording', () => {
  it('words the chart heading exactly as the product contract', () => {
    expect(usageChartHeading('VOICE')).toBe('Voice Usage for The Current Cycle');
    expect(usageChartHeading('MESSAGE')).toBe('Message Usage for The Current Cycle');
    expect(usageChartHeading('DATA')).toBe('Data Usage for The Current Cycle');
  });

  it('parses attribute spellings', () => {
    expect(parseUsageKind('data')).toBe('DATA');
    expect(parseUsageKind('MESSAGE')).toBe('MESSAGE');
    expect(parseUsageKind('bogus')).toBe('VOICE');
    expect(parseCyclePeriod('all-time')).toBe('ALL_TIME');
    expect(parseCyclePeriod('ALL_TIME')).toBe('ALL_TIME');
    expect(parseCyclePeriod('past')).toBe('PAST');
    expect(parseCyclePeriod(null)).toBe('CURRENT');
  });

  it('detects a series with no usage', () => {
    expect(isSeriesEmpty([])).toBe(true);
    expect(isSeriesEmpty([{ date: '2026-11-01', billable: 0, total: 0 }])).toBe(true);
    expect(isSeriesEmpty([{ date: '2026-11-01', billable: 0, total: 3 }])).toBe(false);
  });
});

describe('plottedPoints', () => {
  it('plots voice in minutes from its rated seconds and leaves other types alone', () => {
    // 3810 s billed 30/6 = 63.5 minutes (the API's rounded 64); 204 s = 3.4 (the API's 3).
    expect(
      plottedPoints([{ date: '2027-03-05', billable: 3, total: 64, billableSeconds: 204, totalSeconds: 3810 }]),
    ).toEqual([{ date: '2027-03-05', billable: 3.4, total: 63.5, billableSeconds: 204, totalSeconds: 3810 }]);
    const message = { date: '2027-03-05', billable: 2, total: 3, billableSeconds: null, totalSeconds: null };
    expect(plottedPoints([message])).toEqual([message]);
  });
});
