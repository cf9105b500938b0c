import crypto from 'node:crypto';
import { EntityManager } from 'typeorm';
import { sqlDate } from '../db/transformers';
import { markEnqueued } from '../db/after-commit';
import { outboxBacklog, OutboxBacklog } from '../db/outbox-backlog';

/** Marks a transaction that wrote deliveries: its commit wakes the webhook dispatcher. */
export const WEBHOOK_ENQUEUED = 'webhookEnqueued';

/** The event types of DESIGN.md §7. */
export type WebhookEventType =
  'utilization.threshold' | 'utilization.digest' | 'usage.alert' | 'numbers.requested' | 'webhook.test';

export interface WebhookEventContent {
  type: WebhookEventType;
  /** What the email says, numbers as JSON numbers. */
  data: Record<string, unknown>;
}

export interface WebhookEventEntry extends WebhookEventContent {
  organizationId: number;
  /** When the cause happened (the service clock): the body's createdAt. */
  now: Date;
  /** Only this webhook (a test); default every enabled webhook of the organization. */
  webhookId?: number;
}

/** The exact body of every attempt: `{ id, type, organizationId, createdAt, data }`. */
export function webhookBody(eventId: string, entry: WebhookEventEntry): string {
  return JSON.stringify({
    id: eventId,
    type: entry.type,
    // A GraphQL ID, as the API answers it.
    organizationId: String(entry.organizationId),
    createdAt: entry.now.toISOString(),
    data: entry.data,
  });
}

/**
 * Writes one delivery per enabled webhook of the organization inside the caller's transaction (the
 * outbox), all with one event id; the webhook dispatcher sends them. Answers the event id.
 */
export async function enqueueWebhookEvent(manager: EntityManager, entry: WebhookEventEntry): Promise<string> {
  const eventId = crypto.randomUUID();
  // Due now in wall-clock time, like the emails: retries are scheduled by the real clock.
  const wallNow = sqlDate(new Date());
  const only = entry.webhookId === undefined ? '' : ' AND id = ?';
  await manager.query(
    `INSERT INTO webhook_delivery
       (webhook_id, organization_id, event_id, event_type, body, attempts, created_at, next_attempt_at)
     SELECT id, organization_id, ?, ?, ?, 0, ?, ? FROM webhook WHERE organization_id = ? AND enabled = 1${only}`,
    [
      eventId,
      entry.type,
      webhookBody(eventId, entry),
      wallNow,
      wallNow,
      entry.organizationId,
      ...(entry.webhookId === undefined ? [] : [entry.webhookId]),
    ],
  );
  markEnqueued(manager, WEBHOOK_ENQUEUED);
  return eventId;
}

/** Deliveries still owed, neither delivered nor given up (through idx_webhook_delivery_due), for the metrics scrape. */
export function webhookOutboxBacklog(manager: EntityManager): Promise<OutboxBacklog> {
  return outboxBacklog(manager, 'webhook_delivery', 'delivered_at IS NULL AND gave_up_at IS NULL');
}
