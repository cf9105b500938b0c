import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Issue 17 (ingestion throughput): drops usage_event(organization_id, occurred_at). No read uses it
 * (dashboards and reports read the rollups; the duplicate check goes by the primary key, the purge by
 * occurred_at), and every recorded event paid for it: an entry at a random place of a second index,
 * beside the two the table keeps. The down migration builds it again.
 */
export class DropUsageEventOrgTime1764860000000 implements MigrationInterface {
  name = 'DropUsageEventOrgTime1764860000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const sqlite = queryRunner.connection.options.type === 'better-sqlite3';
    await queryRunner.query(`DROP INDEX idx_usage_event_org_time${sqlite ? '' : ' ON usage_event'}`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`CREATE INDEX idx_usage_event_org_time ON usage_event (organization_id, occurred_at)`);
  }
}
