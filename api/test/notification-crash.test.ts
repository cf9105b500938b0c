import { ChildProcess, spawn } from 'node:child_process';
import path from 'node:path';
import { signToken } from '../src/auth/token';
import { DatabaseKind, freshDatabase, TEST_JWT_SECRET, testDatabases } from './harness';
import { client, phoneNumbers, PORTAL_URL, until } from './notification-helpers';
import { SmtpSink, startSilentSmtp } from './smtp-sink';

const ROOT = path.join(__dirname, '../..');

/** Starts `node api/src/main.ts` (transpile-only) as its own process; resolves with its URL once it listens. */
function startApiProcess(children: ChildProcess[], env: Record<string, string>): Promise<{ child: ChildProcess; url: string }> {
  const child = spawn(process.execPath, ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'api/src/main.ts')], {
    cwd: ROOT,
    env: { ...process.env, PORT: '0', HOST: '127.0.0.1', NODE_ENV: 'test', LOG_LEVEL: 'warn', DEMO_DATA: '0', JWT_SECRET: TEST_JWT_SECRET, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  children.push(child);
  return new Promise((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`API process did not start:\n${out}`)), 30_000);
    child.stdout!.on('data', (chunk: Buffer) => {
      out += chunk.toString();
      const match = /running on (http:\/\/\S+)/.exec(out);
      if (match) {
        clearTimeout(timer);
        resolve({ child, url: match[1] });
      }
    });
    child.stderr!.on('data', (chunk: Buffer) => (out += chunk.toString()));
    child.on('exit', (code, signal) => {
      clearTimeout(timer);
      reject(new Error(`API process exited (${code ?? signal}):\n${out}`));
    });
  });
}

function queryAt(url: string) {
  return async (query: string, variables?: Record<string, unknown>, token?: string | null) => {
    const res = await fetch(`${url}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', ...(token ? { authorization: `Bearer ${token}` } : {}) },
      body: JSON.stringify({ query, variables }),
    });
    return res.json() as Promise<any>;
  };
}

function exited(child: ChildProcess): Promise<unknown> {
  return child.exitCode !== null || child.signalCode !== null ? Promise.resolve() : new Promise((resolve) => child.once('exit', resolve));
}

describe.each(testDatabases())('an API process killed with an email owed, on %s', (database: DatabaseKind) => {
  const children: ChildProcess[] = [];

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(children.map(exited));
  });

  it('sends the email exactly once after a restart, when the killed process had claimed it mid-send', async () => {
    const db = await freshDatabase(database);
    const silent = await startSilentSmtp();
    const sink = await SmtpSink.start();
    try {
      const common = { DATABASE_URL: db.url, NOTIFICATION_LEASE_SECONDS: '2', PORTAL_URL };
      const first = await startApiProcess(children, { ...common, SMTP_URL: silent.url });
      const gql = client({ query: queryAt(first.url) });
      const operator = await signToken(TEST_JWT_SECRET, { sub: 'carrier-staff', org: null, roles: ['operator'] });
      const org = await gql.createOrganization(operator, { name: 'Crash Co', utilizationThresholdPercent: 80, adminEmails: ['noc@crash.example'] });
      const admin = await signToken(TEST_JWT_SECRET, { sub: 'crash-admin', org: Number(org), roles: ['admin'] });
      const ids = await gql.addNumbers(admin, org, phoneNumbers(5));
      for (let i = 0; i < 4; i++) await gql.assign(admin, ids[i], `c${i}@crash.example`); // 4/5 = 80%: one email owed

      // The first process claims the email and hangs on the silent SMTP server: kill it right there.
      await until('the first process to start sending', async () => silent.connections() > 0);
      first.child.kill('SIGKILL');
      await exited(first.child);
      const killedAt = Date.now();
      expect(sink.received).toHaveLength(0);

      const second = await startApiProcess(children, { ...common, SMTP_URL: sink.url });
      const startedAt = Date.now();
      const [mail] = await sink.waitFor(1, 15_000);
      expect(mail.subject).toBe('Crash Co: 80% of numbers in use (threshold 80%)');
      expect(mail.to).toEqual(['noc@crash.example']);
      expect(await sink.settle(1000)).toBe(1); // and nobody sends it again
      const rows = await client({ query: queryAt(second.url) }).notifications(admin, org);
      // Two attempts: the one the kill cut short, and the delivery.
      expect(rows).toEqual([
        expect.objectContaining({ cause: 'THRESHOLD_REACHED', sentAt: expect.any(String), attempts: 2, lastError: expect.stringMatching(/did not finish/) }),
      ]);
      // eslint-disable-next-line no-console
      console.log(`[${database}] killed mid-send: delivered exactly once, ${mail.receivedAt - killedAt} ms after the kill, ${mail.receivedAt - startedAt} ms after the new process listened (lease 2 s)`);
      second.child.kill('SIGTERM');
      await exited(second.child);
    } finally {
      await silent.close();
      await sink.down();
      await db.drop();
    }
  });

  it('sends an email owed but not yet claimed as soon as a process starts again', async () => {
    const db = await freshDatabase(database);
    const sink = await SmtpSink.start();
    try {
      // SMTP refused while the first process runs: the email is owed, attempted, not claimed at the kill.
      await sink.down();
      const common = { DATABASE_URL: db.url, NOTIFICATION_LEASE_SECONDS: '2', PORTAL_URL, SMTP_URL: sink.url };
      const first = await startApiProcess(children, common);
      const gql = client({ query: queryAt(first.url) });
      const operator = await signToken(TEST_JWT_SECRET, { sub: 'carrier-staff', org: null, roles: ['operator'] });
      const org = await gql.createOrganization(operator, { name: 'Restart Co', utilizationThresholdPercent: 50, adminEmails: ['noc@restart.example'] });
      const admin = await signToken(TEST_JWT_SECRET, { sub: 'restart-admin', org: Number(org), roles: ['admin'] });
      const ids = await gql.addNumbers(admin, org, phoneNumbers(2));
      await gql.assign(admin, ids[0], 'r0@restart.example'); // 1/2 = 50%
      await until('a refused attempt', async () => (await gql.notifications(admin, org))[0]?.lastError);
      first.child.kill('SIGKILL');
      await exited(first.child);

      await sink.up();
      const second = await startApiProcess(children, common);
      const [mail] = await sink.waitFor(1, 15_000);
      expect(mail.subject).toBe('Restart Co: 50% of numbers in use (threshold 50%)');
      expect(await sink.settle(1000)).toBe(1);
      const [row] = await client({ query: queryAt(second.url) }).notifications(admin, org);
      expect(row.sentAt).not.toBeNull();
      expect(row.lastError).toMatch(/ECONNREFUSED|connect/i);
      second.child.kill('SIGTERM');
      await exited(second.child);
    } finally {
      await sink.down();
      await db.drop();
    }
  });
});
