import { AppDeps } from './app-deps';
import { RollupService } from './cycles/rollup.service';
import { UsageService } from './cycles/usage.service';
import { NumberRequestService } from './number-requests/number-request.service';
import { NumberService } from './numbers/number.service';
import { OrganizationService } from './organizations/organization.service';

/** The services of one process, wired once. */
export interface Services {
  organizations: OrganizationService;
  rollups: RollupService;
  usage: UsageService;
  numbers: NumberService;
  numberRequests: NumberRequestService;
}

export function createServices(deps: AppDeps): Services {
  const organizations = new OrganizationService(deps);
  const rollups = new RollupService(deps, organizations);
  return {
    organizations,
    rollups,
    usage: new UsageService(deps, organizations, rollups),
    numbers: new NumberService(deps, rollups),
    numberRequests: new NumberRequestService(deps, organizations),
  };
}
