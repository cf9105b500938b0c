import { EntityManager } from 'typeorm';
import { Database } from '../db/database';
import { sqlDate } from '../db/transformers';
import { UtilizationDay } from './utilization-history';

/** number_utilization_day: an organization's utilization at the end of each local day it moved. */
export const UTILIZATION_DAY_COLUMNS = ['organization_id', 'day', 'in_use', 'total', 'updated_at'];

export interface UtilizationDayInput {
  organizationId: number;
  /** The local day of the operation, in the organization's time zone. */
  day: string;
  inUse: number;
  total: number;
}

/**
 * Writes, in the operation's transaction, each organization's utilization after it as its figures
 * for the local day of `now` (a later operation the same day replaces them).
 */
export async function recordUtilizationDays(
  db: Database,
  manager: EntityManager,
  now: Date,
  days: UtilizationDayInput[],
): Promise<void> {
  const rows = days.map((d) => [d.organizationId, d.day, d.inUse, d.total, sqlDate(now)]);
  await db.upsertSet(
    manager,
    'number_utilization_day',
    UTILIZATION_DAY_COLUMNS,
    ['in_use', 'total', 'updated_at'],
    rows,
  );
}

/**
 * The organization's days from `sinceDay` on, and the last one before it (the figures carried into
 * `sinceDay`), oldest first, in one statement over the primary key.
 */
export async function utilizationDaysSince(manager: EntityManager, organizationId: number, sinceDay: string) {
  // The primary, like the live figures that give today's point.
  const rows: Array<{ day: string; inUse: number | string; total: number | string }> = await manager.query(
    `SELECT day, in_use AS inUse, total FROM number_utilization_day WHERE organization_id = ? AND day >= ?
     UNION ALL
     SELECT * FROM (SELECT day, in_use AS inUse, total FROM number_utilization_day
                     WHERE organization_id = ? AND day < ? ORDER BY day DESC LIMIT 1) carried`,
    [organizationId, sinceDay, organizationId, sinceDay],
  );
  return rows
    .map((r): UtilizationDay => ({ day: r.day, inUse: Number(r.inUse), total: Number(r.total) }))
    .sort((a, b) => (a.day < b.day ? -1 : a.day > b.day ? 1 : 0));
}
