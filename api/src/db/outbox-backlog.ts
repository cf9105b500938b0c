import { EntityManager } from 'typeorm';
import { fromSqlDate } from './transformers';

/** What an outbox still owes: rows not yet sent and the creation time of the oldest. */
export interface OutboxBacklog {
  pending: number;
  oldestCreatedAt: Date | null;
}

/**
 * One statement over an outbox table's pending rows, `pending` being a condition its due index
 * starts with (so only the backlog itself is read, never the sent history).
 */
export async function outboxBacklog(manager: EntityManager, table: string, pending: string): Promise<OutboxBacklog> {
  const [row] = (await manager.query(
    `SELECT COUNT(*) AS pending, MIN(created_at) AS oldest FROM ${table} WHERE ${pending}`,
  )) as Array<{ pending: number | string; oldest: Date | string | null }>;
  return { pending: Number(row?.pending ?? 0), oldestCreatedAt: fromSqlDate(row?.oldest) };
}
