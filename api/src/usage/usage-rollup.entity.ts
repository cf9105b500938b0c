import { Column, Entity, PrimaryColumn } from 'typeorm';
import { RollupCounterColumns } from './rollup-counter-columns';
import { utcDate } from '../db/transformers';

/**
 * What a rollup row counts. Usage metrics hold billing units (VOICE already in rounded minutes);
 * user metrics count lifecycle events so new and active users come from the same rows.
 */
export enum RollupMetric {
  VOICE = 'VOICE',
  MESSAGE = 'MESSAGE',
  DATA = 'DATA',
  USERS_ADDED = 'USERS_ADDED',
  USERS_REGISTERED = 'USERS_REGISTERED',
  /** Deactivations of users who had registered: active(m) = registered before m − these before m. */
  USERS_DEACTIVATED = 'USERS_DEACTIVATED',
}

/** What a dashboard reads: SELF, the organization alone; TREE, it and everything below it. */
export type RollupScope = 'SELF' | 'TREE';
/**
 * What rows hold: SELF, the organization's own usage; SUBS, its sub-organizations' (everything
 * strictly below it, maintained into every ancestor). TREE = SELF + SUBS, so a leaf, the commonest
 * organization, writes one set of rows per event instead of two.
 */
export type StoredRollupScope = 'SELF' | 'SUBS';
/** DAY: one local day. CYCLE: one billing cycle, keyed by its local start date. */
export type RollupGrain = 'DAY' | 'CYCLE';

/** The counter columns of a rollup row, in the order rows are written and read. */
export const ROLLUP_COUNTERS = [
  'voiceBillable',
  'voiceTotal',
  'messageBillable',
  'messageTotal',
  'dataBillable',
  'dataTotal',
  'usersAdded',
  'usersRegistered',
  'usersDeactivated',
] as const;
export type RollupCounter = (typeof ROLLUP_COUNTERS)[number];

/** Where each metric's billable and total amounts go (user lifecycle counts keep one number). */
export const METRIC_COUNTERS: Record<RollupMetric, { billable: RollupCounter; total: RollupCounter }> = {
  [RollupMetric.VOICE]: { billable: 'voiceBillable', total: 'voiceTotal' },
  [RollupMetric.MESSAGE]: { billable: 'messageBillable', total: 'messageTotal' },
  [RollupMetric.DATA]: { billable: 'dataBillable', total: 'dataTotal' },
  [RollupMetric.USERS_ADDED]: { billable: 'usersAdded', total: 'usersAdded' },
  [RollupMetric.USERS_REGISTERED]: { billable: 'usersRegistered', total: 'usersRegistered' },
  [RollupMetric.USERS_DEACTIVATED]: { billable: 'usersDeactivated', total: 'usersDeactivated' },
};

/** One organization's counters for one scope, grain and period: a column per metric amount. */
@Entity('usage_rollup')
export class UsageRollup extends RollupCounterColumns {
  @PrimaryColumn({ type: 'int' })
  organizationId!: number;

  @PrimaryColumn({ type: 'varchar', length: 4 })
  scope!: StoredRollupScope;

  @PrimaryColumn({ type: 'varchar', length: 5 })
  grain!: RollupGrain;

  /** Local 'YYYY-MM-DD' in the organization's own time zone. */
  @PrimaryColumn({ type: 'varchar', length: 10 })
  periodDate!: string;

  /** The latest time an accepted usage event counted here was stored; null while the row holds none. */
  @Column({ type: 'datetime', transformer: utcDate, nullable: true })
  lastStoredAt!: Date | null;
}

/** A rollup row as the dashboard reads it. */
export type RollupRow = { grain: RollupGrain; periodDate: string } & Record<RollupCounter, number> & {
    /** Epoch milliseconds of `last_stored_at`; null: no usage event counted in the row. */
    lastStoredAt: number | null;
    /** Which stored row it is (a TREE read holds both); absent where rows were built another way. */
    scope?: StoredRollupScope;
  };
