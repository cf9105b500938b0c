import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * organization.threshold_reached was written by every number operation and never read: whether the
 * threshold is reached is derived from utilization each time it is needed.
 */
export class DropThresholdReached1764500000000 implements MigrationInterface {
  name = 'DropThresholdReached1764500000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE organization DROP COLUMN threshold_reached`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE organization ADD COLUMN threshold_reached TINYINT NOT NULL DEFAULT 0`);
  }
}
