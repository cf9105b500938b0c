/**
 * The words of DESIGN §5's insight figures: a figure's change against the last cycle, the current
 * cycle's forecast, and when the available numbers run out. Each is written for the eye and for a
 * screen reader, and never relies on colour. Pure: no DOM, no I/O.
 */
import { msg, str } from '@lit/localize';
import { formatCount, formatDay, formatDecimal, formatPercent, formatUsage, type UsageKind } from './format';

export type ChangeDirection = 'up' | 'down' | 'none';

export interface ChangeWording {
  direction: ChangeDirection;
  /** What the card prints: "▲ 12% on the same days of the last cycle". */
  text: string;
  /** The part of `text` to stress: "▲ 12%" (or "No change"), so the card can set it in bold. */
  badge: string;
  /** The same for a screen reader, which may read "▲" as nothing: "up 12 percent on the same days …". */
  spoken: string;
}

const ARROWS: Record<Exclude<ChangeDirection, 'none'>, string> = { up: '▲', down: '▼' };

/**
 * A usage figure's change (`UsageTotal.changePercent`, billable against the comparable span of the
 * cycle before), or null when the API has none. CURRENT compares with the same days of the last
 * cycle; PAST with the whole cycle before it, and says "billable" because the past card shows totals.
 */
export function describeChange(
  changePercent: number | null | undefined,
  period: 'CURRENT' | 'PAST',
  locale?: string,
): ChangeWording | null {
  if (changePercent === null || changePercent === undefined || !Number.isFinite(changePercent)) return null;
  if (changePercent === 0) {
    const badge = period === 'CURRENT' ? msg('No change') : msg('No billable change');
    const text =
      period === 'CURRENT'
        ? msg(str`${badge} on the same days of the last cycle`)
        : msg(str`${badge} on the last cycle`);
    return { direction: 'none', text, badge, spoken: text.toLowerCase() };
  }
  const direction: ChangeDirection = changePercent > 0 ? 'up' : 'down';
  const size = Math.abs(changePercent);
  const badge = `${ARROWS[direction]} ${formatPercent(size, locale)}`;
  const spokenSize = formatDecimal(size, locale);
  if (period === 'CURRENT') {
    return {
      direction,
      text: msg(str`${badge} on the same days of the last cycle`),
      badge,
      spoken:
        direction === 'up'
          ? msg(str`up ${spokenSize} percent on the same days of the last cycle`)
          : msg(str`down ${spokenSize} percent on the same days of the last cycle`),
    };
  }
  return {
    direction,
    text: msg(str`Billable ${badge} on the last cycle`),
    badge,
    spoken:
      direction === 'up'
        ? msg(str`billable up ${spokenSize} percent on the last cycle`)
        : msg(str`billable down ${spokenSize} percent on the last cycle`),
  };
}

/** The current cycle's forecast in the figure's unit: "On track for 12,400 minutes"; null without one. */
export function describeForecast(type: UsageKind, forecast: number | null | undefined, locale?: string): string | null {
  if (forecast === null || forecast === undefined) return null;
  const target = formatUsage(type, forecast, locale);
  return msg(str`On track for ${target}`);
}

export interface RunOut {
  /** Numbers taken into use a day over the last 30 days (may be 0 or negative). */
  perDay: number;
  /** Days until none is available at that rate; 0 when none is; null when not being used up. */
  daysLeft: number | null | undefined;
  /** YYYY-MM-DD: today + daysLeft, in the organization's timezone. */
  date: string | null | undefined;
}

/**
 * The run-out sentence: "At the recent rate of 0.3 numbers a day, the 12 available numbers last about
 * 45 days, until 16 Jan." `today` (YYYY-MM-DD) lets the date leave out the year when it is this year's.
 */
export function describeRunOut(runOut: RunOut, available: number, locale?: string, today?: string): string {
  const { perDay, daysLeft, date } = runOut;
  if (daysLeft === 0) return msg('No numbers are available.');
  if (daysLeft === null || daysLeft === undefined) return msg('Numbers are not being used up at the recent rate.');
  const rate = formatDecimal(perDay, locale, Math.abs(perDay) < 0.1 ? 2 : 1);
  const atRate =
    perDay === 1
      ? msg(str`At the recent rate of ${rate} number a day`)
      : msg(str`At the recent rate of ${rate} numbers a day`);
  const availableCount = formatCount(available, locale);
  const stock =
    available === 1 ? msg('the 1 available number lasts') : msg(str`the ${availableCount} available numbers last`);
  const dayCount = formatCount(daysLeft, locale);
  const days = daysLeft === 1 ? msg('1 day') : msg(str`${dayCount} days`);
  const runOutDay = date ? formatRunOutDate(date, locale, today) : '';
  const until = date ? msg(str`, until ${runOutDay}`) : '';
  return msg(str`${atRate}, ${stock} about ${days}${until}.`);
}

function formatRunOutDate(date: string, locale: string | undefined, today: string | undefined): string {
  const sameYear = today !== undefined && today.slice(0, 4) === date.slice(0, 4);
  return formatDay(
    date,
    locale,
    sameYear ? { day: 'numeric', month: 'short' } : { day: 'numeric', month: 'short', year: 'numeric' },
  );
}
