/**
 * The local calendar: civil dates, time-zone offsets and billing-cycle boundaries in an organization's
 * IANA time zone (DESIGN.md §2 "Billing cycle", "Usage events", "Reported quantities"). Every layer
 * counts days and cycles with it, so it sits in common/ and knows no domain.
 *
 * Pure functions, no I/O, no dependency beyond `Intl`.
 *
 * Vocabulary:
 * - a *local date* is a `'YYYY-MM-DD'` string: a calendar day on the organization's wall clock;
 * - a cycle starts at 00:00 local time on `cycleStartDay` (1..28) and ends, exclusive, at 00:00
 *   local time on `cycleStartDay` of the next month. When 00:00 does not exist on that day (a DST
 *   gap at midnight, e.g. America/Santiago, America/Havana), the day - and the cycle - starts at the
 *   first instant after the gap (01:00 local in those zones). When 00:00 occurs twice (a fall-back
 *   from 01:00 to 00:00), the day starts at the first of them.
 *
 * Performance: `localDateOf` is on the ingestion hot path. `Intl.DateTimeFormat` instances are
 * cached per zone and the zone's UTC offset is cached per one-hour UTC bucket, so a call is a Map
 * lookup plus arithmetic. Offsets are exact, not assumed: a bucket is cached as "constant" only when
 * Intl reports the same offset at its first and last second; otherwise the transition second inside
 * the bucket is located by bisection against Intl and cached with both offsets (this also covers
 * historical transitions that are not on an hour boundary, e.g. from local mean time). A constant
 * bucket is cached as a bare number, not an object: a year of backfill in a few zones then keeps a
 * few thousand small integers in memory, not hundreds of thousands of objects for the garbage
 * collector to walk on every full collection.
 */

const MS_PER_SECOND = 1000;
const MS_PER_DAY = 86_400_000;
const BUCKET_MS = 60 * 60 * 1000;
/** Per-zone bound on cached buckets (~5.7 years of hours); the cache is reset when exceeded. */
const MAX_BUCKETS_PER_ZONE = 50_000;

// ---------------------------------------------------------------------------------------------
// Proleptic Gregorian calendar arithmetic (H. Hinnant's days_from_civil / civil_from_days).
// Day 0 is 1970-01-01.

function daysFromCivil(year: number, month: number, day: number): number {
  const y = month <= 2 ? year - 1 : year;
  const era = Math.floor(y / 400);
  const yoe = y - era * 400;
  const doy = Math.floor((153 * (month > 2 ? month - 3 : month + 9) + 2) / 5) + day - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146_097 + doe - 719_468;
}

interface Civil {
  year: number;
  month: number;
  day: number;
}

function civilFromDays(days: number): Civil {
  const z = days + 719_468;
  const era = Math.floor(z / 146_097);
  const doe = z - era * 146_097;
  const yoe = Math.floor((doe - Math.floor(doe / 1460) + Math.floor(doe / 36_524) - Math.floor(doe / 146_096)) / 365);
  const doy = doe - (365 * yoe + Math.floor(yoe / 4) - Math.floor(yoe / 100));
  const mp = Math.floor((5 * doy + 2) / 153);
  const day = doy - Math.floor((153 * mp + 2) / 5) + 1;
  const month = mp < 10 ? mp + 3 : mp - 9;
  return { year: yoe + era * 400 + (month <= 2 ? 1 : 0), month, day };
}

function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

function daysInMonth(year: number, month: number): number {
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return month === 4 || month === 6 || month === 9 || month === 11 ? 30 : 31;
}

const LOCAL_DATE_RE = /^(\d{4})-(\d{2})-(\d{2})$/;

function parseLocalDate(localDate: string): Civil {
  const m = typeof localDate === 'string' ? LOCAL_DATE_RE.exec(localDate) : null;
  if (m) {
    const year = Number(m[1]);
    const month = Number(m[2]);
    const day = Number(m[3]);
    if (month >= 1 && month <= 12 && day >= 1 && day <= daysInMonth(year, month)) return { year, month, day };
  }
  throw new RangeError(`Invalid local date (expected an existing YYYY-MM-DD date): ${String(localDate)}`);
}

