import { MigrationInterface, QueryRunner } from 'typeorm';

const COLUMNS = 'organization_id, scope, grain, period_date, metric, billable, total';

/**
 * Rollups stop keeping TREE rows (an organization and everything below it) and keep SUBS rows
 * (everything strictly below it) instead: TREE = SELF + SUBS. A leaf organization then writes one
 * set of rows per event, not two, which roughly halves the rows ingestion upserts.
 */
export class RollupSubsScope1764300000000 implements MigrationInterface {
  name = 'RollupSubsScope1764300000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `INSERT INTO usage_rollup (${COLUMNS})
       SELECT t.organization_id, 'SUBS', t.grain, t.period_date, t.metric,
              t.billable - COALESCE(s.billable, 0), t.total - COALESCE(s.total, 0)
         FROM usage_rollup t
         LEFT JOIN usage_rollup s
           ON s.organization_id = t.organization_id AND s.scope = 'SELF' AND s.grain = t.grain
          AND s.period_date = t.period_date AND s.metric = t.metric
        WHERE t.scope = 'TREE' AND (t.billable <> COALESCE(s.billable, 0) OR t.total <> COALESCE(s.total, 0))`,
    );
    await queryRunner.query(`DELETE FROM usage_rollup WHERE scope = 'TREE'`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `INSERT INTO usage_rollup (${COLUMNS})
       SELECT organization_id, 'TREE', grain, period_date, metric, SUM(billable), SUM(total)
         FROM usage_rollup
        WHERE scope IN ('SELF', 'SUBS')
        GROUP BY organization_id, grain, period_date, metric`,
    );
    await queryRunner.query(`DELETE FROM usage_rollup WHERE scope = 'SUBS'`);
  }
}
