import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * DESIGN §9, plans, allowances and charges:
 * - organization_plan: a customer account's price plan kept per cycle, one row per cycle in which it
 *   changed (effective_from: that cycle's first local date); a cycle is priced by the latest row on or
 *   before its start, so a change never reprices a past one. cleared = 1: no plan from that cycle on.
 *   Money as decimal text (fees with the currency's minor digits, rates up to 6 places), never a float;
 *   allowances as BIGINT in the type's unit (minutes, messages, bytes);
 * - organization.plan_seq: moved by every plan change, in its transaction: part of the stamps that kept
 *   answers and Organization.version follow, so a change shows at once on every API process;
 * - usage_alert.measure: UNITS (what every existing alert means) or PERCENT_OF_ALLOWANCE.
 */
export class Plans1764880000000 implements MigrationInterface {
  name = 'Plans1764880000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    for (const sql of statements(queryRunner.connection.options.type !== 'better-sqlite3')) {
      await queryRunner.query(sql);
    }
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`ALTER TABLE usage_alert DROP COLUMN measure`);
    await queryRunner.query(`ALTER TABLE organization DROP COLUMN plan_seq`);
    await queryRunner.query(`DROP TABLE organization_plan`);
  }
}

function statements(mysql: boolean): string[] {
  const id = mysql ? 'INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY' : 'INTEGER PRIMARY KEY AUTOINCREMENT';
  const ref = mysql ? 'INT UNSIGNED' : 'INTEGER';
  const datetime = mysql ? 'DATETIME(3)' : 'DATETIME';
  const ascii = (n: number) => (mysql ? `VARCHAR(${n}) CHARACTER SET ascii COLLATE ascii_bin` : `VARCHAR(${n})`);
  const suffix = mysql ? ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4' : '';
  const allowance = (type: string) =>
    `${type}_included BIGINT NOT NULL DEFAULT 0,
        ${type}_included_per_active_user BIGINT NOT NULL DEFAULT 0,
        ${type}_overage_rate ${ascii(24)} NOT NULL DEFAULT '0',`;
  return [
    `CREATE TABLE organization_plan (
        id ${id},
        organization_id ${ref} NOT NULL REFERENCES organization(id),
        effective_from ${ascii(10)} NOT NULL,
        cleared TINYINT NOT NULL DEFAULT 0,
        name VARCHAR(100) NULL,
        currency ${ascii(3)} NULL,
        base_fee ${ascii(24)} NULL,
        per_active_user_fee ${ascii(24)} NULL,
        ${allowance('voice')}
        ${allowance('message')}
        ${allowance('data')}
        set_by VARCHAR(200) NOT NULL,
        set_at ${datetime} NOT NULL
      )${suffix}`,
    `CREATE UNIQUE INDEX uq_organization_plan_from ON organization_plan (organization_id, effective_from)`,
    `ALTER TABLE organization ADD COLUMN plan_seq INT NOT NULL DEFAULT 0`,
    `ALTER TABLE usage_alert ADD COLUMN measure ${ascii(24)} NOT NULL DEFAULT 'UNITS'`,
  ];
}
