/**
 * The bill's words on the cycle card (DESIGN §9): how much of each allowance is used, and the cycle's
 * charges with their breakdown. Written for the eye and for a screen reader, never relying on colour.
 * Pure: no DOM, no I/O.
 */
import { msg, str } from '@lit/localize';
import {
  formatBytes,
  formatCount,
  formatDecimal,
  formatMessages,
  formatMinutes,
  formatMoney,
  formatPercent,
  type UsageKind,
} from '../shared/format';

/** A `UsageTotal` of the current cycle, as far as the allowance goes. */
export interface AllowanceFigures {
  type: UsageKind;
  billable: number;
  billableSeconds?: number | null;
  allowance?: number | null;
  percentUsed?: number | null;
  forecastPercent?: number | null;
}

export interface AllowanceWording {
  /** What the card prints: "412 of 1,000 minutes (41%)"; past the allowance "(110%, over allowance)". */
  text: string;
  /** The meter's aria-valuetext: "412 of 1,000 minutes used, 41%". */
  spoken: string;
  /** The meter's value, percent used within 0–100: the bar is full past the allowance, the words say by how much. */
  meterValue: number;
  over: boolean;
  /** "on track for 87%", or null without a forecast. */
  forecast: string | null;
}

/** The use of one type's allowance, or null when it has none (no plan, or nothing included: allowance 0). */
export function describeAllowance(total: AllowanceFigures, locale?: string): AllowanceWording | null {
  const { allowance, percentUsed, forecastPercent } = total;
  if (!allowance || percentUsed === null || percentUsed === undefined) return null;
  const { used, included, over } = usedAndIncluded(total, allowance, locale);
  // Whole percent, as a plan's statement shows it ("41%"); the API's one decimal is in the meter's value.
  const shown = formatPercent(percentUsed, locale, 0);
  const percent = over ? msg(str`${shown}, over allowance`) : shown;
  return {
    text: msg(str`${used} of ${included} (${percent})`),
    spoken: msg(str`${used} of ${included} used, ${percent}`),
    meterValue: Math.min(100, Math.max(0, percentUsed)),
    over,
    forecast:
      forecastPercent === null || forecastPercent === undefined
        ? null
        : onTrackForText(formatPercent(forecastPercent, locale, 0)),
  };
}

/** "on track for 87%", "on track for $2,345.67". */
function onTrackForText(target: string): string {
  return msg(str`on track for ${target}`);
}

/**
 * The amount used without its unit and the allowance with it ("412", "1,000 minutes"); data in its
 * decimal unit on both sides ("1.2 GB", "5 GB"). Voice from its rated seconds, with one decimal when
 * they are not whole minutes (DESIGN §8). Over is decided on the exact figures, not the rounded percent.
 */
function usedAndIncluded(
  total: AllowanceFigures,
  allowance: number,
  locale: string | undefined,
): { used: string; included: string; over: boolean } {
  switch (total.type) {
    case 'VOICE': {
      const seconds = total.billableSeconds ?? total.billable * 60;
      return {
        used: formatDecimal(seconds / 60, locale, seconds % 60 === 0 ? 0 : 1),
        included: formatMinutes(allowance, locale),
        over: seconds > allowance * 60,
      };
    }
    case 'MESSAGE':
      return {
        used: formatCount(total.billable, locale),
        included: formatMessages(allowance, locale),
        over: total.billable > allowance,
      };
    case 'DATA':
      return {
        used: formatBytes(total.billable, locale),
        included: formatBytes(allowance, locale),
        over: total.billable > allowance,
      };
  }
}

/** `Charges` as the API answers them: each `Money` a decimal string with the currency's minor digits. */
export interface ChargesFigures {
  currency: string;
  fixed: { amount: string };
  voice: { amount: string };
  message: { amount: string };
  data: { amount: string };
  total: { amount: string };
  forecastTotal?: { amount: string } | null;
}

export interface ChargesWording {
  /** "Charges so far $1,234.56 · on track for $2,345.67" (current), "Charges $1,234.56" (past). */
  summary: string;
  /** The breakdown: an English key (`data-charge`, stable in every language), its label and amount. */
  rows: [key: string, label: string, amount: string][];
}

/** The charges line and its breakdown; the current cycle's with its forecast when the API has one. */
export function describeCharges(charges: ChargesFigures, period: 'CURRENT' | 'PAST', locale?: string): ChargesWording {
  const money = (value: { amount: string }) => formatMoney(value.amount, charges.currency, locale);
  const total = money(charges.total);
  let summary = period === 'CURRENT' ? msg(str`Charges so far ${total}`) : msg(str`Charges ${total}`);
  if (period === 'CURRENT' && charges.forecastTotal) summary += ` · ${onTrackForText(money(charges.forecastTotal))}`;
  return {
    summary,
    rows: [
      ['fixed', msg('Fixed fees'), money(charges.fixed)],
      ['voice', msg('Voice'), money(charges.voice)],
      ['message', msg('Messages'), money(charges.message)],
      ['data', msg('Data'), money(charges.data)],
      ['total', msg('Total'), total],
    ],
  };
}
