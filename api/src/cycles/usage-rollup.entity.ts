import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '../db/transformers';

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

@Entity('usage_rollup')
export class UsageRollup {
  @PrimaryColumn({ type: 'int' })
  organizationId!: number;

  @PrimaryColumn({ type: 'varchar', length: 4 })
  scope!: StoredRollupScope;

  @PrimaryColumn({ type: 'varchar', length: 5 })
  grain!: RollupGrain;

  /** Local 'YYYY-MM-DD' in the organization's own time zone. */
  @PrimaryColumn({ type: 'varchar', length: 10 })
  periodDate!: string;

  @PrimaryColumn({ type: 'varchar', length: 20 })
  metric!: RollupMetric;

  @Column({ type: 'bigint', transformer: bigintNumber })
  billable!: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  total!: number;
}

/** A rollup row as the dashboard reads it. */
export interface RollupRow {
  grain: RollupGrain;
  periodDate: string;
  metric: RollupMetric;
  billable: number;
  total: number;
}
