import { DEFAULT_RETRY_POLICY, webhookRetryDelayMs } from './webhook-dispatcher';
import { newWebhookSecret, openSecret, sealSecret, secretHint, signatureHeader } from './webhook-secret';

describe('webhook signing and secrets', () => {
  it('signs "<t>.<raw body>" with HMAC-SHA256 keyed by the secret (vector computed with Python hmac)', () => {
    const at = new Date(1764756000 * 1000 + 999);
    expect(signatureHeader('whsec_test', '{"id":"e1"}', at)).toBe(
      't=1764756000,v1=17cfb59068f6b1fbf11dc09c2e84652dd575b6de057d386a317b1e7426e56b7f',
    );
  });

  it('seals the secret so that only the key opens it', () => {
    const secret = newWebhookSecret();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    const sealed = sealSecret(secret, 'key-one');
    expect(sealed).not.toContain(secret.slice(6));
    expect(sealed.length).toBeLessThanOrEqual(200);
    expect(openSecret(sealed, 'key-one')).toBe(secret);
    expect(() => openSecret(sealed, 'key-two')).toThrow();
    expect(secretHint('whsec_abcdefgh')).toBe('whsec_…efgh');
  });
});

describe('webhook retry schedule (DESIGN §7)', () => {
  const policy = DEFAULT_RETRY_POLICY;
  it('retries first within 15 s, doubling, at most an hour apart', () => {
    const longest = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11].map((n) => webhookRetryDelayMs(n, policy, () => 0));
    expect(longest).toEqual([
      10_000, 20_000, 40_000, 80_000, 160_000, 320_000, 640_000, 1_280_000, 2_560_000, 3_600_000, 3_600_000,
    ]);
    expect(webhookRetryDelayMs(1, policy, () => 1)).toBe(8_000);
    expect(webhookRetryDelayMs(500, policy, () => 0.5)).toBe(3_240_000);
  });

  it('keeps retrying for at least 24 hours: attempts until the first failure 24 h after the event', () => {
    // Every attempt fails; the shortest delays (most jitter) give the most attempts.
    for (const random of [() => 0, () => 1]) {
      let at = 0;
      let attempts = 0;
      for (;;) {
        attempts++;
        if (at >= policy.retryForMs) break; // the dispatcher gives up here
        at += webhookRetryDelayMs(attempts, policy, random);
      }
      expect(at).toBeGreaterThanOrEqual(24 * 3_600_000);
      expect(attempts).toBeGreaterThan(20);
    }
  });
});
