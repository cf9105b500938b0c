import fs from 'node:fs';
import path from 'node:path';
import nodemailer, { Transporter } from 'nodemailer';
import { parseConnectionUrl } from 'nodemailer/lib/shared';
import { AppDeps } from '../db/app-deps';
import { PollingLoop } from '../common/polling-loop';
import { sleep } from '../common/sleep';
import { claimLeased, LeasedTable, releaseHeld, updateHeld } from '../db/lease';
import { withLeaseHeartbeat } from '../db/lease-heartbeat';
import { fromSqlDate, sqlDate } from '../db/transformers';
import { onNotificationCommitted } from './outbox';

const BATCH = 20;
const MAX_BACKOFF_MS = 15 * 60_000;
/** After this many failed passes in a row (database down), the loop waits at most this long. */
const MAX_IDLE_BACKOFF_MS = 30_000;
const INTERRUPTED = 'An earlier delivery did not finish (its process stopped); sent again';

interface OwedRow {
  id: number;
  cause_key: string;
  recipients: string;
  subject: string;
  body_text: string;
  body_html: string;
  attempts: number;
  created_at: Date | string;
}

export interface DispatcherOptions {
  /** Fallback polling interval; commits that owe an email wake the dispatcher at once. */
  pollMs?: number;
  /** How long a claim on an email lasts; renewed while sending, so only a dead holder's claim expires. */
  leaseMs?: number;
}

