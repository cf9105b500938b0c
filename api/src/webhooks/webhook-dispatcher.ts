import { AppDeps } from '../db/app-deps';
import { countWebhookDelivery } from '../common/metrics';
import { PollingLoop } from '../common/polling-loop';
import { claimLeased, LeasedTable, updateHeld } from '../db/lease';
import { fromSqlDate, sqlDate } from '../db/transformers';
import { onCommitOf } from '../db/after-commit';
import { WEBHOOK_ENQUEUED } from './webhook-outbox';
import { postWebhook } from './webhook-http';
import { openSecret, signatureHeader } from './webhook-secret';
import { checkWebhookUrl, ResolveHost } from './webhook-url';

const BATCH = 20;
const MAX_IDLE_BACKOFF_MS = 30_000;

export interface WebhookRetryPolicy {
  /** The first retry's delay before jitter (≤ 15 s by DESIGN.md §7); each next one doubles. */
  baseMs: number;
  /** The longest wait between two attempts (an hour). */
  maxMs: number;
  /** Retrying stops after the first failure at least this long after the event was written (24 h). */
  retryForMs: number;
}

export const DEFAULT_RETRY_POLICY: WebhookRetryPolicy = {
  baseMs: 10_000,
  maxMs: 3_600_000,
  retryForMs: 24 * 3_600_000,
};

/**
 * The wait after the `attempts`-th failed attempt: base × 2^(attempts−1), capped at maxMs, less up to
 * 20 % of jitter (so retries of many receivers spread out without ever exceeding the schedule).
 * Default: ~10 s, 20 s, 40 s … 1 h, 1 h …
 */
export function webhookRetryDelayMs(attempts: number, policy: WebhookRetryPolicy, random = Math.random): number {
  const ceiling = Math.min(policy.maxMs, policy.baseMs * 2 ** Math.max(0, Math.min(attempts - 1, 30)));
  return Math.round(ceiling * (1 - 0.2 * random()));
}

interface DueRow {
  id: number;
  webhook_id: number;
  event_id: string;
  body: string;
  attempts: number;
  created_at: Date | string;
  url: string | null;
  secret_sealed: string | null;
}

export interface WebhookDispatcherOptions {
  pollMs?: number;
  leaseMs?: number;
  retry?: WebhookRetryPolicy;
  resolve?: ResolveHost;
}

/**
 * Sends webhook deliveries at least once (DESIGN.md §7). Due rows are claimed by a conditional UPDATE
 * setting a lease (`claimed_until`) and a claim token (db/lease.ts), which only one process can win,
 * on a multi-primary cluster as on one server; the outcome is recorded only while the row still
 * carries the token. A crashed holder's lease runs out and the delivery is sent again, with the same
 * event id, which receivers use to drop duplicates.
 */
export class WebhookDispatcher {
  private readonly loop: PollingLoop;
  private readonly pollMs: number;
  private readonly leaseMs: number;
  private readonly retry: WebhookRetryPolicy;

  constructor(
    private readonly deps: AppDeps,
    private readonly options: WebhookDispatcherOptions = {},
  ) {
    this.pollMs = options.pollMs ?? deps.config.notificationPollMs ?? 1000;
    this.leaseMs = options.leaseMs ?? Math.max(30_000, deps.config.webhookTimeoutMs * 3);
    this.retry = options.retry ?? {
      ...DEFAULT_RETRY_POLICY,
      baseMs: deps.config.webhookRetryBaseMs,
      maxMs: deps.config.webhookRetryMaxMs,
    };
    this.loop = new PollingLoop({
      name: 'webhook dispatch',
      log: deps.log,
      pollMs: this.pollMs,
      backoffMs: (failed) => Math.min(MAX_IDLE_BACKOFF_MS, this.pollMs * 2 ** Math.min(failed, 10)),
      pass: async () => (await this.pass()).claimed >= BATCH,
      subscribe: () => onCommitOf(deps.db.dataSource, WEBHOOK_ENQUEUED, () => this.poke()),
    });
  }

  start(): void {
    this.loop.start();
  }

  /** Asks for a pass now (after a commit that enqueued one). */
  poke(): void {
    this.loop.poke();
  }

  async stop(): Promise<void> {
    await this.loop.stop();
  }

  /** One pass: claims due deliveries and sends them in parallel. Answers how many were delivered. */
  async runOnce(): Promise<number> {
    return (await this.pass()).delivered;
  }

