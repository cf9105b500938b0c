import {
  weekdayOf,
  addDays,
  ceilMinutes,
  cycleBoundsAt,
  cycleBoundsOfStartDate,
  cycleStartDateOf,
  datesInRange,
  isValidTimeZone,
  localDateOf,
  shiftCycleStartDate,
  zonedStartOfDay,
  type CycleBounds,
} from './calendar';
import { seededRandom } from '../demo/seeded-random';

// Every expectation below is hand-computed from the zone rules (2027: Jan 1 is a Friday):
// - America/New_York: EST -05 / EDT -04; 2027 DST from Sun Mar 14 02:00 to Sun Nov 7 02:00.
// - Europe/Berlin: CET +01 / CEST +02; 2027 DST from Sun Mar 28 02:00 to Sun Oct 31 03:00.
// - America/Santiago: -04 / -03 (DST); 2027 DST ends Sun Apr 4 00:00 -03 (-> Sat Apr 3 23:00 -04,
//   at 03:00Z) and starts Sun Sep 5 00:00 -04 (-> 01:00 -03, at 04:00Z): midnight is skipped.
// - America/Havana: CST -05 / CDT -04; 2027 DST starts Sun Mar 14 00:00 CST (-> 01:00 CDT, at
//   05:00Z): midnight is skipped; ends Sun Nov 7 01:00 CDT (-> 00:00 CST, at 05:00Z): midnight twice.
// - Australia/Lord_Howe: +10:30 / +11 (30-minute DST); 2027 DST starts Sun Oct 3 02:00 -> 02:30.
// - Asia/Kathmandu +05:45, Asia/Tokyo +09, Pacific/Apia +13 (no DST since 2021; in 2011 it skipped
//   Fri Dec 30 entirely: Thu Dec 29 24:00 -10 -> Sat Dec 31 00:00 +14, at 10:00Z).

const d = (iso: string): Date => new Date(iso);
const iso = (date: Date): string => date.toISOString();
const bounds = (b: CycleBounds) => ({
  start: iso(b.start),
  end: iso(b.end),
  startDate: b.startDate,
  endDate: b.endDate,
});

describe('isValidTimeZone', () => {
  it.each(['UTC', 'America/New_York', 'Asia/Kathmandu', 'Australia/Lord_Howe', 'Pacific/Apia', 'Europe/Berlin'])(
    'accepts %s',
    (tz) => expect(isValidTimeZone(tz)).toBe(true),
  );
  it.each(['', 'Mars/Base', 'America/Nowhere', 'Not a zone'])('rejects %p', (tz) => {
    expect(isValidTimeZone(tz)).toBe(false);
    expect(isValidTimeZone(tz)).toBe(false); // cached answer is the same
  });
  it('makes the other functions throw RangeError for an invalid zone', () => {
    expect(() => localDateOf(d('2027-01-01T00:00:00Z'), 'Mars/Base')).toThrow(RangeError);
    expect(() => zonedStartOfDay('2027-01-01', 'Mars/Base')).toThrow(RangeError);
  });
});

