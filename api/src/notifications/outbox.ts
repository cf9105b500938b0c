import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';
import { sqlDate } from '../db/transformers';
import { NotificationCause } from './notification.entity';
import { EmailContent } from '../numbers/threshold-email';
import { enqueueWebhookEvent, WebhookEventContent } from '../webhooks/webhook-outbox';

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
/** The same for webhook deliveries, which their own dispatcher sends. */
export const WEBHOOK_ENQUEUED = 'webhookEnqueued';

/** Marks the caller's transaction as owing deliveries of `flag`'s kind (its commit wakes that dispatcher). */
export function markEnqueued(manager: EntityManager, flag: string): void {
  const runner = manager.queryRunner;
  if (runner) runner.data = { ...(runner.data ?? {}), [flag]: true };
}

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

function takeFlag(runner: QueryRunner, flag: string): boolean {
  const data = runner.data as Record<string, unknown> | undefined;
  if (!data?.[flag]) return false;
  delete data[flag];
  return true;
}

/**
 * Calls `listener` right after a transaction that enqueued a notification commits (never for one
 * that rolls back), so the email can leave at once instead of at the next poll. Answers an unsubscribe.
 */
export function onNotificationCommitted(
  dataSource: DataSource,
  listener: () => void,
  flag: string = ENQUEUED,
): () => void {
  const subscriber: EntitySubscriberInterface = {
    afterTransactionCommit({ queryRunner }) {
      // Savepoint releases report too; only the outermost commit makes the rows visible.
      if (!queryRunner.isTransactionActive && takeFlag(queryRunner, flag)) listener();
    },
    afterTransactionRollback({ queryRunner }) {
      if (!queryRunner.isTransactionActive) takeFlag(queryRunner, flag);
    },
  };
  dataSource.subscribers.push(subscriber);
  return () => {
    const index = dataSource.subscribers.indexOf(subscriber);
    if (index >= 0) dataSource.subscribers.splice(index, 1);
  };
}