function pad2(n: number): string {
  return n < 10 ? `0${n}` : `${n}`;
}

function formatCivil(year: number, month: number, day: number): string {
  if (!(year >= 0 && year <= 9999)) {
    throw new RangeError(`Date out of the supported range (years 0000-9999): year ${year}`);
  }
  const y = year >= 1000 ? `${year}` : `${year}`.padStart(4, '0');
  return `${y}-${pad2(month)}-${pad2(day)}`;
}

function formatDayNumber(days: number): string {
  const c = civilFromDays(days);
  return formatCivil(c.year, c.month, c.day);
}

function dayNumberOf(localDate: string): number {
  const c = parseLocalDate(localDate);
  return daysFromCivil(c.year, c.month, c.day);
}

/**
 * 0 = Sunday … 6 = Saturday, of a local date: from its day number (1970-01-01 was a Thursday), with no
 * Date parsed (the forecast asks it for every day it weighs, and parsing was a hot spot, issue 25).
 */
export function weekdayOf(localDate: string): number {
  return (((dayNumberOf(localDate) + 4) % 7) + 7) % 7;
}

function assertCycleStartDay(cycleStartDay: number): void {
  if (!Number.isInteger(cycleStartDay) || cycleStartDay < 1 || cycleStartDay > 28) {
    throw new RangeError(`cycleStartDay must be an integer from 1 to 28: ${String(cycleStartDay)}`);
  }
}

function assertInteger(name: string, value: number): void {
  if (!Number.isSafeInteger(value)) throw new RangeError(`${name} must be an integer: ${String(value)}`);
}

// ---------------------------------------------------------------------------------------------
// Time-zone offsets.

/**
 * Offset cache entry of a one-hour UTC bucket holding a transition: `before` applies to instants
 * < `at`, `after` from `at`.
 */
interface BucketOffset {
  before: number;
  at: number;
  after: number;
}

/** Marks a bucket with more than one transition (never seen in tz data): answered by Intl every time. */
const VOLATILE: BucketOffset = { before: NaN, at: NaN, after: NaN };

interface ZoneState {
  readonly formatter: Intl.DateTimeFormat;
  /** A number: the bucket's one offset; a BucketOffset: the bucket holds a transition. */
  readonly buckets: Map<number, number | BucketOffset>;
  /** Last local day number formatted, and its string: consecutive events mostly share a day. */
  lastDay: number;
  lastDate: string;
}

const zones = new Map<string, ZoneState>();
const invalidZones = new Set<string>();

function zoneState(timeZone: string): ZoneState {
  const cached = zones.get(timeZone);
  if (cached !== undefined) return cached;
  // Throws RangeError for a time zone Intl does not know.
  const formatter = new Intl.DateTimeFormat('en-US', {
    timeZone,
    hourCycle: 'h23',
    era: 'short',
    year: 'numeric',
    month: 'numeric',
    day: 'numeric',
    hour: 'numeric',
    minute: 'numeric',
    second: 'numeric',
    numberingSystem: 'latn',
  } as Intl.DateTimeFormatOptions);
  const state: ZoneState = { formatter, buckets: new Map(), lastDay: NaN, lastDate: '' };
  zones.set(timeZone, state);
  return state;
}

/** UTC offset (ms) of the zone at `ms`, straight from Intl (second resolution). */
function intlOffsetMs(zone: ZoneState, ms: number): number {
  const second = Math.floor(ms / MS_PER_SECOND) * MS_PER_SECOND;
  let year = 0;
  let month = 0;
  let day = 0;
  let hour = 0;
  let minute = 0;
  let sec = 0;
  let bc = false;
  for (const part of zone.formatter.formatToParts(second)) {
    switch (part.type) {
      case 'year':
        year = Number(part.value);
        break;
      case 'month':
        month = Number(part.value);
        break;
      case 'day':
        day = Number(part.value);
        break;
      case 'hour':
        hour = Number(part.value) % 24;
        break;
      case 'minute':
        minute = Number(part.value);
        break;
      case 'second':
        sec = Number(part.value);
        break;
      case 'era':
        bc = /^b/i.test(part.value);
        break;
      default:
        break;
    }
  }
  if (bc) year = 1 - year;
  const local = daysFromCivil(year, month, day) * MS_PER_DAY + hour * 3_600_000 + minute * 60_000 + sec * MS_PER_SECOND;
  return local - second;
}

