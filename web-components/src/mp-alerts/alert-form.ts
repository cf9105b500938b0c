import { msg, str } from '@lit/localize';
import { CONTRACT_LIMITS } from '../../../api/src/common/contract';
import { formatPercent, formatUsage } from '../shared/format';

/** Checks of the alert and webhook forms, the same limits as the API's (plain functions, tested in jest). */

export type UsageKind = 'VOICE' | 'MESSAGE' | 'DATA';
export type Basis = 'ACTUAL' | 'FORECAST';
/** What the threshold counts: the type's unit, or a percentage of the plan's allowance (DESIGN §9). */
export type Measure = 'UNITS' | 'PERCENT_OF_ALLOWANCE';

/** DESIGN §9: an allowance alert's threshold is a whole percentage from 1 to 1,000 (the API's limit). */
export const ALLOWANCE_PERCENT_MAX = CONTRACT_LIMITS.allowancePercent.max;

export type ThresholdCheck = { valid: true; threshold: number } | { valid: false; message: string };

/** A whole number from 1 to 2^53 − 1 (the API's SafeInt). */
export function validateAlertThreshold(text: string): ThresholdCheck {
  const trimmed = text.trim();
  if (!/^\d+$/.test(trimmed)) return { valid: false, message: msg('Enter a whole number of 1 or more.') };
  const threshold = Number(trimmed);
  if (threshold < 1 || !Number.isSafeInteger(threshold)) {
    return { valid: false, message: msg('Enter a whole number from 1 to 9,007,199,254,740,991.') };
  }
  return { valid: true, threshold };
}

/** A whole percentage of the allowance from 1 to 1,000. */
export function validateAllowancePercent(text: string): ThresholdCheck {
  const trimmed = text.trim();
  const percent = Number(trimmed);
  if (!/^\d+$/.test(trimmed) || percent < 1 || percent > ALLOWANCE_PERCENT_MAX) {
    return { valid: false, message: msg('Enter a whole percentage from 1 to 1,000.') };
  }
  return { valid: true, threshold: percent };
}

/** An alert's threshold in its measure: "10,000 minutes", "5 GB", or "80% of allowance". */
export function describeThreshold(
  alert: { type: UsageKind; threshold: number; measure?: Measure | null },
  locale?: string,
): string {
  if (alert.measure !== 'PERCENT_OF_ALLOWANCE') return formatUsage(alert.type, alert.threshold, locale);
  const percent = formatPercent(alert.threshold, locale, 0);
  return msg(str`${percent} of allowance`);
}

/** The form's first check of a webhook URL; the API checks where it points. */
export function validateWebhookUrl(text: string): { valid: true; url: string } | { valid: false; message: string } {
  const trimmed = text.trim();
  if (!trimmed) return { valid: false, message: msg('Enter the URL that should receive the events.') };
  try {
    const url = new URL(trimmed);
    if (url.protocol !== 'https:' && url.protocol !== 'http:') {
      return { valid: false, message: msg('The URL must start with https://.') };
    }
  } catch {
    return { valid: false, message: msg('Enter a full URL, like https://hooks.example.com/portal.') };
  }
  return { valid: true, url: trimmed };
}

/** How a delivery stands, in words (the log's Status column). */
export function deliveryStatus(delivery: {
  attempts: number;
  lastStatus?: number | null;
  deliveredAt?: string | null;
  gaveUpAt?: string | null;
}): 'Delivered' | 'Gave up' | 'Pending' | 'Retrying' {
  if (delivery.deliveredAt) return 'Delivered';
  if (delivery.gaveUpAt) return 'Gave up';
  return delivery.attempts === 0 ? 'Pending' : 'Retrying';
}
