import { MigrationInterface, QueryRunner } from 'typeorm';
import { Database } from '../database';
import { fromSqlDate } from '../transformers';
import { COUNTER_COLUMNS, RollupContribution, USER_ROLLUP_COLUMNS, userRollupRows } from '../../usage/rollup.service';
import { ceilMinutes } from '../../common/calendar';
import { DEFAULT_RATING } from '../../rating/rating';
import { UsageType } from '../../usage/usage-event.entity';
import { RollupMetric } from '../../usage/usage-rollup.entity';
import { OrganizationPlacement } from '../../organizations/organization.service';

/** Events read per backfill step: bounded memory whatever the table's size. */
const BACKFILL_BATCH = 5000;

/** The billing rule when this migration was written (calls in whole minutes), frozen here on purpose. */
function billingUnits(type: UsageType, quantity: number): number {
  return type === UsageType.VOICE ? ceilMinutes(quantity) : quantity;
}

/**
 * DESIGN §6: per-user usage per local day and calendar month (user_usage_rollup), so reports break
 * usage down by user and sub-organization without scanning events. Backfilled from usage_event
 * through the same row builder ingestion uses.
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
  const orgs: Array<{ id: number; path: string; timezone: string; cycle_start_day: number }> = await queryRunner.query(
    'SELECT id, path, timezone, cycle_start_day FROM organization',
  );
  const placements = new Map<number, OrganizationPlacement>(
    orgs.map((o) => [
      Number(o.id),
      {
        id: Number(o.id),
        path: o.path,
        timezone: o.timezone,
        cycleStartDay: Number(o.cycle_start_day),
        // Rated seconds come later (1764820000000 converts these minutes exactly): the rule then was 60/60.
        rating: DEFAULT_RATING,
      },
    ]),
  );
  const db = new Database(queryRunner.connection);
  let after = '';
  for (;;) {
    const events: EventRow[] = await queryRunner.query(
      `SELECT id, organization_id, user_id, type, occurred_at, quantity, billable
         FROM usage_event WHERE id > ? ORDER BY id LIMIT ${BACKFILL_BATCH}`,
      [after],
    );
    if (!events.length) return;
    const contributions: RollupContribution[] = events.map((e) => {
      const units = billingUnits(e.type, Number(e.quantity));
      return {
        organizationId: Number(e.organization_id),
        metric: e.type as unknown as RollupMetric,
        at: fromSqlDate(e.occurred_at)!,
        billable: Number(e.billable) ? units : 0,
        total: units,
        userId: e.user_id === null ? null : Number(e.user_id),
      };
    });
    const rows = userRollupRows(contributions, placements);
    await db.upsertAdd(queryRunner.manager, 'user_usage_rollup', USER_ROLLUP_COLUMNS, COUNTER_COLUMNS, rows);
    after = events[events.length - 1].id;
  }
}
