import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import http from 'node:http';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import {
  freshDatabase,
  mysqlUrl,
  startTestServer,
  TestServer,
  TestServerOptions,
  testDatabases,
  TEST_JWT_SECRET,
} from './harness';
import { signToken } from '../src/auth/token';

/** A TCP proxy between the API and MySQL that a test can cut (connections reset, port refusing) and restore. */
class CuttableProxy {
  private server: net.Server | null = null;
  private readonly sockets = new Set<net.Socket>();
  port = 0;

  constructor(private readonly target: { host: string; port: number }) {}

  async start(): Promise<void> {
    this.server = net.createServer((client) => {
      if (this.frozen) {
        this.sockets.add(client);
        client.on('close', () => this.sockets.delete(client));
        client.on('error', () => undefined);
        client.pause();
        return;
      }
      const upstream = net.connect(this.target.port, this.target.host);
      for (const s of [client, upstream]) {
        this.sockets.add(s);
        s.on('close', () => this.sockets.delete(s));
        s.on('error', () => undefined);
      }
      client.pipe(upstream).pipe(client);
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    await new Promise<void>((resolve) => this.server!.listen(this.port, '127.0.0.1', resolve));
    this.port = (this.server.address() as net.AddressInfo).port;
  }

  private frozen = false;

  /** The database stops answering without closing anything (a partition): bytes go nowhere. */
  freeze(): void {
    this.frozen = true;
    for (const s of this.sockets) {
      s.unpipe();
      s.pause();
    }
  }

  /** The partition heals; connections that lived through it are beyond saving and reset. */
  unfreeze(): void {
    this.frozen = false;
    for (const s of this.sockets) s.destroy();
  }

  /** The database is gone: open connections reset, new ones refused. */
  async cut(): Promise<void> {
    const server = this.server!;
    this.server = null;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => server.close(() => resolve()));
  }

  async restore(): Promise<void> {
    await this.start();
  }

  async stop(): Promise<void> {
    if (this.server) await this.cut();
  }
}

const describeMysql = mysqlUrl() ? describe : describe.skip;

/** A fresh MySQL database, a cuttable proxy in front of it, and a production-mode API connected through it. */
async function apiBehindProxy(config: TestServerOptions['config'], dispatcher = false) {
  const base = new URL(mysqlUrl()!);
  const proxy = new CuttableProxy({ host: base.hostname, port: Number(base.port || 3306) });
  await proxy.start();
  const database = await freshDatabase('mysql');
  const viaProxy = new URL(database.url);
  viaProxy.hostname = '127.0.0.1';
  viaProxy.port = String(proxy.port);
  const api = await startTestServer({
    database: 'mysql',
    demoData: true,
    dispatcher,
    config: { databaseUrl: viaProxy.toString(), nodeEnv: 'production', production: true, ...config },
  });
  return {
    proxy,
    api,
    admin: await api.token(),
    async close() {
      await api.close();
      await proxy.stop();
      await database.drop();
    },
  };
}

describeMysql('database outage on MySQL through a cuttable proxy', () => {
  let proxy: CuttableProxy;
  let api: TestServer;
  let admin: string;
  let close: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    // The outbox dispatcher runs too: its polling must survive the outage as well.
    ({ proxy, api, admin, close } = await apiBehindProxy({}, true));
  });
  afterAll(async () => {
    await close?.();
  });

  const DASHBOARD = () =>
    `{ organization(id: "${api.demoOrgId}") { name numberUtilization { total } ` +
    'cycle(period: CURRENT) { voice { total } } } }';

