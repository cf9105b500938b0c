import { EntityManager } from 'typeorm';
import { sqlDate } from '../db/transformers';
import { NotificationCause } from './notification.entity';
import { EmailContent } from './threshold-email';

export interface OutboxEntry {
  organizationId: number;
  cause: NotificationCause;
  /** Unique per cause: the same cause can never be written twice. */
  causeKey: string;
  recipients: string[];
  email: EmailContent;
  now: Date;
}

/** Writes an owed email inside the caller's transaction; the dispatcher delivers it. */
export async function enqueueNotification(manager: EntityManager, entry: OutboxEntry): Promise<void> {
  await manager.query(
    `INSERT INTO notification (organization_id, cause, cause_key, recipients, subject, body_text, body_html, created_at, attempts, next_attempt_at)
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
      sqlDate(entry.now),
    ],
  );
}
