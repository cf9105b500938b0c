import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { bigintNumber, booleanNumber, utcDate } from '../db/transformers';

/**
 * One change of a customer account's plan (DESIGN §9): the plan from the cycle starting on
 * `effectiveFrom` on, or none (`cleared`). Money as decimal text: fees with the currency's minor
 * digits ("49.00"), rates as their shortest decimal ("0.0375"), never a binary float.
 */
@Entity('organization_plan')
export class OrganizationPlan {
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  organizationId!: number;

  /** The first local date (YYYY-MM-DD) of the cycle it takes effect from; one row per cycle. */
  @Column({ type: 'varchar', length: 10 })
  effectiveFrom!: string;

  /** True: no plan from that cycle on; the plan's columns are then empty. */
  @Column({ type: 'tinyint', transformer: booleanNumber, default: 0 })
  cleared!: boolean;

  @Column({ type: 'varchar', length: 100, nullable: true })
  name!: string | null;

  @Column({ type: 'varchar', length: 3, nullable: true })
  currency!: string | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  baseFee!: string | null;

  @Column({ type: 'varchar', length: 24, nullable: true })
  perActiveUserFee!: string | null;

  @Column({ type: 'bigint', transformer: bigintNumber, default: 0 })
  voiceIncluded!: number;

  @Column({ type: 'bigint', transformer: bigintNumber, default: 0 })
  voiceIncludedPerActiveUser!: number;

  @Column({ type: 'varchar', length: 24, default: '0' })
  voiceOverageRate!: string;

  @Column({ type: 'bigint', transformer: bigintNumber, default: 0 })
  messageIncluded!: number;

  @Column({ type: 'bigint', transformer: bigintNumber, default: 0 })
  messageIncludedPerActiveUser!: number;

  @Column({ type: 'varchar', length: 24, default: '0' })
  messageOverageRate!: string;

  @Column({ type: 'bigint', transformer: bigintNumber, default: 0 })
  dataIncluded!: number;

  @Column({ type: 'bigint', transformer: bigintNumber, default: 0 })
  dataIncludedPerActiveUser!: number;

  @Column({ type: 'varchar', length: 24, default: '0' })
  dataOverageRate!: string;

  /** Who made the change: the token's subject. */
  @Column({ type: 'varchar', length: 200 })
  setBy!: string;

  @Column({ type: 'datetime', transformer: utcDate })
  setAt!: Date;
}
