import { ChildProcess, spawn } from 'node:child_process';
import http from 'node:http';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { signToken } from '../src/auth/token';
import { MIGRATIONS } from '../src/db/migrations';
import { exited, queryAt, startApiProcess } from './api-process';
import { DatabaseKind, freshDatabase, TEST_JWT_SECRET, testDatabases } from './harness';

const ROOT = path.join(__dirname, '../..');

interface Answer {
  status: number;
  headers: http.IncomingHttpHeaders;
  body: string;
}

/** A plain HTTP request (fetch hides the Connection header); `send` writes the body, possibly in pieces. */
function request(url: string, method: string, send: (req: http.ClientRequest) => void = (req) => req.end()) {
  return new Promise<Answer>((resolve, reject) => {
    const req = http.request(url, { method, headers: { 'content-type': 'application/json' } }, (res) => {
      let body = '';
      res.setEncoding('utf8');
      res.on('data', (chunk: string) => (body += chunk));
      res.on('end', () => resolve({ status: res.statusCode!, headers: res.headers, body }));
      res.on('error', reject);
    });
    req.on('error', reject);
    send(req);
  });
}

const get = (url: string) => request(url, 'GET');

/** Resolves once `text` appears in what the process writes to stdout. */
function printed(child: ChildProcess, output: () => string, text: string): Promise<void> {
  if (output().includes(text)) return Promise.resolve();
  return new Promise((resolve) => {
    const look = (chunk: Buffer) => {
      if (!chunk.toString().includes(text) && !output().includes(text)) return;
      child.stdout!.off('data', look);
      resolve();
    };
    child.stdout!.on('data', look);
  });
}

/** `npm run migrate`'s entry point, run from source against `databaseUrl`. */
function runMigrateCli(databaseUrl: string): Promise<{ code: number | null; stdout: string; stderr: string }> {
  const child = spawn(
    process.execPath,
    ['-r', 'ts-node/register/transpile-only', path.join(ROOT, 'api/src/migrate.ts')],
    {
      cwd: ROOT,
      env: { ...process.env, DATABASE_URL: databaseUrl, NODE_ENV: 'test' },
      stdio: ['ignore', 'pipe', 'pipe'],
    },
  );
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  return new Promise((resolve) => child.on('close', (code) => resolve({ code, stdout, stderr })));
}

/**
 * On MySQL, the URL of a user of its own that may only read and write rows of the database (no DDL),
 * as an application's user with MIGRATE_ON_START=0; on SQLite, the URL itself.
 */