function computeBucket(zone: ZoneState, bucket: number): number | BucketOffset {
  const first = bucket * BUCKET_MS;
  const last = first + BUCKET_MS - MS_PER_SECOND;
  const before = intlOffsetMs(zone, first);
  const afterAtEnd = intlOffsetMs(zone, last);
  if (before === afterAtEnd) return before;
  // Bisect (whole seconds) for the first second whose offset differs from `before`.
  let lo = first;
  let hi = last;
  while (hi - lo > MS_PER_SECOND) {
    const mid = lo + Math.floor((hi - lo) / (2 * MS_PER_SECOND)) * MS_PER_SECOND;
    if (intlOffsetMs(zone, mid) === before) lo = mid;
    else hi = mid;
  }
  const after = intlOffsetMs(zone, hi);
  return after === afterAtEnd ? { before, at: hi, after } : VOLATILE;
}

function offsetAt(zone: ZoneState, ms: number): number {
  const bucket = Math.floor(ms / BUCKET_MS);
  let entry = zone.buckets.get(bucket);
  if (entry === undefined) {
    entry = computeBucket(zone, bucket);
    if (zone.buckets.size >= MAX_BUCKETS_PER_ZONE) zone.buckets.clear();
    zone.buckets.set(bucket, entry);
  }
  if (typeof entry === 'number') return entry;
  if (entry === VOLATILE) return intlOffsetMs(zone, ms);
  return ms < entry.at ? entry.before : entry.after;
}

function instantMs(instant: Date): number {
  const ms = instant instanceof Date ? instant.getTime() : NaN;
  if (Number.isNaN(ms)) throw new RangeError('Invalid Date');
  return ms;
}

// ---------------------------------------------------------------------------------------------
// Public API.

/** True for every IANA zone name Intl accepts (incl. 'UTC' and Intl-accepted aliases); false otherwise. */
export function isValidTimeZone(timeZone: string): boolean {
  if (typeof timeZone !== 'string' || timeZone === '') return false;
  if (zones.has(timeZone)) return true;
  if (invalidZones.has(timeZone)) return false;
  try {
    zoneState(timeZone);
    return true;
  } catch {
    if (invalidZones.size < 1000) invalidZones.add(timeZone);
    return false;
  }
}

/** Calendar date ('YYYY-MM-DD') of `instant` on the wall clock of `timeZone`. Hot path. */
export function localDateOf(instant: Date, timeZone: string): string {
  const ms = instantMs(instant);
  const zone = zoneState(timeZone);
  const day = Math.floor((ms + offsetAt(zone, ms)) / MS_PER_DAY);
  if (day === zone.lastDay) return zone.lastDate;
  const date = formatDayNumber(day);
  zone.lastDay = day;
  zone.lastDate = date;
  return date;
}

/**
 * First instant of `localDate` in `timeZone`: 00:00 local; the first 00:00 when midnight occurs twice;
 * the first instant after the gap when 00:00 is skipped by a DST transition.
 */
export function zonedStartOfDay(localDate: string, timeZone: string): Date {
  const zone = zoneState(timeZone);
  const wall = dayNumberOf(localDate) * MS_PER_DAY; // 00:00 of that date, read as if it were UTC
  const offsets = [offsetAt(zone, wall - MS_PER_DAY), offsetAt(zone, wall), offsetAt(zone, wall + MS_PER_DAY)];
  let best = Infinity;
  for (const o of offsets) {
    const t = wall - o;
    if (t < best && offsetAt(zone, t) === o) best = t;
  }
  if (best !== Infinity) return new Date(best);
  // 00:00 falls in a gap: the day starts at the transition, the first instant whose wall clock is past
  // 00:00. Bisect on whole seconds with p(t) = (t + offset(t) >= wall): false at lo, true at hi.
  let lo = wall - Math.max(...offsets);
  let hi = wall - Math.min(...offsets);
  while (hi - lo > MS_PER_SECOND) {
    const mid = lo + Math.floor((hi - lo) / (2 * MS_PER_SECOND)) * MS_PER_SECOND;
    if (mid + offsetAt(zone, mid) >= wall) hi = mid;
    else lo = mid;
  }
  return new Date(hi);
}

