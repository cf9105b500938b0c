import { randomUUID } from 'node:crypto';
import { EntityManager } from 'typeorm';
import { PollingLoop } from '../common/polling-loop';
import { sleep } from '../common/sleep';
import { AppDeps } from '../db/app-deps';
import { SingleRowLease } from '../db/single-row-lease';
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

/** UPDATE … answering how many rows it matched, on both databases. */
async function update(manager: EntityManager, sql: string, params: unknown[]): Promise<number> {
  const result = await manager.queryRunner!.query(sql, params, true);
  return result.affected ?? 0;
}

/**
 * DESIGN §8 retention: once a day, one process (whichever claims the job_lease row first, a
 * db/single-row-lease.ts) deletes raw usage events older than USAGE_RETENTION_DAYS by occurred_at, in
 * small batches of short transactions, renewing its claim after each. Rollups, and so every figure, stay.
 */
export class UsagePurgeJob {
  private readonly loop: PollingLoop;
  private readonly lease: SingleRowLease;
  private readonly batchSize: number;
  private readonly pauseMs: number;

  constructor(
    private readonly deps: AppDeps,
    options: UsagePurgeOptions = {},
  ) {
    this.batchSize = options.batchSize ?? 1000;
    this.pauseMs = options.pauseMs ?? 20;
    this.lease = new SingleRowLease({
      table: 'job_lease',
      keyColumn: 'name',
      key: JOB,
      holderColumn: 'holder',
      untilColumn: 'leased_until',
      leaseMs: options.leaseMs ?? 5 * 60_000,
      clock: deps.clock,
      run: (sql, params) => deps.db.transaction((manager) => update(manager, sql, params)),
    });
    this.loop = new PollingLoop({
      name: 'usage purge',
      log: deps.log,
      firstDelayMs: options.firstCheckMs ?? 60_000,
      pollMs: options.checkEveryMs ?? 60 * 60_000,
      pass: async (stopping) => {
        await this.runOnce(stopping).catch((error: unknown) =>
          deps.log.error('usage purge failed', { error: String(error) }),
        );
        return false;
      },
    });
  }

  start(): void {
    this.loop.start();
  }

  /** Waits for a run in progress, which ends after its batch. */
  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /**
   * Claims the day's purge and runs it; does nothing when another process holds it or it is not due.
   * Once `stopping` aborts (shutdown), the run ends after its batch, not marked done, for another
   * process to pick up.
   */
  async runOnce(stopping?: AbortSignal): Promise<PurgeOutcome> {
    const { clock, config } = this.deps;
    const holder = randomUUID();
    const now = clock();
    const due = sqlDate(new Date(now.getTime() - DAY_MS));
    if (!(await this.lease.acquire(holder, 'last_done_at IS NULL OR last_done_at <= ?', [due]))) {
      return { ran: false, deleted: 0 };
    }
    const cutoff = sqlDate(new Date(retentionStart(now, config.usageRetentionDays).getTime() - PURGE_MARGIN_MS));
    let deleted = 0;
    for (;;) {
      const n = await this.deps.db.transaction((manager) => this.deleteBatch(manager, cutoff));
      deleted += n;
      if (n < this.batchSize || stopping?.aborted) break;
      if (!(await this.lease.renew(holder))) {
        this.deps.log.warn('usage purge lost its lease; another process continues', { deleted });
        return { ran: true, deleted };
      }
      await sleep(this.pauseMs, stopping);
    }
    if (stopping?.aborted) await this.lease.release(holder);
    else await this.lease.release(holder, 'last_done_at = ?', [sqlDate(now)]);
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
}
