import { EntityManager } from 'typeorm';
import { AppDeps } from '../app-deps';
import { OrganizationPlacement, OrganizationService } from '../organizations/organization.service';
import { idsOnPath } from '../organizations/organization-path';
import { fromSqlDate, sqlDate } from '../db/transformers';
import { VersionedCache } from '../common/versioned-cache';
import type { CycleUsage } from './cycle.types';
import { cycleStartDateOf, localDateOf } from './cycle-bounds';
import { bumpUsageRollupVersions } from './usage-rollup-version.repository';
import {
  METRIC_COUNTERS,
  ROLLUP_COUNTERS,
  RollupGrain,
  RollupMetric,
  RollupRow,
  RollupScope,
  StoredRollupScope,
} from './usage-rollup.entity';
import { NO_USER } from './user-usage-rollup.entity';

/** One thing to count: `metric` grew by billable/total at `at` in organization `organizationId`. */
export interface RollupContribution {
  organizationId: number;
  metric: RollupMetric;
  at: Date;
  billable: number;
  total: number;
  /** For a usage event: when it was stored (the rows keep the latest, for freshness). */
  storedAt?: Date;
  /** For a usage event: its user, or null when recorded without one; left out for user lifecycle counts. */
  userId?: number | null;
}

/** 'voiceBillable' → 'voice_billable'. */
export const COUNTER_COLUMNS = ROLLUP_COUNTERS.map((c) => c.replace(/[A-Z]/g, (m) => `_${m.toLowerCase()}`));
const KEY_COLUMNS = ['organization_id', 'scope', 'grain', 'period_date'];
const LAST_STORED_AT = 'last_stored_at';
const COLUMNS = [...KEY_COLUMNS, ...COUNTER_COLUMNS, LAST_STORED_AT];
const LAST_STORED_SLOT = COLUMNS.length - 1;
/** The per-user rollup: the same counters after its own key. */
export const USER_ROLLUP_KEY_COLUMNS = ['timezone', 'grain', 'period_date', 'organization_id', 'user_id'];
export const USER_ROLLUP_COLUMNS = [...USER_ROLLUP_KEY_COLUMNS, ...COUNTER_COLUMNS];

/** Where a metric's billable and total amounts sit in a row whose counters start at `offset`. */
function metricSlots(offset: number): Record<RollupMetric, { billable: number; total: number }> {
  return Object.fromEntries(
    Object.entries(METRIC_COUNTERS).map(([metric, { billable, total }]) => [
      metric,
      { billable: offset + ROLLUP_COUNTERS.indexOf(billable), total: offset + ROLLUP_COUNTERS.indexOf(total) },
    ]),
  ) as Record<RollupMetric, { billable: number; total: number }>;
}
const METRIC_SLOTS = metricSlots(KEY_COLUMNS.length);
const USER_METRIC_SLOTS = metricSlots(USER_ROLLUP_KEY_COLUMNS.length);

/** Adds a contribution's amounts into a row's counters (the one write path of every rollup table). */
function addAmounts(
  row: unknown[],
  slots: Record<RollupMetric, { billable: number; total: number }>,
  c: Pick<RollupContribution, 'metric' | 'billable' | 'total'>,
): void {
  const slot = slots[c.metric];
  // User lifecycle metrics keep one count (billable and total are the same slot).
  (row[slot.total] as number) += c.total;
  if (slot.billable !== slot.total) (row[slot.billable] as number) += c.billable;
}

/** A stable order keeps concurrent writers from deadlocking on the same rows. */
function sortedRows(sums: Map<string, unknown[]>): unknown[][] {
  return [...sums.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, row]) => row);
}

/**
 * Per-user rollup rows of the usage contributions that name their user (or null), summed per time
 * zone on the organization's path (each distinct zone once), local day and calendar month.
 */
