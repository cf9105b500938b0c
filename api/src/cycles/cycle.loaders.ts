import DataLoader from 'dataloader';
import { EntityManager } from 'typeorm';
import { RollupService } from '../usage/rollup.service';
import { RollupRow, RollupScope } from '../usage/usage-rollup.entity';

export interface RollupRowsKey {
  organizationId: number;
  scope: RollupScope;
  sinceDate: string;
  /** The organization's rollup version as this request read it; undefined: unknown, read the rows. */
  version?: number;
}

export interface CycleLoaders {
  rollupRows: DataLoader<RollupRowsKey, RollupRow[], string>;
}

/**
 * Fresh per request (or per transaction, reading in `manager`): the rollup rows of an organization and
 * scope, read once however many cycles ask.
 */
export function createCycleLoaders(rollups: RollupService, manager?: EntityManager): CycleLoaders {
  return {
    rollupRows: new DataLoader(
      (keys) =>
        Promise.all(
          keys.map((k) =>
            manager
              ? rollups.rowsInTransaction(manager, k.organizationId, k.scope, k.sinceDate)
              : rollups.rowsFor(k.organizationId, k.scope, k.sinceDate, k.version),
          ),
        ),
      { cacheKeyFn: (k) => `${k.organizationId}|${k.scope}|${k.sinceDate}` },
    ),
  };
}
