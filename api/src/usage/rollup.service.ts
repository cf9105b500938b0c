import { EntityManager } from 'typeorm';
import { AppDeps } from '../db/app-deps';
import { OrganizationService } from '../organizations/organization.service';
import { fromSqlDate } from '../db/transformers';
import { countLookup } from '../common/cache-stats';
import { afterCommit } from '../db/after-commit';
import { KeptRollupRows, RollupDelta } from './kept-rollup-rows';
import { bumpUsageRollupVersions, readUsageRollupVersions } from './usage-rollup-version.repository';
import { ROLLUP_COUNTERS, RollupCounter, RollupRow, RollupScope, StoredRollupScope } from './usage-rollup.entity';
import {
  COUNTER_COLUMNS,
  counterColumns,
  LAST_STORED_AT,
  ROLLUP_KEY_COLUMNS,
  RollupContribution,
  RollupSums,
  USER_ROLLUP_KEY_COLUMNS,
} from './rollup-rows';

export {
  COUNTER_COLUMNS,
  USER_ROLLUP_COLUMNS,
  USER_ROLLUP_KEY_COLUMNS,
  userRollupRows,
  type RollupContribution,
} from './rollup-rows';

const READ_COLUMNS = [
  'scope',
  'grain',
  'period_date AS periodDate',
  ...ROLLUP_COUNTERS.map((c, i) => `${COUNTER_COLUMNS[i]} AS ${c}`),
  `${LAST_STORED_AT} AS lastStoredAt`,
].join(', ');

/**
 * Organizations whose dashboard rows a process keeps (per scope and first day): every organization of
 * a carrier's busy hour, ~15 KB each (~75 rows).
 */
const ROWS_CACHE_ENTRIES = 2000;

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
  private readonly cachedRows = new KeptRollupRows(ROWS_CACHE_ENTRIES);

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
    // Every row is built before the first write: the rows concurrent calls share (ancestors' SUBS
    // rows, cycle rows, rollup versions) are not yet locked while the rows are summed.
    const sums = new RollupSums(contributions, placements);
    const rows = sums.usageRows();
    const userRows = sums.userRows();
    // Only the counters the batch touches: a usage batch leaves the user lifecycle counters alone.
    const counters = counterColumns(sums.counters);
    const columns = [...ROLLUP_KEY_COLUMNS, ...counters, LAST_STORED_AT];
    const organizationIds = new Set(rows.map((row) => row[0] as number));
    await bumpUsageRollupVersions(this.deps.db, manager, organizationIds);
    await this.keepFollowing(manager, organizationIds, rows, sums.counters);
    await this.deps.db.upsertAdd(manager, 'usage_rollup', columns, counters, rows, [LAST_STORED_AT]);
    const userColumns = [...USER_ROLLUP_KEY_COLUMNS, ...counters];
    await this.deps.db.upsertAdd(manager, 'user_usage_rollup', userColumns, counters, userRows);
  }

  /**
   * Once this transaction commits, the rows this process keeps for the organizations it wrote move to
   * the versions it gave them, with its rows added (KeptRollupRows.follow). The versions are read back
   * here, after the bump locked them: exactly this transaction's.
   */
  private async keepFollowing(
    manager: EntityManager,
    organizationIds: Set<number>,
    rows: unknown[][],
    counters: readonly RollupCounter[],
  ): Promise<void> {
    const kept = this.cachesRows ? this.cachedRows.keptAmong(organizationIds) : [];
    if (!kept.length) return;
    const versions = await readUsageRollupVersions(manager, kept);
    const deltas: RollupDelta[] = rows.map((row) => ({
      organizationId: row[0] as number,
      scope: row[1] as StoredRollupScope,
      grain: row[2] as 'DAY' | 'CYCLE',
      periodDate: row[3] as string,
      amounts: Object.fromEntries(counters.map((counter, i) => [counter, row[4 + i] as number])),
      storedAt: row[4 + counters.length] as string | null,
    }));
    afterCommit(manager, () => this.cachedRows.follow(versions, deltas));
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
  async rowsFor(organizationId: number, scope: RollupScope, sinceDate: string, version?: number): Promise<RollupRow[]> {
    const cacheable = version !== undefined && this.cachesRows;
    const cached = cacheable ? this.cachedRows.get(organizationId, scope, sinceDate, version) : undefined;
    if (cacheable) countLookup('rollupRows', cached !== undefined);
    if (cached) return cached;
    const rows = await this.readRows(organizationId, scope, sinceDate);
    if (cacheable) this.cachedRows.set(organizationId, scope, sinceDate, version, rows);
    return rows;
  }

  /** The same rows read in a transaction (usage alerts decide inside the ingestion transaction); never kept. */
  rowsInTransaction(
    manager: EntityManager,
    organizationId: number,
    scope: RollupScope,
    sinceDate: string,
  ): Promise<RollupRow[]> {
    return this.readRows(organizationId, scope, sinceDate, manager);
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