describe('localDateOf', () => {
  it.each([
    ['2027-01-31T23:59:59.999Z', 'UTC', '2027-01-31'],
    ['2027-02-01T00:00:00.000Z', 'UTC', '2027-02-01'],
    ['2027-01-01T04:59:59.999Z', 'America/New_York', '2026-12-31'],
    ['2027-01-01T05:00:00.000Z', 'America/New_York', '2027-01-01'],
    ['2027-07-01T03:59:59.000Z', 'America/New_York', '2027-06-30'],
    ['2027-07-01T04:00:00.000Z', 'America/New_York', '2027-07-01'],
    ['2026-12-31T14:59:59.000Z', 'Asia/Tokyo', '2026-12-31'],
    ['2026-12-31T15:00:00.000Z', 'Asia/Tokyo', '2027-01-01'],
    ['2026-12-31T18:14:59.000Z', 'Asia/Kathmandu', '2026-12-31'],
    ['2026-12-31T18:15:00.000Z', 'Asia/Kathmandu', '2027-01-01'],
    ['2027-01-14T12:59:59.000Z', 'Australia/Lord_Howe', '2027-01-14'], // +11
    ['2027-01-14T13:00:00.000Z', 'Australia/Lord_Howe', '2027-01-15'],
    ['2027-07-14T13:29:59.000Z', 'Australia/Lord_Howe', '2027-07-14'], // +10:30
    ['2027-07-14T13:30:00.000Z', 'Australia/Lord_Howe', '2027-07-15'],
    ['2027-06-30T10:59:59.000Z', 'Pacific/Apia', '2027-06-30'],
    ['2027-06-30T11:00:00.000Z', 'Pacific/Apia', '2027-07-01'],
    ['2028-02-29T12:00:00.000Z', 'Europe/Berlin', '2028-02-29'],
    ['2028-02-29T23:00:00.000Z', 'Europe/Berlin', '2028-03-01'],
    // Havana fall-back: 00:00-01:00 happens twice on Nov 7 (04:00Z-05:00Z CDT, 05:00Z-06:00Z CST)
    ['2027-11-07T03:59:59.000Z', 'America/Havana', '2027-11-06'],
    ['2027-11-07T04:30:00.000Z', 'America/Havana', '2027-11-07'],
    ['2027-11-07T05:30:00.000Z', 'America/Havana', '2027-11-07'],
    // Santiago fall-back: Sat Apr 3 23:00-24:00 happens twice (Apr 4 02:00Z-03:00Z at -03, 03:00Z-04:00Z at -04)
    ['2027-04-03T02:59:59.000Z', 'America/Santiago', '2027-04-02'],
    ['2027-04-03T03:00:00.000Z', 'America/Santiago', '2027-04-03'],
    ['2027-04-04T02:30:00.000Z', 'America/Santiago', '2027-04-03'],
    ['2027-04-04T03:30:00.000Z', 'America/Santiago', '2027-04-03'],
    ['2027-04-04T03:59:59.000Z', 'America/Santiago', '2027-04-03'],
    ['2027-04-04T04:00:00.000Z', 'America/Santiago', '2027-04-04'],
    // Apia skipped 2011-12-30
    ['2011-12-30T09:59:59.000Z', 'Pacific/Apia', '2011-12-29'],
    ['2011-12-30T10:00:00.000Z', 'Pacific/Apia', '2011-12-31'],
  ])('%s in %s is %s', (instant, tz, expected) => {
    expect(localDateOf(d(instant), tz)).toBe(expected);
  });

  it('rejects an invalid Date', () => {
    expect(() => localDateOf(new Date('nope'), 'UTC')).toThrow(RangeError);
  });
});