  async function graphql(query: string, token = admin) {
    const started = performance.now();
    const res = await fetch(api.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query }),
    });
    return {
      status: res.status,
      retryAfter: res.headers.get('retry-after'),
      body: await res.json(),
      ms: performance.now() - started,
    };
  }

  it(
    'answers 503 and SERVICE_UNAVAILABLE fast while the database is gone, ' + 'stays up, and recovers by itself',
    async () => {
      expect((await fetch(`${api.url}/readyz`)).status).toBe(200);
      const healthy = await graphql(DASHBOARD());
      expect(healthy.body.data.organization.name).toBeTruthy();

      await proxy.cut();
      const started = performance.now();
      const ready = await fetch(`${api.url}/readyz`);
      expect(ready.status).toBe(503);
      expect(await ready.json()).toEqual({ status: 'unavailable', reason: 'database unreachable' });
      const readyMs = performance.now() - started;

      const query = await graphql(DASHBOARD());
      expect(query.status).toBe(503);
      expect(query.retryAfter).toBe('5');
      // The viewer's scope needs no database (its organization was seen before): the field that reads it fails.
      expect(query.body.errors).toEqual([
        {
          message: 'The database is unavailable; try again shortly',
          extensions: { code: 'SERVICE_UNAVAILABLE', requestId: expect.any(String) },
          path: ['organization'],
        },
      ]);
      expect(JSON.stringify(query.body)).not.toMatch(/ECONNREFUSED|stack|127\.0\.0\.1|SELECT/);

      const mutation = await graphql(
        `mutation { setUtilizationThreshold(organizationId: "${api.demoOrgId}", percent: 90) { percent } }`,
      );
      expect(mutation.body.errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
      // An operator token needs no database to verify: the failure comes from the resolver, still clean.
      const operator = await api.token({ roles: ['operator'], org: null });
      const resolverFailure = await graphql('{ organizations { id } }', operator);
      expect(resolverFailure.status).toBe(503);
      expect(resolverFailure.body.errors[0]).toMatchObject({
        message: 'The database is unavailable; try again shortly',
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      });

      expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
      if (process.env.SHOW_TIMINGS)
        console.log(
          `outage: readyz ${readyMs.toFixed(0)} ms, query ${query.ms.toFixed(0)} ms, ` +
            `mutation ${mutation.ms.toFixed(0)} ms, resolver ${resolverFailure.ms.toFixed(0)} ms`,
        );
      for (const ms of [readyMs, query.ms, mutation.ms, resolverFailure.ms]) expect(ms).toBeLessThan(1000);

      // A few seconds down, with the dispatcher polling: the process must still be serving.
      await new Promise((resolve) => setTimeout(resolve, 2000));
      expect((await graphql(DASHBOARD())).status).toBe(503);

      await proxy.restore();
      const back = performance.now();
      let status = 0;
      while (performance.now() - back < 15_000) {
        status = (await fetch(`${api.url}/readyz`)).status;
        if (status === 200) break;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
      expect(status).toBe(200);
      const recovered = await graphql(DASHBOARD());
      expect(recovered.status).toBe(200);
      expect(recovered.body.data).toEqual(healthy.body.data);
      if (process.env.SHOW_TIMINGS)
        console.log(`recovered ${(performance.now() - back).toFixed(0)} ms after the database returned`);
    },
  );
});

describeMysql('database that stops answering (a partition) on MySQL', () => {
  let proxy: CuttableProxy;
  let api: TestServer;
  let admin: string;
  let close: (() => Promise<void>) | undefined;

  beforeAll(async () => {
    ({ proxy, api, admin, close } = await apiBehindProxy({
      databaseQueryTimeoutMs: 1000,
      databaseConnectTimeoutMs: 1000,
    }));
  });
  afterAll(async () => {
    await close?.();
  });

  it('bounds every request by the statement and connect timeouts, then recovers', async () => {
    const query = () =>
      fetch(api.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
        body: JSON.stringify({
          query: `{ organization(id: "${api.demoOrgId}") { name numberUtilization { total } } }`,
        }),
      });
    expect((await query()).status).toBe(200);
    proxy.freeze();
    const started = performance.now();
    const answers = await Promise.all([query(), query(), query(), fetch(`${api.url}/readyz`)]);
    const elapsed = performance.now() - started;
    for (const res of answers.slice(0, 3)) {
      expect(res.status).toBe(503);
      expect((await res.json()).errors[0].extensions.code).toBe('SERVICE_UNAVAILABLE');
    }
    expect(answers[3].status).toBe(503);
    expect(elapsed).toBeLessThan(4000);
    expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
    if (process.env.SHOW_TIMINGS)
      console.log(`partition: 3 queries and /readyz answered 503 in ${elapsed.toFixed(0)} ms`);

    proxy.unfreeze();
    const back = performance.now();
    let status = 0;
    while (performance.now() - back < 15_000 && status !== 200) {
      status = (await query()).status;
      if (status !== 200) await new Promise((resolve) => setTimeout(resolve, 100));
    }
    expect(status).toBe(200);
    if (process.env.SHOW_TIMINGS)
      console.log(`partition healed: serving again after ${(performance.now() - back).toFixed(0)} ms`);
  });
});

