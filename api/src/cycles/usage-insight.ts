/**
 * The comparison and forecast rules of DESIGN.md §5 "Insight". Pure functions, no I/O; dates are
 * local 'YYYY-MM-DD' strings of the queried organization.
 */
import { addDays, datesInRange, weekdayOf } from '../common/calendar';

/**
 * 100 × (billable − previous) / previous, rounded half away from zero to one decimal; null when
 * previous is 0 or null. Exact: computed on integers (BigInt), so 12.25 % never becomes 12.2 by a
 * binary fraction, whatever the size of the amounts.
 */
export function changePercent(billable: number, previous: number | null): number | null {
  if (previous === null || previous === 0) return null;
  const tenthsTimesPrevious = 1000n * (BigInt(billable) - BigInt(previous));
  const divisor = BigInt(previous);
  const magnitude = tenthsTimesPrevious < 0n ? -tenthsTimesPrevious : tenthsTimesPrevious;
  let tenths = magnitude / divisor;
  if (2n * (magnitude % divisor) >= divisor) tenths += 1n;
  const signed = Number(tenths) / 10;
  return tenthsTimesPrevious < 0n && signed !== 0 ? -signed : signed;
}

export interface ForecastInput {
  /** Today, in the organization's time zone. */
  today: string;
  /** The cycle's last local day (its end date minus one). */
  lastDay: string;
  /** The first local day with any recorded usage event in scope; null when there is none. */
  firstDayWithUsage: string | null;
  /** Billable so far in the cycle. */
  billableSoFar: number;
  /** Billable of one local day (0 for a day without usage). */
  billableOn(date: string): number;
  /**
   * Stored units per reported unit: 60 for VOICE (rated seconds in, minutes out, rounded once at the
   * end); 1 (the default) for the others.
   */
  unitDivisor?: number;
}

/** Most recent complete days of one weekday that count toward its mean. */
const WEEKS_OF_HISTORY = 4;
/**
 * Expected amounts are kept × 60: every mean divides a sum by 1 to 6 days (weekday means use up to 4
 * days; the fallback, needed only while fewer than 7 complete days exist, up to 6), so × 60 keeps
 * them whole and the forecast exact.
 */
const SCALE = 60n;

/**
 * The billable total the cycle is on track to reach at its end, weekday-aware (DESIGN.md §5):
 * billable so far + max(0, expected(today) − billable today) + Σ expected(d) over the days after
 * today, rounded half up; null when no complete day lies on or after the first day with usage.
 */
export function forecastCycleTotal(input: ForecastInput): number | null {
  const { today, firstDayWithUsage: first, billableOn } = input;
  if (first === null || first >= today) return null;
  return forecastFrom(input, expectedByWeekday(today, first, billableOn));
}

function forecastFrom(input: ForecastInput, expected: bigint[]): number {
  const { today, lastDay, billableOn } = input;
  const weekdayOf = (date: string) => weekdayIndex(date);
  const todayShortfall = expected[weekdayOf(today)] - SCALE * BigInt(billableOn(today));
  let total = SCALE * BigInt(input.billableSoFar) + (todayShortfall > 0n ? todayShortfall : 0n);
  for (const date of datesInRange(addDays(today, 1), addDays(lastDay, 1))) total += expected[weekdayOf(date)];
  const divisor = SCALE * BigInt(input.unitDivisor ?? 1);
  return Number((total + divisor / 2n) / divisor);
}

/** expected(d) of one local day, in the reported unit. */
export interface ExpectedDay {
  date: string;
  expected: number;
}

/**
 * expected(d) of DESIGN.md §5 for each day after today up to the cycle's last day, oldest first, in the
 * reported unit and unrounded (a mean): the days the forecast sums, so a chart can draw their weekly
 * shape. Null exactly when the forecast is; empty on the cycle's last day.
 */
export function expectedDaysAfterToday(input: Omit<ForecastInput, 'billableSoFar'>): ExpectedDay[] | null {
  const { today, firstDayWithUsage: first, billableOn } = input;
  if (first === null || first >= today) return null;
  return expectedDaysFrom(input, expectedByWeekday(today, first, billableOn));
}

/** forecastCycleTotal and expectedDaysAfterToday of one input, its weekday means computed once. */
export function forecastWithExpectedDays(input: ForecastInput): {
  forecast: number | null;
  expectedDays: ExpectedDay[] | null;
} {
  const { today, firstDayWithUsage: first, billableOn } = input;
  if (first === null || first >= today) return { forecast: null, expectedDays: null };
  const expected = expectedByWeekday(today, first, billableOn);
  return { forecast: forecastFrom(input, expected), expectedDays: expectedDaysFrom(input, expected) };
}

function expectedDaysFrom(input: Omit<ForecastInput, 'billableSoFar'>, expected: bigint[]): ExpectedDay[] {
  const { today, lastDay } = input;
  const divisor = Number(SCALE) * (input.unitDivisor ?? 1);
  return datesInRange(addDays(today, 1), addDays(lastDay, 1)).map((date) => ({
    date,
    expected: Number(expected[weekdayIndex(date)]) / divisor,
  }));
}

/** expected(d) × 60 for each weekday (0 = Sunday), from the complete days before today. */
function expectedByWeekday(today: string, first: string, billableOn: (date: string) => number): bigint[] {
  const sums: bigint[] = Array.from({ length: 7 }, () => 0n);
  const counts: number[] = Array.from({ length: 7 }, () => 0);
  // The 4 × 7 days before today hold each weekday's 4 most recent complete days.
  const todayWeekday = weekdayOf(today);
  for (let back = 1; back <= WEEKS_OF_HISTORY * 7; back++) {
    const date = addDays(today, -back);
    if (date < first) break;
    const w = (todayWeekday + 7 * WEEKS_OF_HISTORY - back) % 7;
    sums[w] += BigInt(billableOn(date));
    counts[w] += 1;
  }
  let fallback: bigint | null = null;
  const meanOfAllCompleteDays = (): bigint => {
    // Reached only when some weekday has no complete day, i.e. fewer than 7 complete days exist.
    const days = datesInRange(first, today);
    return (SCALE * days.reduce((sum, d) => sum + BigInt(billableOn(d)), 0n)) / BigInt(days.length);
  };
  return sums.map((sum, w) => {
    if (counts[w] > 0) return (SCALE * sum) / BigInt(counts[w]);
    fallback ??= meanOfAllCompleteDays();
    return fallback;
  });
}

/** 0 = Sunday … 6 = Saturday, of a local date. */
export const weekdayIndex = weekdayOf;
