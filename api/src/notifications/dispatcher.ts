import crypto from 'node:crypto';
import fs from 'node:fs';
import path from 'node:path';
import nodemailer, { Transporter } from 'nodemailer';
import { AppDeps } from '../app-deps';
import { fromSqlDate, sqlDate } from '../db/transformers';

const BATCH = 20;
const CLAIM_MS = 60_000;
const MAX_BACKOFF_MS = 15 * 60_000;

interface OwedRow {
  id: number;
  recipients: string;
  subject: string;
  body_text: string;
  body_html: string;
  attempts: number;
  created_at: Date | string;
}

/** Exponential backoff with full jitter: 1 s, 2 s, 4 s … capped at 15 minutes. */
export function retryDelayMs(attempts: number, random = Math.random): number {
  const ceiling = Math.min(MAX_BACKOFF_MS, 1000 * 2 ** Math.max(0, attempts - 1));
  return Math.round(ceiling / 2 + (random() * ceiling) / 2);
}

/**
 * Delivers the outbox at least once. Rows are claimed for a minute (SKIP LOCKED on MySQL, an atomic
 * UPDATE on SQLite), so several API processes share the work, and a crashed process's claims expire
 * and are picked up again. Runs every `intervalMs` and at once when poked.
 */
export class NotificationDispatcher {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  private stopped = false;
  private transport: Transporter | null = null;
  private readonly owner = crypto.randomUUID();

  constructor(
    private readonly deps: AppDeps,
    private readonly intervalMs = 1000,
  ) {}

  start(): void {
    this.stopped = false;
    const tick = () => {
      if (this.stopped) return;
      this.timer = setTimeout(async () => {
        await this.runOnce().catch((err) => this.deps.log.warn('notification dispatch failed', { err }));
        tick();
      }, this.intervalMs);
      this.timer.unref?.();
    };
    tick();
  }

  async stop(): Promise<void> {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    await this.running;
    this.transport?.close();
  }

  /** One pass: claim due rows, send each, record the outcome. Returns how many were sent. */
  async runOnce(): Promise<number> {
    if (this.running) {
      await this.running;
    }
    let sent = 0;
    const pass = (async () => {
      const rows = await this.claim();
      for (const row of rows) {
        if (await this.deliver(row)) sent++;
      }
    })();
    this.running = pass.finally(() => {
      this.running = null;
    });
    await this.running;
    return sent;
  }

  private async claim(): Promise<OwedRow[]> {
    const { db } = this.deps;
    const now = new Date();
    const due = `sent_at IS NULL AND next_attempt_at <= ? AND (claimed_until IS NULL OR claimed_until < ?)`;
    return db.transaction(async (manager) => {
      const ids: Array<{ id: number }> = await manager.query(
        `SELECT id FROM notification WHERE ${due} ORDER BY id LIMIT ${BATCH}${db.sqlite ? '' : ' FOR UPDATE SKIP LOCKED'}`,
        [sqlDate(now), sqlDate(now)],
      );
      if (!ids.length) return [];
      const list = ids.map((r) => Number(r.id));
      await manager.query(`UPDATE notification SET claimed_until = ? WHERE id IN (${list.map(() => '?').join(',')})`, [
        sqlDate(new Date(now.getTime() + CLAIM_MS)),
        ...list,
      ]);
      return manager.query(
        `SELECT id, recipients, subject, body_text, body_html, attempts, created_at FROM notification WHERE id IN (${list.map(() => '?').join(',')}) ORDER BY id`,
        list,
      );
    });
  }

  private async deliver(row: OwedRow): Promise<boolean> {
    const { db, log } = this.deps;
    const attempts = Number(row.attempts) + 1;
    try {
      await this.send(row);
      await db.manager.query('UPDATE notification SET sent_at = ?, attempts = ?, last_error = NULL, claimed_until = NULL WHERE id = ?', [
        sqlDate(new Date()),
        attempts,
        row.id,
      ]);
      log.info('notification sent', { notificationId: row.id, attempts, latencyMs: Date.now() - fromSqlDate(row.created_at)!.getTime() });
      return true;
    } catch (err) {
      const message = (err as Error).message?.slice(0, 1000) ?? String(err);
      await db.manager.query('UPDATE notification SET attempts = ?, last_error = ?, next_attempt_at = ?, claimed_until = NULL WHERE id = ?', [
        attempts,
        message,
        sqlDate(new Date(Date.now() + retryDelayMs(attempts))),
        row.id,
      ]);
      log.warn('notification delivery failed; will retry', { notificationId: row.id, attempts, error: message });
      return false;
    }
  }

  private async send(row: OwedRow): Promise<void> {
    const { config, log } = this.deps;
    const to = JSON.parse(row.recipients) as string[];
    const messageId = `<notification-${row.id}@management-portal>`;
    const mail = { from: config.mailFrom, to, subject: row.subject, text: row.body_text, html: row.body_html, messageId };
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
    this.transport ??= nodemailer.createTransport(config.smtpUrl, { connectionTimeout: 5000, greetingTimeout: 5000, socketTimeout: 10000 } as never);
    await this.transport.sendMail(mail);
  }
}
