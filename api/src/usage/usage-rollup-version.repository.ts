import { EntityManager } from 'typeorm';
import { Database } from '../db/database';

/**
 * Moves the rollup version of every organization whose rollup rows the caller is changing, in the
 * caller's transaction and before it writes them: every process's cached rows of those
 * organizations stop matching once it commits. Ascending ids, one statement, so concurrent writers
 * lock the rows in one order.
 */
export async function bumpUsageRollupVersions(
  db: Database,
  manager: EntityManager,
  organizationIds: Iterable<number>,
): Promise<void> {
  const rows = [...new Set(organizationIds)].sort((a, b) => a - b).map((id) => [id, 1]);
  await db.upsertAdd(manager, 'usage_rollup_version', ['organization_id', 'version'], ['version'], rows);
}

/** The organizations' rollup versions as the caller's transaction sees them (after its bump: its own). */
export async function readUsageRollupVersions(
  manager: EntityManager,
  organizationIds: readonly number[],
): Promise<Map<number, number>> {
  const rows: Array<{ organization_id: number | string; version: number | string }> = await manager.query(
    `SELECT organization_id, version FROM usage_rollup_version
      WHERE organization_id IN (${organizationIds.map(() => '?').join(',')})`,
    [...organizationIds],
  );
  return new Map(rows.map((r) => [Number(r.organization_id), Number(r.version)]));
}
