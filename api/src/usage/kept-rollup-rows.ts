import { fromSqlDate } from '../db/transformers';
import { RollupCounter, RollupRow, RollupScope, StoredRollupScope } from './usage-rollup.entity';

/** A usage_rollup row a transaction of this process added (RollupSums.usageRows' layout). */
export interface RollupDelta {
  organizationId: number;
  scope: StoredRollupScope;
  grain: 'DAY' | 'CYCLE';
  periodDate: string;
  /** The amounts added, per counter the batch touched. */
  amounts: Partial<Record<RollupCounter, number>>;
  /** last_stored_at of the added row ('YYYY-MM-DD HH:MM:SS.mmm' UTC), null for none. */
  storedAt: string | null;
}

interface Entry {
  organizationId: number;
  scope: RollupScope;
  sinceDate: string;
  version: number;
  rows: RollupRow[];
  /** This process's writes since `rows` were built, added when the entry is next read. */
  pending: RollupDelta[];
}

/** Pending writes past which an entry nobody reads is dropped rather than carried. */
const MAX_PENDING = 256;

const rowKey = (scope: StoredRollupScope | undefined, grain: string, periodDate: string) =>
  `${scope}|${grain}|${periodDate}`;

/**
 * The rollup rows a process keeps for dashboards, per organization, scope and first day, each valid
 * for one rollup version (usage_rollup_version, read with the organization's row in every request).
 * Under a live feed every write moves the version, and the rows would be read again for nearly every
 * dashboard (issue 25). So a write this process commits carries its organizations' entries from the
 * version before it to its own version, adding the very rows it wrote: an entry kept at the version
 * just before ours is exactly the stored rows plus ours. A write through another process leaves a gap
 * in the versions, and the entry is read again, as before. The rows written are added when the
 * entry is next read (a live feed writes an organization more often than a dashboard reads it), in
 * a new array: rows once answered never change, so a request sees one version throughout.
 */
export class KeptRollupRows {
  private readonly entries = new Map<string, Entry>();
  private readonly keysByOrganization = new Map<number, Set<string>>();

  constructor(private readonly limit: number) {}

  get(organizationId: number, scope: RollupScope, sinceDate: string, version: number): RollupRow[] | undefined {
    const key = `${organizationId}|${scope}|${sinceDate}`;
    let entry = this.entries.get(key);
    if (!entry || entry.version !== version) return undefined;
    if (entry.pending.length) entry = { ...entry, rows: withDeltas(entry, entry.pending), pending: [] };
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.rows;
  }

  set(organizationId: number, scope: RollupScope, sinceDate: string, version: number, rows: RollupRow[]): void {
    const key = `${organizationId}|${scope}|${sinceDate}`;
    const known = this.entries.get(key);
    // A slower request must not roll a newer entry back.
    if (known && known.version > version) return;
    this.entries.delete(key);
    this.entries.set(key, { organizationId, scope, sinceDate, version, rows, pending: [] });
    let keys = this.keysByOrganization.get(organizationId);
    if (!keys) this.keysByOrganization.set(organizationId, (keys = new Set()));
    keys.add(key);
    if (this.entries.size > this.limit) this.evict(this.entries.keys().next().value!);
  }

  /** Organizations with kept entries among `ids`: only their new versions are worth reading back. */
  keptAmong(ids: Iterable<number>): number[] {
    return [...ids].filter((id) => this.keysByOrganization.has(id));
  }

  /** After this process committed `deltas`, which moved each organization to `versions`' version. */
  follow(versions: Map<number, number>, deltas: RollupDelta[]): void {
    const byOrganization = new Map<number, RollupDelta[]>();
    for (const delta of deltas) {
      if (!versions.has(delta.organizationId)) continue;
      let list = byOrganization.get(delta.organizationId);
      if (!list) byOrganization.set(delta.organizationId, (list = []));
      list.push(delta);
    }
    for (const [organizationId, version] of versions) {
      for (const key of [...(this.keysByOrganization.get(organizationId) ?? [])]) {
        const entry = this.entries.get(key);
        if (!entry || entry.version !== version - 1) continue;
        // Added when next read: a live feed writes an organization more often than it is read.
        const pending = [...entry.pending, ...(byOrganization.get(organizationId) ?? [])];
        if (pending.length > MAX_PENDING) this.evict(key);
        else this.entries.set(key, { ...entry, version, pending });
      }
    }
  }

  private evict(key: string): void {
    const entry = this.entries.get(key);
    this.entries.delete(key);
    if (!entry) return;
    const keys = this.keysByOrganization.get(entry.organizationId);
    keys?.delete(key);
    if (keys && !keys.size) this.keysByOrganization.delete(entry.organizationId);
  }
}

/** The entry's rows with the deltas its scope and first day cover added: new row objects where they change. */
function withDeltas(entry: Entry, deltas: RollupDelta[]): RollupRow[] {
  const rows = entry.rows.slice();
  const index = new Map(rows.map((row, i) => [rowKey(row.scope, row.grain, row.periodDate), i]));
  for (const delta of deltas) {
    if (entry.scope === 'SELF' && delta.scope !== 'SELF') continue;
    if (delta.grain === 'DAY' && delta.periodDate < entry.sinceDate) continue;
    const key = rowKey(delta.scope, delta.grain, delta.periodDate);
    const at = index.get(key);
    const row: RollupRow = at === undefined ? emptyRow(delta) : { ...rows[at], lastStoredAt: rows[at].lastStoredAt };
    for (const [counter, amount] of Object.entries(delta.amounts) as Array<[RollupCounter, number]>) {
      row[counter] += amount;
    }
    const stored = delta.storedAt === null ? null : fromSqlDate(delta.storedAt)!.getTime();
    if (stored !== null && (row.lastStoredAt === null || stored > row.lastStoredAt)) row.lastStoredAt = stored;
    if (at === undefined) {
      index.set(key, rows.length);
      rows.push(row);
    } else rows[at] = row;
  }
  return rows;
}

function emptyRow(delta: RollupDelta): RollupRow {
  return {
    grain: delta.grain,
    periodDate: delta.periodDate,
    scope: delta.scope,
    voiceBillable: 0,
    voiceTotal: 0,
    messageBillable: 0,
    messageTotal: 0,
    dataBillable: 0,
    dataTotal: 0,
    usersAdded: 0,
    usersRegistered: 0,
    usersDeactivated: 0,
    lastStoredAt: null,
  };
}