export function userRollupRows(
  contributions: RollupContribution[],
  placements: Map<number, OrganizationPlacement>,
): unknown[][] {
  const zonesOf = new Map<number, string[]>();
  const sums = new Map<string, unknown[]>();
  for (const c of contributions) {
    if (c.userId === undefined) continue;
    let zones = zonesOf.get(c.organizationId);
    if (!zones) {
      const own = placements.get(c.organizationId);
      if (!own) throw new Error(`organization ${c.organizationId} vanished while rolling up`);
      const path = idsOnPath(own.path).map((id) => placements.get(id)?.timezone ?? own.timezone);
      zonesOf.set(c.organizationId, (zones = [...new Set([own.timezone, ...path])]));
    }
    const userId = c.userId ?? NO_USER;
    for (const zone of zones) {
      const day = localDateOf(c.at, zone);
      for (const [grain, date] of [
        ['DAY', day],
        ['MONTH', `${day.slice(0, 8)}01`],
      ]) {
        const key = `${zone}|${grain}|${date}|${c.organizationId}|${userId}`;
        let row = sums.get(key);
        if (!row) sums.set(key, (row = [zone, grain, date, c.organizationId, userId, ...COUNTER_COLUMNS.map(() => 0)]));
        addAmounts(row, USER_METRIC_SLOTS, c);
      }
    }
  }
  return sortedRows(sums);
}
const READ_COLUMNS = [
  'grain',
  'period_date AS periodDate',
  ...ROLLUP_COUNTERS.map((c, i) => `${COUNTER_COLUMNS[i]} AS ${c}`),
  `${LAST_STORED_AT} AS lastStoredAt`,
].join(', ');

/** Organizations whose dashboard rows a process keeps (per scope and first day). */
const ROWS_CACHE_ENTRIES = 500;

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
  /**
   * Rollup rows read for dashboards, per organization, scope and first day, valid for one rollup
   * version (usage_rollup_version, read with the organization's row). Bounded: ~150 rows an entry.
   */
  private readonly cachedRows = new VersionedCache<RollupRow[]>(ROWS_CACHE_ENTRIES);
  /** Dashboard figures computed from those rows, per period and local day (cycle-usage.ts); ~250 objects an entry. */
  private readonly cachedFigures = new VersionedCache<CycleUsage>(600);

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
      addAmounts(row, METRIC_SLOTS, c);
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
    const rows = sortedRows(sums);
    await bumpUsageRollupVersions(this.deps.db, manager, new Set(rows.map((row) => row[0] as number)));
    await this.deps.db.upsertAdd(manager, 'usage_rollup', COLUMNS, COUNTER_COLUMNS, rows, [LAST_STORED_AT]);
    const userRows = userRollupRows(contributions, placements);
    await this.deps.db.upsertAdd(manager, 'user_usage_rollup', USER_ROLLUP_COLUMNS, COUNTER_COLUMNS, userRows);
  }

  /** Where computed figures are kept (cycle-usage.ts); none with read replicas, for the reason rowsFor gives. */
  get cycleUsageCache(): VersionedCache<CycleUsage> | undefined {
    return this.cachesRows ? this.cachedFigures : undefined;
  }

  private get cachesRows(): boolean {
    return !this.deps.config.databaseReplicaUrls.length;
  }

  /**
   * Everything a dashboard needs for one organization and scope: the day rows since `sinceDate` (the
   * past cycle's start) and every cycle row, every metric in each row. Given the organization's
   * rollup `version` (read in this request), rows this process read for that same version are
   * answered without a round trip. Not with read replicas: a replica may not have applied yet the
   * rows of a version the primary already shows, and they would be kept as that version's.
   */
  async rowsFor(
    organizationId: number,
    scope: RollupScope,
    sinceDate: string,
    version?: number,
    /** A transaction to read in (usage alerts decide inside the ingestion transaction); never kept. */
    manager?: EntityManager,
  ): Promise<RollupRow[]> {
    const cacheable = version !== undefined && !manager && this.cachesRows;
    const key = `${organizationId}|${scope}|${sinceDate}`;
    const cached = cacheable ? this.cachedRows.get(key, version) : undefined;
    if (cached) return cached;
    const rows = await this.readRows(organizationId, scope, sinceDate, manager);
    if (cacheable) this.cachedRows.set(key, version, rows);
    return rows;
  }

  private async readRows(
    organizationId: number,
    scope: RollupScope,
    sinceDate: string,
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
