import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { jsonText, utcDate } from '../db/transformers';

@ObjectType({
  description: 'A customer organization or one of its sub-organizations (departments).',
  simpleResolvers: true,
})
@Entity('organization')
export class Organization {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id!: number;

  @Field()
  @Column({ type: 'varchar', length: 200 })
  name!: string;

  @Column({ type: 'int', nullable: true })
  parentId!: number | null;

  /** Materialized path of ids, '/1/5/12/': subtree checks and rollups to ancestors without recursion. */
  @Column({ type: 'varchar', length: 700 })
  path!: string;

  @Column({ type: 'int' })
  depth!: number;

  @Field({ description: 'IANA time zone in which cycles and days are counted.' })
  @Column({ type: 'varchar', length: 64 })
  timezone!: string;

  @Field(() => Int, { description: 'Day of the month (1-28) on which each billing cycle starts, 00:00 local.' })
  @Column({ type: 'int' })
  cycleStartDay!: number;

  @Column({ type: 'int' })
  utilizationThresholdPercent!: number;

  @Field(() => [String], { description: 'Addresses that threshold notifications go to.' })
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

  @Field()
  @Column({ type: 'datetime', transformer: utcDate })
  createdAt!: Date;
}
