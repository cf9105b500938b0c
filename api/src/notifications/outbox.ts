import { DataSource, EntityManager } from 'typeorm';
import { markEnqueued, onCommitOf } from '../db/after-commit';
import { outboxBacklog, OutboxBacklog } from '../db/outbox-backlog';
import { sqlDate } from '../db/transformers';
import { NotificationCause } from './notification.entity';
import { enqueueWebhookEvent, WebhookEventContent } from '../webhooks/webhook-outbox';

/** An email as the outbox stores it. */
export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

export interface OutboxEntry {
  organizationId: number;
  cause: NotificationCause;
  /** Unique per cause: the same cause can never be written twice. */
  causeKey: string;
  recipients: string[];
  email: EmailContent;
  /** When the cause happened (the service clock). */
  now: Date;
  /** The webhook event of the same notification (DESIGN.md §7): sent to every enabled webhook. */
  event?: WebhookEventContent;
}

/** Set on the transaction's query runner, so its commit can wake the dispatcher. */
const ENQUEUED = 'notificationEnqueued';

/** Writes an owed email inside the caller's transaction; the dispatcher delivers it. */
export async function enqueueNotification(manager: EntityManager, entry: OutboxEntry): Promise<void> {
  await manager.query(
    'INSERT INTO notification (organization_id, cause, cause_key, recipients, subject, body_text, body_html, ' +
      `created_at, attempts, next_attempt_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, 0, ?)`,
    [
      entry.organizationId,
      entry.cause,
      entry.causeKey,
      JSON.stringify(entry.recipients),
      entry.email.subject.slice(0, 300),
      entry.email.text,
      entry.email.html,
      sqlDate(entry.now),
      // Due now in wall-clock time: the dispatcher schedules by the real clock, not a pinned one.
      sqlDate(new Date()),
    ],
  );
  markEnqueued(manager, ENQUEUED);
  if (entry.event) {
    await enqueueWebhookEvent(manager, { organizationId: entry.organizationId, now: entry.now, ...entry.event });
  }
}

/**
 * Calls `listener` right after a transaction that enqueued a notification commits (never for one
 * that rolls back), so the email can leave at once instead of at the next poll. Answers an unsubscribe.
 */
export function onNotificationCommitted(dataSource: DataSource, listener: () => void): () => void {
  return onCommitOf(dataSource, ENQUEUED, listener);
}

/** Emails not sent yet (through idx_notification_due), for the metrics scrape. */
export function emailOutboxBacklog(manager: EntityManager): Promise<OutboxBacklog> {
  return outboxBacklog(manager, 'notification', 'sent_at IS NULL');
}
