import { EntityManager } from 'typeorm';
import { AppDeps } from '../app-deps';
import { OrganizationPlacement, OrganizationService } from '../organizations/organization.service';
import { idsOnPath } from '../organizations/organization-path';
import { fromSqlDate, sqlDate } from '../db/transformers';
import { cycleStartDateOf, localDateOf } from './cycle-bounds';
import {
  METRIC_COUNTERS,
  ROLLUP_COUNTERS,
  RollupGrain,
  RollupMetric,
  RollupRow,
  RollupScope,
  StoredRollupScope,
} from './usage-rollup.entity';

/** One thing to count: `metric` grew by billable/total at `at` in organization `organizationId`. */
export interface RollupContribution {
  organizationId: number;
  metric: RollupMetric;
  at: Date;
  billable: number;
  total: number;
  /** For a usage event: when it was stored (the rows keep the latest, for freshness). */
  storedAt?: Date;
}

/** 'voiceBillable' → 'voice_billable'. */
const COUNTER_COLUMNS = ROLLUP_COUNTERS.map((c) => c.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`));
const KEY_COLUMNS = ['organization_id', 'scope', 'grain', 'period_date'];
const LAST_STORED_AT = 'last_stored_at';
const COLUMNS = [...KEY_COLUMNS, ...COUNTER_COLUMNS, LAST_STORED_AT];
const LAST_STORED_SLOT = COLUMNS.length - 1;
/** Where a metric's billable and total amounts sit in a row of COLUMNS. */
const METRIC_SLOTS = Object.fromEntries(
  Object.entries(METRIC_COUNTERS).map(([metric, { billable, total }]) => [
    metric,
    {
      billable: KEY_COLUMNS.length + ROLLUP_COUNTERS.indexOf(billable),
      total: KEY_COLUMNS.length + ROLLUP_COUNTERS.indexOf(total),
    },
  ]),
) as Record<RollupMetric, { billable: number; total: number }>;
const READ_COLUMNS = [
  'grain',
  'period_date AS periodDate',
  ...ROLLUP_COUNTERS.map((c, i) => `${COUNTER_COLUMNS[i]} AS ${c}`),
  `${LAST_STORED_AT} AS lastStoredAt`,
].join(', ');

type RollupTarget = { org: OrganizationPlacement; scope: StoredRollupScope };

/**
 * Where each organization's contributions go (itself as SELF, every ancestor as SUBS), worked out
 * once per call rather than per event.
 */
function rollupTargets(placements: Map<number, OrganizationPlacement>): (organizationId: number) => RollupTarget[] {
  const targets = new Map<number, RollupTarget[]>();
  return (organizationId) => {
    let found = targets.get(organizationId);
    if (!found) {
      const own = placements.get(organizationId);
      if (!own) throw new Error(`organization ${organizationId} vanished while rolling up`);
      found = [{ org: own, scope: 'SELF' }];
      for (const ancestorId of idsOnPath(own.path)) {
        const ancestor = ancestorId === own.id ? undefined : placements.get(ancestorId);
        if (ancestor) found.push({ org: ancestor, scope: 'SUBS' });
      }
      targets.set(organizationId, found);
    }
    return found;
  };
}

/** The cycle start of each local day, worked out once per call. */
function memoizedCycleStart(): (day: string, cycleStartDay: number) => string {
  const cycleStarts = new Map<string, string>();
  return (day, cycleStartDay) => {
    const key = `${day}|${cycleStartDay}`;
    let start = cycleStarts.get(key);
    if (start === undefined) cycleStarts.set(key, (start = cycleStartDateOf(day, cycleStartDay)));
    return start;
  };
}

/**
 * Pre-aggregated counters: every contribution is added to the organization's SELF rows and to the
 * SUBS rows of each ancestor, per local day and per billing cycle, each in that organization's own
 * time zone. Dashboard reads (SELF, or SELF + SUBS for the whole tree) then cost the same whatever
 * the volume of usage or the number of sub-organizations.
 */
export class RollupService {
  constructor(
    private readonly deps: AppDeps,
    private readonly organizations: OrganizationService,
  ) {}

  async add(manager: EntityManager, contributions: RollupContribution[]): Promise<void> {
    if (!contributions.length) return;
    const placements = await this.organizations.placementsWithAncestors(
      new Set(contributions.map((c) => c.organizationId)),
      manager,
    );
    const targetsOf = rollupTargets(placements);
    const cycleStartOf = memoizedCycleStart();
    const sums = new Map<string, unknown[]>();
    const bump = (
      org: OrganizationPlacement,
      scope: StoredRollupScope,
      grain: RollupGrain,
      date: string,
      c: RollupContribution,
      storedAt: string | null,
    ) => {
      const key = `${org.id}|${scope}|${grain}|${date}`;
      let row = sums.get(key);
      if (!row) sums.set(key, (row = [org.id, scope, grain, date, ...COUNTER_COLUMNS.map(() => 0), null]));
      const slots = METRIC_SLOTS[c.metric];
      // User lifecycle metrics keep one count (billable and total are the same slot).
      (row[slots.total] as number) += c.total;
      if (slots.billable !== slots.total) (row[slots.billable] as number) += c.billable;
      if (storedAt !== null && (row[LAST_STORED_SLOT] === null || storedAt > (row[LAST_STORED_SLOT] as string))) {
        row[LAST_STORED_SLOT] = storedAt;
      }
    };
    let storedAtOf: Date | undefined;
    let storedAt: string | null = null;
    for (const c of contributions) {
      // A call's events share their stored time: formatted (as sortable text) once.
      if (c.storedAt !== storedAtOf) {
        storedAtOf = c.storedAt;
        storedAt = c.storedAt ? sqlDate(c.storedAt) : null;
      }
      // Organizations of one tree mostly share a time zone: their local day is computed once.
      let zone = '';
      let day = '';
      for (const { org, scope } of targetsOf(c.organizationId)) {
        if (org.timezone !== zone) {
          zone = org.timezone;
          day = localDateOf(c.at, zone);
        }
        bump(org, scope, 'DAY', day, c, storedAt);
        bump(org, scope, 'CYCLE', cycleStartOf(day, org.cycleStartDay), c, storedAt);
      }
    }
    // A stable order keeps concurrent writers from deadlocking on the same rows.
    const rows = [...sums.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
    await this.deps.db.upsertAdd(manager, 'usage_rollup', COLUMNS, COUNTER_COLUMNS, rows, [LAST_STORED_AT]);
  }

  /**
   * Everything a dashboard needs for one organization and scope in one round trip: the day rows
   * since `sinceDate` (the past cycle's start) and every cycle row, every metric in each row.
   */
  async rowsFor(
    organizationId: number,
    scope: RollupScope,
    sinceDate: string,
    /** A transaction to read in (usage alerts decide inside the ingestion transaction); default a replica. */
    manager?: EntityManager,
  ): Promise<RollupRow[]> {
    const sql = `SELECT ${READ_COLUMNS} FROM usage_rollup
         WHERE organization_id = ? AND scope IN (?, ?) AND (grain = 'CYCLE' OR (grain = 'DAY' AND period_date >= ?))`;
    const params = [organizationId, 'SELF', scope === 'TREE' ? 'SUBS' : 'SELF', sinceDate];
    const rows: RollupRow[] = manager
      ? await manager.query(sql, params)
      : // Usage arrives asynchronously anyway, so a replica's lag is invisible here.
        await this.deps.db.replicaQuery(sql, params);
    // TREE: a period's SELF and SUBS rows both come back and computeCycleFigures adds them up (a
    // GROUP BY would cost the database a temporary table on every dashboard read). BIGINT may arrive
    // as a string.
    for (const r of rows) {
      for (const c of ROLLUP_COUNTERS) if (typeof r[c] !== 'number') r[c] = Number(r[c]);
      const stored = r.lastStoredAt as unknown as string | Date | null;
      r.lastStoredAt = stored === null ? null : fromSqlDate(stored)!.getTime();
    }
    return rows;
  }
}
