import { MigrationInterface, QueryRunner } from 'typeorm';
import { sqlDate, fromSqlDate } from '../transformers';
import { idsOnPath, rebuildUtilizationDays } from './1764700000000-insight.frozen';

/**
 * DESIGN §5 "Insight":
 * - usage_rollup.last_stored_at: the latest time an accepted usage event counted in the row was
 *   stored, so freshness (dataAsOf) and "the first day with usage" come with the rows a dashboard
 *   reads anyway. Backfilled from usage_event: every row with usage gets its organization's (SELF) or
 *   subtree's (SUBS) latest recorded_at, which makes dataAsOf exact for existing data; a day whose
 *   events all had quantity 0 stays unmarked.
 * - number_utilization_day: each organization's inUse and total at the end of every local day on which
 *   they moved, written by the number operations; backfilled from numbers' and users' timestamps.
 */
export class Insight1764700000000 implements MigrationInterface {
  name = 'Insight1764700000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = queryRunner.connection.options.type !== 'better-sqlite3';
    const datetime = mysql ? 'DATETIME(3)' : 'DATETIME';
    await queryRunner.query(`ALTER TABLE usage_rollup ADD COLUMN last_stored_at ${datetime} NULL`);
    await backfillLastStoredAt(queryRunner);
    await queryRunner.query(
      `CREATE TABLE number_utilization_day (
        organization_id ${mysql ? 'INT UNSIGNED' : 'INTEGER'} NOT NULL,
        day ${mysql ? 'VARCHAR(10) CHARACTER SET ascii COLLATE ascii_bin' : 'VARCHAR(10)'} NOT NULL,
        in_use INT NOT NULL,
        total INT NOT NULL,
        updated_at ${datetime} NOT NULL,
        PRIMARY KEY (organization_id, day)
      )${mysql ? ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4' : ''}`,
    );
    await rebuildUtilizationDays(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE number_utilization_day`);
    await queryRunner.query(`ALTER TABLE usage_rollup DROP COLUMN last_stored_at`);
  }
}

async function backfillLastStoredAt(queryRunner: QueryRunner): Promise<void> {
  const latest = new Map<number, number>();
  const rows = await queryRunner.query(
    'SELECT organization_id AS org, MAX(recorded_at) AS at FROM usage_event GROUP BY organization_id',
  );
  for (const r of rows) latest.set(Number(r.org), fromSqlDate(r.at)!.getTime());
  if (!latest.size) return;
  const orgs: Array<{ id: number; path: string }> = await queryRunner.query('SELECT id, path FROM organization');
  // Each organization's latest time goes into the SUBS value of every ancestor.
  const subsLatest = new Map<number, number>();
  for (const org of orgs) {
    const at = latest.get(Number(org.id));
    if (!at) continue;
    for (const ancestorId of idsOnPath(org.path)) {
      if (ancestorId !== Number(org.id) && at > (subsLatest.get(ancestorId) ?? 0)) subsLatest.set(ancestorId, at);
    }
  }
  for (const org of orgs) {
    const subs = subsLatest.get(Number(org.id));
    const self = latest.get(Number(org.id));
    for (const [scope, at] of [
      ['SELF', self],
      ['SUBS', subs],
    ] as const) {
      if (!at) continue;
      await queryRunner.query(
        `UPDATE usage_rollup SET last_stored_at = ?
          WHERE organization_id = ? AND scope = ? AND voice_total + message_total + data_total > 0`,
        [sqlDate(new Date(at)), org.id, scope],
      );
    }
  }
}
