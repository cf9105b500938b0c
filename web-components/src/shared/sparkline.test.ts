import { describeHistory, sparklinePaths } from './sparkline';

const history = [
  { date: '2026-11-01', inUse: 50, total: 100 },
  { date: '2026-11-02', inUse: 75, total: 100 },
  { date: '2026-11-03', inUse: 100, total: 200 },
];

describe('sparklinePaths', () => {
  it('scales in use and total to the largest total, oldest on the left', () => {
    expect(sparklinePaths(history, 300, 60)).toEqual({
      inUse: 'M0 45 L150 37.5 L300 30',
      inUseArea: 'M0 45 L150 37.5 L300 30 L300 60 L0 60 Z',
      total: 'M0 30 L150 30 L300 0',
    });
  });

  it('draws one point as a flat line, zeros on the baseline, and nothing without points', () => {
    expect(sparklinePaths([{ date: '2026-11-01', inUse: 0, total: 0 }], 300, 60)?.inUse).toBe('M0 60 L300 60');
    expect(sparklinePaths([], 300, 60)).toBeNull();
  });
});

describe('describeHistory', () => {
  it('gives the first and last day and the range of in use', () => {
    expect(describeHistory(history, 'en-US')).toBe(
      'Numbers in use over the last 3 days: 50 of 100 on Nov 1, 100 of 200 on Nov 3; lowest 50, highest 100.',
    );
  });

  it('handles one day and none', () => {
    expect(describeHistory([history[0]], 'en-US')).toBe(
      'Numbers in use today: 50 of 100 on Nov 1; lowest 50, highest 50.',
    );
    expect(describeHistory([], 'en-US')).toBe('No utilization history yet.');
  });
});
