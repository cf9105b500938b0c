import type { OrganizationPlacement } from '../organizations/organization.service';
import { idsOnPath } from '../organizations/organization-path';
import { sqlDate } from '../db/transformers';
import { cycleStartDateOf, localDateOf } from '../common/calendar';
import {
  METRIC_COUNTERS,
  ROLLUP_COUNTERS,
  RollupCounter,
  RollupMetric,
  StoredRollupScope,
} from './usage-rollup.entity';
import { NO_USER } from './user-usage-rollup.entity';

/**
 * The rows one batch of contributions adds to usage_rollup and user_usage_rollup, built in memory
 * before anything is written (issue 17: ingestion throughput). Contributions are first summed per
 * organization, user and local day in every time zone on the organization's path (a call's events
 * mostly share a few days per organization), and only those sums are spread over the organization's
 * own rows, its ancestors' SUBS rows and the per-user rows: the fan-out costs per sum, not per event.
 */

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
export const ROLLUP_KEY_COLUMNS = ['organization_id', 'scope', 'grain', 'period_date'];
export const LAST_STORED_AT = 'last_stored_at';
/** The per-user rollup: the same counters after its own key. */
export const USER_ROLLUP_KEY_COLUMNS = ['timezone', 'grain', 'period_date', 'organization_id', 'user_id'];
export const USER_ROLLUP_COLUMNS = [...USER_ROLLUP_KEY_COLUMNS, ...COUNTER_COLUMNS];

/**
 * The counters a batch touches, in ROLLUP_COUNTERS order: a batch of usage events writes (and
 * updates on conflict) the six usage counters only, the user lifecycle ones keep their value.
 */
export function countersOf(contributions: Array<Pick<RollupContribution, 'metric'>>): RollupCounter[] {
  const metrics = new Set(contributions.map((c) => c.metric));
  const used = new Set<RollupCounter>();
  for (const metric of metrics) {
    used.add(METRIC_COUNTERS[metric].billable);
    used.add(METRIC_COUNTERS[metric].total);
  }
  return ROLLUP_COUNTERS.filter((c) => used.has(c));
}

/** The column names of `counters`. */
export function counterColumns(counters: readonly RollupCounter[]): string[] {
  return counters.map((c) => COUNTER_COLUMNS[ROLLUP_COUNTERS.indexOf(c)]);
}

type Slots = Partial<Record<RollupMetric, { billable: number; total: number }>>;

/** Where each metric's billable and total amounts sit among `counters` (user lifecycle metrics: one slot). */
function metricSlots(counters: readonly RollupCounter[]): Slots {
  const slots: Slots = {};
  for (const [metric, { billable, total }] of Object.entries(METRIC_COUNTERS)) {
    if (counters.includes(total)) {
      slots[metric as RollupMetric] = { billable: counters.indexOf(billable), total: counters.indexOf(total) };
    }
  }
  return slots;
}

type KeyPart = string | number;
type Level = Map<KeyPart, unknown>;

/** Ascending: numbers numerically, strings by code unit (a level's keys are all of one kind). */
function compareKeys(a: KeyPart, b: KeyPart): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

/**
 * Rows kept in nested maps, one level per part of their key (issue 17: no key string built and
 * hashed per addition), and listed in ascending key order: one order for every writer, so
 * concurrent writers of the same rows wait for each other instead of deadlocking.
 */
class KeyedRows {
  private readonly root: Level = new Map();

  constructor(private readonly depth: number) {}

  /** The row at `key` (`depth` parts); `make` builds it the first time. */
  row(key: readonly KeyPart[], make: () => unknown[]): unknown[] {
    let level = this.root;
    for (let i = 0; i < this.depth - 1; i++) {
      let next = level.get(key[i]) as Level | undefined;
      if (!next) level.set(key[i], (next = new Map()));
      level = next;
    }
    let row = level.get(key[this.depth - 1]) as unknown[] | undefined;
    if (!row) level.set(key[this.depth - 1], (row = make()));
    return row;
  }

