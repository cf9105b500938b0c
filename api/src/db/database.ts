import { escape as mysqlEscape } from 'mysql2';
import { DataSource, EntityManager } from 'typeorm';
import { installAfterCommit } from './after-commit';
import { isSqlite } from './data-source';

/** The driver's error code (ER_DUP_ENTRY, SQLITE_BUSY, ECONNREFUSED…), wherever TypeORM put it. */
export function driverErrorCode(error: unknown): string | undefined {
  const e = error as { code?: string; driverError?: { code?: string } } | null | undefined;
  return e?.driverError?.code ?? e?.code;
}

/**
 * Errors after which the whole transaction runs again. On a Galera cluster a conflict with another
 * node's commit surfaces as ER_LOCK_DEADLOCK (at COMMIT when certification fails, or on any statement
 * when the replicated write aborts the local transaction), as ER_QUERY_INTERRUPTED when that abort
 * lands mid-statement, and as ER_UNKNOWN_COM_ERROR ("WSREP has not yet prepared node") while the node
 * is briefly out of the primary component. Each rolled the transaction back: running it again is safe.
 */
const RETRYABLE_MYSQL_ERRORS = ['ER_LOCK_DEADLOCK', 'ER_LOCK_WAIT_TIMEOUT', 'ER_QUERY_INTERRUPTED'];
/** Attempts of one transaction: enough for a hot row raced through every node of a cluster. */
export const TRANSACTION_ATTEMPTS = 30;

/** Whether the failed attempt may run again (the database rolled it back and says so). */
export function retryableTransactionError(error: unknown, extra: string[] = []): boolean {
  const code = driverErrorCode(error);
  if (!code) return false;
  if (RETRYABLE_MYSQL_ERRORS.includes(code) || extra.includes(code)) return true;
  return code === 'ER_UNKNOWN_COM_ERROR' && /WSREP/.test((error as Error).message ?? '');
}

/** Full jitter, growing from ~10 ms to at most 200 ms, so racing nodes spread their retries out. */
function retryPauseMs(attempt: number): number {
  return Math.random() * Math.min(200, 10 * 2 ** Math.min(attempt, 5));
}
/** The part of better-sqlite3 a streamed read uses (the library TypeORM's driver loaded). */
interface SqliteLibrary {
  new (
    file: string,
    options: { readonly: boolean; fileMustExist: boolean },
  ): {
    pragma(sql: string): unknown;
    prepare(sql: string): { iterate(...parameters: unknown[]): IterableIterator<unknown> };
    close(): void;
  };
}

/** Bound parameters per multi-row statement: few round trips, well inside both databases' limits (SQLite: 32766). */
export const PARAMS_PER_STATEMENT = 8000;
/**
 * Values per multi-row statement on MySQL, where rows are sent as literals: about 1 MB of SQL, well
 * inside max_allowed_packet (16 MB by default), in a few statements a call.
 */
export const VALUES_PER_MYSQL_STATEMENT = 64_000;

/** Rows sent in multi-row inserts and upserts per table (rows a savepoint undid included), for `npm run bench`. */
const rowsSent = new Map<string, number>();

/** Rows this process has sent in multi-row inserts and upserts, per table. */
export function rowsSentByTable(): Record<string, number> {
  return Object.fromEntries(rowsSent);
}

/** `(…),(…)` of rows of literals, appended piece by piece (no array per row to join). */
function mysqlValues(rows: unknown[][]): string {
  let sql = '';
  for (let r = 0; r < rows.length; r++) {
    const row = rows[r];
    sql += r === 0 ? '(' : ',(';
    for (let i = 0; i < row.length; i++) sql += i === 0 ? mysqlLiteral(row[i]) : `,${mysqlLiteral(row[i])}`;
    sql += ')';
  }
  return sql;
}

/**
 * A value as a MySQL literal: numbers as they are, NULL, strings escaped by the driver's own escaper
 * (as it would format a `?`), dates as UTC like the connection's `timezone: 'Z'`.
 */
function mysqlLiteral(value: unknown): string {
  if (typeof value === 'number') return String(value);
  if (value === null || value === undefined) return 'NULL';
  return mysqlEscape(value as Parameters<typeof mysqlEscape>[0], false, 'Z');
}

/**
 * The app's handle on the database: the DataSource plus the few things the two dialects do
 * differently (transaction scheduling, upserts, row locks).
 */
export class Database {
  readonly sqlite: boolean;
  /** SQLite has one connection: transactions must not interleave on it, so they queue here. */
  private sqliteQueue: Promise<unknown> = Promise.resolve();

  constructor(readonly dataSource: DataSource) {
    this.sqlite = isSqlite(dataSource);
    installAfterCommit(dataSource);
  }

  get manager(): EntityManager {
    return this.dataSource.manager;
  }

  /**
   * A read that may lag the primary by the replication delay: on a read replica when
   * DATABASE_REPLICA_URLS names some (raw manager.query() always goes to the primary), else as query.
   */
  async replicaQuery<T = unknown>(sql: string, parameters: unknown[] = []): Promise<T> {
    const runner = this.dataSource.createQueryRunner('slave');
    try {
      return (await runner.query(sql, parameters)) as T;
    } finally {
      await runner.release();
    }
  }

