import { NextFunction, Request, Response } from 'express';
import Redis from 'ioredis';
import ipaddr from 'ipaddr.js';
import { RateLimiterAbstract, RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RateLimitConfig } from '../common/config';
import { Logger } from '../common/logger';
import { countRateLimitRefusal } from '../common/metrics';

/**
 * The address a limit counts by: an IPv4 address whole, an IPv6 address by its /64 (one customer's
 * network: a client holds the whole /64 and could otherwise rotate through 2^64 addresses), an
 * IPv4-mapped IPv6 address as the IPv4 address it carries.
 */
export function clientNetwork(address: string | undefined): string {
  if (!address || !ipaddr.isValid(address)) return 'unknown';
  let parsed = ipaddr.parse(address);
  if (parsed.kind() === 'ipv6' && (parsed as ipaddr.IPv6).isIPv4MappedAddress())
    parsed = (parsed as ipaddr.IPv6).toIPv4Address();
  if (parsed.kind() === 'ipv4') return parsed.toString();
  const parts = (parsed as ipaddr.IPv6).parts.slice(0, 4).map((p) => p.toString(16));
  return `${parts.join(':')}::/64`;
}

/** The two counters: per client network and per token subject, each in Redis or in memory. */
export interface RateLimiters {
  ip: RateLimiterAbstract | null;
  subject: RateLimiterAbstract | null;
  close(): Promise<void>;
}

/**
 * rate-limiter-flexible's fixed windows, in Redis when REDIS_URL is set (shared by every API
 * process) with an in-memory insurance limiter: while Redis does not answer, each process counts in
 * its own memory, so with N processes a client gets at most N times its limit during the outage,
 * rather than no limit at all; counting moves back into Redis once it answers.
 */
export async function createRateLimiters(config: RateLimitConfig, log: Logger): Promise<RateLimiters> {
  const enabled = config.perIp > 0 || config.perSubject > 0;
  const redis = config.redisUrl && enabled ? connectRedis(config.redisUrl, log) : null;
  if (redis)
    await redis
      .connect()
      .catch((error) =>
        log.warn('Redis is unavailable; rate limits are counted per process until it answers', { err: error as Error }),
      );
  const limiter = (points: number, name: string): RateLimiterAbstract | null => {
    if (points <= 0) return null;
    const options = { points, duration: config.windowSeconds, keyPrefix: `mpd:ratelimit:${name}` };
    if (!redis) return new RateLimiterMemory(options);
    return new RateLimiterRedis({
      ...options,
      storeClient: redis,
      rejectIfRedisNotReady: true,
      insuranceLimiter: new RateLimiterMemory(options),
    });
  };
  return {
    ip: limiter(config.perIp, 'ip'),
    subject: limiter(config.perSubject, 'sub'),
    async close() {
      redis?.disconnect();
    },
  };
}

function connectRedis(url: string, log: Logger): Redis {
  // Fail fast rather than queue: a slow Redis must not slow every request down.
  const redis = new Redis(url, {
    lazyConnect: true,
    enableOfflineQueue: false,
    maxRetriesPerRequest: 1,
    connectTimeout: 1000,
    commandTimeout: 500,
  });
  redis.on('error', (error) => log.debug('redis error', { err: error }));
  return redis;
}

interface Check {
  by: 'ip' | 'subject';
  limit: number;
  limiter: RateLimiterAbstract;
  key: string;
}

/**
 * Per client network and per token subject: over the limit answers 429 with Retry-After (seconds)
 * and RateLimit-* headers. The subject counts only when its token verified (`verifiedSubject`, read
 * once per request by the caller): a forged `sub` must not spend someone else's quota. If a store
 * still fails, requests pass and a warning is logged: availability wins over strict counting.
 */
export function rateLimitMiddleware(
  config: RateLimitConfig,
  limiters: RateLimiters,
  verifiedSubject: (req: Request) => Promise<string | null>,
  log: Logger,
) {
  let lastWarning = 0;
  return async (req: Request, res: Response, next: NextFunction) => {
    if (req.method === 'OPTIONS' || (!limiters.ip && !limiters.subject)) {
      next();
      return;
    }
    try {
      const checks: Check[] = [];
      if (limiters.ip)
        checks.push({
          by: 'ip',
          limit: config.perIp,
          limiter: limiters.ip,
          key: clientNetwork(req.ip ?? req.socket.remoteAddress),
        });
      const subject = limiters.subject ? await verifiedSubject(req) : null;
      if (limiters.subject && subject)
        checks.push({ by: 'subject', limit: config.perSubject, limiter: limiters.subject, key: subject });
      const results = await Promise.all(
        checks.map((c) => c.limiter.consume(c.key).catch((rejection: unknown) => rejection)),
      );
      let tightest: { remaining: number; limit: number; resetMs: number } | null = null;
      for (let i = 0; i < checks.length; i++) {
        const result = results[i];
        if (!(result instanceof RateLimiterRes)) throw result;
        const { limit, by } = checks[i];
        if (result.consumedPoints > limit) {
          refuse(res, config, by, limit, result.msBeforeNext);
          return;
        }
        if (!tightest || result.remainingPoints < tightest.remaining)
          tightest = { remaining: result.remainingPoints, limit, resetMs: result.msBeforeNext };
      }
      if (tightest) {
        res.setHeader('RateLimit-Limit', String(tightest.limit));
        res.setHeader('RateLimit-Remaining', String(tightest.remaining));
        res.setHeader('RateLimit-Reset', String(Math.max(1, Math.ceil(tightest.resetMs / 1000))));
      }
    } catch (error) {
      if (Date.now() - lastWarning > 10_000) {
        lastWarning = Date.now();
        log.warn('rate limit store unavailable; requests pass uncounted', {
          err: error as Error,
          requestId: res.locals.requestId,
        });
      }
    }
    next();
  };
}

function refuse(res: Response, config: RateLimitConfig, by: 'ip' | 'subject', limit: number, resetMs: number): void {
  countRateLimitRefusal(by);
  const retryAfter = Math.max(1, Math.ceil(resetMs / 1000));
  res.setHeader('Retry-After', String(retryAfter));
  res.setHeader('RateLimit-Limit', String(limit));
  res.setHeader('RateLimit-Remaining', '0');
  res.setHeader('RateLimit-Reset', String(retryAfter));
  res.status(429).json({
    errors: [
      {
        message:
          `Too many requests from this ${by === 'ip' ? 'address' : 'token subject'}: ` +
          `at most ${limit} every ${config.windowSeconds} s; retry in ${retryAfter} s`,
        extensions: {
          code: 'RATE_LIMITED',
          limitedBy: by,
          limit,
          windowSeconds: config.windowSeconds,
          retryAfter,
          requestId: res.locals.requestId,
        },
      },
    ],
  });
}
