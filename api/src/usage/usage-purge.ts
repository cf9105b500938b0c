import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { AppDeps } from '../db/app-deps';
import { sqlDate } from '../db/transformers';

const JOB = 'usage-purge';
const DAY_MS = 24 * 60 * 60 * 1000;

/**
 * The oldest occurredAt accepted at `now` (DESIGN §8): an older event may already be purged, so its
 * id could no longer be recognised as a duplicate.
 */
export function retentionStart(now: Date, retentionDays: number): Date {
  return new Date(now.getTime() - retentionDays * DAY_MS);
}

/**
 * Events are purged only this long after they left the window: a process whose clock lags another's
 * by less than this still refuses (rather than re-counts) an event another process purged.
 */
export const PURGE_MARGIN_MS = 60 * 60 * 1000;

export interface UsagePurgeOptions {
  /** Events deleted per statement (and per short transaction). */
  batchSize?: number;
  /** Pause between batches, so ingestion interleaves. */
  pauseMs?: number;
  /** How long a claim lasts; renewed after every batch, so only a dead holder's claim runs out. */
  leaseMs?: number;
  /** How often a process asks whether the day's purge is due, and the first time after start. */
  checkEveryMs?: number;
  firstCheckMs?: number;
}

export interface PurgeOutcome {
  /** False when another process holds the job, or it already ran in the last 24 hours. */
  ran: boolean;
  deleted: number;
}

/** UPDATE … answering how many rows it changed, on both databases. */
async function update(manager: EntityManager, sql: string, params: unknown[]): Promise<number> {
  const result = await manager.queryRunner!.query(sql, params, true);
  return result.affected ?? 0;
}

/**
 * DESIGN §8 retention: once a day, one process (whichever claims the job_lease row by a conditional
 * UPDATE first) deletes raw usage events older than USAGE_RETENTION_DAYS by occurred_at, in small
 * batches of short transactions, renewing its claim after each. Rollups, and so every figure, stay.
 */
export class UsagePurgeJob {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<unknown> | null = null;
  private stopped = true;
  /** Set by stop(): a run in progress ends after its batch. */
  private stopping = false;
  private readonly batchSize: number;
  private readonly pauseMs: number;
  private readonly leaseMs: number;

  constructor(
    private readonly deps: AppDeps,
    private readonly options: UsagePurgeOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 1000;
    this.pauseMs = options.pauseMs ?? 20;
    this.leaseMs = options.leaseMs ?? 5 * 60_000;
  }

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopping = false;
    const check = (delay: number) => {
      this.timer = setTimeout(() => {
        this.running = this.runOnce()
          .catch((error: unknown) => this.deps.log.error('usage purge failed', { error: String(error) }))
          .finally(() => {
            this.running = null;
            if (!this.stopped) check(this.options.checkEveryMs ?? 60 * 60_000);
          });
      }, delay);
      this.timer.unref();
    };
    check(this.options.firstCheckMs ?? 60_000);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.stopping = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
  }

  /** Claims the day's purge and runs it; does nothing when another process holds it or it is not due. */
  async runOnce(): Promise<PurgeOutcome> {
    const { db, clock, config } = this.deps;
    const holder = randomUUID();
    const now = clock();
    const claimed = await db.transaction((manager) =>
      update(
        manager,
        `UPDATE job_lease SET holder = ?, leased_until = ?
          WHERE name = ? AND (leased_until IS NULL OR leased_until < ?)
            AND (last_done_at IS NULL OR last_done_at <= ?)`,
        [
          holder,
          sqlDate(new Date(now.getTime() + this.leaseMs)),
          JOB,
          sqlDate(now),
          sqlDate(new Date(now.getTime() - DAY_MS)),
        ],
      ),
    );
    if (!claimed) return { ran: false, deleted: 0 };
    const cutoff = sqlDate(new Date(retentionStart(now, config.usageRetentionDays).getTime() - PURGE_MARGIN_MS));
    let deleted = 0;
    for (;;) {
      const n = await db.transaction((manager) => this.deleteBatch(manager, cutoff));
      deleted += n;
      if (n < this.batchSize || this.stopping) break;
      if (!(await this.renew(holder))) {
        this.deps.log.warn('usage purge lost its lease; another process continues', { deleted });
        return { ran: true, deleted };
      }
      await new Promise((resolve) => setTimeout(resolve, this.pauseMs));
    }
    // Finished (or stopping): a stopped run is not marked done, so another process picks it up.
    const done = this.stopping ? 'last_done_at' : '?';
    await db.transaction((manager) =>
      update(
        manager,
        `UPDATE job_lease SET leased_until = NULL, holder = NULL, last_done_at = ${done} WHERE name = ? AND holder = ?`,
        this.stopping ? [JOB, holder] : [sqlDate(now), JOB, holder],
      ),
    );
    this.deps.log.info('usage events purged', { deleted, olderThan: cutoff });
    return { ran: true, deleted };
  }

  /** One batch: the oldest expired events by the occurred_at index, deleted by id. */
  private async deleteBatch(manager: EntityManager, cutoff: string): Promise<number> {
    const rows: Array<{ id: string }> = await manager.query(
      `SELECT id FROM usage_event WHERE occurred_at < ? ORDER BY occurred_at LIMIT ${this.batchSize}`,
      [cutoff],
    );
    if (!rows.length) return 0;
    await manager.query(
      `DELETE FROM usage_event WHERE id IN (${rows.map(() => '?').join(',')})`,
      rows.map((r) => r.id),
    );
    return rows.length;
  }

  private renew(holder: string): Promise<boolean> {
    const until = sqlDate(new Date(this.deps.clock().getTime() + this.leaseMs));
    return this.deps.db.transaction(async (manager) => {
      const changed = await update(manager, `UPDATE job_lease SET leased_until = ? WHERE name = ? AND holder = ?`, [
        until,
        JOB,
        holder,
      ]);
      if (changed > 0) return true;
      // MySQL counts changed rows only: an unchanged leased_until (same millisecond) still holds the lease.
      const [row] = await manager.query(`SELECT holder FROM job_lease WHERE name = ?`, [JOB]);
      return row?.holder === holder;
    });
  }
}
