/** Utilization threshold rules the Manage Threshold form checks before it calls the API. Pure. */

export const THRESHOLD_MIN = 1;
export const THRESHOLD_MAX = 100;

export type ThresholdValidation = { valid: true; percent: number } | { valid: false; message: string };

/** Validates what the admin typed: a whole number from 1 to 100. */
export function validateThresholdPercent(input: string | number | null | undefined): ThresholdValidation {
  const text = String(input ?? '').trim();
  if (text === '') return { valid: false, message: 'Enter a percentage from 1 to 100.' };
  if (!/^[+-]?\d+(\.\d+)?$/.test(text)) return { valid: false, message: 'Enter a whole number from 1 to 100.' };
  const value = Number(text);
  if (!Number.isInteger(value)) return { valid: false, message: 'Enter a whole number from 1 to 100.' };
  if (value < THRESHOLD_MIN) return { valid: false, message: `The threshold must be at least ${THRESHOLD_MIN}%.` };
  if (value > THRESHOLD_MAX) return { valid: false, message: `The threshold can be at most ${THRESHOLD_MAX}%.` };
  return { valid: true, percent: value };
}

export type QuantityValidation = { valid: true; quantity: number | null } | { valid: false; message: string };

/** The optional "how many numbers" of a request: empty, or a whole number from 1 to 100,000. */
export function validateRequestedQuantity(input: string | number | null | undefined): QuantityValidation {
  const text = String(input ?? '').trim();
  if (text === '') return { valid: true, quantity: null };
  if (!/^\d+$/.test(text)) return { valid: false, message: 'Enter a whole number of numbers, or leave it empty.' };
  const value = Number(text);
  if (value < 1 || value > 100_000) return { valid: false, message: 'Enter a quantity from 1 to 100,000, or leave it empty.' };
  return { valid: true, quantity: value };
}
