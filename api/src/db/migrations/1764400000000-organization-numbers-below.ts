import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * organization.numbers_below: how many numbers are held strictly below the organization, kept by
 * the number operations, so utilization no longer counts a subtree's numbers on every read.
 */
export class OrganizationNumbersBelow1764400000000 implements MigrationInterface {
  name = 'OrganizationNumbersBelow1764400000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const sqlite = queryRunner.connection.options.type === 'better-sqlite3';
    await queryRunner.query(`ALTER TABLE organization ADD COLUMN numbers_below INT NOT NULL DEFAULT 0`);
    // Paths below '/1/5/' sort strictly between it and '/1/5/~'.
    await queryRunner.query(
      `UPDATE organization SET numbers_below =
         (SELECT COUNT(*) FROM phone_number p WHERE p.org_path > organization.path AND p.org_path < ` +
        `${sqlite ? `organization.path || '~'` : `CONCAT(organization.path, '~')`})`,
    );
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE organization DROP COLUMN numbers_below`);
  }
}
