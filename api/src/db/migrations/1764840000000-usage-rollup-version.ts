import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * usage_rollup_version: a counter per organization, moved by every change to its usage rollups, so
 * API processes can keep rollup rows in memory and know, from the organization's read, whether they
 * are current. Starts empty (no row reads as version 0).
 */
export class UsageRollupVersion1764840000000 implements MigrationInterface {
  name = 'UsageRollupVersion1764840000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = queryRunner.connection.options.type !== 'better-sqlite3';
    await queryRunner.query(
      `CREATE TABLE usage_rollup_version (
        organization_id ${mysql ? 'INT UNSIGNED' : 'INTEGER'} NOT NULL PRIMARY KEY,
        version BIGINT NOT NULL
      )${mysql ? ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4' : ''}`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE usage_rollup_version`);
  }
}