/** Exponential backoff with equal jitter: 0.5–1 s, 1–2 s, 2–4 s … capped at 7.5–15 minutes. */
export function retryDelayMs(attempts: number, random = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Delivers the outbox at least once. Due rows are claimed by a conditional UPDATE setting a lease
 * (`claimed_until`) and a claim token (db/lease.ts), which stays exclusive across the nodes of a
 * Galera cluster too, so several API processes share the work without sending one email twice. The
 * holder renews the lease while it sends and clears it when done; a crashed holder's lease runs out
 * and another process (or the restarted one) sends the email. A holder only records an outcome
 * while the row still carries its token.
 * Wakes right after every commit that enqueued an email, and polls every `pollMs` as a fallback.
 */
export class NotificationDispatcher {
  private readonly loop: PollingLoop;
  private transport: Transporter | null = null;
  private readonly pollMs: number;
  private readonly leaseMs: number;

  constructor(
    private readonly deps: AppDeps,
    options: DispatcherOptions = {},
  ) {
    this.pollMs = options.pollMs ?? deps.config.notificationPollMs ?? 1000;
    this.leaseMs = options.leaseMs ?? (deps.config.notificationLeaseSeconds ?? 30) * 1000;
    this.loop = new PollingLoop({
      name: 'notification dispatch',
      log: deps.log,
      pollMs: this.pollMs,
      backoffMs: (failed) => Math.min(MAX_IDLE_BACKOFF_MS, this.pollMs * 2 ** Math.min(failed - 1, 10)),
      pass: async () => (await this.pass()).claimed >= BATCH,
      // Through this.poke, so a spy on the dispatcher sees each wake.
      subscribe: () => onNotificationCommitted(deps.db.dataSource, () => this.poke()),
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
    this.transport?.close();
    this.transport = null;
  }

  /** One pass: claim due rows, send each, record the outcome. Returns how many were sent. */
  async runOnce(): Promise<number> {
    return (await this.pass()).sent;
  }

  private async pass(): Promise<{ claimed: number; sent: number }> {
    const { rows, lease } = await this.claim();
    let sent = 0;
    for (let i = 0; i < rows.length; i++) {
      if (!this.loop.running) {
        // Shutting down: hand the rest back at once instead of letting their lease run out.
        await this.release(
          rows.slice(i).map((r) => r.id),
          lease,
        );
        break;
      }
      if (await this.deliver(rows[i], lease)) sent++;
    }
    return { claimed: rows.length, sent };
  }

  private async claim(): Promise<{ rows: OwedRow[]; lease: string }> {
    const owed: LeasedTable = {
      table: 'notification',
      columns: ['cause_key', 'recipients', 'subject', 'body_text', 'body_html', 'attempts', 'created_at'],
      due: 'sent_at IS NULL AND next_attempt_at <= ?',
      dueParams: [sqlDate(new Date())],
    };
    const { token, rows, interrupted } = await claimLeased<OwedRow>(
      this.deps.db,
      owed,
      BATCH,
      this.leaseMs,
      async (manager, ids) => {
        await manager.query(`UPDATE notification SET last_error = ? WHERE id IN (${ids.map(() => '?').join(',')})`, [
          INTERRUPTED,
          ...ids,
        ]);
      },
    );
    if (interrupted.length)
      this.deps.log.warn('re-sending notifications whose earlier holder stopped', { notificationIds: interrupted });
    return { rows: rows.map((r) => ({ ...r, attempts: Number(r.attempts) })), lease: token };
  }

  private async deliver(row: OwedRow, lease: string): Promise<boolean> {
    const { log } = this.deps;
    // Renew the lease for this send, and keep renewing it while the SMTP server takes its time. The
    // attempt counts from here, so one cut short by a crash is counted too.
    row.attempts += 1;
    const until = () => sqlDate(new Date(Date.now() + this.leaseMs));
    if (!(await this.updateHeld(row.id, lease, 'claimed_until = ?, attempts = attempts + 1', [until()]))) {
      log.warn('notification claim lost before sending; another dispatcher has it', { notificationId: row.id });
      return false;
    }
    let failure: Error | null = null;
    try {
      await withLeaseHeartbeat(
        () => this.updateHeld(row.id, lease, 'claimed_until = ?', [until()]),
        Math.max(250, Math.floor(this.leaseMs / 3)),
        () => this.send(row),
      );
    } catch (err) {
      failure = err as Error;
    }

    if (failure) {
      await this.recordFailure(row, lease, failure);
      return false;
    }
    await this.recordSent(row, lease);
    return true;
  }

  /** Records a failed attempt and schedules the retry, handing the row back for any dispatcher to take. */
  private async recordFailure(row: OwedRow, lease: string, failure: Error): Promise<void> {
    const message = (failure.message || String(failure)).slice(0, 1000);
    const retryAt = sqlDate(new Date(Date.now() + retryDelayMs(row.attempts)));
    await this.updateHeld(
      row.id,
      lease,
      'last_error = ?, next_attempt_at = ?, claimed_until = NULL, claim_token = NULL',
      [message, retryAt],
    );
    this.deps.log.warn('notification delivery failed; will retry', {
      notificationId: row.id,
      attempts: row.attempts,
      error: message,
      retryAt,
    });
  }

  /** Records a sent email, retrying through a short database hiccup so the email is not sent twice. */
  private async recordSent(row: OwedRow, lease: string): Promise<void> {
    const { log } = this.deps;
    for (let tries = 1; ; tries++) {
      try {
        const held = await this.updateHeld(row.id, lease, 'sent_at = ?, claimed_until = NULL, claim_token = NULL', [
          sqlDate(new Date()),
        ]);
        if (!held)
          log.warn('notification sent after its claim expired; another dispatcher may send it again', {
            notificationId: row.id,
          });
        break;
      } catch (err) {
        if (tries >= 4 || !this.loop.running) throw err;
        await sleep(250 * tries);
      }
    }
    log.info('notification sent', {
      notificationId: row.id,
      causeKey: row.cause_key,
      attempts: row.attempts,
      createdAt: fromSqlDate(row.created_at)?.toISOString(),
    });
  }

  /** Updates the row only while it still carries this claim's token and is unsent; answers whether it did. */
  private updateHeld(id: number, token: string, set: string, params: unknown[]): Promise<boolean> {
    return updateHeld(this.deps.db, 'notification', id, token, set, params, 'sent_at IS NULL');
  }

  private release(ids: number[], token: string): Promise<void> {
    return releaseHeld(this.deps.db, 'notification', ids, token);
  }

  private async send(row: OwedRow): Promise<void> {
    const { config, log } = this.deps;
    const to = JSON.parse(row.recipients) as string[];
    // A stable Message-ID lets a receiving server drop the rare duplicate of an at-least-once send.
    const messageId = `<notification-${row.id}@management-portal>`;
    const mail = {
      from: config.mailFrom,
      to,
      subject: row.subject,
      text: row.body_text,
      html: row.body_html,
      messageId,
      headers: { 'X-Notification-Cause': row.cause_key },
    };
    if (!config.smtpUrl) {
      // No SMTP configured: keep the email as an .eml file and log it.
      const compose = nodemailer.createTransport({ streamTransport: true, buffer: true, newline: 'unix' });
      const info = await compose.sendMail(mail);
      fs.mkdirSync(config.outboxDir, { recursive: true });
      const file = path.join(config.outboxDir, `notification-${row.id}.eml`);
      fs.writeFileSync(file, info.message as Buffer);
      log.info('email written to the local outbox', { file, to, subject: row.subject });
      return;
    }
    // Bounded waits, so a hung SMTP server fails the attempt instead of holding the row (the URL may override them).
    this.transport ??= nodemailer.createTransport({
      connectionTimeout: 5000,
      greetingTimeout: 5000,
      socketTimeout: 10000,
      ...parseConnectionUrl(config.smtpUrl),
    });
    await this.transport.sendMail(mail);
  }
}
