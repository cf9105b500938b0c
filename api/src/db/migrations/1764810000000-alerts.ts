import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * DESIGN §7 "Alerts and channels":
 * - organization.alert_policy: the utilization threshold's re-alert policy (EVERY_ASSIGNMENT, DAILY_DIGEST);
 * - usage_alert: budgets on a usage type (ACTUAL or FORECAST), fired once per cycle through the
 *   notification outbox (its unique cause_key holds the "once");
 * - webhook: an organization's HTTPS endpoints, the signing secret sealed (AES-GCM) so it can sign but
 *   nobody reads it back;
 * - webhook_delivery: one row per notification and webhook (the event id shared by every channel of the
 *   notification), claimed by a conditional UPDATE lease, retried with backoff, the delivery log;
 * - utilization_digest_take: DAILY_DIGEST's collected number operations, one digest per organization
 *   and local day.
 */
export class Alerts1764810000000 implements MigrationInterface {
  name = 'Alerts1764810000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of statements(queryRunner.connection.options.type !== 'better-sqlite3')) {
      await queryRunner.query(sql);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of ['utilization_digest_take', 'webhook_delivery', 'webhook', 'usage_alert']) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
    await queryRunner.query(`ALTER TABLE organization DROP COLUMN alert_policy`);
  }
}

function statements(mysql: boolean): string[] {
  const id = mysql ? 'INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT';
  const ref = mysql ? 'INT UNSIGNED' : 'INTEGER';
  const datetime = mysql ? 'DATETIME(3)' : 'DATETIME';
  const ascii = (n: number) => (mysql ? `VARCHAR(${n}) CHARACTER SET ascii COLLATE ascii_bin` : `VARCHAR(${n})`);
  const suffix = mysql ? ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4' : '';
  return [
    `ALTER TABLE organization ADD COLUMN alert_policy ${ascii(20)} NOT NULL DEFAULT 'EVERY_ASSIGNMENT'`,
    `CREATE TABLE usage_alert (
        id ${id},
        organization_id ${ref} NOT NULL REFERENCES organization(id),
        type ${ascii(10)} NOT NULL,
        threshold BIGINT NOT NULL,
        basis ${ascii(10)} NOT NULL,
        enabled TINYINT NOT NULL DEFAULT 1,
        created_at ${datetime} NOT NULL
      )${suffix}`,
    `CREATE INDEX idx_usage_alert_org ON usage_alert (organization_id, id)`,
    `CREATE TABLE webhook (
        id ${id},
        organization_id ${ref} NOT NULL REFERENCES organization(id),
        url VARCHAR(2000) NOT NULL,
        secret_sealed ${ascii(200)} NOT NULL,
        secret_hint VARCHAR(16) NOT NULL,
        enabled TINYINT NOT NULL DEFAULT 1,
        created_at ${datetime} NOT NULL
      )${suffix}`,
    `CREATE INDEX idx_webhook_org ON webhook (organization_id, id)`,
    `CREATE TABLE webhook_delivery (
        id ${id},
        webhook_id ${ref} NOT NULL,
        organization_id ${ref} NOT NULL,
        event_id ${ascii(36)} NOT NULL,
        event_type ${ascii(40)} NOT NULL,
        body ${mysql ? 'MEDIUMTEXT' : 'TEXT'} NOT NULL,
        attempts INT NOT NULL DEFAULT 0,
        last_status INT NULL,
        last_error VARCHAR(1000) NULL,
        created_at ${datetime} NOT NULL,
        next_attempt_at ${datetime} NOT NULL,
        claimed_until ${datetime} NULL,
        claim_token ${ascii(36)} NULL,
        delivered_at ${datetime} NULL,
        gave_up_at ${datetime} NULL
      )${suffix}`,
    `CREATE UNIQUE INDEX uq_webhook_delivery_event ON webhook_delivery (webhook_id, event_id)`,
    `CREATE INDEX idx_webhook_delivery_due ON webhook_delivery (delivered_at, gave_up_at, next_attempt_at)`,
    `CREATE TABLE utilization_digest_take (
        id ${id},
        organization_id ${ref} NOT NULL REFERENCES organization(id),
        day ${ascii(10)} NOT NULL,
        occurred_at ${datetime} NOT NULL,
        in_use INT NOT NULL,
        total INT NOT NULL,
        available INT NOT NULL,
        digested TINYINT NOT NULL DEFAULT 0
      )${suffix}`,
    `CREATE INDEX idx_digest_take_pending ON utilization_digest_take (digested, organization_id, day)`,
  ];
}
