/**
 * The rules the Manage Threshold and Request More Numbers forms check before they call the API. Pure.
 * The limits come from the contract module the API enforces, so the two cannot drift.
 */
import { msg, str } from '@lit/localize';
import { CONTRACT_LIMITS } from '../../../api/src/common/contract';
import { formatCount } from './format';

export const THRESHOLD_MIN = CONTRACT_LIMITS.thresholdPercent.min;
export const THRESHOLD_MAX = CONTRACT_LIMITS.thresholdPercent.max;
export const QUANTITY_MIN = CONTRACT_LIMITS.requestedQuantity.min;
export const QUANTITY_MAX = CONTRACT_LIMITS.requestedQuantity.max;
/** Characters of the note sent with a request for more numbers. */
export const NOTE_MAX_LENGTH = CONTRACT_LIMITS.requestNoteLength;

export type ThresholdValidation = { valid: true; percent: number } | { valid: false; message: string };

/** Validates what the admin typed: a whole number within the contract's threshold range. */
export function validateThresholdPercent(input: string | number | null | undefined): ThresholdValidation {
  const text = String(input ?? '').trim();
  const wholeNumber = () => msg(str`Enter a whole number from ${THRESHOLD_MIN} to ${THRESHOLD_MAX}.`);
  if (text === '')
    return { valid: false, message: msg(str`Enter a percentage from ${THRESHOLD_MIN} to ${THRESHOLD_MAX}.`) };
  if (!/^[+-]?\d+(\.\d+)?$/.test(text)) return { valid: false, message: wholeNumber() };
  const value = Number(text);
  if (!Number.isInteger(value)) return { valid: false, message: wholeNumber() };
  if (value < THRESHOLD_MIN)
    return { valid: false, message: msg(str`The threshold must be at least ${THRESHOLD_MIN}%.`) };
  if (value > THRESHOLD_MAX)
    return { valid: false, message: msg(str`The threshold can be at most ${THRESHOLD_MAX}%.`) };
  return { valid: true, percent: value };
}

export type QuantityValidation = { valid: true; quantity: number | null } | { valid: false; message: string };

/** The optional "how many numbers" of a request: empty, or a whole number within the contract's range. */
export function validateRequestedQuantity(
  input: string | number | null | undefined,
  locale?: string,
): QuantityValidation {
  const text = String(input ?? '').trim();
  if (text === '') return { valid: true, quantity: null };
  if (!/^\d+$/.test(text)) return { valid: false, message: msg('Enter a whole number of numbers, or leave it empty.') };
  const value = Number(text);
  if (value < QUANTITY_MIN || value > QUANTITY_MAX) {
    const min = formatCount(QUANTITY_MIN, locale);
    const max = formatCount(QUANTITY_MAX, locale);
    return { valid: false, message: msg(str`Enter a quantity from ${min} to ${max}, or leave it empty.`) };
  }
  return { valid: true, quantity: value };
}

export type NoteValidation = { valid: true; note: string | null } | { valid: false; message: string };

/** The optional note of a request: trimmed, empty as null, at most the contract's length. */
export function validateRequestNote(input: string | null | undefined, locale?: string): NoteValidation {
  const note = String(input ?? '').trim();
  if (note.length > NOTE_MAX_LENGTH) {
    const max = formatCount(NOTE_MAX_LENGTH, locale);
    return { valid: false, message: msg(str`Keep the note to ${max} characters.`) };
  }
  return { valid: true, note: note || null };
}