describe('zonedStartOfDay', () => {
  it.each([
    ['2027-03-01', 'UTC', '2027-03-01T00:00:00.000Z'],
    ['2027-01-01', 'Asia/Tokyo', '2026-12-31T15:00:00.000Z'],
    ['2027-01-01', 'Asia/Kathmandu', '2026-12-31T18:15:00.000Z'],
    ['2027-07-15', 'Australia/Lord_Howe', '2027-07-14T13:30:00.000Z'],
    ['2027-10-03', 'Australia/Lord_Howe', '2027-10-02T13:30:00.000Z'], // DST starts at 02:00 that day
    ['2027-10-04', 'Australia/Lord_Howe', '2027-10-03T13:00:00.000Z'],
    ['2027-03-14', 'America/New_York', '2027-03-14T05:00:00.000Z'], // spring forward at 02:00
    ['2027-03-15', 'America/New_York', '2027-03-15T04:00:00.000Z'],
    ['2027-11-07', 'America/New_York', '2027-11-07T04:00:00.000Z'], // fall back at 02:00
    ['2027-11-08', 'America/New_York', '2027-11-08T05:00:00.000Z'],
    ['2027-03-28', 'Europe/Berlin', '2027-03-27T23:00:00.000Z'],
    ['2027-03-29', 'Europe/Berlin', '2027-03-28T22:00:00.000Z'],
    ['2027-10-31', 'Europe/Berlin', '2027-10-30T22:00:00.000Z'],
    ['2027-11-01', 'Europe/Berlin', '2027-10-31T23:00:00.000Z'],
    // midnight skipped: the day starts at 01:00 local, right after the gap
    ['2027-09-04', 'America/Santiago', '2027-09-04T04:00:00.000Z'],
    ['2027-09-05', 'America/Santiago', '2027-09-05T04:00:00.000Z'],
    ['2027-09-06', 'America/Santiago', '2027-09-06T03:00:00.000Z'],
    ['2027-03-13', 'America/Havana', '2027-03-13T05:00:00.000Z'],
    ['2027-03-14', 'America/Havana', '2027-03-14T05:00:00.000Z'],
    ['2027-03-15', 'America/Havana', '2027-03-15T04:00:00.000Z'],
    // Santiago fall-back at 24:00 -> 23:00: Apr 3 lasts 25 hours, Apr 4 starts at 00:00 -04
    ['2027-04-03', 'America/Santiago', '2027-04-03T03:00:00.000Z'],
    ['2027-04-04', 'America/Santiago', '2027-04-04T04:00:00.000Z'],
    // Havana fall-back: midnight happens twice, the day starts at the first one (CDT)
    ['2027-11-07', 'America/Havana', '2027-11-07T04:00:00.000Z'],
    ['2027-11-08', 'America/Havana', '2027-11-08T05:00:00.000Z'],
    // a skipped day has no instant: it "starts" where the next day starts (zero length)
    ['2011-12-30', 'Pacific/Apia', '2011-12-30T10:00:00.000Z'],
    ['2011-12-31', 'Pacific/Apia', '2011-12-30T10:00:00.000Z'],
  ])('%s in %s starts at %s', (date, tz, expected) => {
    expect(iso(zonedStartOfDay(date, tz))).toBe(expected);
  });

  it.each(['2027-02-29', '2027-13-01', '2027-1-01', '2027-01-00', '2027-04-31', ''])(
    'rejects local date %p',
    (date) => {
      expect(() => zonedStartOfDay(date, 'UTC')).toThrow(RangeError);
    },
  );
});

describe('addDays', () => {
  it.each([
    ['2027-01-31', 1, '2027-02-01'],
    ['2027-02-28', 1, '2027-03-01'],
    ['2028-02-28', 1, '2028-02-29'],
    ['2028-02-29', 1, '2028-03-01'],
    ['2028-03-01', -1, '2028-02-29'],
    ['2026-12-31', 1, '2027-01-01'],
    ['2027-01-01', -1, '2026-12-31'],
    ['2000-01-01', 366, '2001-01-01'], // 2000 is a leap year
    ['1900-02-28', 1, '1900-03-01'], // 1900 is not
    ['2027-03-14', 0, '2027-03-14'],
    ['2027-01-31', 28, '2027-02-28'],
  ])('%s %+d days is %s', (date, days, expected) => {
    expect(addDays(date, days)).toBe(expected);
  });
  it('rejects non-integer days', () => {
    expect(() => addDays('2027-01-01', 1.5)).toThrow(RangeError);
  });
});

describe('weekdayOf', () => {
  it('agrees with the UTC calendar on every day of four centuries, before and after 1970', () => {
    for (let day = -80_000; day <= 80_000; day += 1) {
      const date = new Date(day * 86_400_000).toISOString().slice(0, 10);
      if (weekdayOf(date) !== new Date(day * 86_400_000).getUTCDay()) throw new Error(`weekdayOf(${date})`);
    }
    expect([weekdayOf('1970-01-01'), weekdayOf('1969-12-31'), weekdayOf('2027-03-14')]).toEqual([4, 3, 0]);
  });
});

