import { Field, ID, Int, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
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
}
registerEnumType(NotificationCause, { name: 'NotificationCause' });

/** The outbox: written in the transaction of its cause, delivered at least once by the dispatcher. */
@ObjectType({ description: 'An email owed or sent to the organization admins.' })
@Entity('notification')
export class Notification {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  organizationId!: number;

  @Field(() => NotificationCause)
  @Column({ type: 'varchar', length: 40 })
  cause!: NotificationCause;

  /** Unique per cause, so a retried request or dispatcher never writes or sends a second one. */
  @Column({ type: 'varchar', length: 120, unique: true })
  causeKey!: string;

  @Field(() => [String])
  @Column({ type: 'text', transformer: jsonText })
  recipients!: string[];

  @Field()
  @Column({ type: 'varchar', length: 300 })
  subject!: string;

  @Column({ type: 'text' })
  bodyText!: string;

  @Column({ type: 'text' })
  bodyHtml!: string;

  @Field()
  @Column({ type: 'datetime', transformer: utcDate })
  createdAt!: Date;

  @Field(() => Date, { nullable: true })
  @Column({ type: 'datetime', nullable: true, transformer: utcDate })
  sentAt!: Date | null;

  @Field(() => Int)
  @Column({ type: 'int', default: 0 })
  attempts!: number;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 1000, nullable: true })
  lastError!: string | null;

  @Column({ type: 'datetime', transformer: utcDate })
  nextAttemptAt!: Date;

  /** Set while a dispatcher holds the row; a crashed holder's claim expires. */
  @Column({ type: 'datetime', nullable: true, transformer: utcDate })
  claimedUntil!: Date | null;
}
