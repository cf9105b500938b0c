import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { LeasedRowColumns } from '../db/lease-columns';
import { jsonText, utcDate } from '../db/transformers';

export enum NotificationCause {
  /** An operation took utilization from below the threshold to at or above it. */
  THRESHOLD_REACHED = 'THRESHOLD_REACHED',
  /** While reached, a further operation took numbers into use. */
  NUMBERS_TAKEN_WHILE_REACHED = 'NUMBERS_TAKEN_WHILE_REACHED',
  /** An admin saved a threshold that utilization already reaches. */
  THRESHOLD_SAVED_REACHED = 'THRESHOLD_SAVED_REACHED',
  /** An admin asked for more numbers and the contact is emailed (EMAIL_NUMBER_REQUESTS). */
  NUMBERS_REQUESTED = 'NUMBERS_REQUESTED',
  /** A usage alert's threshold was reached (once per alert and cycle). */
  USAGE_ALERT = 'USAGE_ALERT',
  /** DAILY_DIGEST: the numbers taken into use on one local day while the threshold stayed reached. */
  UTILIZATION_DIGEST = 'UTILIZATION_DIGEST',
}
registerEnumType(NotificationCause, {
  name: 'NotificationCause',
  description: 'Why a notification was written.',
  valuesConfig: {
    THRESHOLD_REACHED: {
      description: 'An operation took percentInUse from below the threshold to at or above it.',
    },
    NUMBERS_TAKEN_WHILE_REACHED: {
      description: 'While the threshold was reached, a further operation took available numbers into use.',
    },
    THRESHOLD_SAVED_REACHED: { description: 'An admin saved a threshold that utilization already reaches.' },
    NUMBERS_REQUESTED: {
      description: "An admin asked for more numbers: an email to the contact's address (EMAIL_NUMBER_REQUESTS=1 only).",
    },
    USAGE_ALERT: {
      description:
        "A usage alert's threshold was reached by the cycle's billable usage or its forecast (once a cycle).",
    },
    UTILIZATION_DIGEST: {
      description:
        'DAILY_DIGEST policy: the operations that took numbers into use on one local day, sent after it ended.',
    },
  },
});

/** The outbox: written in the transaction of its cause, delivered at least once by the dispatcher. */
@ObjectType({
  description:
    "An email owed or sent (the outbox): to the organization's admins, or for NUMBERS_REQUESTED to the contact. " +
    'Written with its cause, delivered at least once.',
})
@Entity('notification')
export class Notification extends LeasedRowColumns {
  @Field(() => ID, { description: "The notification's id." })
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  organizationId!: number;

  @Field(() => NotificationCause, { description: 'What caused it.' })
  @Column({ type: 'varchar', length: 40 })
  cause!: NotificationCause;

  /** Unique per cause, so a retried request or dispatcher never writes or sends a second one. */
  @Column({ type: 'varchar', length: 120, unique: true })
  causeKey!: string;

  @Field(() => [String], { description: 'The email addresses it goes to.' })
  @Column({ type: 'text', transformer: jsonText })
  recipients!: string[];

  @Field({ description: "The email's subject line, up to 300 characters." })
  @Column({ type: 'varchar', length: 300 })
  subject!: string;

  @Column({ type: 'text' })
  bodyText!: string;

  @Column({ type: 'text' })
  bodyHtml!: string;

  @Field({ description: 'When it was written, in the same transaction as its cause.' })
  @Column({ type: 'datetime', transformer: utcDate })
  createdAt!: Date;

  @Field(() => Date, {
    nullable: true,
    description:
      'When it was delivered (accepted by the mail server, or written to the local outbox folder without SMTP); ' +
      'null while still owed.',
  })
  @Column({ type: 'datetime', nullable: true, transformer: utcDate })
  sentAt!: Date | null;

  @Field(() => Int, { description: 'Delivery attempts so far, 0 or more; failed ones are retried with backoff.' })
  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Field(() => String, {
    nullable: true,
    description: "The latest failed attempt's error, up to 1000 characters; null when no attempt has failed.",
  })
  @Column({ type: 'varchar', length: 1000, nullable: true })
  lastError!: string | null;
}
