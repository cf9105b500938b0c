import { csvUrl, presetRange, rangeProblem, sortDays, todayIn } from './report-range';

describe('usage report ranges', () => {
  it('reads today on the organization’s wall clock', () => {
    const now = new Date('2027-01-01T20:00:00Z');
    expect(todayIn('Asia/Tokyo', now)).toBe('2027-01-02');
    expect(todayIn('America/New_York', now)).toBe('2027-01-01');
  });

  it('works out the presets in local days', () => {
    expect(presetRange('current-cycle', '2027-01-10', 15)).toEqual({ from: '2026-12-15', to: '2027-01-10' });
    expect(presetRange('past-cycle', '2027-01-10', 15)).toEqual({ from: '2026-11-15', to: '2026-12-14' });
    expect(presetRange('past-cycle', '2027-03-01', 1)).toEqual({ from: '2027-02-01', to: '2027-02-28' });
    expect(presetRange('last-7-days', '2027-01-03', 1)).toEqual({ from: '2026-12-28', to: '2027-01-03' });
    expect(presetRange('last-30-days', '2027-01-30', 1)).toEqual({ from: '2027-01-01', to: '2027-01-30' });
    expect(presetRange('last-90-days', '2027-03-31', 1)).toEqual({ from: '2027-01-01', to: '2027-03-31' });
    expect(presetRange('custom', '2027-03-31', 1)).toBeNull();
  });

  it('checks a custom range as the API does', () => {
    expect(rangeProblem({ from: '2027-01-02', to: '2027-01-01' })).toBe('reversed');
    expect(rangeProblem({ from: '2025-01-01', to: '2026-12-31' })).toBeNull(); // 730 days
    expect(rangeProblem({ from: '2024-01-01', to: '2026-01-01' })).toBe('too-long'); // 732 days
    expect(rangeProblem({ from: '', to: '2026-01-01' })).toBe('missing');
  });

  it('addresses the CSV beside the GraphQL endpoint', () => {
    expect(
      csvUrl('https://api.example/graphql', '7', { from: '2027-01-01', to: '2027-01-31' }, 'sub-organization'),
    ).toBe('https://api.example/reports/usage.csv?organizationId=7&from=2027-01-01&to=2027-01-31&by=sub-organization');
  });

  it('sorts days by date or by usage, ties by date', () => {
    const rows = [
      { date: '2027-01-01', VOICE: 2, MESSAGE: 0, DATA: 0 },
      { date: '2027-01-02', VOICE: 5, MESSAGE: 0, DATA: 0 },
      { date: '2027-01-03', VOICE: 2, MESSAGE: 0, DATA: 0 },
    ];
    expect(sortDays(rows, 'VOICE', 'descending').map((r) => r.date)).toEqual([
      '2027-01-02',
      '2027-01-01',
      '2027-01-03',
    ]);
    expect(sortDays(rows, 'date', 'descending').map((r) => r.date)).toEqual(['2027-01-03', '2027-01-02', '2027-01-01']);
  });
});
