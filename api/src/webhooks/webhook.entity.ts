import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { LeasedRowColumns } from '../db/lease-columns';
import { bigintNumber, booleanNumber, utcDate } from '../db/transformers';

/** An organization's HTTPS endpoint that every notification is POSTed to, signed (DESIGN.md §7). */
@ObjectType({
  description:
    "A webhook: every notification of the organization is POSTed to it as signed JSON, besides the admins' email.",
})
@Entity('webhook')
export class Webhook {
  @Field(() => ID, { description: "The webhook's id." })
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  organizationId!: number;

  @Field({ description: 'Where events are POSTed: an https URL, up to 2000 characters.' })
  @Column({ type: 'varchar', length: 2000 })
  url!: string;

  /** The signing secret, sealed with AES-256-GCM (webhook-secret.ts); never answered. */
  @Column({ type: 'varchar', length: 200 })
  secretSealed!: string;

  @Field({ description: "The signing secret's prefix and last 4 characters, to tell secrets apart (whsec_…abcd)." })
  @Column({ type: 'varchar', length: 16 })
  secretHint!: string;

  @Field({ description: 'False: no events are sent to it.' })
  @Column({ type: 'tinyint', transformer: booleanNumber, default: 1 })
  enabled!: boolean;

  @Field({ description: 'When it was created.' })
  @Column({ type: 'datetime', transformer: utcDate })
  createdAt!: Date;
}

/** One event owed to one webhook: the delivery log (attempts, last status, delivered at). */
@ObjectType({ description: 'One event sent (or owed) to a webhook, with its delivery attempts.' })
@Entity('webhook_delivery')
export class WebhookDelivery extends LeasedRowColumns {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  webhookId!: number;

  @Column({ type: 'int' })
  organizationId!: number;

  @Field(() => ID, {
    description: 'The event id (the body\'s "id" and the MP-Event-Id header), the same on every retry and channel.',
  })
  @Column({ type: 'varchar', length: 36 })
  eventId!: string;

  @Field({
    description:
      'The event type: utilization.threshold, utilization.digest, usage.alert, numbers.requested or webhook.test.',
  })
  @Column({ type: 'varchar', length: 40, name: 'event_type' })
  type!: string;

  /** The exact JSON body sent on every attempt. */
  @Column({ type: 'text' })
  body!: string;

  @Field(() => Int, { description: 'Attempts so far, 0 or more.' })
  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Field(() => Int, {
    nullable: true,
    description: "The latest attempt's HTTP status (100-599); null before any answer (no attempt, or no response).",
  })
  @Column({ type: 'int', nullable: true, transformer: bigintNumber })
  lastStatus!: number | null;

  @Field(() => String, {
    nullable: true,
    description: 'Why the latest attempt failed, up to 1000 characters; null when it did not fail or none was made.',
  })
  @Column({ type: 'varchar', length: 1000, nullable: true })
  lastError!: string | null;

  @Field({ description: 'When the event was written, in the transaction of its cause.' })
  @Column({ type: 'datetime', transformer: utcDate })
  createdAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When a 2xx answer was received; null while owed or given up.' })
  @Column({ type: 'datetime', nullable: true, transformer: utcDate })
  deliveredAt!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When retrying stopped after at least 24 hours of failures; null otherwise.',
  })
  @Column({ type: 'datetime', nullable: true, transformer: utcDate })
  gaveUpAt!: Date | null;
}

@ObjectType({ description: 'A webhook just created, with its signing secret: shown this once, never again.' })
export class CreatedWebhook {
  @Field(() => Webhook, { description: 'The webhook.' })
  webhook!: Webhook;

  @Field({
    description: 'The signing secret (whsec_ and 43 characters): the HMAC-SHA256 key of MP-Signature. Shown only now.',
  })
  secret!: string;
}
