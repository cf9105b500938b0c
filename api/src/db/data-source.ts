import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import {
  DataSource,
  DataSourceOptions,
  DefaultNamingStrategy,
  Migration,
  Logger as TypeOrmLogger,
  NamingStrategyInterface,
} from 'typeorm';
import mysql2, { format as formatSql, PoolConnection, PoolOptions } from 'mysql2';
import mysqlPromise from 'mysql2/promise';
import { isSqliteUrl } from '../common/config';
import { Logger } from '../common/logger';
import { sleep } from '../common/sleep';
import { withLeaseHeartbeat } from './lease-heartbeat';
import { SingleRowLease } from './single-row-lease';

/** Column names in snake_case so raw SQL stays readable on both databases. */
class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  columnName(propertyName: string, customName: string | undefined, prefixes: string[]): string {
    const name = customName ?? propertyName.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
    return prefixes.length ? `${prefixes.join('_')}_${name}` : name;
  }
}

function mysqlOptions(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 3306),
    username: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: u.pathname.replace(/^\//, ''),
  };
}

export interface DataSourceSettings {
  databaseUrl: string;
  databaseReplicaUrls?: string[];
  logging?: boolean;
  /** MySQL: how long opening a connection may take (default 5 s). */
  connectTimeoutMs?: number;
  /** Where TypeORM's own messages go (slow queries, migrations); default: its console logger. */
  log?: Logger;
  /**
   * MySQL without replicas: `SET SESSION wsrep_sync_wait = n` on every pooled connection before its first
   * statement (a Galera node's read-your-writes; galeraSyncWait decides n). 0 or unset: nothing is sent.
   */
  wsrepSyncWait?: number;
}

/** The tables and migrations of every domain: db/ knows none of them, the composition root hands them in. */
export interface DataModel {
  entities: DataSourceOptions['entities'];
  migrations: DataSourceOptions['migrations'];
}

let statementsSent = 0;

/** Statements sent by this process's DataSources that log through the app (the server's), for `npm run bench`. */
export function statementCount(): number {
  return statementsSent;
}

/** TypeORM's messages as JSON lines through the app's logger; failed queries are reported by their callers. */
function typeormLogger(log: Logger): TypeOrmLogger {
  return {
    // TypeORM calls this for every statement, logging on or off: counting costs an increment.
    logQuery: () => {
      statementsSent++;
    },
    logQueryError: () => undefined,
    // Called from mysql2's socket callback, whose async context is the request that opened the pooled
    // connection, not the one waiting: no request id rather than a wrong one.
    logQuerySlow: (time, query) =>
      log.warn('slow query', { durationMs: time, sql: query.slice(0, 500), requestId: undefined }),
    logSchemaBuild: () => undefined,
    logMigration: (message) => log.info('migration', { detail: message }),
    log: (level, message) => (level === 'warn' ? log.warn : log.info)('typeorm', { detail: String(message) }),
  };
}

/**
 * mysql2's formatting of a query's `?` placeholders, skipped for a statement without parameters: the
 * driver would still scan all its text for one, and the multi-row inserts of ingestion send about
 * 1 MB of literals a statement (Database.insertRows). Otherwise exactly what the driver does.
 */
function formatQuery(sql: string, values: unknown, timezone?: string): string {
  if (values === undefined || (Array.isArray(values) && values.length === 0)) return sql;
  return formatSql(sql, values as Parameters<typeof formatSql>[1], false, timezone as 'Z');
}

/**
 * The `wsrep_sync_wait` for the pool: `wanted` when the server is a Galera node (`wsrep_on` ON), else 0.
 * Asked once, over a connection of its own, before the pool opens, so a plain MySQL or MariaDB server
 * gets no statement more per connection or per query.
 */
export async function galeraSyncWait(
  databaseUrl: string,
  wanted: number,
  connectTimeoutMs = 5000,
  log?: Logger,
): Promise<number> {
  if (!wanted || isSqliteUrl(databaseUrl)) return 0;
  const { username, ...server } = mysqlOptions(databaseUrl);
  const connection = await mysqlPromise.createConnection({
    ...server,
    user: username,
    connectTimeout: connectTimeoutMs,
  });
  try {
    const [rows] = await connection.query("SHOW VARIABLES LIKE 'wsrep_on'");
    if ((rows as Array<{ Value?: string }>)[0]?.Value !== 'ON') return 0;
    log?.info('Galera node: every pooled connection reads with wsrep_sync_wait', { wsrepSyncWait: wanted });
    return wanted;
  } finally {
    await connection.end();
  }
}

/**
 * mysql2 whose pools send `SET SESSION wsrep_sync_wait = n` on each connection they open, before
 * handing it out: a connection runs its statements in order, so the setting precedes every read on it.
 * Handed to TypeORM as its `driver`, so the first connection (opened inside initialize()) gets it too.
 * Not with DATABASE_REPLICA_URLS: TypeORM then opens a pool cluster, out of this hook's reach (and a
 * Galera cluster needs no replicas: every node takes reads and writes).
 */
function mysqlWithSyncWait(syncWait: number, log?: Logger) {
  const setSyncWait = (connection: PoolConnection) =>
    connection.query(`SET SESSION wsrep_sync_wait = ${Number(syncWait)}`, (error) => {
      if (error) log?.warn('wsrep_sync_wait not set on a new connection', { err: error });
    });
  return {
    ...mysql2,
    createPool(options: PoolOptions) {
      const pool = mysql2.createPool(options);
      pool.on('connection', setSyncWait);
      return pool;
    },
  };
}

