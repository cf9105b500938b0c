/**
 * `node dist/api/bench/retention-bench.js`: the cost of DESIGN §8's retention on a database the bench
 * left (`npm run bench -- --keep`), on MySQL:
 *   1. the rating migration's run time (`--migrate`: the database must stop before 1764820000000);
 *   2. recordUsage latency (calls of 1,000 events, one at a time) for `--seconds` without the purge,
 *      then while a purge of everything older than `--retention-days` runs in a second process (this
 *      one), as another API node would run it.
 * DATABASE_URL names the kept database (default mysql://root@127.0.0.1:3306/mpd_bench).
 */
import 'reflect-metadata';
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { signToken } from '../src/auth/token';
import { loadConfig } from '../src/common/config';
import { UsagePurgeJob } from '../src/usage/usage-purge';
import { createDataSource } from '../src/data-model';
import { Database } from '../src/db/database';
import { createLogger } from '../src/common/logger';

const JWT_SECRET = 'benchmark-secret-0123456789abcdef0123456789';
const RECORD = 'mutation ($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted } }';

function arg(name: string, fallback: number): number {
  const i = process.argv.indexOf(`--${name}`);
  return i < 0 ? fallback : Number(process.argv[i + 1]);
}

const log = (line: string) => console.log(`[retention ${new Date().toISOString().slice(11, 19)}] ${line}`);

async function migrate(url: string): Promise<void> {
  const dataSource = createDataSource({ databaseUrl: url });
  await dataSource.initialize();
  try {
    const [{ n }] = await dataSource.query('SELECT COUNT(*) AS n FROM usage_event');
    const [{ r }] = await dataSource.query('SELECT COUNT(*) AS r FROM usage_rollup');
    const started = process.hrtime.bigint();
    const ran = await dataSource.runMigrations({ transaction: 'each' });
    const seconds = Number(process.hrtime.bigint() - started) / 1e9;
    log(`migrations ${ran.map((m) => m.name).join(', ')} on ${n} events, ${r} rollup rows: ${seconds.toFixed(1)} s`);
  } finally {
    await dataSource.destroy();
  }
}

async function startApi(url: string, retentionDays: number): Promise<{ url: string; stop(): void }> {
  const port = 20000 + Math.floor(Math.random() * 20000);
  const child = spawn(process.execPath, [path.resolve(__dirname, '../src/main.js')], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: url,
      JWT_SECRET,
      DEMO_DATA: '0',
      LOG_LEVEL: 'warn',
      // Several processes may run at once: none needs the Prometheus listener.
      METRICS_PORT: '0',
      USAGE_RETENTION_DAYS: String(retentionDays),
      RATE_LIMIT_PER_IP: '10000000',
      RATE_LIMIT_PER_SUBJECT: '10000000',
      OUTBOX_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'mpd-retention-')),
    },
    stdio: 'inherit',
  });
  const base = `http://127.0.0.1:${port}`;
  for (let i = 0; i < 300; i++) {
    try {
      if ((await fetch(`${base}/readyz`)).ok) return { url: base, stop: () => child.kill('SIGTERM') };
    } catch {
      // not yet
    }
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new Error('the API did not start');
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil((p / 100) * sorted.length) - 1)];

/** recordUsage calls of 1,000 fresh events, one at a time, until `until()`; their latencies in ms. */
async function ingest(
  api: string,
  token: string,
  orgIds: number[],
  until: () => boolean,
  tag: string,
): Promise<number[]> {
  const latencies: number[] = [];
  for (let call = 0; !until(); call++) {
    const events = Array.from({ length: 1000 }, (_, i) => ({
      id: `ret-${tag}-${call}-${i}`,
      organizationId: String(orgIds[(call * 1000 + i) % orgIds.length]),
      type: ['VOICE', 'MESSAGE', 'DATA'][i % 3],
      occurredAt: new Date(Date.now() - (i % 48) * 3_600_000).toISOString(),
      quantity: 1 + (i % 700),
    }));
    const started = process.hrtime.bigint();
    const res = await fetch(`${api}/graphql`, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query: RECORD, variables: { events } }),
    });
    const body = (await res.json()) as { errors?: unknown };
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    latencies.push(Number(process.hrtime.bigint() - started) / 1e6);
  }
  return latencies.sort((a, b) => a - b);
}

const summary = (l: number[]) =>
  `${l.length} calls, p50 ${percentile(l, 50).toFixed(0)} ms, ` +
  `p99 ${percentile(l, 99).toFixed(0)} ms, max ${l.at(-1)!.toFixed(0)} ms`;

async function main(): Promise<void> {
  const url = process.env.DATABASE_URL || 'mysql://root@127.0.0.1:3306/mpd_bench';
  if (process.argv.includes('--migrate')) await migrate(url);
  const retentionDays = arg('retention-days', 200);
  const seconds = arg('seconds', 30);
  const dataSource = createDataSource({ databaseUrl: url });
  await dataSource.initialize();
  const db = new Database(dataSource);
  // The API's own purge must not start: the day's run is marked done; this process runs it in phase 2.
  await db.manager.query(`UPDATE job_lease SET last_done_at = ?, leased_until = NULL WHERE name = 'usage-purge'`, [
    new Date(),
  ]);
  const orgIds = ((await db.manager.query('SELECT id FROM organization ORDER BY id')) as Array<{ id: number }>).map(
    (r) => Number(r.id),
  );
  const api = await startApi(url, retentionDays);
  const token = await signToken(JWT_SECRET, { sub: 'retention-bench', roles: ['operator'] }, '2h');
  try {
    let end = Date.now() + seconds * 1000;
    log(`without the purge: ${summary(await ingest(api.url, token, orgIds, () => Date.now() > end, 'a'))}`);
    await db.manager.query(`UPDATE job_lease SET last_done_at = NULL WHERE name = 'usage-purge'`);
    const deps = {
      db,
      clock: () => new Date(),
      log: createLogger('warn'),
      config: { ...loadConfig(), usageRetentionDays: retentionDays },
    };
    const started = Date.now();
    let purgeDone = false;
    const purge = new UsagePurgeJob(deps).runOnce().then((outcome) => {
      purgeDone = true;
      log(`purge: ${JSON.stringify(outcome)} in ${((Date.now() - started) / 1000).toFixed(1)} s`);
    });
    end = Date.now() + seconds * 1000;
    log(`while purging: ${summary(await ingest(api.url, token, orgIds, () => Date.now() > end || purgeDone, 'b'))}`);
    await purge;
  } finally {
    api.stop();
    await dataSource.destroy();
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