describe('cycleStartDateOf', () => {
  it.each([
    ['2027-01-01', 1, '2027-01-01'],
    ['2027-01-31', 1, '2027-01-01'],
    ['2027-02-01', 1, '2027-02-01'],
    ['2028-02-29', 1, '2028-02-01'],
    ['2028-02-29', 28, '2028-02-28'],
    ['2028-02-27', 28, '2028-01-28'],
    ['2027-03-27', 28, '2027-02-28'],
    ['2027-03-28', 28, '2027-03-28'],
    ['2027-01-27', 28, '2026-12-28'],
    ['2027-01-10', 15, '2026-12-15'],
    ['2027-01-15', 15, '2027-01-15'],
    ['2027-12-31', 1, '2027-12-01'],
  ])('%s with cycleStartDay %d is in the cycle starting %s', (date, day, expected) => {
    expect(cycleStartDateOf(date, day)).toBe(expected);
  });
  it.each([0, 29, 31, 1.5, NaN])('rejects cycleStartDay %p', (day) => {
    expect(() => cycleStartDateOf('2027-01-01', day)).toThrow(RangeError);
  });
});

describe('shiftCycleStartDate', () => {
  it.each([
    ['2027-01-28', 1, 28, '2027-02-28'],
    ['2027-02-28', 1, 28, '2027-03-28'],
    ['2027-01-15', -1, 15, '2026-12-15'],
    ['2026-12-01', 1, 1, '2027-01-01'],
    ['2027-03-01', -14, 1, '2026-01-01'],
    ['2027-03-01', 0, 1, '2027-03-01'],
    ['2027-03-28', 24, 28, '2029-03-28'],
  ])('%s shifted by %d cycles (start day %d) is %s', (date, n, day, expected) => {
    expect(shiftCycleStartDate(date, n, day)).toBe(expected);
  });
  it('rejects a date that is not a cycle start for that day', () => {
    expect(() => shiftCycleStartDate('2027-01-02', 1, 1)).toThrow(RangeError);
  });
});