async function rowsOnlyUrl(databaseUrl: string, drops: Array<() => Promise<void>>): Promise<string> {
  if (databaseUrl.startsWith('sqlite:')) return databaseUrl;
  const url = new URL(databaseUrl);
  const database = url.pathname.slice(1);
  const user = `${database.slice(-8)}_app`;
  const admin = await mysql.createConnection(databaseUrl);
  await admin.query(`CREATE USER '${user}'@'%' IDENTIFIED BY 'app-password'`);
  await admin.query(`GRANT SELECT, INSERT, UPDATE, DELETE ON \`${database}\`.* TO '${user}'@'%'`);
  await admin.end();
  drops.push(async () => {
    // Its database may be dropped already.
    const conn = await mysql.createConnection(Object.assign(new URL(databaseUrl), { pathname: '/' }).toString());
    await conn.query(`DROP USER IF EXISTS '${user}'@'%'`);
    await conn.end();
  });
  Object.assign(url, { username: user, password: 'app-password' });
  return url.toString();
}

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe.each(testDatabases())('the API process lifecycle on %s', (database: DatabaseKind) => {
  const children: ChildProcess[] = [];
  const drops: Array<() => Promise<void>> = [];

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(children.map(exited));
    for (const drop of drops) await drop();
  });

  it('on SIGTERM answers /readyz 503 at once, still serves, finishes the request in flight and exits 0', async () => {
    const db = await freshDatabase(database);
    drops.push(db.drop);
    // LOG_LEVEL=info: the test waits for the "shutting down" line to know the signal has been handled.
    const api = await startApiProcess(children, { DATABASE_URL: db.url, LOG_LEVEL: 'info' });
    expect(await get(`${api.url}/readyz`)).toMatchObject({ status: 200, body: '{"status":"ready"}' });

    // A GraphQL request whose body is half sent when the signal comes: it is in flight throughout.
    const body = JSON.stringify({ query: '{ __typename }', padding: 'x'.repeat(2000) });
    let finishBody!: () => void;
    const slow = request(`${api.url}/graphql`, 'POST', (req) => {
      req.setHeader('content-length', Buffer.byteLength(body));
      req.write(body.slice(0, 1000));
      finishBody = () => req.end(body.slice(1000));
    });
    await pause(300);

    const signalled = Date.now();
    const exit = new Promise<number | null>((resolve) => api.child.once('exit', (code) => resolve(code)));
    api.child.kill('SIGTERM');
    await printed(api.child, api.output, '"msg":"shutting down"');
    const readyz = await get(`${api.url}/readyz`);
    expect(readyz).toMatchObject({ status: 503, body: '{"status":"shutting down"}' });
    expect(Date.now() - signalled).toBeLessThan(2000);
    // The listener stays open: a request the load balancer still sends is served, on a connection closed after it.
    const late = await get(`${api.url}/healthz`);
    expect(late).toMatchObject({ status: 200, body: '{"status":"ok"}' });
    expect(late.headers.connection).toBe('close');

    await pause(1000);
    expect(api.child.exitCode).toBeNull();
    finishBody();
    const answer = await slow;
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body)).toEqual({ data: { __typename: 'Query' } });

    expect(await exit).toBe(0);
    expect(Date.now() - signalled).toBeLessThan(10_000);
    expect(api.output()).toContain('"msg":"stopped"');
  }, 60_000);

  it('with MIGRATE_ON_START=0 and no DDL rights stays unready until `npm run migrate` has run', async () => {
    const db = await freshDatabase(database);
    drops.push(db.drop);
    // The API's user may not change the schema; the migration step's may.
    const appUrl = await rowsOnlyUrl(db.url, drops);
    const api = await startApiProcess(children, { DATABASE_URL: appUrl, MIGRATE_ON_START: '0' });
    const pending = MIGRATIONS.length;
    const reason = `database not migrated: ${pending} pending migrations; run \`npm run migrate\``;

    expect(await get(`${api.url}/readyz`)).toMatchObject({
      status: 503,
      body: JSON.stringify({ status: 'unavailable', reason }),
    });
    const warnings = api
      .output()
      .split('\n')
      .filter((line) => line.includes('database not migrated'));
    expect(warnings).toHaveLength(1);
    expect(JSON.parse(warnings[0])).toMatchObject({
      level: 'warn',
      msg: 'database not migrated: not ready until `npm run migrate` has run',
      pendingMigrations: pending,
      firstPending: MIGRATIONS[0].name,
    });

    const migrate = await runMigrateCli(db.url);
    expect(migrate.stderr).toBe('');
    expect(migrate.code).toBe(0);
    expect(migrate.stdout).toBe(`Ran ${MIGRATIONS.map((migration) => migration.name).join(', ')}\n`);
    expect((await runMigrateCli(db.url)).stdout).toBe('The database is up to date.\n');

    // Ready without a restart; /readyz re-checks on each call.
    expect(await get(`${api.url}/readyz`)).toMatchObject({ status: 200, body: '{"status":"ready"}' });
    const operator = await signToken(TEST_JWT_SECRET, { sub: 'carrier-staff', org: null, roles: ['operator'] });
    const gql = queryAt(api.url);
    const created = await gql(
      'mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { name } }',
      { input: { name: 'Late Migration Co', adminEmails: ['noc@late.example'] } },
      operator,
    );
    expect(created).toEqual({ data: { createOrganization: { name: 'Late Migration Co' } } });
    expect(await gql('{ organizations { name } }', {}, operator)).toEqual({
      data: { organizations: [{ name: 'Late Migration Co' }] },
    });
    expect(api.output()).not.toContain('"level":"error"');
  }, 120_000);
});
