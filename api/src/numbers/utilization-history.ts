/**
 * Utilization over time (DESIGN.md §5): the daily history and the run-out forecast. Pure functions,
 * no I/O; dates are local 'YYYY-MM-DD' strings of the organization.
 */
import { addDays, datesInRange } from '../common/calendar';

/** Utilization at the end of a local day: the last number operation of that day left it so. */
export interface UtilizationDay {
  day: string;
  inUse: number;
  total: number;
}

export interface UtilizationPointValue {
  date: string;
  inUse: number;
  total: number;
}

export interface RunOut {
  perDay: number;
  daysLeft: number | null;
  date: string | null;
}

export const HISTORY_DAYS = { min: 1, max: 400, default: 90 } as const;
/** The run-out rate is measured over this many days. */
export const RUN_OUT_WINDOW_DAYS = 30;

/** The first day a history of `days` days ending `today` (or the run-out) needs. */
export function firstDayNeeded(today: string, days: number): string {
  return addDays(today, -Math.max(days - 1, RUN_OUT_WINDOW_DAYS));
}

/**
 * Looks up "as at the end of day D" in the days that changed, oldest first: the latest one on or
 * before D; 0 and 0 before the first (the organization had no numbers, or did not exist).
 */
export function utilizationAtEndOf(rows: UtilizationDay[]): (date: string) => UtilizationDay {
  const none = { day: '', inUse: 0, total: 0 };
  return (date) => {
    let lo = 0;
    let hi = rows.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (rows[mid].day <= date) lo = mid + 1;
      else hi = mid;
    }
    return lo === 0 ? none : rows[lo - 1];
  };
}

/** One point per local day, the `days` days ending today, oldest first; today is `now` (the live figures). */
export function utilizationHistory(
  rows: UtilizationDay[],
  today: string,
  days: number,
  now: { inUse: number; total: number },
): UtilizationPointValue[] {
  const at = utilizationAtEndOf(rows);
  return datesInRange(addDays(today, -(days - 1)), addDays(today, 1)).map((date) => {
    if (date === today) return { date, inUse: now.inUse, total: now.total };
    const { inUse, total } = at(date);
    return { date, inUse, total };
  });
}

/**
 * perDay = (inUse now − inUse at the end of the day 30 days before today) / 30; daysLeft =
 * ceil(30 × available / growth) when it grows and numbers are left, 0 when none is left of a
 * non-empty pool, else null; date = today + daysLeft.
 */
export function runOutForecast(
  rows: UtilizationDay[],
  today: string,
  now: { inUse: number; total: number; available: number },
): RunOut {
  const growth = now.inUse - utilizationAtEndOf(rows)(addDays(today, -RUN_OUT_WINDOW_DAYS)).inUse;
  const perDay = growth / RUN_OUT_WINDOW_DAYS;
  let daysLeft: number | null = null;
  if (now.available === 0 && now.total > 0) daysLeft = 0;
  // ceil(a / b) on integers as floor((a + b − 1) / b): exact, no fraction to round.
  else if (growth > 0 && now.available > 0) {
    daysLeft = Math.floor((RUN_OUT_WINDOW_DAYS * now.available + growth - 1) / growth);
  }
  return { perDay, daysLeft, date: daysLeft === null ? null : addDays(today, daysLeft) };
}