/** The one DataSource factory, given the data model (api/src/data-model.ts hands in the application's). */
export function buildDataSource(settings: DataSourceSettings, model: DataModel): DataSource {
  const common = {
    entities: model.entities,
    migrations: model.migrations,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logging: settings.logging ?? false,
    ...(settings.log ? { logger: typeormLogger(settings.log) } : {}),
  };
  let options: DataSourceOptions;
  if (isSqliteUrl(settings.databaseUrl)) {
    const file = settings.databaseUrl.slice('sqlite:'.length) || ':memory:';
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    options = {
      ...common,
      type: 'better-sqlite3',
      database: file,
      // WAL lets readers proceed while the single writer commits.
      prepareDatabase: (db: { pragma(sql: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('busy_timeout = 5000');
        db.pragma('foreign_keys = ON');
        db.pragma('synchronous = NORMAL');
      },
    } as DataSourceOptions;
  } else {
    const master = mysqlOptions(settings.databaseUrl);
    const replicas = (settings.databaseReplicaUrls ?? []).map(mysqlOptions);
    const connection = replicas.length ? { replication: { master, slaves: replicas } } : master;
    options = {
      ...common,
      type: 'mysql',
      ...connection,
      timezone: 'Z',
      charset: 'utf8mb4',
      supportBigNumbers: true,
      bigNumberStrings: false,
      dateStrings: false,
      connectTimeout: settings.connectTimeoutMs ?? 5000,
      ...(settings.wsrepSyncWait && !replicas.length
        ? { driver: mysqlWithSyncWait(settings.wsrepSyncWait, settings.log) }
        : {}),
      // TypeORM sends text queries, never prepared statements: mysql2's per-connection statement cache
      // (16,000 slots preallocated by default, ~0.5 MB a connection) would only hold the heap down.
      extra: {
        connectionLimit: 20,
        waitForConnections: true,
        queueLimit: 500,
        enableKeepAlive: true,
        maxPreparedStatements: 16,
        queryFormat: formatQuery,
      },
    } as DataSourceOptions;
  }
  return new DataSource(options);
}

/**
 * Bounds every later MySQL statement to `ms` (0: no bound), so a database that stops answering
 * without closing its connections fails requests instead of hanging them. Set after migrations,
 * which may legitimately run long.
 */
export function limitQueryTime(dataSource: DataSource, ms: number): void {
  if (isSqlite(dataSource) || !ms) return;
  Object.assign(dataSource.driver.options, { enableQueryTimeout: true, maxQueryExecutionTime: ms });
}

export function isSqlite(dataSource: DataSource): boolean {
  return dataSource.options.type === 'better-sqlite3';
}

/** How long the migration lock lasts unless renewed; the holder renews it every third of that. */
const MIGRATION_LEASE_MS = 30_000;

/**
 * Runs pending migrations so that processes starting together (a scaled-out or rolling deploy) do
 * not race: on MySQL each first claims the one row of `migration_lock` (a db/single-row-lease.ts,
 * dated by the database's clock), so one migrates and the others then find nothing to do. A row, not
 * GET_LOCK: GET_LOCK is local to one server, so on a Galera cluster processes on different nodes
 * would each get it. The lease runs out if its holder dies. SQLite is one process's file and needs none.
 */
export async function runMigrationsOnce(dataSource: DataSource, lockWaitSeconds = 300): Promise<Migration[]> {
  if (dataSource.options.type !== 'mysql') return dataSource.runMigrations({ transaction: 'each' });
  const holder = `${os.hostname()}:${process.pid}:${crypto.randomBytes(6).toString('hex')}`.slice(0, 64);
  await dataSource.query(
    'CREATE TABLE IF NOT EXISTS migration_lock ' +
      '(id INT NOT NULL PRIMARY KEY, holder VARCHAR(64) NULL, locked_until DATETIME NULL) ENGINE=InnoDB',
  );
  // Several nodes inserting the same row at once: all but one fail certification; the row is there then.
  await retryCertification(() => dataSource.query('INSERT IGNORE INTO migration_lock (id) VALUES (1)'));
  const lock = new SingleRowLease({
    table: 'migration_lock',
    keyColumn: 'id',
    key: 1,
    holderColumn: 'holder',
    untilColumn: 'locked_until',
    leaseMs: MIGRATION_LEASE_MS,
    clock: 'mysql',
    run: async (sql, params) => Number(((await dataSource.query(sql, params)) as MysqlOutcome).affectedRows ?? 0),
  });
  const deadline = Date.now() + lockWaitSeconds * 1000;
  while (!(await claimMigrationLock(lock, holder))) {
    if (Date.now() > deadline) throw new Error(`Another process kept the migration lock for ${lockWaitSeconds} s`);
    await sleep(100 + Math.random() * 150);
  }
  try {
    return await withLeaseHeartbeat(
      () => lock.renew(holder),
      MIGRATION_LEASE_MS / 3,
      () => dataSource.runMigrations({ transaction: 'each' }),
    );
  } finally {
    await retryCertification(() => lock.release(holder));
  }
}

interface MysqlOutcome {
  affectedRows?: number;
}

const isConflict = (error: unknown) => {
  const code = (error as { code?: string; driverError?: { code?: string } }).driverError?.code;
  return code === 'ER_LOCK_DEADLOCK' || code === 'ER_LOCK_WAIT_TIMEOUT';
};

/** Runs an idempotent autocommit statement again when another node's commit won certification. */
async function retryCertification<T>(statement: () => Promise<T>, attempts = 20): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await statement();
    } catch (error) {
      if (!isConflict(error) || attempt >= attempts) throw error;
      await sleep(Math.random() * 50 * attempt);
    }
  }
}

/** Takes the lock if free or run out; a certification conflict with another node's claim counts as not taken. */
async function claimMigrationLock(lock: SingleRowLease, holder: string): Promise<boolean> {
  try {
    return await lock.acquire(holder);
  } catch (error) {
    if (isConflict(error)) return false;
    throw error;
  }
}
