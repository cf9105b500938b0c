import { spawn, spawnSync } from 'node:child_process';
import crypto from 'node:crypto';
import fs from 'node:fs';
import net from 'node:net';
import Redis from 'ioredis';
import { RateLimitConfig } from '../src/common/config';
import { startTestServer, TestServer } from './harness';

const REDIS_URL = process.env.TEST_REDIS_URL ?? 'redis://127.0.0.1:6379';

/** Whether Redis answers PING, asked synchronously so that its tests can be skipped by name. */
function redisAnswers(url: string): boolean {
  const { hostname, port } = new URL(url);
  const probe =
    `const s = require('net').connect(${Number(port || 6379)}, ${JSON.stringify(hostname)}, ` +
    `() => s.write('PING\\r\\n'));
    s.on('data', (d) => process.exit(String(d).includes('PONG') ? 0 : 1)); ` +
    "s.on('error', () => process.exit(1)); setTimeout(() => process.exit(1), 1000);";
  return spawnSync(process.execPath, ['-e', probe], { timeout: 3000 }).status === 0;
}

const redisUp = redisAnswers(REDIS_URL);
if (!redisUp && process.env.REQUIRE_REDIS === '1')
  throw new Error(`REQUIRE_REDIS=1 but Redis does not answer at ${REDIS_URL} (set TEST_REDIS_URL)`);
const describeRedis = redisUp ? describe : describe.skip;
const REDIS_SERVER = ['/usr/bin/redis-server', '/usr/local/bin/redis-server'].find((f) => fs.existsSync(f));

function limits(extra: Partial<RateLimitConfig> = {}): RateLimitConfig {
  return { windowSeconds: 2, perIp: 5, perSubject: 3, redisUrl: null, ...extra };
}

/** A client address of its own per test, through X-Forwarded-For (the servers trust the proxy). */
function address(): string {
  return `10.${crypto.randomInt(255)}.${crypto.randomInt(255)}.${crypto.randomInt(1, 255)}`;
}

async function ask(api: TestServer, ip: string, token?: string) {
  const res = await fetch(api.graphqlUrl, {
    method: 'POST',
    headers: {
      'content-type': 'application/json',
      'x-forwarded-for': ip,
      ...(token ? { authorization: `Bearer ${token}` } : {}),
    },
    body: JSON.stringify({ query: '{ __typename }' }),
  });
  return {
    status: res.status,
    retryAfter: res.headers.get('retry-after'),
    remaining: res.headers.get('ratelimit-remaining'),
    body: await res.json(),
  };
}

const STORES: Array<[string, string | null]> = [['in memory', null]];
if (redisUp) STORES.push(['in Redis', REDIS_URL]);

describe.each(STORES)('rate limits %s', (_label, redisUrl) => {
  let api: TestServer;

  beforeAll(async () => {
    api = await startTestServer({ demoData: false, config: { rateLimit: limits({ redisUrl }), trustProxy: 1 } });
  });
  afterAll(async () => api?.close());

  it(
    'answers 429 with Retry-After per token subject, then per address, ' + 'and lets through after the window',
    async () => {
      const ip = address();
      const subject = `rl-${crypto.randomUUID()}`;
      const a = await api.token({ sub: subject, roles: ['operator'], org: null });
      const b = await api.token({ sub: `${subject}-b`, roles: ['operator'], org: null });
      for (let i = 0; i < 3; i++) expect((await ask(api, ip, a)).status).toBe(200);
      const bySubject = await ask(api, ip, a);
      expect(bySubject.status).toBe(429);
      expect(Number(bySubject.retryAfter)).toBeGreaterThanOrEqual(1);
      expect(Number(bySubject.retryAfter)).toBeLessThanOrEqual(2);
      expect(bySubject.body.errors[0]).toMatchObject({
        message: expect.stringMatching(
          /^Too many requests from this token subject: at most 3 every 2 s; retry in [12] s$/,
        ),
        extensions: {
          code: 'RATE_LIMITED',
          limitedBy: 'subject',
          limit: 3,
          windowSeconds: 2,
          requestId: expect.any(String),
        },
      });
      // Same address, another subject: the address has one request left (5), then it too is refused.
      const last = await ask(api, ip, b);
      expect(last.status).toBe(200);
      expect(last.remaining).toBe('0');
      const byAddress = await ask(api, ip, b);
      expect(byAddress.status).toBe(429);
      expect(byAddress.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limitedBy: 'ip', limit: 5 });
      // Another address is unaffected; the same subject still is.
      expect((await ask(api, address())).status).toBe(200);
      expect((await ask(api, address(), a)).status).toBe(429);

      await new Promise((resolve) => setTimeout(resolve, Number(byAddress.retryAfter) * 1000 + 100));
      expect((await ask(api, ip, a)).status).toBe(200);
    },
  );

  it('does not let a forged token spend the real subject quota', async () => {
    const subject = `rl-${crypto.randomUUID()}`;
    const real = await api.token({ sub: subject, roles: ['operator'], org: null });
    const [header, payload] = real.split('.');
    const forged = `${header}.${payload}.${Buffer.from('not-the-signature').toString('base64url')}`;
    for (let i = 0; i < 4; i++) expect((await ask(api, address(), forged)).status).toBe(200);
    expect((await ask(api, address(), real)).status).toBe(200);
  });
});