describe('cycleBoundsAt / cycleBoundsOfStartDate', () => {
  it('New York, one second either side of a cycle start (start day 15)', () => {
    expect(bounds(cycleBoundsAt(d('2027-06-15T03:59:59Z'), 'America/New_York', 15))).toEqual({
      start: '2027-05-15T04:00:00.000Z',
      end: '2027-06-15T04:00:00.000Z',
      startDate: '2027-05-15',
      endDate: '2027-06-15',
    });
    expect(bounds(cycleBoundsAt(d('2027-06-15T04:00:00Z'), 'America/New_York', 15))).toEqual({
      start: '2027-06-15T04:00:00.000Z',
      end: '2027-07-15T04:00:00.000Z',
      startDate: '2027-06-15',
      endDate: '2027-07-15',
    });
    expect(bounds(cycleBoundsAt(d('2027-06-15T04:00:01Z'), 'America/New_York', 15)).startDate).toBe('2027-06-15');
  });

  it('Tokyo, one second either side of New Year (start day 1), and PAST across the year boundary', () => {
    expect(bounds(cycleBoundsAt(d('2026-12-31T14:59:59Z'), 'Asia/Tokyo', 1))).toEqual({
      start: '2026-11-30T15:00:00.000Z',
      end: '2026-12-31T15:00:00.000Z',
      startDate: '2026-12-01',
      endDate: '2027-01-01',
    });
    expect(bounds(cycleBoundsAt(d('2026-12-31T15:00:00Z'), 'Asia/Tokyo', 1))).toEqual({
      start: '2026-12-31T15:00:00.000Z',
      end: '2027-01-31T15:00:00.000Z',
      startDate: '2027-01-01',
      endDate: '2027-02-01',
    });
    expect(bounds(cycleBoundsAt(d('2026-12-31T15:00:00Z'), 'Asia/Tokyo', 1, -1))).toEqual({
      start: '2026-11-30T15:00:00.000Z',
      end: '2026-12-31T15:00:00.000Z',
      startDate: '2026-12-01',
      endDate: '2027-01-01',
    });
  });

  it('PAST across the year boundary (UTC start day 15, New York start day 1)', () => {
    expect(bounds(cycleBoundsAt(d('2027-01-10T12:00:00Z'), 'UTC', 15))).toEqual({
      start: '2026-12-15T00:00:00.000Z',
      end: '2027-01-15T00:00:00.000Z',
      startDate: '2026-12-15',
      endDate: '2027-01-15',
    });
    expect(bounds(cycleBoundsAt(d('2027-01-10T12:00:00Z'), 'UTC', 15, -1))).toEqual({
      start: '2026-11-15T00:00:00.000Z',
      end: '2026-12-15T00:00:00.000Z',
      startDate: '2026-11-15',
      endDate: '2026-12-15',
    });
    expect(bounds(cycleBoundsAt(d('2027-01-20T12:00:00Z'), 'America/New_York', 1, -1))).toEqual({
      start: '2026-12-01T05:00:00.000Z',
      end: '2027-01-01T05:00:00.000Z',
      startDate: '2026-12-01',
      endDate: '2027-01-01',
    });
    expect(bounds(cycleBoundsAt(d('2027-01-10T12:00:00Z'), 'UTC', 15, 1)).startDate).toBe('2027-01-15');
  });

  it('spring-forward and fall-back inside a cycle (New York, start day 1)', () => {
    const march = cycleBoundsAt(d('2027-03-20T12:00:00Z'), 'America/New_York', 1);
    expect(bounds(march)).toEqual({
      start: '2027-03-01T05:00:00.000Z',
      end: '2027-04-01T04:00:00.000Z',
      startDate: '2027-03-01',
      endDate: '2027-04-01',
    });
    expect(march.end.getTime() - march.start.getTime()).toBe((31 * 24 - 1) * 3_600_000);
    expect(datesInRange(march.startDate, march.endDate)).toHaveLength(31);

    const november = cycleBoundsAt(d('2027-11-07T06:30:00Z'), 'America/New_York', 1);
    expect(bounds(november)).toEqual({
      start: '2027-11-01T04:00:00.000Z',
      end: '2027-12-01T05:00:00.000Z',
      startDate: '2027-11-01',
      endDate: '2027-12-01',
    });
    expect(november.end.getTime() - november.start.getTime()).toBe((30 * 24 + 1) * 3_600_000);
    expect(datesInRange(november.startDate, november.endDate)).toHaveLength(30);
  });

  it('30-minute DST inside a cycle (Lord Howe, start day 1)', () => {
    const october = cycleBoundsAt(d('2027-10-10T00:00:00Z'), 'Australia/Lord_Howe', 1);
    expect(bounds(october)).toEqual({
      start: '2027-09-30T13:30:00.000Z',
      end: '2027-10-31T13:00:00.000Z',
      startDate: '2027-10-01',
      endDate: '2027-11-01',
    });
    expect(october.end.getTime() - october.start.getTime()).toBe(31 * 86_400_000 - 30 * 60_000);
  });

  it('spring-forward on the cycle start with midnight skipped (Santiago, start day 5)', () => {
    // 2027-09-04T23:59:59 -04 is the last second of the August cycle; 01:00 -03 the first of September's.
    expect(bounds(cycleBoundsAt(d('2027-09-05T03:59:59Z'), 'America/Santiago', 5))).toEqual({
      start: '2027-08-05T04:00:00.000Z',
      end: '2027-09-05T04:00:00.000Z',
      startDate: '2027-08-05',
      endDate: '2027-09-05',
    });
    const september = cycleBoundsAt(d('2027-09-05T04:00:00Z'), 'America/Santiago', 5);
    expect(bounds(september)).toEqual({
      start: '2027-09-05T04:00:00.000Z',
      end: '2027-10-05T03:00:00.000Z',
      startDate: '2027-09-05',
      endDate: '2027-10-05',
    });
    expect(datesInRange(september.startDate, september.endDate)).toHaveLength(30);
    expect(september.end.getTime() - september.start.getTime()).toBe((30 * 24 - 1) * 3_600_000);
  });

  it('spring-forward on the cycle start with midnight skipped (Havana, start day 14)', () => {
    expect(bounds(cycleBoundsOfStartDate('2027-03-14', 'America/Havana', 14))).toEqual({
      start: '2027-03-14T05:00:00.000Z',
      end: '2027-04-14T04:00:00.000Z',
      startDate: '2027-03-14',
      endDate: '2027-04-14',
    });
    expect(bounds(cycleBoundsAt(d('2027-03-14T04:59:59Z'), 'America/Havana', 14))).toEqual({
      start: '2027-02-14T05:00:00.000Z',
      end: '2027-03-14T05:00:00.000Z',
      startDate: '2027-02-14',
      endDate: '2027-03-14',
    });
    expect(cycleBoundsAt(d('2027-03-14T05:00:00Z'), 'America/Havana', 14).startDate).toBe('2027-03-14');
  });

  it('fall-back on the cycle start with midnight repeated (Havana, start day 7)', () => {
    const november = cycleBoundsOfStartDate('2027-11-07', 'America/Havana', 7);
    expect(bounds(november)).toEqual({
      start: '2027-11-07T04:00:00.000Z',
      end: '2027-12-07T05:00:00.000Z',
      startDate: '2027-11-07',
      endDate: '2027-12-07',
    });
    expect(cycleBoundsAt(d('2027-11-07T03:59:59Z'), 'America/Havana', 7).startDate).toBe('2027-10-07');
    expect(cycleBoundsAt(d('2027-11-07T04:00:00Z'), 'America/Havana', 7).startDate).toBe('2027-11-07');
    expect(cycleBoundsAt(d('2027-11-07T05:30:00Z'), 'America/Havana', 7).startDate).toBe('2027-11-07'); // 00:30 CST
    expect(iso(cycleBoundsOfStartDate('2027-10-07', 'America/Havana', 7).end)).toBe('2027-11-07T04:00:00.000Z');
  });

  it('DST day as the cycle start (Berlin, start day 28)', () => {
    expect(bounds(cycleBoundsOfStartDate('2027-03-28', 'Europe/Berlin', 28))).toEqual({
      start: '2027-03-27T23:00:00.000Z',
      end: '2027-04-27T22:00:00.000Z',
      startDate: '2027-03-28',
      endDate: '2027-04-28',
    });
  });

  it('start day 28 around month ends', () => {
    expect(cycleBoundsAt(d('2027-03-27T12:00:00Z'), 'UTC', 28).startDate).toBe('2027-02-28');
    expect(cycleBoundsAt(d('2027-03-28T00:00:00Z'), 'UTC', 28).startDate).toBe('2027-03-28');
    expect(cycleBoundsAt(d('2027-03-27T23:59:59Z'), 'UTC', 28).endDate).toBe('2027-03-28');
  });

  it('Kathmandu, +05:45 (start day 1)', () => {
    expect(bounds(cycleBoundsAt(d('2027-01-31T18:15:00Z'), 'Asia/Kathmandu', 1))).toEqual({
      start: '2027-01-31T18:15:00.000Z',
      end: '2027-02-28T18:15:00.000Z',
      startDate: '2027-02-01',
      endDate: '2027-03-01',
    });
    expect(cycleBoundsAt(d('2027-01-31T18:14:59Z'), 'Asia/Kathmandu', 1).startDate).toBe('2027-01-01');
  });

  it.each([
    // [cycle start date, cycleStartDay, number of days]
    ['2027-01-01', 1, 31],
    ['2027-02-01', 1, 28],
    ['2028-02-01', 1, 29], // leap year
    ['2027-04-01', 1, 30],
    ['2027-12-01', 1, 31],
    ['2027-01-28', 28, 31],
    ['2027-02-28', 28, 28],
    ['2028-02-28', 28, 29], // contains 2028-02-29
    ['2027-12-15', 15, 31],
  ])('the cycle starting %s (start day %d) has %d days', (startDate, day, days) => {
    const b = cycleBoundsOfStartDate(startDate, 'UTC', day);
    const dates = datesInRange(b.startDate, b.endDate);
    expect(dates).toHaveLength(days);
    expect(dates[0]).toBe(startDate);
    expect(dates[dates.length - 1]).toBe(addDays(b.endDate, -1));
    expect(b.end.getTime() - b.start.getTime()).toBe(days * 86_400_000);
  });

  it('leap day 2028-02-29 belongs to February (start day 1) and to the cycle of Feb 28 (start day 28)', () => {
    expect(bounds(cycleBoundsAt(d('2028-02-29T12:00:00Z'), 'UTC', 1))).toEqual({
      start: '2028-02-01T00:00:00.000Z',
      end: '2028-03-01T00:00:00.000Z',
      startDate: '2028-02-01',
      endDate: '2028-03-01',
    });
    expect(bounds(cycleBoundsAt(d('2028-02-29T12:00:00Z'), 'UTC', 28))).toEqual({
      start: '2028-02-28T00:00:00.000Z',
      end: '2028-03-28T00:00:00.000Z',
      startDate: '2028-02-28',
      endDate: '2028-03-28',
    });
  });

  it('rejects a start date that is not on cycleStartDay', () => {
    expect(() => cycleBoundsOfStartDate('2027-03-02', 'UTC', 1)).toThrow(RangeError);
  });
});

