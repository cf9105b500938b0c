import { MigrationInterface, QueryRunner } from 'typeorm';

/** The counters of a wide rollup row, and the metric each held as a row of its own before. */
const COUNTERS: Array<{ metric: string; billable: string; total: string }> = [
  { metric: 'VOICE', billable: 'voice_billable', total: 'voice_total' },
  { metric: 'MESSAGE', billable: 'message_billable', total: 'message_total' },
  { metric: 'DATA', billable: 'data_billable', total: 'data_total' },
  // User lifecycle counts: billable and total were always equal.
  { metric: 'USERS_ADDED', billable: 'users_added', total: 'users_added' },
  { metric: 'USERS_REGISTERED', billable: 'users_registered', total: 'users_registered' },
  { metric: 'USERS_DEACTIVATED', billable: 'users_deactivated', total: 'users_deactivated' },
];
/** Each wide column and what it sums from the row-per-metric layout. */
const PIVOT = COUNTERS.flatMap((c) =>
  c.billable === c.total
    ? [{ column: c.total, metric: c.metric, field: 'total' }]
    : [
        { column: c.billable, metric: c.metric, field: 'billable' },
        { column: c.total, metric: c.metric, field: 'total' },
      ],
);
const WIDE_COLUMNS = PIVOT.map((p) => p.column);

function isMysql(queryRunner: QueryRunner): boolean {
  return queryRunner.connection.options.type !== 'better-sqlite3';
}

function keyColumns(mysql: boolean): string {
  const ascii = (n: number) => (mysql ? `VARCHAR(${n}) CHARACTER SET ascii COLLATE ascii_bin` : `VARCHAR(${n})`);
  return `organization_id ${mysql ? 'INT UNSIGNED' : 'INTEGER'} NOT NULL,
        scope ${ascii(4)} NOT NULL,
        grain ${ascii(5)} NOT NULL,
        period_date ${ascii(10)} NOT NULL`;
}

/**
 * One rollup row per organization, scope, grain and period with a column per counter, instead of a
 * row per metric: a dashboard reads a third of the rows (a parent's two months of days were ~440
 * rows, now ~150), and ingestion upserts fewer rows, since the calls, messages and data of one day
 * share a row. Existing rows are pivoted in place; down splits them back.
 */
export class WideUsageRollup1764600000000 implements MigrationInterface {
  name = 'WideUsageRollup1764600000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = isMysql(queryRunner);
    await queryRunner.query(
      `CREATE TABLE usage_rollup_wide (
        ${keyColumns(mysql)},
        ${WIDE_COLUMNS.map((c) => `${c} BIGINT NOT NULL DEFAULT 0`).join(',\n        ')},
        PRIMARY KEY (organization_id, scope, grain, period_date)
      )${mysql ? ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4' : ''}`,
    );
    const sums = PIVOT.map((p) => `SUM(CASE WHEN metric = '${p.metric}' THEN ${p.field} ELSE 0 END)`);
    await queryRunner.query(
      `INSERT INTO usage_rollup_wide (organization_id, scope, grain, period_date, ${WIDE_COLUMNS.join(', ')})
       SELECT organization_id, scope, grain, period_date, ${sums.join(', ')}
         FROM usage_rollup
        GROUP BY organization_id, scope, grain, period_date`,
    );
    await queryRunner.query(`DROP TABLE usage_rollup`);
    await queryRunner.query(`ALTER TABLE usage_rollup_wide RENAME TO usage_rollup`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    const mysql = isMysql(queryRunner);
    await queryRunner.query(
      `CREATE TABLE usage_rollup_narrow (
        ${keyColumns(mysql)},
        metric ${mysql ? 'VARCHAR(20) CHARACTER SET ascii COLLATE ascii_bin' : 'VARCHAR(20)'} NOT NULL,
        billable BIGINT NOT NULL,
        total BIGINT NOT NULL,
        PRIMARY KEY (organization_id, scope, grain, period_date, metric)
      )${mysql ? ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4' : ''}`,
    );
    for (const c of COUNTERS) {
      await queryRunner.query(
        `INSERT INTO usage_rollup_narrow (organization_id, scope, grain, period_date, metric, billable, total)
         SELECT organization_id, scope, grain, period_date, '${c.metric}', ${c.billable}, ${c.total}
           FROM usage_rollup
          WHERE ${c.billable} <> 0 OR ${c.total} <> 0`,
      );
    }
    await queryRunner.query(`DROP TABLE usage_rollup`);
    await queryRunner.query(`ALTER TABLE usage_rollup_narrow RENAME TO usage_rollup`);
  }
}
