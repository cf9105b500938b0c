// Frozen as of 8828b68, which added the migration: numbers/utilization-backfill.ts, organizations/organization-path.ts.
import { QueryRunner } from 'typeorm';
import { localDateOf } from './frozen-calendar';
import { fromSqlDate, sqlDate } from '../transformers';

/** Ids from the root down to the organization itself ('/1/5/12/' → [1, 5, 12]). */
export function idsOnPath(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}

const UTILIZATION_DAY_COLUMNS = ['organization_id', 'day', 'in_use', 'total', 'updated_at'];

interface OrgRow {
  id: number;
  path: string;
  timezone: string;
  createdAt: Date;
}

/** A step of one organization's utilization: in use and total moved by these amounts at `at`. */
interface Step {
  at: number;
  inUse: number;
  total: number;
}

/**
 * Builds `number_utilization_day` for every organization from what the tables know. Numbers carry no
 * arrival time, so an organization's current numbers (its own and those below it) count in its total
 * from its first known moment (its creation, or an earlier user or number time); a number is in use
 * from its user's `added_at` (assigned, registered), its last change (reserved), or the earlier of
 * both (held below: allocated); a user who left counts in use from `added_at` to `deactivated_at`.
 * Today's figures come out exactly as measured now.
 */
export async function rebuildUtilizationDays(queryRunner: QueryRunner): Promise<void> {
  const orgs = new Map<number, OrgRow>();
  for (const r of await queryRunner.query('SELECT id, path, timezone, created_at AS createdAt FROM organization')) {
    const id = Number(r.id);
    orgs.set(id, { ...r, id, createdAt: fromSqlDate(r.createdAt)! });
  }
  const steps = new Map<number, Step[]>([...orgs.keys()].map((id) => [id, []]));
  const ms = (value: unknown) => fromSqlDate(value as string | Date | null)?.getTime() ?? null;
  const numbers = await queryRunner.query(
    `SELECT p.organization_id AS holder, p.org_path AS path, p.state AS state, p.updated_at AS updatedAt,
            u.added_at AS addedAt
       FROM phone_number p LEFT JOIN app_user u ON u.id = p.user_id`,
  );
  for (const n of numbers) {
    const changed = ms(n.updatedAt)!;
    const added = ms(n.addedAt);
    for (const orgId of idsOnPath(n.path)) {
      const own = orgId === Number(n.holder);
      const list = steps.get(orgId);
      if (!list) continue;
      list.push({ at: Number.NEGATIVE_INFINITY, inUse: 0, total: 1 });
      if (own && n.state === 'AVAILABLE') continue;
      const since = own ? (n.state === 'RESERVED' ? changed : (added ?? changed)) : Math.min(changed, added ?? changed);
      list.push({ at: since, inUse: 1, total: 0 });
    }
  }
  const leavers = await queryRunner.query(
    `SELECT organization_id AS org, added_at AS addedAt, deactivated_at AS deactivatedAt FROM app_user u
      WHERE deactivated_at IS NOT NULL AND NOT EXISTS (SELECT 1 FROM phone_number p WHERE p.user_id = u.id)`,
  );
  for (const u of leavers) {
    const list = steps.get(Number(u.org));
    list?.push({ at: ms(u.addedAt)!, inUse: 1, total: 0 }, { at: ms(u.deactivatedAt)!, inUse: -1, total: 0 });
  }
  // The table is new and empty: the original's DELETE of the organizations' old rows had nothing to do here.
  const rows = [...orgs.values()].flatMap((org) => daysOf(org, steps.get(org.id)!));
  for (let i = 0; i < rows.length; i += 500) {
    const chunk = rows.slice(i, i + 500);
    const placeholders = chunk.map(() => `(${UTILIZATION_DAY_COLUMNS.map(() => '?').join(',')})`).join(',');
    await queryRunner.query(
      `INSERT INTO number_utilization_day (${UTILIZATION_DAY_COLUMNS.join(',')}) VALUES ${placeholders}`,
      chunk.flat(),
    );
  }
}

/** One row per local day on which the organization's utilization moved: its figures at the day's end. */
function daysOf(org: OrgRow, steps: Step[]): unknown[][] {
  if (!steps.length) return [];
  const start = steps.reduce((min, s) => (Number.isFinite(s.at) && s.at < min ? s.at : min), org.createdAt.getTime());
  const ordered = steps.map((s) => (Number.isFinite(s.at) ? s : { ...s, at: start })).sort((a, b) => a.at - b.at);
  const days = new Map<string, { inUse: number; total: number; at: number }>();
  let inUse = 0;
  let total = 0;
  for (const s of ordered) {
    inUse += s.inUse;
    total += s.total;
    days.set(localDateOf(new Date(s.at), org.timezone), { inUse: Math.min(inUse, total), total, at: s.at });
  }
  return [...days.entries()].map(([day, d]) => [org.id, day, d.inUse, d.total, sqlDate(new Date(d.at))]);
}