describe('datesInRange', () => {
  it('lists every date, end exclusive, across month and leap-day boundaries', () => {
    expect(datesInRange('2027-01-30', '2027-02-02')).toEqual(['2027-01-30', '2027-01-31', '2027-02-01']);
    expect(datesInRange('2028-02-27', '2028-03-02')).toEqual(['2028-02-27', '2028-02-28', '2028-02-29', '2028-03-01']);
    expect(datesInRange('2026-12-31', '2027-01-02')).toEqual(['2026-12-31', '2027-01-01']);
  });
  it('is empty for an empty or reversed range', () => {
    expect(datesInRange('2027-01-01', '2027-01-01')).toEqual([]);
    expect(datesInRange('2027-01-02', '2027-01-01')).toEqual([]);
  });
  it('includes a day the zone skipped (a zero in the daily series)', () => {
    expect(datesInRange('2011-12-29', '2012-01-01')).toEqual(['2011-12-29', '2011-12-30', '2011-12-31']);
  });
});

describe('ceilMinutes', () => {
  it.each([
    [0, 0],
    [1, 1],
    [59, 1],
    [60, 1],
    [61, 2],
    [120, 2],
    [121, 3],
    [3600, 60],
    [9_007_199_254_740_991, 150_119_987_579_017], // MAX_SAFE_INTEGER = 60 * 150119987579016 + 31
  ])('ceilMinutes(%d) = %d', (seconds, minutes) => {
    expect(ceilMinutes(seconds)).toBe(minutes);
  });
  it.each([-1, NaN, Infinity])('rejects %p', (seconds) => {
    expect(() => ceilMinutes(seconds)).toThrow(RangeError);
  });
});

