import { msg } from '@lit/localize';

/** Checks of the alert and webhook forms, the same limits as the API's (plain functions, tested in jest). */

export type UsageKind = 'VOICE' | 'MESSAGE' | 'DATA';
export type Basis = 'ACTUAL' | 'FORECAST';

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
