/**
 * The report's ranges and table rules, pure so jest tests them: presets in the organization's local
 * days, the CSV address, and the day table's sorting and paging (breakdowns are sorted and paged by
 * the API).
 */

export type RangePreset = 'current-cycle' | 'past-cycle' | 'last-7-days' | 'last-30-days' | 'last-90-days' | 'custom';
export const RANGE_PRESETS: readonly RangePreset[] = [
  'current-cycle',
  'past-cycle',
  'last-7-days',
  'last-30-days',
  'last-90-days',
  'custom',
];
export type ReportBy = 'day' | 'user' | 'sub-organization';
export const REPORT_BYS: readonly ReportBy[] = ['day', 'user', 'sub-organization'];
export type SortKey = 'date' | 'VOICE' | 'MESSAGE' | 'DATA';

export interface DateRange {
  from: string;
  to: string;
}

/** The API's longest range (DESIGN §6). */
export const MAX_RANGE_DAYS = 731;
const MS_PER_DAY = 86_400_000;

const dayNumber = (date: string) =>
  Date.UTC(Number(date.slice(0, 4)), Number(date.slice(5, 7)) - 1, Number(date.slice(8, 10))) / MS_PER_DAY;
const formatDayNumber = (n: number) => new Date(n * MS_PER_DAY).toISOString().slice(0, 10);

export function addDays(date: string, days: number): string {
  return formatDayNumber(dayNumber(date) + days);
}

/** Today's date (YYYY-MM-DD) on the wall clock of `timeZone`. */
export function todayIn(timeZone: string, now: Date = new Date()): string {
  const parts = new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' })
    .formatToParts(now)
    .reduce<Record<string, string>>((acc, p) => ({ ...acc, [p.type]: p.value }), {});
  return `${parts.year}-${parts.month}-${parts.day}`;
}

/** The start date of the cycle containing `date`, for cycles starting on `cycleStartDay` (1–28). */
export function cycleStartOf(date: string, cycleStartDay: number): string {
  const year = Number(date.slice(0, 4));
  const month = Number(date.slice(5, 7));
  const pad = (n: number) => String(n).padStart(2, '0');
  if (Number(date.slice(8, 10)) >= cycleStartDay) return `${year}-${pad(month)}-${pad(cycleStartDay)}`;
  return month === 1 ? `${year - 1}-12-${pad(cycleStartDay)}` : `${year}-${pad(month - 1)}-${pad(cycleStartDay)}`;
}

/**
 * A preset's range, in local days: the current cycle from its start through today (no future days),
 * the past cycle whole, the last N days ending today. Null for `custom`.
 */
export function presetRange(preset: RangePreset, today: string, cycleStartDay: number): DateRange | null {
  switch (preset) {
    case 'current-cycle':
      return { from: cycleStartOf(today, cycleStartDay), to: today };
    case 'past-cycle': {
      const currentStart = cycleStartOf(today, cycleStartDay);
      return { from: cycleStartOf(addDays(currentStart, -1), cycleStartDay), to: addDays(currentStart, -1) };
    }
    case 'last-7-days':
      return { from: addDays(today, -6), to: today };
    case 'last-30-days':
      return { from: addDays(today, -29), to: today };
    case 'last-90-days':
      return { from: addDays(today, -89), to: today };
    default:
      return null;
  }
}

/** Why a custom range cannot be asked for, or null when it can. */
export function rangeProblem(range: Partial<DateRange>): 'missing' | 'reversed' | 'too-long' | null {
  const valid = (d: string | undefined) => !!d && /^\d{4}-\d{2}-\d{2}$/.test(d) && !Number.isNaN(dayNumber(d));
  if (!valid(range.from) || !valid(range.to)) return 'missing';
  if (range.to! < range.from!) return 'reversed';
  if (dayNumber(range.to!) - dayNumber(range.from!) + 1 > MAX_RANGE_DAYS) return 'too-long';
  return null;
}

/** The CSV export's address beside the GraphQL endpoint (DESIGN §6). */
export function csvUrl(endpoint: string, organizationId: string, range: DateRange, by: ReportBy): string {
  const url = new URL('/reports/usage.csv', endpoint);
  url.search = new URLSearchParams({ organizationId, from: range.from, to: range.to, by }).toString();
  return url.href;
}

export interface DayRow {
  date: string;
  VOICE: number;
  MESSAGE: number;
  DATA: number;
}

/** The day table's order: by date either way, or by a usage type's billable (then date ascending). */
export function sortDays(rows: readonly DayRow[], key: SortKey, direction: 'ascending' | 'descending'): DayRow[] {
  const sign = direction === 'ascending' ? 1 : -1;
  return [...rows].sort((a, b) => {
    if (key === 'date') return sign * (a.date < b.date ? -1 : a.date > b.date ? 1 : 0);
    return sign * (a[key] - b[key]) || (a.date < b.date ? -1 : 1);
  });
}
