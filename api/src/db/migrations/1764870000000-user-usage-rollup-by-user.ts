import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * DESIGN §10 (idle numbers): user_usage_rollup by organization and user, so "did this user use
 * anything on a day of the window" is one short index range per held number. The primary key leads
 * with the zone and the day, where that question would read every organization's users of the zone
 * for the whole window. A row is new once per user and local day (later events of the day update its
 * counters, which the index does not hold), so ingestion pays one more entry per user-day, not per event.
 */
export class UserUsageRollupByUser1764870000000 implements MigrationInterface {
  name = 'UserUsageRollupByUser1764870000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(
      `CREATE INDEX idx_user_usage_rollup_user
         ON user_usage_rollup (organization_id, user_id, grain, timezone, period_date)`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const sqlite = queryRunner.connection.options.type === 'better-sqlite3';
    await queryRunner.query(`DROP INDEX idx_user_usage_rollup_user${sqlite ? '' : ' ON user_usage_rollup'}`);
  }
}
