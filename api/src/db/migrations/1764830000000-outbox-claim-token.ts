import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * notification.claim_token: whose claim a held outbox row is (db/lease.ts). The lease's expiry time
 * alone served as the token while row locks kept claims apart; on a Galera cluster they do not, and
 * two claims in the same second would carry the same expiry.
 */
export class OutboxClaimToken1764830000000 implements MigrationInterface {
  name = 'OutboxClaimToken1764830000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE notification ADD COLUMN claim_token VARCHAR(36) NULL`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE notification DROP COLUMN claim_token`);
  }
}
