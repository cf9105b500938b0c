import { MigrationInterface, QueryRunner } from 'typeorm';

type Dialect = 'mysql' | 'sqlite';

function dialectOf(queryRunner: QueryRunner): Dialect {
  return queryRunner.connection.options.type === 'better-sqlite3' ? 'sqlite' : 'mysql';
}

/** Column types that differ between MySQL/MariaDB and SQLite. */
function types(d: Dialect) {
  return d === 'mysql'
    ? {
        id: 'INT UNSIGNED NOT NULL AUTO_INCREMENT PRIMARY KEY',
        ref: 'INT UNSIGNED',
        datetime: 'DATETIME(3)',
        ascii: (n: number) => `VARCHAR(${n}) CHARACTER SET ascii COLLATE ascii_bin`,
        text: 'TEXT',
        tableSuffix: ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4',
      }
    : {
        id: 'INTEGER PRIMARY KEY AUTOINCREMENT',
        ref: 'INTEGER',
        datetime: 'DATETIME',
        ascii: (n: number) => `VARCHAR(${n})`,
        text: 'TEXT',
        tableSuffix: '',
      };
}

type ColumnTypes = ReturnType<typeof types>;

function organizationTable(t: ColumnTypes): string[] {
  return [
    `CREATE TABLE organization (
        id ${t.id},
        name VARCHAR(200) NOT NULL,
        parent_id ${t.ref} NULL REFERENCES organization(id),
        path ${t.ascii(700)} NOT NULL,
        depth INT NOT NULL,
        timezone VARCHAR(64) NOT NULL DEFAULT 'UTC',
        cycle_start_day INT NOT NULL DEFAULT 1,
        utilization_threshold_percent INT NOT NULL DEFAULT 80,
        admin_emails ${t.text} NOT NULL,
        contact_email VARCHAR(254) NULL,
        contact_phone VARCHAR(32) NULL,
        contact_message VARCHAR(2000) NULL,
        number_operation_seq INT NOT NULL DEFAULT 0,
        threshold_reached TINYINT NOT NULL DEFAULT 0,
        created_at ${t.datetime} NOT NULL
      )${t.tableSuffix}`,
    `CREATE INDEX idx_organization_parent ON organization (parent_id)`,
    `CREATE INDEX idx_organization_path ON organization (path)`,
  ];
}

function userTable(t: ColumnTypes): string[] {
  return [
    `CREATE TABLE app_user (
        id ${t.id},
        organization_id ${t.ref} NOT NULL REFERENCES organization(id),
        email VARCHAR(254) NOT NULL,
        added_at ${t.datetime} NOT NULL,
        registered_at ${t.datetime} NULL,
        deactivated_at ${t.datetime} NULL,
        invitation_expires_at ${t.datetime} NOT NULL
      )${t.tableSuffix}`,
    `CREATE INDEX idx_user_organization ON app_user (organization_id, added_at)`,
  ];
}

function phoneNumberTable(t: ColumnTypes): string[] {
  return [
    `CREATE TABLE phone_number (
        id ${t.id},
        number ${t.ascii(16)} NOT NULL,
        organization_id ${t.ref} NOT NULL REFERENCES organization(id),
        org_path ${t.ascii(700)} NOT NULL,
        state ${t.ascii(10)} NOT NULL,
        user_id ${t.ref} NULL REFERENCES app_user(id),
        updated_at ${t.datetime} NOT NULL
      )${t.tableSuffix}`,
    `CREATE UNIQUE INDEX uq_phone_number_number ON phone_number (number)`,
    `CREATE INDEX idx_phone_number_holder ON phone_number (organization_id, state, number)`,
    `CREATE INDEX idx_phone_number_subtree ON phone_number (org_path, organization_id)`,
    `CREATE INDEX idx_phone_number_user ON phone_number (user_id)`,
  ];
}

function usageEventTable(t: ColumnTypes): string[] {
  return [
    `CREATE TABLE usage_event (
        id VARCHAR(100) NOT NULL PRIMARY KEY,
        organization_id ${t.ref} NOT NULL,
        user_id ${t.ref} NULL,
        type ${t.ascii(8)} NOT NULL,
        occurred_at ${t.datetime} NOT NULL,
        quantity BIGINT NOT NULL,
        billable TINYINT NOT NULL,
        recorded_at ${t.datetime} NOT NULL
      )${t.tableSuffix}`,
    `CREATE INDEX idx_usage_event_org_time ON usage_event (organization_id, occurred_at)`,
  ];
}

function usageRollupTable(t: ColumnTypes): string[] {
  return [
    `CREATE TABLE usage_rollup (
        organization_id ${t.ref} NOT NULL,
        scope ${t.ascii(4)} NOT NULL,
        grain ${t.ascii(5)} NOT NULL,
        period_date ${t.ascii(10)} NOT NULL,
        metric ${t.ascii(20)} NOT NULL,
        billable BIGINT NOT NULL,
        total BIGINT NOT NULL,
        PRIMARY KEY (organization_id, scope, grain, period_date, metric)
      )${t.tableSuffix}`,
  ];
}

function numberRequestTable(t: ColumnTypes): string[] {
  return [
    `CREATE TABLE number_request (
        id ${t.id},
        organization_id ${t.ref} NOT NULL REFERENCES organization(id),
        requested_by VARCHAR(200) NOT NULL,
        created_at ${t.datetime} NOT NULL,
        quantity INT NULL,
        note VARCHAR(2000) NULL,
        contact_email VARCHAR(254) NULL,
        contact_phone VARCHAR(32) NULL,
        contact_message VARCHAR(2000) NOT NULL
      )${t.tableSuffix}`,
    `CREATE INDEX idx_number_request_org ON number_request (organization_id, created_at)`,
  ];
}

function notificationTable(t: ColumnTypes): string[] {
  return [
    `CREATE TABLE notification (
        id ${t.id},
        organization_id ${t.ref} NOT NULL REFERENCES organization(id),
        cause ${t.ascii(40)} NOT NULL,
        cause_key ${t.ascii(120)} NOT NULL,
        recipients ${t.text} NOT NULL,
        subject VARCHAR(300) NOT NULL,
        body_text ${t.text} NOT NULL,
        body_html ${t.text} NOT NULL,
        created_at ${t.datetime} NOT NULL,
        sent_at ${t.datetime} NULL,
        attempts INT NOT NULL DEFAULT 0,
        last_error VARCHAR(1000) NULL,
        next_attempt_at ${t.datetime} NOT NULL,
        claimed_until ${t.datetime} NULL
      )${t.tableSuffix}`,
    `CREATE UNIQUE INDEX uq_notification_cause_key ON notification (cause_key)`,
    `CREATE INDEX idx_notification_due ON notification (sent_at, next_attempt_at)`,
    `CREATE INDEX idx_notification_org ON notification (organization_id, id)`,
  ];
}

export class InitialSchema1764100000000 implements MigrationInterface {
  name = 'InitialSchema1764100000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const t = types(dialectOf(queryRunner));
    const statements = [
      ...organizationTable(t),
      ...userTable(t),
      ...phoneNumberTable(t),
      ...usageEventTable(t),
      ...usageRollupTable(t),
      ...numberRequestTable(t),
      ...notificationTable(t),
    ];
    for (const sql of statements) await queryRunner.query(sql);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    for (const table of [
      'notification',
      'number_request',
      'usage_rollup',
      'usage_event',
      'phone_number',
      'app_user',
      'organization',
    ]) {
      await queryRunner.query(`DROP TABLE ${table}`);
    }
  }
}
