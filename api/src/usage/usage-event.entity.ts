import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber, booleanNumber, utcDate } from '../db/transformers';
import { UsageType } from '../rating/usage-type';

/** A raw call, message or data record. Kept for audit and rebuilds; dashboards read rollups only. */
@Entity('usage_event')
export class UsageEvent {
  /** Chosen by the client; recording a known id again changes nothing. */
  @PrimaryColumn({ type: 'varchar', length: 100 })
  id!: string;

  @Column({ type: 'int' })
  organizationId!: number;

  @Column({ type: 'int', nullable: true })
  userId!: number | null;

  @Column({ type: 'varchar', length: 8 })
  type!: UsageType;

  @Column({ type: 'datetime', transformer: utcDate })
  occurredAt!: Date;

  @Column({ type: 'bigint', transformer: bigintNumber })
  quantity!: number;

  @Column({ type: 'tinyint', transformer: booleanNumber })
  billable!: boolean;

  @Column({ type: 'datetime', transformer: utcDate })
  recordedAt!: Date;
}
