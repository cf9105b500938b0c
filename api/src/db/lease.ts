import crypto from 'node:crypto';
import { EntityManager } from 'typeorm';
import { Database } from './database';
import { sqlDate } from './transformers';

/**
 * A table whose rows are work that one worker at a time may hold (the notification outbox, webhook
 * deliveries; db/lease-columns.ts): `claimed_until DATETIME NULL` (when an unrenewed claim runs out)
 * and `claim_token VARCHAR(36) NULL` (whose claim it is).
 */
export interface LeasedTable {
  table: string;
  /** Columns to answer for each claimed row (`id` and `claimed_until` are always read). */
  columns: string[];
  /** SQL condition of a row that is due, besides not being held (e.g. `sent_at IS NULL AND next_attempt_at <= ?`). */
  due: string;
  dueParams: unknown[];
  /** Which due rows come first (default `id`). */
  order?: string;
  /** More to set on each row claimed (e.g. `attempts = attempts + 1`: an attempt cut short by a crash counts). */
  claimSet?: string;
  /**
   * A JOIN reading `columns` of other tables along with the claimed rows (`columns` and `order` then
   * qualify their names by table).
   */
  join?: string;
}

export interface Claimed<R> {
  /** Identifies this claim: every later update of the rows must still find it there. */
  token: string;
  rows: Array<R & { id: number; claimed_until: unknown }>;
  /** Ids whose earlier claim ran out (its holder stopped while holding them). */
  interrupted: number[];
}

/**
 * Claims up to `limit` due rows by a conditional UPDATE that sets this claim's token, then reads back
 * the rows carrying it. The UPDATE's condition (not held, or held past its lease) is what makes the
 * claim exclusive: on one server the second claimant waits for the first's row locks and then matches
 * nothing; on a Galera cluster, where row locks are local to a node, two nodes' claims of one row
 * conflict at certification and the loser's transaction is retried and then matches nothing. The
 * SELECT … SKIP LOCKED beforehand only spreads claimants over different rows on one server.
 */
export async function claimLeased<R>(
  db: Database,
  spec: LeasedTable,
  limit: number,
  leaseMs: number,
  onInterrupted?: (manager: EntityManager, ids: number[]) => Promise<void>,
): Promise<Claimed<R>> {
  const token = crypto.randomUUID();
  const { table, order = `${table}.id` } = spec;
  return db.transaction(async (manager) => {
    const now = sqlDate(new Date());
    const free = `(${spec.due}) AND (claimed_until IS NULL OR claimed_until < ?)`;
    const candidates: Array<{ id: number | string; claimed_until: unknown }> = await manager.query(
      `SELECT id, claimed_until FROM ${table} WHERE ${free} ORDER BY ${order} LIMIT ${limit}` +
        (db.sqlite ? '' : ' FOR UPDATE SKIP LOCKED'),
      [...spec.dueParams, now],
    );
    if (!candidates.length) return { token, rows: [], interrupted: [] };
    const ids = candidates.map((c) => Number(c.id));
    const inList = ids.map(() => '?').join(',');
    await manager.query(
      `UPDATE ${table} SET claimed_until = ?, claim_token = ?${spec.claimSet ? `, ${spec.claimSet}` : ''} ` +
        `WHERE id IN (${inList}) AND ${free}`,
      [sqlDate(new Date(Date.now() + leaseMs)), token, ...ids, ...spec.dueParams, now],
    );
    const rows: Array<R & { id: number; claimed_until: unknown }> = await manager.query(
      `SELECT ${table}.id, ${table}.claimed_until, ${spec.columns.join(', ')} FROM ${table} ${spec.join ?? ''} ` +
        `WHERE ${table}.id IN (${inList}) AND ${table}.claim_token = ? ORDER BY ${order}`,
      [...ids, token],
    );
    for (const row of rows) row.id = Number(row.id);
    const mine = new Set(rows.map((r) => r.id));
    // Held before (claimed_until set, as read before this UPDATE): its holder stopped while holding it.
    const interrupted = candidates
      .filter((c) => c.claimed_until !== null && mine.has(Number(c.id)))
      .map((c) => Number(c.id));
    if (interrupted.length && onInterrupted) await onInterrupted(manager, interrupted);
    return { token, rows, interrupted };
  });
}

/**
 * Updates one row only while it still carries `token` (and `also` holds); answers whether it did.
 * A claim that ran out and was taken by another worker no longer matches.
 */
export function updateHeld(
  db: Database,
  table: string,
  id: number,
  token: string,
  set: string,
  params: unknown[],
  also = '',
): Promise<boolean> {
  return db.transaction(async (manager) => {
    const result = await manager.queryRunner!.query(
      `UPDATE ${table} SET ${set} WHERE id = ? AND claim_token = ?${also ? ` AND ${also}` : ''}`,
      [...params, id, token],
      true,
    );
    return (result.affected ?? 0) > 0;
  });
}

/** Hands rows back at once (shutting down) instead of letting their lease run out. */
export async function releaseHeld(db: Database, table: string, ids: number[], token: string): Promise<void> {
  if (!ids.length) return;
  await db.transaction((manager) =>
    manager.query(
      `UPDATE ${table} SET claimed_until = NULL, claim_token = NULL ` +
        `WHERE claim_token = ? AND id IN (${ids.map(() => '?').join(',')})`,
      [token, ...ids],
    ),
  );
}