  private async pass(): Promise<{ claimed: number; delivered: number }> {
    const claimed = await this.claim();
    // Receivers are independent: one slow endpoint must not hold up the others' events.
    const outcomes = await Promise.all(claimed.map(({ row, token }) => this.deliver(row, token)));
    return { claimed: claimed.length, delivered: outcomes.filter(Boolean).length };
  }

  /** Due rows, taken by a conditional UPDATE that at most one process wins; the claim counts as an attempt. */
  private async claim(): Promise<Array<{ row: DueRow; token: string }>> {
    const own = ['webhook_id', 'event_id', 'body', 'attempts', 'created_at'].map((c) => `webhook_delivery.${c}`);
    const due: LeasedTable = {
      table: 'webhook_delivery',
      columns: [...own, 'webhook.url', 'webhook.secret_sealed'],
      due: 'delivered_at IS NULL AND gave_up_at IS NULL AND next_attempt_at <= ?',
      dueParams: [sqlDate(new Date())],
      order: 'webhook_delivery.next_attempt_at, webhook_delivery.id',
      claimSet: 'attempts = attempts + 1',
      // The webhook may be gone by now: its URL and secret then read as NULL, and the attempt fails.
      join: 'LEFT JOIN webhook ON webhook.id = webhook_delivery.webhook_id',
    };
    const { token, rows } = await claimLeased<DueRow>(this.deps.db, due, BATCH, this.leaseMs);
    return rows.map((row) => ({ row: { ...row, attempts: Number(row.attempts) }, token }));
  }

  /** Updates the delivery only while it still carries this claim's token; answers whether it did. */
  private updateHeld(id: number, token: string, set: string, params: unknown[]): Promise<boolean> {
    return updateHeld(this.deps.db, 'webhook_delivery', id, token, set, params);
  }

  private async deliver(row: DueRow, token: string): Promise<boolean> {
    const { config, log } = this.deps;
    const started = Date.now();
    let status: number | null = null;
    let error: string | null = null;
    try {
      if (row.url === null || row.secret_sealed === null) throw new Error('the webhook was deleted');
      const target = await checkWebhookUrl(row.url, {
        allowPrivate: config.webhookAllowPrivate,
        resolve: this.options.resolve,
      });
      const secret = openSecret(row.secret_sealed, config.webhookSecretKey);
      const headers = { 'MP-Event-Id': row.event_id, 'MP-Signature': signatureHeader(secret, row.body, new Date()) };
      status = (await postWebhook(target, row.body, headers, config.webhookTimeoutMs)).status;
      if (status < 200 || status > 299) error = `answered HTTP ${status}`;
    } catch (err) {
      error = ((err as Error).message || String(err)).slice(0, 1000);
    }
    if (!error) {
      await this.updateHeld(
        row.id,
        token,
        'delivered_at = ?, last_status = ?, last_error = NULL, claimed_until = NULL, claim_token = NULL',
        [sqlDate(new Date()), status],
      );
      countWebhookDelivery('delivered');
      log.info('webhook delivered', {
        deliveryId: row.id,
        eventId: row.event_id,
        attempts: row.attempts,
        ms: Date.now() - started,
      });
      return true;
    }
    await this.recordFailure(row, token, status, error);
    return false;
  }

  private async recordFailure(row: DueRow, token: string, status: number | null, error: string): Promise<void> {
    const now = new Date();
    const age = now.getTime() - fromSqlDate(row.created_at)!.getTime();
    const giveUp = age >= this.retry.retryForMs;
    const retryAt = new Date(now.getTime() + webhookRetryDelayMs(row.attempts, this.retry));
    await this.updateHeld(
      row.id,
      token,
      'last_status = ?, last_error = ?, next_attempt_at = ?, gave_up_at = ?, claimed_until = NULL, claim_token = NULL',
      [status, error, sqlDate(retryAt), giveUp ? sqlDate(now) : null],
    );
    countWebhookDelivery(giveUp ? 'gave_up' : 'failed');
    this.deps.log.warn(giveUp ? 'webhook delivery given up' : 'webhook delivery failed; will retry', {
      deliveryId: row.id,
      eventId: row.event_id,
      attempts: row.attempts,
      status,
      error,
      retryAt: giveUp ? undefined : retryAt.toISOString(),
    });
  }
}
