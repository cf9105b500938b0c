/** Number, unit and date formatting shared by every widget. Pure: no DOM, no I/O. */
import { msg, str } from '@lit/localize';

export type UsageKind = 'VOICE' | 'MESSAGE' | 'DATA';

// Decimal units as the product shows them (KB, not Intl's "kB"); 1 KB = 1000 B.
const DECIMAL_BYTE_UNITS = [
  { unit: 'B', size: 1 },
  { unit: 'KB', size: 1e3 },
  { unit: 'MB', size: 1e6 },
  { unit: 'GB', size: 1e9 },
  { unit: 'TB', size: 1e12 },
  { unit: 'PB', size: 1e15 },
] as const;

const formatterCache = new Map<string, Intl.NumberFormat>();

/** Intl.NumberFormat is costly to build; widgets format hundreds of figures per render. */
function numberFormat(locale: string | undefined, options: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale ?? ''}|${JSON.stringify(options)}`;
  let format = formatterCache.get(key);
  if (!format) {
    try {
      format = new Intl.NumberFormat(locale || undefined, options);
    } catch {
      // An invalid `locale` attribute must not break the widget: fall back to the browser's.
      format = new Intl.NumberFormat(undefined, options);
    }
    formatterCache.set(key, format);
  }
  return format;
}

/** A plain count (users, numbers), grouped per locale: 12,345. */
export function formatCount(value: number, locale?: string): string {
  return numberFormat(locale, { maximumFractionDigits: 0 }).format(value);
}

/** Billable or total voice in minutes: "1,234 minutes"; `fractionDigits` decimals (default none). */
export function formatMinutes(minutes: number, locale?: string, fractionDigits = 0): string {
  return numberFormat(locale, {
    style: 'unit',
    unit: 'minute',
    unitDisplay: 'long',
    minimumFractionDigits: fractionDigits,
    maximumFractionDigits: fractionDigits,
  }).format(minutes);
}

/**
 * Rated voice seconds as minutes (DESIGN §8): whole minutes as they are ("67 minutes"), any other
 * amount with one decimal ("63.5 minutes"), so a 30/6 or per-second bill reads as the invoice does.
 */
export function formatVoiceSeconds(seconds: number, locale?: string): string {
  return formatMinutes(seconds / 60, locale, seconds % 60 === 0 ? 0 : 1);
}

/** A carrier's name for the voice rule the figures are billed by: "billed 30/6". */
export function formatRating(rating: { voiceInitialSeconds: number; voiceIncrementSeconds: number }): string {
  const { voiceInitialSeconds: initial, voiceIncrementSeconds: increment } = rating;
  return msg(str`billed ${initial}/${increment}`);
}

/** Message count: "1 message", "12,345 messages". */
export function formatMessages(messages: number, locale?: string): string {
  const count = formatCount(messages, locale);
  return messages === 1 ? msg(str`${count} message`) : msg(str`${count} messages`);
}

/** Picks the largest decimal unit (1 KB = 1000 B) that keeps the value at 1 or more. */
export function decimalByteUnit(bytes: number): { unit: (typeof DECIMAL_BYTE_UNITS)[number]['unit']; size: number } {
  const magnitude = Math.abs(bytes);
  let chosen: (typeof DECIMAL_BYTE_UNITS)[number] = DECIMAL_BYTE_UNITS[0];
  for (const candidate of DECIMAL_BYTE_UNITS) {
    if (magnitude >= candidate.size) chosen = candidate;
  }
  return chosen;
}

/** Data volume in decimal units per locale: "999 B", "1.5 KB", "12.3 GB". */
export function formatBytes(bytes: number, locale?: string): string {
  const { unit, size } = decimalByteUnit(bytes);
  const scaled = bytes / size;
  const fractionDigits = unit === 'B' ? 0 : Math.abs(scaled) < 10 ? 2 : 1;
  return `${numberFormat(locale, { maximumFractionDigits: fractionDigits }).format(scaled)} ${unit}`;
}

/** A usage quantity in the unit the API reports for its type. */
export function formatUsage(type: UsageKind, value: number, locale?: string): string {
  switch (type) {
    case 'VOICE':
      // Minutes from rated seconds may be fractional: one decimal then (DESIGN §8).
      return formatMinutes(value, locale, Number.isInteger(value) ? 0 : 1);
    case 'MESSAGE':
      return formatMessages(value, locale);
    case 'DATA':
      return formatBytes(value, locale);
  }
}

/** A short axis label: no unit words for minutes and messages, decimal units for bytes. */
export function formatAxisValue(type: UsageKind, value: number, locale?: string): string {
  if (type === 'DATA') return formatBytes(value, locale);
  return numberFormat(locale, { notation: 'compact', maximumFractionDigits: 1 }).format(value);
}

/** A plain decimal with at most `fractionDigits` digits after the separator: 0.25 → "0.3" (1 digit). */
export function formatDecimal(value: number, locale?: string, fractionDigits = 1): string {
  return numberFormat(locale, { maximumFractionDigits: fractionDigits }).format(value);
}

/** A percentage given on a 0–100 scale: 61.5 → "61.5%"; `fractionDigits` at most (default 1). */
export function formatPercent(percent: number, locale?: string, fractionDigits = 1): string {
  return numberFormat(locale, { style: 'percent', maximumFractionDigits: fractionDigits }).format(percent / 100);
}

/**
 * A `Money` amount (a decimal string with the currency's minor digits) in `currency`: "$1,234.56".
 * Intl formats the string as the decimal it is (NumberFormat v3), never through a binary float, so
 * 16 or more digits stay exact; an older engine converts it to a number, exact up to 15 digits.
 */
export function formatMoney(amount: string, currency: string, locale?: string): string {
  return numberFormat(locale, { style: 'currency', currency }).format(amount as unknown as number);
}

/** An org-local calendar day "YYYY-MM-DD", formatted without shifting it through a timezone. */
export function formatDay(
  isoDay: string,
  locale?: string,
  options: Intl.DateTimeFormatOptions = { month: 'short', day: 'numeric' },
): string {
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(isoDay);
  if (!match) return isoDay;
  const date = new Date(Date.UTC(Number(match[1]), Number(match[2]) - 1, Number(match[3])));
  return dateFormat(locale, { ...options, timeZone: 'UTC' }).format(date);
}

/**
 * A cycle's span for a caption: "Nov 1 – Nov 30, 2026". `end` is exclusive in the API, so the last
 * day shown is the instant just before it, in the viewer's timezone.
 */
export function formatCycleRange(
  start: string | null | undefined,
  end: string,
  locale?: string,
  timeZone?: string,
): string {
  const endDate = new Date(new Date(end).getTime() - 1);
  const options: Intl.DateTimeFormatOptions = { year: 'numeric', month: 'short', day: 'numeric', timeZone };
  if (!start) {
    const last = dateFormat(locale, options).format(endDate);
    return msg(str`until ${last}`);
  }
  const startDate = new Date(start);
  const format = dateFormat(locale, options) as Intl.DateTimeFormat & { formatRange?: (a: Date, b: Date) => string };
  return typeof format.formatRange === 'function'
    ? format.formatRange(startDate, endDate)
    : `${format.format(startDate)} – ${format.format(endDate)}`;
}

/**
 * An instant (ISO-8601) as a date and time in `timeZone` (the organization's), naming the zone so the
 * reader knows which clock it is: "Nov 5, 2026, 2:32 PM UTC".
 */
export function formatInstant(instant: string, locale?: string, timeZone?: string): string {
  const date = new Date(instant);
  if (Number.isNaN(date.getTime())) return instant;
  const options: Intl.DateTimeFormatOptions = {
    year: 'numeric',
    month: 'short',
    day: 'numeric',
    hour: 'numeric',
    minute: '2-digit',
    timeZone,
    timeZoneName: 'short',
  };
  return dateFormat(locale, options).format(date);
}

function dateFormat(locale: string | undefined, options: Intl.DateTimeFormatOptions): Intl.DateTimeFormat {
  try {
    return new Intl.DateTimeFormat(locale || undefined, options);
  } catch {
    try {
      return new Intl.DateTimeFormat(undefined, options);
    } catch {
      // An unknown timeZone: show the instant in the browser's own zone rather than nothing.
      const { timeZone: _ignored, ...rest } = options;
      return new Intl.DateTimeFormat(undefined, rest);
    }
  }
}
