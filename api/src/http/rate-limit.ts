import { NextFunction, Request, Response } from 'express';
import Redis from 'ioredis';
import { verifyToken } from '../auth/token';
import { RateLimitConfig } from '../config';
import { Logger } from '../logger';

export interface WindowCount {
  /** Requests counted in the current window, this one included. */
  count: number;
  /** Milliseconds until the window resets. */
  resetMs: number;
}

/** Where the per-window counters live: this process, or Redis when several processes share them. */
export interface RateLimitStore {
  hit(key: string, windowMs: number): Promise<WindowCount>;
  close(): Promise<void>;
}

/** Fixed windows in a Map; expired entries are swept once a window. */
export class MemoryRateLimitStore implements RateLimitStore {
  private readonly windows = new Map<string, { count: number; resetAt: number }>();
  private sweeper: NodeJS.Timeout | null = null;

  constructor(private readonly now: () => number = Date.now) {}

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    const now = this.now();
    this.sweeper ??= setInterval(() => this.sweep(), windowMs).unref();
    let window = this.windows.get(key);
    if (!window || window.resetAt <= now) {
      window = { count: 0, resetAt: now + windowMs };
      this.windows.set(key, window);
    }
    window.count++;
    return { count: window.count, resetMs: window.resetAt - now };
  }

  private sweep(): void {
    const now = this.now();
    for (const [key, window] of this.windows) if (window.resetAt <= now) this.windows.delete(key);
  }

  async close(): Promise<void> {
    if (this.sweeper) clearInterval(this.sweeper);
    this.windows.clear();
  }
}

// INCR and the window's expiry in one step, so a crash between them cannot leave a counter forever.
const HIT_SCRIPT = `
local count = redis.call('INCR', KEYS[1])
local ttl = redis.call('PTTL', KEYS[1])
if ttl < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  ttl = tonumber(ARGV[1])
end
return {count, ttl}
`;

/**
 * Counters shared by every API process through Redis (REDIS_URL). While Redis does not answer, each
 * process counts in its own memory instead: with N processes a client gets at most N times its limit
 * during the outage, rather than no limit at all.
 */
export class RedisRateLimitStore implements RateLimitStore {
  readonly redis: Redis;
  private readonly fallback = new MemoryRateLimitStore();
  /** Told of each failed Redis call (the caller throttles its warnings). */
  onFallback: ((error: unknown) => void) | null = null;

  constructor(url: string, private readonly prefix = 'mpd:ratelimit:') {
    // Fail fast rather than queue: a slow Redis must not slow every request down.
    this.redis = new Redis(url, { lazyConnect: true, enableOfflineQueue: false, maxRetriesPerRequest: 1, connectTimeout: 1000, commandTimeout: 500 });
    this.redis.defineCommand('mpdHit', { numberOfKeys: 1, lua: HIT_SCRIPT });
  }

  async connect(): Promise<void> {
    await this.redis.connect();
  }

  async hit(key: string, windowMs: number): Promise<WindowCount> {
    try {
      const [count, ttl] = (await (this.redis as Redis & { mpdHit(key: string, windowMs: number): Promise<[number, number]> }).mpdHit(this.prefix + key, windowMs)) ?? [0, windowMs];
      return { count: Number(count), resetMs: Number(ttl) };
    } catch (error) {
      this.onFallback?.(error);
      return this.fallback.hit(key, windowMs);
    }
  }

  async close(): Promise<void> {
    this.redis.disconnect();
    await this.fallback.close();
  }
}

/** A subject only counts when its token verifies: a forged `sub` must not spend someone else's quota. */
async function verifiedSubject(authorization: string | undefined, secret: string): Promise<string | null> {
  const match = /^Bearer\s+(.+)$/i.exec(authorization ?? '');
  if (!match) return null;
  try {
    return (await verifyToken(match[1].trim(), secret)).sub;
  } catch {
    return null;
  }
}

/**
 * Per client address and per token subject, fixed windows: over the limit answers 429 with
 * Retry-After (seconds) and RateLimit-* headers. (With Redis down the store counts per process; if a
 * store still fails, requests pass and a warning is logged: availability wins over strict counting.)
 */
export function rateLimitMiddleware(config: RateLimitConfig, store: RateLimitStore, jwtSecret: string, log: Logger) {
  const windowMs = config.windowSeconds * 1000;
  let lastWarning = 0;
  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'OPTIONS' || (!config.perIp && !config.perSubject)) {
      next();
      return;
    }
    try {
      const checks: Array<{ limit: number; key: string; by: 'ip' | 'subject' }> = [];
      if (config.perIp) checks.push({ limit: config.perIp, key: `ip:${req.ip ?? req.socket.remoteAddress ?? 'unknown'}`, by: 'ip' });
      if (config.perSubject) {
        const subject = await verifiedSubject(req.headers.authorization, jwtSecret);
        if (subject) checks.push({ limit: config.perSubject, key: `sub:${subject}`, by: 'subject' });
      }
      const counts = await Promise.all(checks.map((c) => store.hit(c.key, windowMs)));
      let tightest: { remaining: number; limit: number; resetMs: number } | null = null;
      for (let i = 0; i < checks.length; i++) {
        const { limit, by } = checks[i];
        const { count, resetMs } = counts[i];
        const remaining = Math.max(0, limit - count);
        if (!tightest || remaining < tightest.remaining) tightest = { remaining, limit, resetMs };
        if (count > limit) {
          const retryAfter = Math.max(1, Math.ceil(resetMs / 1000));
          res.setHeader('Retry-After', String(retryAfter));
          res.setHeader('RateLimit-Limit', String(limit));
          res.setHeader('RateLimit-Remaining', '0');
          res.setHeader('RateLimit-Reset', String(retryAfter));
          res.status(429).json({
            errors: [
              {
                message: `Too many requests from this ${by === 'ip' ? 'address' : 'token subject'}: at most ${limit} every ${config.windowSeconds} s; retry in ${retryAfter} s`,
                extensions: { code: 'RATE_LIMITED', limitedBy: by, limit, windowSeconds: config.windowSeconds, retryAfter, requestId: res.locals.requestId },
              },
            ],
          });
          return;
        }
      }
      if (tightest) {
        res.setHeader('RateLimit-Limit', String(tightest.limit));
        res.setHeader('RateLimit-Remaining', String(tightest.remaining));
        res.setHeader('RateLimit-Reset', String(Math.max(1, Math.ceil(tightest.resetMs / 1000))));
      }
    } catch (error) {
      if (Date.now() - lastWarning > 10_000) {
        lastWarning = Date.now();
        log.warn('rate limit store unavailable; requests pass uncounted', { err: error as Error, requestId: res.locals.requestId });
      }
    }
    next();
  };
}

/** The store the configuration asks for; Redis is connected here so a bad REDIS_URL shows at start. */
export async function createRateLimitStore(config: RateLimitConfig, log: Logger): Promise<RateLimitStore> {
  if (!config.redisUrl || (!config.perIp && !config.perSubject)) return new MemoryRateLimitStore();
  const store = new RedisRateLimitStore(config.redisUrl);
  store.redis.on('error', (error) => log.debug('redis error', { err: error }));
  let lastWarning = 0;
  store.onFallback = (error) => {
    if (Date.now() - lastWarning < 10_000) return;
    lastWarning = Date.now();
    log.warn('Redis is unavailable; rate limits are counted per process until it answers', { err: error as Error });
  };
  try {
    await store.connect();
  } catch (error) {
    store.onFallback(error);
  }
  return store;
}
