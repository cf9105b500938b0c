import { MigrationInterface, QueryRunner } from 'typeorm';
import { fromSqlDate } from '../transformers';
import {
  billingUnits,
  COUNTER_COLUMNS,
  Contribution,
  Placement,
  upsertAddUserRows,
  UsageType,
  userRollupRows,
} from './1764800000000-user-usage-rollup.frozen';

/** Events read per backfill step: bounded memory whatever the table's size. */
const BACKFILL_BATCH = 5000;

/**
 * DESIGN §6: per-user usage per local day and calendar month (user_usage_rollup), so reports break
 * usage down by user and sub-organization without scanning events. Backfilled from usage_event
 * through the row builder ingestion used then (a frozen copy, beside this file).
 */
export class UserUsageRollup1764800000000 implements MigrationInterface {
  name = 'UserUsageRollup1764800000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = queryRunner.connection.options.type !== 'better-sqlite3';
    const ascii = (n: number) => (mysql ? `VARCHAR(${n}) CHARACTER SET ascii COLLATE ascii_bin` : `VARCHAR(${n})`);
    const int = mysql ? 'INT UNSIGNED' : 'INTEGER';
    await queryRunner.query(
      `CREATE TABLE user_usage_rollup (
        timezone ${ascii(64)} NOT NULL,
        grain ${ascii(5)} NOT NULL,
        period_date ${ascii(10)} NOT NULL,
        organization_id ${int} NOT NULL,
        user_id ${int} NOT NULL,
        ${COUNTER_COLUMNS.map((c) => `${c} BIGINT NOT NULL DEFAULT 0`).join(',\n        ')},
        PRIMARY KEY (timezone, grain, period_date, organization_id, user_id)
      )${mysql ? ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4' : ''}`,
    );
    await backfill(queryRunner);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE user_usage_rollup`);
  }
}

interface EventRow {
  id: string;
  organization_id: number | string;
  user_id: number | string | null;
  type: UsageType;
  occurred_at: string | Date;
  quantity: number | string;
  billable: number | string;
}

async function backfill(queryRunner: QueryRunner): Promise<void> {
  const orgs: Array<{ id: number; path: string; timezone: string }> = await queryRunner.query(
    'SELECT id, path, timezone FROM organization',
  );
  const placements = new Map<number, Placement>(
    orgs.map((o) => [Number(o.id), { id: Number(o.id), path: o.path, timezone: o.timezone }]),
  );
  let after = '';
  for (;;) {
    const events: EventRow[] = await queryRunner.query(
      `SELECT id, organization_id, user_id, type, occurred_at, quantity, billable
         FROM usage_event WHERE id > ? ORDER BY id LIMIT ${BACKFILL_BATCH}`,
      [after],
    );
    if (!events.length) return;
    // VOICE in whole minutes: 1764820000000 converts them to rated seconds (exact, the rule then was 60/60).
    const contributions: Contribution[] = events.map((e) => {
      const units = billingUnits(e.type, Number(e.quantity));
      return {
        organizationId: Number(e.organization_id),
        type: e.type,
        at: fromSqlDate(e.occurred_at)!,
        billable: Number(e.billable) ? units : 0,
        total: units,
        userId: e.user_id === null ? null : Number(e.user_id),
      };
    });
    await upsertAddUserRows(queryRunner, userRollupRows(contributions, placements));
    after = events[events.length - 1].id;
  }
}
