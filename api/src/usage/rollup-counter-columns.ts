import { Column } from 'typeorm';
import { bigintNumber } from '../db/transformers';

/** One counter: a BIGINT read as a safe integer, 0 until something is counted. */
function CounterColumn(): PropertyDecorator {
  return Column({ type: 'bigint', transformer: bigintNumber, default: 0 });
}

/**
 * The counter columns usage_rollup and user_usage_rollup share (ROLLUP_COUNTERS, in that order): one
 * per metric amount, so RollupService writes both tables with the same rows and statements.
 */
export abstract class RollupCounterColumns {
  @CounterColumn()
  voiceBillable!: number;

  @CounterColumn()
  voiceTotal!: number;

  @CounterColumn()
  messageBillable!: number;

  @CounterColumn()
  messageTotal!: number;

  @CounterColumn()
  dataBillable!: number;

  @CounterColumn()
  dataTotal!: number;

  @CounterColumn()
  usersAdded!: number;

  @CounterColumn()
  usersRegistered!: number;

  @CounterColumn()
  usersDeactivated!: number;
}
