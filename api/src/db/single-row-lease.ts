import { sqlDate } from './transformers';

/**
 * Runs one statement (autocommit, or a short transaction of its own) and answers how many rows it
 * matched (mysql2 reports found rows by default, so a renewal that changes nothing still counts).
 */
export type RunStatement = (sql: string, params: unknown[]) => Promise<number>;

export interface SingleRowLeaseSpec {
  table: string;
  /** The lease's row: its key column and value (`name` = 'usage-purge', `id` = 1). */
  keyColumn: string;
  key: string | number;
  /** Who holds the lease (NULL when free). */
  holderColumn: string;
  /** When the lease runs out unless renewed (NULL when free). */
  untilColumn: string;
  leaseMs: number;
  /**
   * Whose clock dates the lease: the app's (bound as parameters; either database, and tests set it),
   * or MySQL's own UTC_TIMESTAMP() (one clock for every process, whatever their hosts' clocks say).
   */
  clock: (() => Date) | 'mysql';
  run: RunStatement;
}

/**
 * A lease on one row, so one process at a time does a thing (a job, the migrations). Taken by a
 * conditional UPDATE, not a row lock or GET_LOCK: on a Galera cluster those hold only on one node,
 * while two nodes' UPDATEs of one row conflict cluster-wide (one fails certification, or is retried
 * and then matches nothing). A holder that dies leaves a lease that runs out.
 */
export class SingleRowLease {
  constructor(private readonly spec: SingleRowLeaseSpec) {}

  /** Takes the row when free or run out (and `also` holds, e.g. the job is due); answers whether it did. */
  async acquire(holder: string, also = '', alsoParams: unknown[] = []): Promise<boolean> {
    const { table, keyColumn, key, holderColumn, untilColumn, run } = this.spec;
    const until = this.until();
    const now = this.now();
    const changed = await run(
      `UPDATE ${table} SET ${holderColumn} = ?, ${untilColumn} = ${until.sql} WHERE ${keyColumn} = ? ` +
        `AND (${untilColumn} IS NULL OR ${untilColumn} < ${now.sql})${also ? ` AND (${also})` : ''}`,
      [holder, ...until.params, key, ...now.params, ...alsoParams],
    );
    return changed > 0;
  }

  /** Pushes the end of the lease out by another `leaseMs`; answers whether `holder` still holds it. */
  async renew(holder: string): Promise<boolean> {
    const { table, keyColumn, key, holderColumn, untilColumn, run } = this.spec;
    const until = this.until();
    const changed = await run(
      `UPDATE ${table} SET ${untilColumn} = ${until.sql} WHERE ${keyColumn} = ? AND ${holderColumn} = ?`,
      [...until.params, key, holder],
    );
    return changed > 0;
  }

  /** Frees the row if `holder` still holds it, setting `set` too (e.g. when the job was last done). */
  async release(holder: string, set = '', setParams: unknown[] = []): Promise<void> {
    const { table, keyColumn, key, holderColumn, untilColumn, run } = this.spec;
    await run(
      `UPDATE ${table} SET ${holderColumn} = NULL, ${untilColumn} = NULL${set ? `, ${set}` : ''} ` +
        `WHERE ${keyColumn} = ? AND ${holderColumn} = ?`,
      [...setParams, key, holder],
    );
  }

  private now(): { sql: string; params: unknown[] } {
    const { clock } = this.spec;
    return clock === 'mysql' ? { sql: 'UTC_TIMESTAMP()', params: [] } : { sql: '?', params: [sqlDate(clock())] };
  }

  private until(): { sql: string; params: unknown[] } {
    const { clock, leaseMs } = this.spec;
    return clock === 'mysql'
      ? { sql: 'UTC_TIMESTAMP() + INTERVAL ? SECOND', params: [Math.ceil(leaseMs / 1000)] }
      : { sql: '?', params: [sqlDate(new Date(clock().getTime() + leaseMs))] };
  }
}
