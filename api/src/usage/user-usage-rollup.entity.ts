import { Entity, PrimaryColumn } from 'typeorm';
import { RollupCounterColumns } from './rollup-counter-columns';

/** DAY: one local day. MONTH: one calendar month, keyed by its first day (so a long range reads few rows). */
export type UserRollupGrain = 'DAY' | 'MONTH';

/** Stands for "no user" in user_id: events recorded without a user (reports' `unattributed`). */
export const NO_USER = 0;

/**
 * Usage per user (or, as user 0, per organization for events without a user), per local day and
 * calendar month, in every time zone on the organization's path (its own and its ancestors'), so a
 * report on any organization reads days in that organization's zone (DESIGN §5). The same counter
 * columns as usage_rollup (RollupCounterColumns), written by the same code (RollupService); user
 * lifecycle is not counted here (those columns stay 0).
 */
@Entity('user_usage_rollup')
export class UserUsageRollup extends RollupCounterColumns {
  @PrimaryColumn({ type: 'varchar', length: 64 })
  timezone!: string;

  @PrimaryColumn({ type: 'varchar', length: 5 })
  grain!: UserRollupGrain;

  /** Local 'YYYY-MM-DD' in `timezone`; a MONTH row's first day. */
  @PrimaryColumn({ type: 'varchar', length: 10 })
  periodDate!: string;

  @PrimaryColumn({ type: 'int' })
  organizationId!: number;

  /** The event's user; 0 (NO_USER) for events recorded without one. */
  @PrimaryColumn({ type: 'int' })
  userId!: number;
}
