import { isSeriesEmpty, parseCyclePeriod, parseUsageKind, usageChartHeading } from './usage';

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
