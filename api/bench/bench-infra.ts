/**
 * What both benchmarks (bench.ts, live-bench.ts) are built from: a database of their own, API processes
 * started as in production, a GraphQL client, and the CPU and memory of processes read from /proc.
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import net from 'node:net';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { API_NODE_FLAGS } from './bench-options';

export const JWT_SECRET = 'benchmark-secret-0123456789abcdef0123456789';
export function log(message: string): void {
  process.stdout.write(`[bench ${new Date().toISOString().slice(11, 19)}] ${message}\n`);
}

export async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = net.createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const { port } = server.address() as net.AddressInfo;
      server.close(() => resolve(port));
    });
  });
}

export interface BenchDatabase {
  url: string;
  name: string;
  version: string;
  settle(): Promise<{ seconds: number; dirtyPages: number }>;
  drop(): Promise<void>;
}

/**
 * The server URL with the bench database in it; the database is dropped and re-created. `suffix`
 * names one of several databases of one run (the ingestion bench: one per data shape and path).
 */
export async function prepareDatabase(suffix = ''): Promise<BenchDatabase> {
  const url = new URL(process.env.DATABASE_URL || 'mysql://root@127.0.0.1:3306/');
  if (!['mysql:', 'mariadb:'].includes(url.protocol))
    throw new Error(`The benchmark needs MySQL/MariaDB; DATABASE_URL is ${url.protocol}`);
  const name = (url.pathname.replace(/^\//, '') || 'mpd_bench') + suffix;
  if (!/^\w+$/.test(name)) throw new Error(`Unusable database name "${name}"`);
  const connect = () =>
    mysql.createConnection({
      host: url.hostname,
      port: Number(url.port || 3306),
      user: decodeURIComponent(url.username),
      password: decodeURIComponent(url.password),
    });
  const admin = await connect();
  const [[{ version }]] = (await admin.query('SELECT VERSION() AS version')) as unknown as [[{ version: string }]];
  await admin.query(`DROP DATABASE IF EXISTS \`${name}\``);
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  await admin.end();
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    name,
    version,
    settle: async () => {
      const conn = await connect();
      try {
        return await settleWrites(conn);
      } finally {
        await conn.end();
      }
    },
    drop: async () => {
      const conn = await connect();
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
    },
  };
}

/**
 * Copies every table of `from` into the new, empty `to`: structure, keys, AUTO_INCREMENT and rows. Two
 * runs that must start from the same state (the ingestion bench's two paths) start from copies of
 * one seeded database instead of seeding it twice.
 */
export async function copyDatabase(from: BenchDatabase, to: BenchDatabase): Promise<void> {
  const conn = await mysql.createConnection(to.url);
  try {
    await conn.query('SET FOREIGN_KEY_CHECKS = 0');
    const [tables] = (await conn.query(
      "SELECT table_name AS name FROM information_schema.tables WHERE table_schema = ? AND table_type = 'BASE TABLE'",
      [from.name],
    )) as unknown as [Array<{ name: string }>];
    for (const { name } of tables) {
      const [[created]] = (await conn.query(`SHOW CREATE TABLE \`${from.name}\`.\`${name}\``)) as unknown as [
        [{ 'Create Table': string }],
      ];
      await conn.query(created['Create Table']);
      await conn.query(`INSERT INTO \`${name}\` SELECT * FROM \`${from.name}\`.\`${name}\``);
    }
  } finally {
    await conn.end();
  }
}

/** Longest wait for the database to write out a bulk load before reads are measured. */
export const SETTLE_LIMIT_MS = 180_000;

/**
 * Waits until InnoDB has written out the pages the ingestion dirtied (at most 1% of the buffer pool
 * dirty, or no progress for 10 s, or SETTLE_LIMIT_MS): right after 10,000,000 events the server
 * spends a minute or more flushing, which would bill the bulk load to whichever read scenario runs
 * first. Reads one server status variable; changes no setting.
 */
export async function settleWrites(conn: mysql.Connection): Promise<{ seconds: number; dirtyPages: number }> {
  const started = Date.now();
  const status = async () => {
    const [rows] = (await conn.query(
      "SHOW GLOBAL STATUS WHERE Variable_name IN ('Innodb_buffer_pool_pages_dirty', 'Innodb_buffer_pool_pages_total')",
    )) as unknown as [Array<{ Variable_name: string; Value: string }>];
    const value = (name: string) => Number(rows.find((r) => r.Variable_name === name)?.Value ?? 0);
    return { dirty: value('Innodb_buffer_pool_pages_dirty'), total: value('Innodb_buffer_pool_pages_total') };
  };
  let { dirty, total } = await status();
  let best = dirty;
  let bestAt = Date.now();
  while (dirty > total / 100 && Date.now() - started < SETTLE_LIMIT_MS && Date.now() - bestAt < 10_000) {
    await new Promise((r) => setTimeout(r, 1000));
    ({ dirty, total } = await status());
    if (dirty < best) {
      best = dirty;
      bestAt = Date.now();
    }
  }
  return { seconds: (Date.now() - started) / 1000, dirtyPages: dirty };
}

export interface Api {
  url: string;
  child: ChildProcess;
  output: string[];
  stop(): Promise<void>;
}

export async function startApi(databaseUrl: string, extraEnv: Record<string, string> = {}): Promise<Api> {
  const port = await freePort();
  const main = path.resolve(__dirname, '../src/main.js');
  // BENCH_API_NODE_ARGS, e.g. "--cpu-prof --cpu-prof-dir=/tmp/prof", profiles the API under load.
  const nodeArgs = (process.env.BENCH_API_NODE_ARGS ?? '').split(' ').filter(Boolean);
  const child = spawn(process.execPath, [...API_NODE_FLAGS, ...nodeArgs, main], {
    env: {
      ...process.env,
      NODE_ENV: 'production',
      PORT: String(port),
      HOST: '127.0.0.1',
      DATABASE_URL: databaseUrl,
      DATABASE_REPLICA_URLS: '',
      JWT_SECRET,
      DEMO_DATA: '0',
      LOG_LEVEL: 'warn',
      // Several processes may run at once: none needs the Prometheus listener.
      METRICS_PORT: '0',
      // GET /bench-stats: statements sent, read around each measured run.
      BENCH_STATS: '1',
      // The limiter stays on (its cost is measured) with limits no benchmark reaches.
      RATE_LIMIT_PER_IP: '10000000',
      RATE_LIMIT_PER_SUBJECT: '10000000',
      OUTBOX_DIR: fs.mkdtempSync(path.join(os.tmpdir(), 'mpd-bench-outbox-')),
      ...extraEnv,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const output: string[] = [];
  const keep = (chunk: Buffer) => {
    output.push(chunk.toString());
    if (output.length > 200) output.shift();
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  const url = `http://127.0.0.1:${port}`;
  const deadline = Date.now() + 60_000;
  for (;;) {
    if (child.exitCode !== null) throw new Error(`The API exited with ${child.exitCode}:\n${output.join('')}`);
    try {
      const res = await fetch(`${url}/readyz`);
      if (res.ok) break;
    } catch {
      // not listening yet
    }
    if (Date.now() > deadline) throw new Error(`The API did not become ready:\n${output.join('')}`);
    await new Promise((r) => setTimeout(r, 200));
  }
  return {
    url,
    child,
    output,
    stop: async () => {
      if (child.exitCode !== null) return;
      const exited = new Promise((r) => child.once('exit', r));
      child.kill('SIGTERM');
      await Promise.race([exited, new Promise((r) => setTimeout(r, 12_000))]);
    },
  };
}

/** User + system CPU seconds of a process so far (/proc/<pid>/stat, 100 ticks a second); null when gone. */
export function cpuSecondsOf(pid: number | undefined): number | null {
  if (!pid) return null;
  try {
    const stat = fs.readFileSync(`/proc/${pid}/stat`, 'utf8');
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / 100;
  } catch {
    return null;
  }
}

/**
 * The database server's process when it runs on this machine and is the only one (BENCH_DB_PID names
 * it otherwise): its CPU during ingestion is printed beside the API's.
 */
export function databasePid(): number | undefined {
  if (process.env.BENCH_DB_PID) return Number(process.env.BENCH_DB_PID);
  const found = fs.readdirSync('/proc').filter((entry) => {
    if (!/^\d+$/.test(entry)) return false;
    try {
      return ['mariadbd', 'mysqld'].includes(fs.readFileSync(`/proc/${entry}/comm`, 'utf8').trim());
    } catch {
      return false;
    }
  });
  return found.length === 1 ? Number(found[0]) : undefined;
}

/** VmRSS now and VmHWM (peak) of a process, in MB. */
export function memoryOf(pid: number): { rss: number; peak: number } {
  const status = fs.readFileSync(`/proc/${pid}/status`, 'utf8');
  const kb = (field: string) => Number(new RegExp(`^${field}:\\s+(\\d+)`, 'm').exec(status)?.[1] ?? 0);
  return { rss: kb('VmRSS') / 1024, peak: kb('VmHWM') / 1024 };
}

export class GraphqlClient {
  constructor(
    readonly endpoint: string,
    readonly token: string,
  ) {}

  async request<T>(query: string, variables: Record<string, unknown> = {}, body?: string): Promise<T> {
    const res = await fetch(this.endpoint, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${this.token}` },
      body: body ?? JSON.stringify({ query, variables }),
    });
    const json = (await res.json()) as { data?: T; errors?: Array<{ message: string }> };
    if (json.errors?.length) throw new Error(`GraphQL error: ${json.errors.map((e) => e.message).join('; ')}`);
    return json.data as T;
  }
}

export async function inParallel<T>(items: T[], limit: number, fn: (item: T) => Promise<void>): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) await fn(items[next++]);
    }),
  );
}
