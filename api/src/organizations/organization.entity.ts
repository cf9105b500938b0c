import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { jsonText, utcDate } from '../db/transformers';

@ObjectType({
  description: 'A customer organization or one of its sub-organizations (departments).',
  simpleResolvers: true,
})
@Entity('organization')
export class Organization {
  @Field(() => ID, { description: "The organization's id." })
  @PrimaryGeneratedColumn()
  id!: number;

  @Field({ description: 'Display name, 1-200 characters.' })
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'int', nullable: true })
  parentId!: number | null;

  /** Materialized path of ids, '/1/5/12/': subtree checks and rollups to ancestors without recursion. */
  @Column({ type: 'varchar', length: 700 })
  path!: string;

  @Column({ type: 'int' })
  depth!: number;

  @Field({
    description: "IANA time zone (e.g. Europe/Berlin) in which cycles, days and 'today' are counted; default UTC.",
  })
  @Column({ type: 'varchar', length: 64 })
  timezone!: string;

  @Field(() => Int, {
    description: 'Day of the month (1-28) on which each billing cycle starts, at 00:00 local time; 1: calendar months.',
  })
  @Column({ type: 'int' })
  cycleStartDay!: number;

  @Column({ type: 'int' })
  utilizationThresholdPercent!: number;

  /**
   * The threshold's re-alert policy, one of numbers/alert-policy.ts's AlertPolicy values (read through
   * UtilizationThreshold.policy). Spelt as its strings here: the organization knows nothing of numbers.
   */
  @Column({ type: 'varchar', length: 20, default: 'EVERY_ASSIGNMENT' })
  alertPolicy!: 'EVERY_ASSIGNMENT' | 'DAILY_DIGEST';

  @Field(() => [String], {
    description: 'Email addresses that utilization threshold notifications go to; 1-20 addresses.',
  })
  @Column({ type: 'text', transformer: jsonText })
  adminEmails!: string[];

  @Column({ type: 'varchar', length: 254, nullable: true })
  contactEmail!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  contactPhone!: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  contactMessage!: string | null;

  /** Bumped by every number operation: names the cause of a threshold notification uniquely. */
  @Column({ type: 'int', default: 0 })
  numberOperationSeq!: number;

  /** Numbers held strictly below this organization (allocatedToSubOrganizations), kept by the number operations. */
  @Column({ type: 'int', default: 0 })
  numbersBelow!: number;

  /**
   * Its top-level organization's rating (DESIGN §8), copied into every organization of the tree at
   * its creation: the rating never changes, so ingestion rates an event from the cached placement.
   */
  @Column({ type: 'int', default: 60 })
  voiceInitialSeconds!: number;

  @Column({ type: 'int', default: 60 })
  voiceIncrementSeconds!: number;

  @Column({ type: 'int', default: 1 })
  dataIncrementBytes!: number;

  /**
   * Moved by every change of a top-level organization's price plan (plans/, DESIGN §9), in its
   * transaction: 0 while it never had one. One of the stamps kept answers follow (stampOf).
   */
  @Column({ type: 'int', default: 0 })
  planSeq!: number;

  @Field({ description: 'When the organization was created.' })
  @Column({ type: 'datetime', transformer: utcDate })
  createdAt!: Date;

  /**
   * Not a column: usage_rollup_version's counter, read with the row by a request's organization
   * loader (0: never rolled up). Undefined when the row was read another way.
   */
  usageVersion?: number;
}