// ---------------------------------------------------------------------------------------------
// The offset cache against Intl, straight.

const ZONES = [
  'Australia/Lord_Howe',
  'Asia/Kathmandu',
  'America/Santiago',
  'America/Havana',
  'Europe/Berlin',
  'America/New_York',
  'Pacific/Apia',
  'UTC',
];

const referenceFormatters = new Map<string, Intl.DateTimeFormat>();
function referenceDate(ms: number, timeZone: string): string {
  let f = referenceFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
    referenceFormatters.set(timeZone, f);
  }
  const p: Record<string, string> = {};
  for (const part of f.formatToParts(ms)) p[part.type] = part.value;
  return `${p.year}-${p.month}-${p.day}`;
}

const offsetFormatters = new Map<string, Intl.DateTimeFormat>();
/** "GMT+05:45" -> 345 (minutes), straight from Intl. */
function referenceOffsetMinutes(ms: number, timeZone: string): number {
  let f = offsetFormatters.get(timeZone);
  if (!f) {
    f = new Intl.DateTimeFormat('en-US', { timeZone, timeZoneName: 'longOffset' });
    offsetFormatters.set(timeZone, f);
  }
  const name = f.formatToParts(ms).find((p) => p.type === 'timeZoneName')!.value;
  const m = /^GMT(?:([+-])(\d{2}):(\d{2}))?$/.exec(name);
  if (!m) throw new Error(`unexpected offset ${name}`);
  return m[1] ? (m[1] === '-' ? -1 : 1) * (Number(m[2]) * 60 + Number(m[3])) : 0;
}