  sorted(): unknown[][] {
    const out: unknown[][] = [];
    const walk = (level: Level, depth: number) => {
      for (const key of [...level.keys()].sort(compareKeys)) {
        const value = level.get(key);
        if (depth === 1) out.push(value as unknown[]);
        else walk(value as Level, depth - 1);
      }
    };
    walk(this.root, this.depth);
    return out;
  }
}

/** Contributions of one organization, user (undefined: not a usage event) and tuple of local days. */
interface DaySum {
  organizationId: number;
  userId: number | null | undefined;
  /** The local day in each of the organization's zones (OrgPlan.zones). */
  days: string[];
  amounts: number[];
  /** The latest stored time, as sortable text; null when no contribution has one. */
  storedAt: string | null;
}

/** Where one organization's sums go: its zones (own first, then its path's, each once) and its rollup rows. */
interface OrgPlan {
  zones: string[];
  /** Itself as SELF, every ancestor as SUBS, with the index of the ancestor's zone in `zones`. */
  targets: Array<{ org: OrganizationPlacement; scope: StoredRollupScope; zone: number }>;
  /** Its sums per tuple of local days ('|'-joined), then per user (undefined: not a usage event). */
  sumsByDays: Map<string, Map<number | null | undefined, DaySum>>;
  /** The tuple of days its latest contribution fell on, and that tuple's sums (a call's events are mostly in order). */
  lastDays: string[];
  lastSums: Map<number | null | undefined, DaySum> | null;
}

function planOf(organizationId: number, placements: Map<number, OrganizationPlacement>): OrgPlan {
  const own = placements.get(organizationId);
  if (!own) throw new Error(`organization ${organizationId} vanished while rolling up`);
  const zones = [own.timezone];
  const targets: OrgPlan['targets'] = [{ org: own, scope: 'SELF', zone: 0 }];
  for (const id of idsOnPath(own.path)) {
    const ancestor = placements.get(id);
    const zone = ancestor?.timezone ?? own.timezone;
    if (!zones.includes(zone)) zones.push(zone);
    if (ancestor && id !== own.id) targets.push({ org: ancestor, scope: 'SUBS', zone: zones.indexOf(zone) });
  }
  return { zones, targets, sumsByDays: new Map(), lastDays: [], lastSums: null };
}

/**
 * The sums a contribution at `at` adds to: those of its tuple of local days, found without building
 * a key string while the tuple repeats.
 */
function sumsAt(plan: OrgPlan, at: Date): Map<number | null | undefined, DaySum> {
  let same = plan.lastSums !== null;
  const days = plan.lastDays;
  for (let z = 0; z < plan.zones.length; z++) {
    const day = localDateOf(at, plan.zones[z]);
    if (day !== days[z]) {
      same = false;
      days[z] = day;
    }
  }
  if (same) return plan.lastSums!;
  const key = days.join('|');
  let sums = plan.sumsByDays.get(key);
  if (!sums) plan.sumsByDays.set(key, (sums = new Map()));
  plan.lastSums = sums;
  return sums;
}

/** The sums of a batch per organization, user and local days, with each organization's plan. */
export class RollupSums {
  readonly plans = new Map<number, OrgPlan>();
  readonly sums: DaySum[] = [];
  private readonly slots: Slots;

  constructor(
    contributions: RollupContribution[],
    private readonly placements: Map<number, OrganizationPlacement>,
    readonly counters: readonly RollupCounter[] = countersOf(contributions),
  ) {
    this.slots = metricSlots(counters);
    let storedAtOf: Date | undefined;
    let storedAt: string | null = null;
    for (const c of contributions) {
      // A call's events share their stored time: formatted (as sortable text) once.
      if (c.storedAt !== storedAtOf) {
        storedAtOf = c.storedAt;
        storedAt = c.storedAt ? sqlDate(c.storedAt) : null;
      }
      const plan = this.planOf(c.organizationId);
      const sums = sumsAt(plan, c.at);
      let sum = sums.get(c.userId);
      if (!sum) {
        const days = plan.lastDays.slice();
        sum = { organizationId: c.organizationId, userId: c.userId, days, amounts: counters.map(() => 0), storedAt };
        sums.set(c.userId, sum);
        this.sums.push(sum);
      }
      const slot = this.slots[c.metric]!;
      sum.amounts[slot.total] += c.total;
      if (slot.billable !== slot.total) sum.amounts[slot.billable] += c.billable;
      if (storedAt !== null && (sum.storedAt === null || storedAt > sum.storedAt)) sum.storedAt = storedAt;
    }
  }

