import { DomainError } from '../common/domain-error';
import { CONTRACT_LIMITS } from '../common/contract';
import { addDays } from '../common/calendar';

/** How a range's series is bucketed (DESIGN §6). */
export enum Granularity {
  DAY = 'DAY',
  WEEK = 'WEEK',
  MONTH = 'MONTH',
}

export interface ReportRange {
  /** First local day, inclusive. */
  from: string;
  /** Last local day, inclusive. */
  to: string;
}

const MS_PER_DAY = 86_400_000;
const LOCAL_DATE = /^(\d{4})-(\d{2})-(\d{2})$/;

function dayNumber(date: string): number {
  return Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY;
}

/** Whether `text` is a real calendar date written YYYY-MM-DD (2027-02-30 is not). */
export function isLocalDate(text: unknown): text is string {
  const m = typeof text === 'string' ? LOCAL_DATE.exec(text) : null;
  if (!m) return false;
  const d = new Date(Date.UTC(Number(m[1]), Number(m[2]) - 1, Number(m[3])));
  return d.getUTCFullYear() === Number(m[1]) && d.getUTCMonth() === Number(m[2]) - 1 && d.getUTCDate() === Number(m[3]);
}

/** Days from `from` to `to`, both included. */
export function daysInRange({ from, to }: ReportRange): number {
  return dayNumber(to) - dayNumber(from) + 1;
}

/**
 * A report's range, checked: both real YYYY-MM-DD dates, from ≤ to, at most 731 days. A bad date
 * names its own field; a reversed or too long range names `to`.
 */
export function parseReportRange(from: unknown, to: unknown): ReportRange {
  if (!isLocalDate(from)) throw DomainError.invalidInput('from', `from must be a real date written YYYY-MM-DD`);
  if (!isLocalDate(to)) throw DomainError.invalidInput('to', `to must be a real date written YYYY-MM-DD`);
  if (to < from) throw DomainError.invalidInput('to', `to (${to}) must not be before from (${from})`);
  const max = CONTRACT_LIMITS.reportRangeDays;
  if (daysInRange({ from, to }) > max) {
    throw DomainError.invalidInput('to', `A report covers at most ${max} days (from and to included)`);
  }
  return { from, to };
}

/** The first day of the month after `date`'s. */
function nextMonthStart(date: string): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  return month === 12 ? `${year + 1}-01-01` : `${year}-${String(month + 1).padStart(2, '0')}-01`;
}

/**
 * The range as rollup pieces: whole calendar months inside it (MONTH rows) and the days left at
 * either end (DAY rows), so a year reads 12 month rows per user instead of 365 day rows.
 */
export function rangePieces({ from, to }: ReportRange): { months: string[]; days: ReportRange[] } {
  const months: string[] = [];
  const days: ReportRange[] = [];
  let monthStart = from.endsWith('-01') ? from : nextMonthStart(from);
  if (monthStart > to) return { months, days: [{ from, to }] };
  if (monthStart > from) days.push({ from, to: addDays(monthStart, -1) });
  for (;;) {
    const next = nextMonthStart(monthStart);
    if (addDays(next, -1) > to) break;
    months.push(monthStart);
    monthStart = next;
  }
  if (monthStart <= to) days.push({ from: monthStart, to });
  return { months, days };
}

/** The date a day's point is dated in a series: its ISO week's Monday or its month's first day, not before `from`. */
export function bucketOf(date: string, granularity: Granularity, from: string): string {
  if (granularity === Granularity.DAY) return date;
  let start: string;
  if (granularity === Granularity.MONTH) start = `${date.slice(0, 8)}01`;
  else {
    // 1970-01-01 was a Thursday: ISO weekday index 3 (Monday = 0).
    const weekday = (((dayNumber(date) + 3) % 7) + 7) % 7;
    start = addDays(date, -weekday);
  }
  return start < from ? from : start;
}

/** Every local day of the range, oldest first. */
export function datesOf({ from, to }: ReportRange): string[] {
  const dates: string[] = [];
  for (let d = from; d <= to; d = addDays(d, 1)) dates.push(d);
  return dates;
}
