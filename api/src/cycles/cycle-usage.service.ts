import { AppDeps } from '../db/app-deps';
import { VersionedCache } from '../common/versioned-cache';
import { Organization } from '../organizations/organization.entity';
import { CyclePeriod } from './cycle-figures';
import { cycleUsageOf, CycleUsageCache } from './cycle-usage';
import { CycleLoaders } from './cycle.loaders';
import { CycleUsage } from './cycle.types';

/**
 * Computed figures kept per organization, scope, period and local day (~100 objects, ~10 KB an entry):
 * the three periods of ~1,300 organizations, a carrier's busy hour on one process (issue 25).
 */
const FIGURES_CACHE_ENTRIES = 4000;

/** A billing period's figures, with the figures this process computed for the same rollup version kept. */
export class CycleUsageService {
  /** None with read replicas, for the reason RollupService.rowsFor gives. */
  private readonly cache: CycleUsageCache | undefined;

  constructor(deps: AppDeps) {
    this.cache = deps.config.databaseReplicaUrls.length
      ? undefined
      : new VersionedCache<CycleUsage>(FIGURES_CACHE_ENTRIES);
  }

  cycleOf(
    org: Organization,
    period: CyclePeriod,
    includeSubOrganizations: boolean,
    now: Date,
    loaders: CycleLoaders,
  ): Promise<CycleUsage> {
    return cycleUsageOf(org, period, includeSubOrganizations, now, loaders.rollupRows, this.cache);
  }
}