  private planOf(organizationId: number): OrgPlan {
    let plan = this.plans.get(organizationId);
    if (!plan) this.plans.set(organizationId, (plan = planOf(organizationId, this.placements)));
    return plan;
  }

  /**
   * usage_rollup rows (ROLLUP_KEY_COLUMNS, the counters, last_stored_at): the SELF rows of each
   * organization and the SUBS rows of each ancestor, per local day and billing cycle in that
   * organization's own zone.
   */
  usageRows(): unknown[][] {
    const width = this.counters.length;
    const rows = new KeyedRows(ROLLUP_KEY_COLUMNS.length);
    const cycleStarts = new Map<number, Map<string, string>>();
    const add = (key: [number, StoredRollupScope, 'DAY' | 'CYCLE', string], sum: DaySum) => {
      const row = rows.row(key, () => [...key, ...this.counters.map(() => 0), null]);
      for (let i = 0; i < width; i++) (row[4 + i] as number) += sum.amounts[i];
      const last = row[4 + width] as string | null;
      if (sum.storedAt !== null && (last === null || sum.storedAt > last)) row[4 + width] = sum.storedAt;
    };
    for (const sum of this.sums) {
      for (const { org, scope, zone } of this.plans.get(sum.organizationId)!.targets) {
        const day = sum.days[zone];
        let starts = cycleStarts.get(org.cycleStartDay);
        if (!starts) cycleStarts.set(org.cycleStartDay, (starts = new Map()));
        let cycle = starts.get(day);
        if (cycle === undefined) starts.set(day, (cycle = cycleStartDateOf(day, org.cycleStartDay)));
        add([org.id, scope, 'DAY', day], sum);
        add([org.id, scope, 'CYCLE', cycle], sum);
      }
    }
    return rows.sorted();
  }

  /**
   * user_usage_rollup rows (USER_ROLLUP_KEY_COLUMNS, the counters) of the usage contributions that
   * name their user (or null): per time zone on the organization's path, local day and calendar month.
   */
  userRows(): unknown[][] {
    const width = this.counters.length;
    const rows = new KeyedRows(USER_ROLLUP_KEY_COLUMNS.length);
    const months = new Map<string, string>();
    const add = (key: [string, 'DAY' | 'MONTH', string, number, number], sum: DaySum) => {
      const row = rows.row(key, () => [...key, ...this.counters.map(() => 0)]);
      for (let i = 0; i < width; i++) (row[5 + i] as number) += sum.amounts[i];
    };
    for (const sum of this.sums) {
      if (sum.userId === undefined) continue;
      const userId = sum.userId ?? NO_USER;
      const zones = this.plans.get(sum.organizationId)!.zones;
      for (let z = 0; z < zones.length; z++) {
        const day = sum.days[z];
        let month = months.get(day);
        if (month === undefined) months.set(day, (month = `${day.slice(0, 8)}01`));
        add([zones[z], 'DAY', day, sum.organizationId, userId], sum);
        add([zones[z], 'MONTH', month, sum.organizationId, userId], sum);
      }
    }
    return rows.sorted();
  }
}

/**
 * Per-user rollup rows (USER_ROLLUP_COLUMNS: every counter) of the usage contributions that name
 * their user (or null), summed per time zone on the organization's path (each distinct zone once),
 * local day and calendar month.
 */
export function userRollupRows(
  contributions: RollupContribution[],
  placements: Map<number, OrganizationPlacement>,
): unknown[][] {
  return new RollupSums(contributions, placements, ROLLUP_COUNTERS).userRows();
}
