import { DomainError } from '../common/domain-error';
import { idleWindowOf } from './idle-numbers';

describe('idleWindowOf (DESIGN §10)', () => {
  it('covers the last `days` local days, today included, from local midnight of the first', () => {
    // 2027-03-10 02:00 UTC is still 2027-03-09 in Los Angeles (UTC−8 before the DST change of 03-14).
    const window = idleWindowOf(30, new Date('2027-03-10T02:00:00Z'), 'America/Los_Angeles');
    expect(window).toEqual({
      firstDay: '2027-02-08',
      today: '2027-03-09',
      startsAt: new Date('2027-02-08T08:00:00Z'),
    });
  });

  it('is today alone for one day', () => {
    const window = idleWindowOf(1, new Date('2027-01-01T00:00:00Z'), 'Asia/Kolkata');
    expect(window).toEqual({
      firstDay: '2027-01-01',
      today: '2027-01-01',
      startsAt: new Date('2026-12-31T18:30:00Z'),
    });
  });

  it('starts at the local midnight of its zone across a DST change', () => {
    // Berlin moves to UTC+2 on 2027-03-28: the window that starts on 03-20 starts at 23:00 UTC the day before.
    const window = idleWindowOf(10, new Date('2027-03-29T12:00:00Z'), 'Europe/Berlin');
    expect(window.firstDay).toBe('2027-03-20');
    expect(window.startsAt).toEqual(new Date('2027-03-19T23:00:00Z'));
  });

  it.each([0, 401, -1, 2.5])('refuses days = %p as invalid input on `days`', (days) => {
    let thrown: unknown;
    try {
      idleWindowOf(days, new Date('2027-01-01T00:00:00Z'), 'UTC');
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toBeInstanceOf(DomainError);
    expect(thrown).toMatchObject({
      code: 'INVALID_INPUT',
      field: 'days',
      message: `days must be from 1 to 400, got ${days}`,
    });
  });

  it('accepts 400 days', () => {
    expect(idleWindowOf(400, new Date('2027-01-01T12:00:00Z'), 'UTC').firstDay).toBe('2025-11-28');
  });
});