/** Offset transitions (exact second) of the zone in [from, to), found with Intl only. */
function transitions(timeZone: string, from: number, to: number): number[] {
  const found: number[] = [];
  const step = 86_400_000;
  for (let t = from; t < to; t += step) {
    const before = referenceOffsetMinutes(t, timeZone);
    if (referenceOffsetMinutes(t + step, timeZone) === before) continue;
    let lo = t;
    let hi = t + step;
    while (hi - lo > 1000) {
      const mid = lo + Math.floor((hi - lo) / 2000) * 1000;
      if (referenceOffsetMinutes(mid, timeZone) === before) lo = mid;
      else hi = mid;
    }
    found.push(hi);
  }
  return found;
}

describe('offset cache is exact (checked against Intl directly)', () => {
  const FROM = Date.UTC(2015, 0, 1);
  const TO = Date.UTC(2035, 0, 1);

  it.each(ZONES)('%s: random instants 1900-2100, each with neighbours in the same and adjacent buckets', (tz) => {
    const random = seededRandom(0xc0ffee ^ tz.length);
    const lo = Date.UTC(1900, 0, 1);
    const hi = Date.UTC(2100, 0, 1);
    const mismatches: string[] = [];
    for (let i = 0; i < 4000; i++) {
      const base = lo + Math.floor(random() * (hi - lo));
      for (const ms of [base, base + Math.floor(random() * 900_000), base - Math.floor(random() * 1_800_000)]) {
        const got = localDateOf(new Date(ms), tz);
        const want = referenceDate(ms, tz);
        if (got !== want) mismatches.push(`${new Date(ms).toISOString()}: ${got} != ${want}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it.each(ZONES)('%s: instants around every offset transition 2015-2035', (tz) => {
    const found = transitions(tz, FROM, TO);
    if (tz === 'UTC') expect(found).toEqual([]);
    if (tz === 'America/New_York' || tz === 'Europe/Berlin') expect(found).toHaveLength(40);
    const mismatches: string[] = [];
    for (const t of found) {
      const probes = [t - 1000, t - 1, t, t + 1, t + 1000];
      for (let k = -6 * 3600; k <= 6 * 3600; k += 7 * 60 + 13) probes.push(t + k * 1000);
      for (const ms of probes) {
        const got = localDateOf(new Date(ms), tz);
        const want = referenceDate(ms, tz);
        if (got !== want) mismatches.push(`${new Date(ms).toISOString()}: ${got} != ${want}`);
      }
    }
    expect(mismatches).toEqual([]);
  });

  it.each(ZONES)('%s: zonedStartOfDay is the first instant of every day 2020-2030', (tz) => {
    const mismatches: string[] = [];
    let previous = -Infinity;
    for (let date = '2020-01-01'; date < '2031-01-01'; date = addDays(date, 1)) {
      const start = zonedStartOfDay(date, tz).getTime();
      if (referenceDate(start, tz) !== date)
        mismatches.push(`${date}: start ${new Date(start).toISOString()} is not on it`);
      if (referenceDate(start - 1, tz) !== addDays(date, -1))
        mismatches.push(`${date}: 1 ms before start is not the day before`);
      if (!(start > previous)) mismatches.push(`${date}: not after the previous day's start`);
      previous = start;
    }
    expect(mismatches).toEqual([]);
  });
});

it('100k localDateOf calls complete and stay consistent', () => {
  const base = Date.UTC(2027, 2, 1); // 2027-02-28 19:00 EST
  const seen = new Set<string>();
  let previous = '';
  let ordered = true;
  for (let i = 0; i < 100_000; i++) {
    const date = localDateOf(new Date(base + i * 37_000), 'America/New_York');
    if (date < previous) ordered = false;
    previous = date;
    seen.add(date);
  }
  // last instant: base + 3,699,963 s = 2027-04-12T19:46:03Z = 15:46:03 EDT
  expect(ordered).toBe(true);
  expect(previous).toBe('2027-04-12');
  expect(seen.size).toBe(1 + 31 + 12); // Feb 28, all of March, Apr 1-12
});
