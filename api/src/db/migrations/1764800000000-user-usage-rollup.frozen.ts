// Frozen as of 8d009de, which added the migration: cycles/rollup.service.ts, usage.service.ts, db/database.ts.
import { QueryRunner } from 'typeorm';
import { localDateOf } from './frozen-calendar';

/** The counters of a rollup row then, in the order rows were written (ROLLUP_COUNTERS). */
export const COUNTER_COLUMNS = [
  'voice_billable',
  'voice_total',
  'message_billable',
  'message_total',
  'data_billable',
  'data_total',
  'users_added',
  'users_registered',
  'users_deactivated',
];
const USER_ROLLUP_COLUMNS = ['timezone', 'grain', 'period_date', 'organization_id', 'user_id', ...COUNTER_COLUMNS];
/** The user of events recorded without one. */
const NO_USER = 0;
/** Bound parameters per multi-row statement. */
const PARAMS_PER_STATEMENT = 8000;

export type UsageType = 'VOICE' | 'MESSAGE' | 'DATA';

export interface Placement {
  id: number;
  path: string;
  timezone: string;
}

/** One usage event's amounts: `type` grew by billable/total at `at` in an organization, for a user or none. */
export interface Contribution {
  organizationId: number;
  type: UsageType;
  at: Date;
  billable: number;
  total: number;
  userId: number | null;
}

/** The billing rule then: calls in whole minutes (rounded up), messages and bytes as recorded. */
export function billingUnits(type: UsageType, quantity: number): number {
  if (type !== 'VOICE') return quantity;
  if (!Number.isFinite(quantity) || quantity < 0) {
    throw new RangeError(`seconds must be a finite, non-negative number: ${String(quantity)}`);
  }
  return Math.ceil(quantity / 60);
}

/** Ids from the root down to the organization itself ('/1/5/12/' → [1, 5, 12]). */
function idsOnPath(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}

/**
 * user_usage_rollup rows (USER_ROLLUP_COLUMNS) of the contributions, summed per time zone on the
 * organization's path (each distinct zone once), local day and calendar month.
 */
export function userRollupRows(contributions: Contribution[], placements: Map<number, Placement>): unknown[][] {
  const zonesOf = new Map<number, string[]>();
  const sums = new Map<string, unknown[]>();
  for (const c of contributions) {
    let zones = zonesOf.get(c.organizationId);
    if (!zones) {
      const own = placements.get(c.organizationId);
      if (!own) throw new Error(`organization ${c.organizationId} vanished while rolling up`);
      const path = idsOnPath(own.path).map((id) => placements.get(id)?.timezone ?? own.timezone);
      zonesOf.set(c.organizationId, (zones = [...new Set([own.timezone, ...path])]));
    }
    const userId = c.userId ?? NO_USER;
    const billableSlot = 5 + COUNTER_COLUMNS.indexOf(`${c.type.toLowerCase()}_billable`);
    const totalSlot = 5 + COUNTER_COLUMNS.indexOf(`${c.type.toLowerCase()}_total`);
    for (const zone of zones) {
      const day = localDateOf(c.at, zone);
      for (const [grain, date] of [
        ['DAY', day],
        ['MONTH', `${day.slice(0, 8)}01`],
      ]) {
        const key = `${zone}|${grain}|${date}|${c.organizationId}|${userId}`;
        let row = sums.get(key);
        if (!row) sums.set(key, (row = [zone, grain, date, c.organizationId, userId, ...COUNTER_COLUMNS.map(() => 0)]));
        (row[totalSlot] as number) += c.total;
        (row[billableSlot] as number) += c.billable;
      }
    }
  }
  // A stable order, as the ingestion wrote them.
  return [...sums.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

/** INSERT … adding every counter to the existing row on conflict (Database.upsertAdd then). */
export async function upsertAddUserRows(queryRunner: QueryRunner, rows: unknown[][]): Promise<void> {
  const sqlite = queryRunner.connection.options.type === 'better-sqlite3';
  const updates = COUNTER_COLUMNS.map((c) => (sqlite ? `${c} = ${c} + excluded.${c}` : `${c} = ${c} + VALUES(${c})`));
  const conflict = sqlite ? 'ON CONFLICT DO UPDATE SET' : 'ON DUPLICATE KEY UPDATE';
  const chunk = Math.max(1, Math.floor(PARAMS_PER_STATEMENT / USER_ROLLUP_COLUMNS.length));
  for (let i = 0; i < rows.length; i += chunk) {
    const part = rows.slice(i, i + chunk);
    const placeholders = part.map(() => `(${USER_ROLLUP_COLUMNS.map(() => '?').join(',')})`).join(',');
    await queryRunner.query(
      `INSERT INTO user_usage_rollup (${USER_ROLLUP_COLUMNS.join(',')}) VALUES ${placeholders}
        ${conflict} ${updates.join(', ')}`,
      part.flat(),
    );
  }
}