/** Starts `npm start`'s entry point from source in a child process and waits for its URL. */
async function spawnServer(
  env: Record<string, string>,
): Promise<{ child: ChildProcess; url: string; lines: () => string[] }> {
  const root = path.resolve(__dirname, '../..');
  const child = spawn(process.execPath, ['-r', 'ts-node/register', path.join(root, 'api/src/main.ts')], {
    cwd: root,
    env: {
      ...process.env,
      TS_NODE_PROJECT: path.join(root, 'api/tsconfig.json'),
      TS_NODE_TRANSPILE_ONLY: '1',
      NODE_ENV: 'production',
      PORT: '0',
      METRICS_PORT: '0',
      HOST: '127.0.0.1',
      LOG_LEVEL: 'info',
      ...env,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let out = '';
  child.stdout!.on('data', (c) => (out += c));
  child.stderr!.on('data', (c) => (out += c));
  const url = await new Promise<string>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`server did not start:\n${out}`)), 45_000);
    const check = () => {
      const match = /running on (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve(match[1]);
      }
    };
    child.stdout!.on('data', check);
    child.on('exit', (code) => reject(new Error(`server exited with ${code}:\n${out}`)));
  });
  return { child, url, lines: () => out.split('\n') };
}

describe.each(testDatabases())('SIGTERM on %s', (database) => {
  let dir: string;
  let databaseUrl: string;
  let drop: () => Promise<void>;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpd-sigterm-'));
    ({ url: databaseUrl, drop } = await freshDatabase(database));
  });
  afterAll(async () => {
    await drop?.();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it(
    'finishes the request in flight, answers /readyz 503 meanwhile, closes the pool ' +
      'and exits 0 within 10 s, logging JSON',
    async () => {
      const { child, url, lines } = await spawnServer({
        DATABASE_URL: databaseUrl,
        DEMO_DATA: '0',
        JWT_SECRET: TEST_JWT_SECRET,
        OUTBOX_DIR: path.join(dir, 'outbox'),
      });
      const exited = new Promise<number | null>((resolve) => child.on('exit', (code) => resolve(code)));
      const token = await signToken(TEST_JWT_SECRET, { sub: 'drain-test', roles: ['operator'] }, '5m');
      const body = JSON.stringify({ query: '{ organizations { name } }' });

      // A request in flight: headers and half the body sent, the rest only after SIGTERM.
      const response = new Promise<{ status: number; text: string }>((resolve, reject) => {
        const req = http.request(
          `${url}/graphql`,
          {
            method: 'POST',
            headers: {
              'content-type': 'application/json',
              authorization: `Bearer ${token}`,
              'content-length': Buffer.byteLength(body),
              'x-request-id': 'in-flight-1',
            },
          },
          (res) => {
            let text = '';
            res.on('data', (c) => (text += c));
            res.on('end', () => resolve({ status: res.statusCode!, text }));
          },
        );
        req.on('error', reject);
        req.write(body.slice(0, 10));
        setTimeout(() => {
          child.kill('SIGTERM');
          sigtermAt = performance.now();
          setTimeout(() => req.end(body.slice(10)), 500);
        }, 300);
      });
      let sigtermAt = 0;

      // While draining, the listener stays open so a load balancer can see /readyz turn 503 (DESIGN §11).
      await new Promise((resolve) => setTimeout(resolve, 600));
      const readyz = await fetch(`${url}/readyz`);
      expect(readyz.status).toBe(503);
      expect(await readyz.json()).toEqual({ status: 'shutting down' });

      const answered = await response;
      expect(answered.status).toBe(200);
      expect(JSON.parse(answered.text)).toEqual({ data: { organizations: [] } });
      expect(await exited).toBe(0);
      const elapsed = performance.now() - sigtermAt;
      expect(elapsed).toBeLessThan(10_000);

      const json = lines()
        .filter((l) => l.startsWith('{'))
        .map((l) => JSON.parse(l));
      expect(json.find((l) => l.msg === 'shutting down')).toMatchObject({
        level: 'info',
        signal: 'SIGTERM',
        time: expect.stringMatching(/Z$/),
      });
      expect(json.find((l) => l.msg === 'request' && l.requestId === 'in-flight-1')).toMatchObject({
        method: 'POST',
        path: '/graphql',
        status: 200,
      });
      const stopped = json.find((l) => l.msg === 'stopped');
      expect(stopped).toMatchObject({ level: 'info', signal: 'SIGTERM', durationMs: expect.any(Number) });
      if (process.env.SHOW_TIMINGS)
        console.log(`SIGTERM to exit: ${elapsed.toFixed(0)} ms; server-side shutdown ${stopped.durationMs} ms`);
    },
  );
});