describeRedis('rate limits shared through Redis', () => {
  let first: TestServer;
  let second: TestServer;

  beforeAll(async () => {
    const config = { rateLimit: limits({ redisUrl: REDIS_URL, windowSeconds: 30 }), trustProxy: 1 };
    first = await startTestServer({ demoData: false, config });
    second = await startTestServer({ demoData: false, config });
  });
  afterAll(async () => {
    await first?.close();
    await second?.close();
  });

  it('counts a subject across API processes', async () => {
    const token = await first.token({ sub: `rl-${crypto.randomUUID()}`, roles: ['operator'], org: null });
    expect((await ask(first, address(), token)).status).toBe(200);
    expect((await ask(second, address(), token)).status).toBe(200);
    expect((await ask(first, address(), token)).status).toBe(200);
    const refused = await ask(second, address(), token);
    expect(refused.status).toBe(429);
    expect(Number(refused.retryAfter)).toBeGreaterThan(20);
  });
});

async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

describe('rate limits with Redis unreachable', () => {
  let api: TestServer;
  let port: number;
  let redis: ReturnType<typeof spawn> | null = null;

  beforeAll(async () => {
    port = await freePort();
    api = await startTestServer({
      demoData: false,
      config: { rateLimit: limits({ redisUrl: `redis://127.0.0.1:${port}`, perIp: 1 }), trustProxy: 1 },
    });
  });
  afterAll(async () => {
    await api?.close();
    if (redis) {
      const exited = new Promise((resolve) => redis!.once('exit', resolve));
      redis.kill('SIGTERM');
      await exited;
    }
  });

  it("counts in the process's memory instead, answering fast", async () => {
    const ip = address();
    const timed = async () => {
      const started = performance.now();
      const res = await ask(api, ip);
      expect(performance.now() - started).toBeLessThan(1000);
      return res;
    };
    expect((await timed()).status).toBe(200);
    const refused = await timed();
    expect(refused.status).toBe(429);
    expect(refused.body.errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limitedBy: 'ip', limit: 1 });
  });

  (REDIS_SERVER ? it : it.skip)('counts in Redis again by itself once Redis answers', async () => {
    redis = spawn(REDIS_SERVER!, ['--port', String(port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no'], {
      stdio: 'ignore',
    });
    // The counter of a request's address, read straight from Redis (null: not counted there).
    const counterInRedis = async (ip: string): Promise<string | null> => {
      const client = new Redis(`redis://127.0.0.1:${port}`, {
        lazyConnect: true,
        maxRetriesPerRequest: 0,
        enableOfflineQueue: false,
        retryStrategy: () => null,
      });
      client.on('error', () => undefined);
      try {
        await client.connect();
        return await client.get(`mpd:ratelimit:ip:${ip}`);
      } catch {
        return null; // not listening yet
      } finally {
        client.disconnect();
      }
    };
    const started = performance.now();
    let counted: string | null = null;
    while (counted === null && performance.now() - started < 15_000) {
      const ip = address();
      await ask(api, ip);
      counted = await counterInRedis(ip);
      if (counted === null) await new Promise((resolve) => setTimeout(resolve, 200));
    }
    expect(counted).toBe('1');
  });
});
