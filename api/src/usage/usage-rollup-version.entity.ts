import { Column, Entity, PrimaryColumn } from 'typeorm';
import { bigintNumber } from '../db/transformers';

/**
 * A counter per organization that moves whenever its usage rollups (SELF or SUBS rows) change, in the
 * transaction that changes them. Read with the organization's row, it tells every API process
 * whether the rollup rows it keeps for that organization are still the stored ones
 * (docs/benchmarks.md, "Cached rollup rows"). No row: nothing was ever rolled up (version 0).
 */
@Entity('usage_rollup_version')
export class UsageRollupVersion {
  @PrimaryColumn({ type: 'int' })
  organizationId!: number;

  @Column({ type: 'bigint', transformer: bigintNumber })
  version!: number;
}
