/**
 * Carrier rating rules (DESIGN.md §8): how one call or data event is billed. Pure functions, no I/O.
 */
import { CONTRACT_LIMITS } from '../common/contract';
import { DomainError } from '../common/domain-error';
import { UsageType } from './usage-type';

/** A top-level organization's rating, fixed at its creation and used by its whole tree. */
export interface Rating {
  /** Seconds billed for any call of 1 to this many seconds. */
  voiceInitialSeconds: number;
  /** After the initial period, calls are billed in steps of this many seconds. */
  voiceIncrementSeconds: number;
  /** Data is billed in whole units of this many bytes. */
  dataIncrementBytes: number;
}

/** Today's rule, and the default: every call rounded up to the whole minute, data by the byte. */
export const DEFAULT_RATING: Rating = { voiceInitialSeconds: 60, voiceIncrementSeconds: 60, dataIncrementBytes: 1 };

/** A carrier's name for a voice rule: "60/60", "30/6". */
export function voiceRuleName(rating: Rating): string {
  return `${rating.voiceInitialSeconds}/${rating.voiceIncrementSeconds}`;
}

/**
 * Billed seconds of one call of `seconds`: 0 for 0; the initial period for a call up to it; else
 * the initial period plus the rest rounded up to whole increments.
 */
export function ratedCallSeconds(seconds: number, rating: Rating): number {
  if (seconds === 0) return 0;
  const { voiceInitialSeconds: initial, voiceIncrementSeconds: step } = rating;
  if (seconds <= initial) return initial;
  return initial + Math.ceil((seconds - initial) / step) * step;
}

/** Billed bytes of one data event: rounded up to whole increments. */
export function ratedDataBytes(bytes: number, rating: Rating): number {
  const step = rating.dataIncrementBytes;
  // A float quotient of large safe integers may be off by one: corrected with exact products.
  let whole = Math.floor(bytes / step);
  if (whole * step > bytes) whole -= 1;
  else if ((whole + 1) * step <= bytes) whole += 1;
  const units = whole * step === bytes ? whole : whole + 1;
  return units * step;
}

/** What one event adds to the rollups: rated seconds (VOICE), messages, rated bytes (DATA). */
export function ratedQuantity(type: UsageType, quantity: number, rating: Rating): number {
  if (type === UsageType.VOICE) return ratedCallSeconds(quantity, rating);
  if (type === UsageType.DATA) return ratedDataBytes(quantity, rating);
  return quantity;
}

/** Reported VOICE minutes from rated seconds: seconds / 60 rounded half up (exact for 60/60). */
export function minutesOfRatedSeconds(seconds: number): number {
  return Math.floor((seconds + 30) / 60);
}

/** Checks a requested rating against §8's limits; INVALID_INPUT naming the offending field. */
export function validateRating(rating: Rating, field = 'rating'): Rating {
  const { voiceSeconds, dataIncrementBytes } = CONTRACT_LIMITS.rating;
  const check = (name: keyof Rating, value: number, min: number, max: number, why: string) => {
    if (!Number.isInteger(value) || value < min || value > max) {
      throw DomainError.invalidInput(`${field}.${name}`, `${name} must be a whole number from ${why}, got ${value}`);
    }
  };
  check('voiceInitialSeconds', rating.voiceInitialSeconds, voiceSeconds.min, voiceSeconds.max, '1 to 3600');
  check(
    'voiceIncrementSeconds',
    rating.voiceIncrementSeconds,
    voiceSeconds.min,
    Math.min(voiceSeconds.max, rating.voiceInitialSeconds),
    `1 to voiceInitialSeconds (${rating.voiceInitialSeconds})`,
  );
  check('dataIncrementBytes', rating.dataIncrementBytes, dataIncrementBytes.min, dataIncrementBytes.max, '1 to 10^9');
  return rating;
}

/** The rating an organization bills by (its top-level organization's, copied into each at creation). */
export function ratingOf(org: Rating): Rating {
  return {
    voiceInitialSeconds: org.voiceInitialSeconds,
    voiceIncrementSeconds: org.voiceIncrementSeconds,
    dataIncrementBytes: org.dataIncrementBytes,
  };
}
