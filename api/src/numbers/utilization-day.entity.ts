import { Column, Entity, PrimaryColumn } from 'typeorm';
import { utcDate } from '../db/transformers';

/**
 * An organization's utilization at the end of a local day (its own time zone) on which a number
 * operation moved it; days without a row kept the figures of the day before. Written by the number
 * operation frame in its transaction; read for `NumberUtilization.history` and `runOut`.
 */
@Entity('number_utilization_day')
export class UtilizationDayRecord {
  @PrimaryColumn({ type: 'int' })
  organizationId!: number;

  /** Local 'YYYY-MM-DD' in the organization's time zone. */
  @PrimaryColumn({ type: 'varchar', length: 10 })
  day!: string;

  @Column({ type: 'int' })
  inUse!: number;

  @Column({ type: 'int' })
  total!: number;

  /** The time of the last operation that day. */
  @Column({ type: 'datetime', transformer: utcDate })
  updatedAt!: Date;
}
