import { describeChange, describeForecast, describeRunOut } from './insight';

describe('describeChange', () => {
  it('words a rise of the current cycle against the same days of the last one', () => {
    expect(describeChange(12, 'CURRENT', 'en-US')).toEqual({
      direction: 'up',
      text: '▲ 12% on the same days of the last cycle',
      badge: '▲ 12%',
      spoken: 'up 12 percent on the same days of the last cycle',
    });
  });

  it('words a fall of the past cycle against the one before, naming billable', () => {
    expect(describeChange(-3.5, 'PAST', 'en-US')).toEqual({
      direction: 'down',
      text: 'Billable ▼ 3.5% on the last cycle',
      badge: '▼ 3.5%',
      spoken: 'billable down 3.5 percent on the last cycle',
    });
  });

  it('says no change at 0 and nothing without a comparison', () => {
    expect(describeChange(0, 'CURRENT', 'en-US')?.text).toBe('No change on the same days of the last cycle');
    expect(describeChange(0, 'PAST', 'en-US')).toMatchObject({
      direction: 'none',
      text: 'No billable change on the last cycle',
    });
    expect(describeChange(null, 'CURRENT', 'en-US')).toBeNull();
    expect(describeChange(undefined, 'PAST', 'en-US')).toBeNull();
  });

  it('formats the percentage per locale', () => {
    expect(describeChange(1234.5, 'CURRENT', 'de-DE')?.text).toBe(
      '▲ 1.234,5\u00a0% on the same days of the last cycle',
    );
    expect(describeChange(1234.5, 'CURRENT', 'de-DE')?.spoken).toBe(
      'up 1.234,5 percent on the same days of the last cycle',
    );
  });
});

describe('describeForecast', () => {
  it('uses the unit of the figure', () => {
    expect(describeForecast('VOICE', 12_400, 'en-US')).toBe('On track for 12,400 minutes');
    expect(describeForecast('MESSAGE', 1, 'en-US')).toBe('On track for 1 message');
    expect(describeForecast('DATA', 2_500_000_000, 'en-US')).toBe('On track for 2.5 GB');
  });

  it('is null without a forecast', () => {
    expect(describeForecast('VOICE', null, 'en-US')).toBeNull();
  });
});

describe('describeRunOut', () => {
  it('gives the rate, the stock, the days and the date', () => {
    expect(describeRunOut({ perDay: 0.3, daysLeft: 45, date: '2027-01-16' }, 12, 'en-GB', '2026-12-02')).toBe(
      'At the recent rate of 0.3 numbers a day, the 12 available numbers last about 45 days, until 16 Jan 2027.',
    );
    expect(describeRunOut({ perDay: 0.3, daysLeft: 45, date: '2026-01-16' }, 12, 'en-GB', '2026-12-02')).toBe(
      'At the recent rate of 0.3 numbers a day, the 12 available numbers last about 45 days, until 16 Jan.',
    );
    expect(describeRunOut({ perDay: 0.3, daysLeft: 45, date: '2026-01-16' }, 12, 'en-US', '2026-01-01')).toContain(
      'until Jan 16.',
    );
  });

  it('speaks in the singular for one number and one day, and keeps small rates readable', () => {
    expect(describeRunOut({ perDay: 1, daysLeft: 1, date: '2026-11-06' }, 1, 'en-US', '2026-11-05')).toBe(
      'At the recent rate of 1 number a day, the 1 available number lasts about 1 day, until Nov 6.',
    );
    expect(describeRunOut({ perDay: 1 / 30, daysLeft: 60, date: '2027-01-04' }, 2, 'en-US', '2026-11-05')).toContain(
      'rate of 0.03 numbers a day',
    );
  });

  it('says none is available at 0 days, and that nothing is used up without a run-out', () => {
    expect(describeRunOut({ perDay: 0.5, daysLeft: 0, date: '2026-11-05' }, 0, 'en-US')).toBe(
      'No numbers are available.',
    );
    expect(describeRunOut({ perDay: 0, daysLeft: null, date: null }, 12, 'en-US')).toBe(
      'Numbers are not being used up at the recent rate.',
    );
    expect(describeRunOut({ perDay: -0.2, daysLeft: null, date: null }, 12, 'en-US')).toBe(
      'Numbers are not being used up at the recent rate.',
    );
  });
});