/** `localDate` plus `days` (may be negative) calendar days. */
export function addDays(localDate: string, days: number): string {
  assertInteger('days', days);
  return formatDayNumber(dayNumberOf(localDate) + days);
}

/** Start date of the cycle containing `localDate`: `cycleStartDay` of its month, or of the month before. */
export function cycleStartDateOf(localDate: string, cycleStartDay: number): string {
  assertCycleStartDay(cycleStartDay);
  const { year, month, day } = parseLocalDate(localDate);
  if (day >= cycleStartDay) return formatCivil(year, month, cycleStartDay);
  return month === 1 ? formatCivil(year - 1, 12, cycleStartDay) : formatCivil(year, month - 1, cycleStartDay);
}

/**
 * The cycle start date `cycles` cycles (months) after (or, negative, before) `cycleStartDate`.
 * `cycleStartDate` must be a cycle start, i.e. fall on `cycleStartDay`.
 */
export function shiftCycleStartDate(cycleStartDate: string, cycles: number, cycleStartDay: number): string {
  assertCycleStartDay(cycleStartDay);
  assertInteger('cycles', cycles);
  const { year, month, day } = parseLocalDate(cycleStartDate);
  if (day !== cycleStartDay) {
    throw new RangeError(`${cycleStartDate} is not a cycle start date for cycleStartDay ${cycleStartDay}`);
  }
  const monthIndex = year * 12 + (month - 1) + cycles;
  const y = Math.floor(monthIndex / 12);
  return formatCivil(y, monthIndex - y * 12 + 1, cycleStartDay);
}

/** A billing cycle: [start, end) as instants and [startDate, endDate) as local dates. */
export interface CycleBounds {
  start: Date;
  end: Date;
  startDate: string;
  endDate: string;
}

/**
 * The cycle containing `at` (offsetCycles 0: CURRENT), or the one `offsetCycles` cycles away
 * (-1: PAST). The cycle containing `at` is the one of `at`'s local date in `timeZone`.
 */
export function cycleBoundsAt(at: Date, timeZone: string, cycleStartDay: number, offsetCycles = 0): CycleBounds {
  assertCycleStartDay(cycleStartDay);
  const containing = cycleStartDateOf(localDateOf(at, timeZone), cycleStartDay);
  return cycleBoundsOfStartDate(shiftCycleStartDate(containing, offsetCycles, cycleStartDay), timeZone, cycleStartDay);
}

/** Bounds of the cycle that starts on `cycleStartDate` (which must fall on `cycleStartDay`). */
export function cycleBoundsOfStartDate(cycleStartDate: string, timeZone: string, cycleStartDay: number): CycleBounds {
  const endDate = shiftCycleStartDate(cycleStartDate, 1, cycleStartDay);
  return {
    start: zonedStartOfDay(cycleStartDate, timeZone),
    end: zonedStartOfDay(endDate, timeZone),
    startDate: cycleStartDate,
    endDate,
  };
}

/** Every local date from `startDate` (inclusive) to `endDateExclusive` (exclusive); [] when empty. */
export function datesInRange(startDate: string, endDateExclusive: string): string[] {
  const first = dayNumberOf(startDate);
  const end = dayNumberOf(endDateExclusive);
  const dates: string[] = [];
  for (let d = first; d < end; d++) dates.push(formatDayNumber(d));
  return dates;
}

/** Billable minutes of a call: ceil(seconds / 60); 0 -> 0. */
export function ceilMinutes(seconds: number): number {
  if (!Number.isFinite(seconds) || seconds < 0) {
    throw new RangeError(`seconds must be a finite, non-negative number: ${String(seconds)}`);
  }
  // Exact for every safe integer: a non-multiple of 60 is at least 1/60 above an integer quotient,
  // more than half the spacing of doubles below 2^53 / 60, so the quotient never rounds down onto it.
  return Math.ceil(seconds / 60);
}
