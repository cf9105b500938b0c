import { DomainError } from '../common/domain-error';
import {
  minutesOfRatedSeconds,
  ratedCallSeconds,
  ratedDataBytes,
  ratedQuantity,
  Rating,
  validateRating,
  voiceRuleName,
} from './rating';
import { UsageType } from './usage-type';

const rule = (initial: number, increment: number, dataIncrementBytes = 1): Rating => ({
  voiceInitialSeconds: initial,
  voiceIncrementSeconds: increment,
  dataIncrementBytes,
});

const CALLS = [0, 1, 29, 30, 31, 36, 37, 3601];

describe('ratedCallSeconds (DESIGN §8)', () => {
  // Hand-computed: 0 bills 0; up to the initial period bills it; beyond, the rest in whole increments.
  it.each([
    // 3601 under 60/60: 60 + ceil(3541 / 60) × 60 = 60 + 60 × 60.
    ['60/60', rule(60, 60), [0, 60, 60, 60, 60, 60, 60, 3660]],
    // 31: 30 + 6; 37: 30 + ceil(7 / 6) × 6 = 42; 3601: 30 + ceil(3571 / 6) × 6 = 30 + 596 × 6.
    ['30/6', rule(30, 6), [0, 30, 30, 30, 36, 36, 42, 3606]],
    // 29: 6 + ceil(23 / 6) × 6 = 30; 3601: 6 + ceil(3595 / 6) × 6 = 6 + 600 × 6.
    ['6/6', rule(6, 6), [0, 6, 30, 30, 36, 36, 42, 3606]],
    ['1/1', rule(1, 1), [0, 1, 29, 30, 31, 36, 37, 3601]],
  ])('rates 0, 1, 29, 30, 31, 36, 37 and 3,601 s under %s', (_name, rating, billed) => {
    expect(CALLS.map((s) => ratedCallSeconds(s, rating))).toEqual(billed);
  });

  it.each([
    // Sums of the rows above, and minutes = seconds / 60 rounded half up.
    ['60/60', rule(60, 60), 4020, 67],
    ['30/6', rule(30, 6), 3810, 64], // 63.5 → 64
    ['6/6', rule(6, 6), 3786, 63], // 63.1 → 63
    ['1/1', rule(1, 1), 3765, 63], // 62.75 → 63
  ])('sums the calls under %s to %d s, %d minutes', (_name, rating, seconds, minutes) => {
    const sum = CALLS.reduce((total, s) => total + ratedQuantity(UsageType.VOICE, s, rating), 0);
    expect(sum).toBe(seconds);
    expect(minutesOfRatedSeconds(sum)).toBe(minutes);
  });

  it('is ceil(s / 60) × 60 under 60/60, the minutes billed before ratings existed', () => {
    for (const s of [0, 1, 59, 60, 61, 119, 120, 86_400, 2 ** 40 + 1]) {
      expect(ratedCallSeconds(s, rule(60, 60))).toBe(Math.ceil(s / 60) * 60);
    }
  });
});

describe('ratedDataBytes', () => {
  it('bills by the byte with a 1-byte increment', () => {
    expect([0, 1, 1023, 1024, 1025].map((b) => ratedDataBytes(b, rule(60, 60, 1)))).toEqual([0, 1, 1023, 1024, 1025]);
  });

  it('rounds each event up to whole KiB with a 1,024-byte increment', () => {
    expect([0, 1, 1023, 1024, 1025, 4096].map((b) => ratedDataBytes(b, rule(60, 60, 1024)))).toEqual([
      0, 1024, 1024, 1024, 2048, 4096,
    ]);
  });

  it('stays exact for amounts beyond a float quotient', () => {
    // 2^53 − 1 = 9,007,199,254,740,991 = 9,007,199 × 10^9 + 254,740,991: rounds up to 9,007,200 × 10^9.
    expect(ratedDataBytes(Number.MAX_SAFE_INTEGER, rule(60, 60, 1e9))).toBe(9_007_200_000_000_000);
    expect(ratedDataBytes(9_007_199_000_000_000, rule(60, 60, 1e9))).toBe(9_007_199_000_000_000);
  });

  it('leaves messages alone', () => {
    expect(ratedQuantity(UsageType.MESSAGE, 7, rule(30, 6, 1024))).toBe(7);
  });
});

describe('minutesOfRatedSeconds', () => {
  it('rounds half up', () => {
    expect([0, 29, 30, 89, 90, 120, 150].map(minutesOfRatedSeconds)).toEqual([0, 0, 1, 1, 2, 2, 3]);
  });
});

describe('validateRating', () => {
  const fieldOf = (rating: Rating) => {
    try {
      validateRating(rating);
      return null;
    } catch (error) {
      return (error as DomainError).field;
    }
  };

  it('accepts the limits: 1 ≤ increment ≤ initial ≤ 3600, data 1 to 10^9 bytes', () => {
    expect(fieldOf(rule(1, 1, 1))).toBeNull();
    expect(fieldOf(rule(3600, 3600, 1e9))).toBeNull();
    expect(voiceRuleName(rule(30, 6))).toBe('30/6');
  });

  it.each([
    [rule(0, 1), 'rating.voiceInitialSeconds'],
    [rule(3601, 60), 'rating.voiceInitialSeconds'],
    [rule(30, 31), 'rating.voiceIncrementSeconds'],
    [rule(30, 0), 'rating.voiceIncrementSeconds'],
    [rule(30, 1.5), 'rating.voiceIncrementSeconds'],
    [rule(60, 60, 0), 'rating.dataIncrementBytes'],
    [rule(60, 60, 1e9 + 1), 'rating.dataIncrementBytes'],
  ])('refuses %j naming %s', (rating, field) => {
    expect(fieldOf(rating)).toBe(field);
  });
});
