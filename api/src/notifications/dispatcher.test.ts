import { retryDelayMs } from './dispatcher';

describe('retry delay', () => {
  it('doubles per attempt with equal jitter: half the ceiling plus up to half again', () => {
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, () => 0))).toEqual([500, 1000, 2000, 4000]);
    expect([1, 2, 3, 4].map((a) => retryDelayMs(a, () => 1))).toEqual([1000, 2000, 4000, 8000]);
    expect(retryDelayMs(3, () => 0.5)).toBe(3000);
  });

  it('is capped at 15 minutes however many attempts failed', () => {
    expect(retryDelayMs(11, () => 1)).toBe(15 * 60_000);
    expect(retryDelayMs(1000, () => 1)).toBe(15 * 60_000);
    expect(retryDelayMs(1000, () => 0)).toBe(7.5 * 60_000);
  });
});