  /**
   * Runs fn atomically; on MySQL a deadlock, lock timeout or cluster certification conflict retries
   * the whole unit, up to TRANSACTION_ATTEMPTS times (fn must be re-runnable). A lost connection is
   * not retried: the commit's outcome is unknown, so the caller (whose operations are idempotent or
   * guarded) retries it, and the pool opens a new connection then.
   */
  async transaction<T>(fn: (manager: EntityManager) => Promise<T>, options: { retryOn?: string[] } = {}): Promise<T> {
    if (this.sqlite) {
      const run = this.sqliteQueue.then(() => this.dataSource.transaction(fn));
      this.sqliteQueue = run.catch(() => undefined);
      return run;
    }
    for (let attempt = 1; ; attempt++) {
      try {
        // READ COMMITTED: after taking a row lock, reads see what the previous holder committed.
        return await this.dataSource.transaction('READ COMMITTED', fn);
      } catch (error) {
        if (attempt >= TRANSACTION_ATTEMPTS || !retryableTransactionError(error, options.retryOn)) throw error;
        await new Promise((resolve) => setTimeout(resolve, retryPauseMs(attempt)));
      }
    }
  }

  /**
   * INSERT … adding to counters on conflict. `rows` share `columns`; `addColumns` are summed into
   * the existing row, `maxColumns` keep the greater of both values.
   */
  /**
   * `INSERT INTO table (columns) VALUES …` plus `suffix` for `rows`, in statements of a bounded size.
   * SQLite binds parameters; MySQL gets the rows as escaped literals, which the driver would
   * otherwise format into the text itself, placeholder by placeholder (issue 17: at 10,000 events a
   * call that formatting cost more API time than building the rows).
   */
  async insertRows(
    manager: EntityManager,
    table: string,
    columns: string[],
    rows: unknown[][],
    suffix = '',
  ): Promise<void> {
    rowsSent.set(table, (rowsSent.get(table) ?? 0) + rows.length);
    const head = `INSERT INTO ${table} (${columns.join(',')}) VALUES `;
    const tail = suffix ? ` ${suffix}` : '';
    const perStatement = this.sqlite ? PARAMS_PER_STATEMENT : VALUES_PER_MYSQL_STATEMENT;
    const chunk = Math.max(1, Math.floor(perStatement / columns.length));
    for (let i = 0; i < rows.length; i += chunk) {
      const part = rows.slice(i, i + chunk);
      if (this.sqlite) {
        const placeholders = part.map(() => `(${columns.map(() => '?').join(',')})`).join(',');
        await manager.query(head + placeholders + tail, part.flat());
      } else {
        await manager.query(head + mysqlValues(part) + tail);
      }
    }
  }

  async upsertAdd(
    manager: EntityManager,
    table: string,
    columns: string[],
    addColumns: string[],
    rows: unknown[][],
    maxColumns: string[] = [],
  ): Promise<void> {
    // A NULL on either side keeps the other: MAX/GREATEST would answer NULL.
    const greatest = this.sqlite
      ? (c: string) => `${c} = MAX(COALESCE(${c}, excluded.${c}), COALESCE(excluded.${c}, ${c}))`
      : (c: string) => `${c} = GREATEST(COALESCE(${c}, VALUES(${c})), COALESCE(VALUES(${c}), ${c}))`;
    const updates = this.sqlite
      ? addColumns.map((c) => `${c} = ${c} + excluded.${c}`)
      : addColumns.map((c) => `${c} = ${c} + VALUES(${c})`);
    const set = [...updates, ...maxColumns.map(greatest)].join(', ');
    const conflict = this.sqlite ? `ON CONFLICT DO UPDATE SET ${set}` : `ON DUPLICATE KEY UPDATE ${set}`;
    await this.insertRows(manager, table, columns, rows, conflict);
  }

  /** INSERT … replacing `setColumns` of the existing row on conflict (the latest value wins). */
  async upsertSet(
    manager: EntityManager,
    table: string,
    columns: string[],
    setColumns: string[],
    rows: unknown[][],
  ): Promise<void> {
    if (!rows.length) return;
    const placeholders = rows.map(() => `(${columns.map(() => '?').join(',')})`).join(',');
    const conflict = this.sqlite
      ? `ON CONFLICT DO UPDATE SET ${setColumns.map((c) => `${c} = excluded.${c}`).join(', ')}`
      : `ON DUPLICATE KEY UPDATE ${setColumns.map((c) => `${c} = VALUES(${c})`).join(', ')}`;
    await manager.query(`INSERT INTO ${table} (${columns.join(',')}) VALUES ${placeholders} ${conflict}`, rows.flat());
  }

  /**
   * The rows of a read, one at a time from the database's cursor, so memory does not grow with the
   * result. SQLite: a read-only connection of its own (WAL lets it read while the app's one
   * connection writes; iterating on that connection would block every other statement). MySQL: a
   * pooled connection's row stream (a replica's when configured), paused while the consumer is busy.
   */
  async *streamRows<T = Record<string, unknown>>(sql: string, parameters: unknown[] = []): AsyncGenerator<T> {
    if (this.sqlite) {
      const file = this.dataSource.options.database as string;
      if (file === ':memory:') {
        yield* (await this.replicaQuery<T[]>(sql, parameters)) as T[];
        return;
      }
      const Library = (this.dataSource.driver as unknown as { sqlite: SqliteLibrary }).sqlite;
      const reader = new Library(file, { readonly: true, fileMustExist: true });
      try {
        reader.pragma('busy_timeout = 5000');
        for (const row of reader.prepare(sql).iterate(...parameters)) yield row as T;
      } finally {
        reader.close();
      }
      return;
    }
    const runner = this.dataSource.createQueryRunner('slave');
    try {
      const stream = await runner.stream(sql, parameters);
      try {
        for await (const row of stream) yield row as T;
      } finally {
        stream.destroy();
      }
    } finally {
      await runner.release();
    }
  }

  async close(): Promise<void> {
    if (this.dataSource.isInitialized) await this.dataSource.destroy();
  }
}
