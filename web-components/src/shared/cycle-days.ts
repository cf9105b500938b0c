/**
 * Calendar days of a billing cycle in the organization's timezone, and the series the usage chart
 * draws over them: measured days, the projection to the cycle's end, the past cycle by day of cycle.
 * Pure: no DOM, no I/O. Days are "YYYY-MM-DD" strings, as the API answers them.
 */
import type { UsagePoint } from './usage';

const ISO_DAY = /^(\d{4})-(\d{2})-(\d{2})$/;
const DAY_MS = 86_400_000;

/** The local calendar day on which `instant` falls in `timeZone` (UTC when the zone is unknown). */
export function localDay(instant: string | Date, timeZone: string): string {
  const date = typeof instant === 'string' ? new Date(instant) : instant;
  let parts: Intl.DateTimeFormatPart[];
  try {
    parts = dayFormat(timeZone).formatToParts(date);
  } catch {
    parts = dayFormat('UTC').formatToParts(date);
  }
  const part = (type: string) => parts.find((entry) => entry.type === type)?.value ?? '';
  return `${part('year')}-${part('month')}-${part('day')}`;
}

function dayFormat(timeZone: string): Intl.DateTimeFormat {
  // en-CA with 2-digit parts gives ASCII digits whatever the page's locale; the parts are joined by hand.
  return new Intl.DateTimeFormat('en-CA', { timeZone, year: 'numeric', month: '2-digit', day: '2-digit' });
}

/** `day` moved by `count` calendar days (no timezone involved: calendar arithmetic). */
export function addDays(day: string, count: number): string {
  const match = ISO_DAY.exec(day);
  if (!match) return day;
  const moved = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])) + count * DAY_MS);
  return moved.toISOString().slice(0, 10);
}

/** Whole calendar days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: string, to: string): number {
  return Math.round((Date.parse(`${to}T00:00:00Z`) - Date.parse(`${from}T00:00:00Z`)) / DAY_MS);
}

/**
 * Every local day of a cycle, oldest first: from the day `start` falls on to the day before `end`
 * (which is exclusive, at local midnight), in the organization's `timeZone`. Empty without a start
 * or when the bounds make no sense.
 */
export function cycleDays(start: string | null | undefined, end: string, timeZone: string): string[] {
  if (!start || Number.isNaN(Date.parse(start)) || Number.isNaN(Date.parse(end))) return [];
  const first = localDay(start, timeZone);
  const last = addDays(localDay(end, timeZone), -1);
  const count = daysBetween(first, last) + 1;
  // A cycle is a month; anything else means the bounds are not what this function expects.
  if (!(count > 0 && count <= 31)) return [];
  return Array.from({ length: count }, (_, index) => addDays(first, index));
}

/**
 * The chart's x axis: the whole cycle, so the line visibly stops at today. Measured days outside the
 * computed span (an unknown timezone, say) are kept, so nothing the API answered is dropped.
 */
export function chartAxisDays(cycle: readonly string[], measured: readonly UsagePoint[]): string[] {
  const days = new Set(cycle);
  for (const point of measured) days.add(point.date);
  return [...days].sort();
}

/** Values per axis day: the measured billable and total, null on days not measured (the future). */
export function measuredOnAxis(
  days: readonly string[],
  measured: readonly UsagePoint[],
): { billable: (number | null)[]; total: (number | null)[] } {
  const byDay = new Map(measured.map((point) => [point.date, point]));
  return {
    billable: days.map((day) => byDay.get(day)?.billable ?? null),
    total: days.map((day) => byDay.get(day)?.total ?? null),
  };
}

export interface ProjectionInput {
  /** The chart's axis days, oldest first. */
  days: readonly string[];
  /** Today: the last measured day (the CURRENT series ends today). */
  today: string;
  /** Billable usage measured today so far. */
  billableToday: number;
  /** The API's expected(d) for each day after today (`UsageTotal.expectedDays`); null without a forecast. */
  expectedDays: readonly { date: string; expected: number }[] | null | undefined;
}

/**
 * The dashed projection, per axis day: null up to yesterday, today's measured billable at today (so
 * the dashed line starts where the measured one stops), then each later day's expected(d) as the API
 * answers it (DESIGN §5: the mean of that weekday's recent days), so weekends look like weekends. All
 * null without expected days or a future day.
 */
export function projectionOnAxis({ days, today, billableToday, expectedDays }: ProjectionInput): (number | null)[] {
  const todayIndex = days.indexOf(today);
  if (todayIndex < 0 || !expectedDays?.length) return days.map(() => null);
  const expectedByDay = new Map(expectedDays.map((day) => [day.date, day.expected]));
  return days.map((day, index) =>
    index < todayIndex ? null : index === todayIndex ? billableToday : (expectedByDay.get(day) ?? null),
  );
}

/** A past-cycle day placed on the current cycle's axis by its day of cycle. */
export interface AlignedPastDay {
  value: number;
  /** The past cycle's own date, for the tooltip and the table. */
  date: string;
}

/**
 * The past cycle's billable per axis position, aligned by day of cycle: its first day under the
 * current cycle's first day, and so on. Days beyond the current cycle's length are left out; axis
 * days the past cycle did not have (it was shorter) are null.
 */
export function pastOnAxis(dayCount: number, past: readonly UsagePoint[]): (AlignedPastDay | null)[] {
  const ordered = [...past].sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  return Array.from({ length: dayCount }, (_, index) => {
    const point = ordered[index];
    return point ? { value: point.billable, date: point.date } : null;
  });
}
