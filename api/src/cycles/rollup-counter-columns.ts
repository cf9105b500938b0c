import { Column } from 'typeorm';
import { bigintNumber } from '../db/transformers';

/**
 * The counter columns usage_rollup and user_usage_rollup share (ROLLUP_COUNTERS, in that order): one
 * per metric amount, so RollupService writes both tables with the same rows and statements.
 */
export abstract class RollupCounterColumns {
  @Column({ type: 'bigint', transformer: bigintNumber, default: 0 })
  voiceBillable!: number;

  @Column({ type: 'bigint', transformer: bigintNumber, default: 0 })
  voiceTotal!: number;

  @Column({ type: 'bigint', transformer: bigintNumber, default: 0 })
  messageBillable!: number;

  @Column({ type: 'bigint', transformer: bigintNumber, default: 0 })
  messageTotal!: number;

  @Column({ type: 'bigint', transformer: bigintNumber, default: 0 })
  dataBillable!: number;

  @Column({ type: 'bigint', transformer: bigintNumber, default: 0 })
  dataTotal!: number;

  @Column({ type: 'bigint', transformer: bigintNumber, default: 0 })
  usersAdded!: number;

  @Column({ type: 'bigint', transformer: bigintNumber, default: 0 })
  usersRegistered!: number;

  @Column({ type: 'bigint', transformer: bigintNumber, default: 0 })
  usersDeactivated!: number;
}
