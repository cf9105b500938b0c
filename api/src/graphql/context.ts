import { AppDeps } from '../db/app-deps';
import { Bearer } from '../auth/bearer-token';
import { resolveScope } from '../auth/scope-resolver';
import { RequestContext as DomainRequestContext } from '../auth/request-context';
import type { UsageAlertService } from '../alerts/usage-alert.service';
import type { CycleUsageService } from '../cycles/cycle-usage.service';
import type { CycleLoaders } from '../cycles/cycle.loaders';
import type { RollupService } from '../usage/rollup.service';
import type { UsageService } from '../ingestion/usage.service';
import type { NumberRequestService } from '../number-requests/number-request.service';
import type { NumberInventoryService } from '../numbers/number-inventory.service';
import type { NumberLoaders } from '../numbers/number.loaders';
import type { NumberService } from '../numbers/number.service';
import type { ThresholdService } from '../numbers/threshold.service';
import type { OrganizationLoaders } from '../organizations/organization.loaders';
import type { OrganizationService } from '../organizations/organization.service';
import type { PlanService } from '../plans/plan.service';
import type { PlanLoaders } from '../plans/plan.loaders';
import type { ReportService } from '../reports/report.service';
import type { UserLoaders } from '../users/user.loaders';
import type { UserLifecycleService } from '../numbers/user-lifecycle.service';
import type { UserService } from '../users/user.service';
import type { WebhookService } from '../webhooks/webhook.service';
import { createCycleLoaders } from '../cycles/cycle.loaders';
import { createNumberLoaders } from '../numbers/number.loaders';
import { createOrganizationLoaders } from '../organizations/organization.loaders';
import { createPlanLoaders } from '../plans/plan.loaders';
import { createUserLoaders } from '../users/user.loaders';

/** The services of one process, wired once (services.ts). */
export interface Services {
  organizations: OrganizationService;
  rollups: RollupService;
  cycleUsage: CycleUsageService;
  usage: UsageService;
  usageAlerts: UsageAlertService;
  webhooks: WebhookService;
  numbers: NumberService;
  thresholds: ThresholdService;
  inventory: NumberInventoryService;
  users: UserService;
  userLifecycle: UserLifecycleService;
  numberRequests: NumberRequestService;
  reports: ReportService;
  plans: PlanService;
}

/** Each domain's loaders (its x.loaders.ts), fresh per request. */
export type RequestLoaders = OrganizationLoaders & UserLoaders & NumberLoaders & CycleLoaders & PlanLoaders;

/** The context every resolver receives: every service and loader (each domain names the part it uses). */
export type RequestContext = DomainRequestContext<Services, RequestLoaders>;

/** Every domain's loaders, fresh for one request. */
export function createLoaders(deps: AppDeps, services: Services, now: Date): RequestLoaders {
  const manager = deps.db.manager;
  const loaders = {
    ...createOrganizationLoaders(services.organizations),
    ...createUserLoaders(manager),
    ...createNumberLoaders(manager, now, services.numbers.caches),
    ...createCycleLoaders(services.rollups),
  };
  // A cycle's bill reads the organization and its figures through the loaders above.
  return { ...loaders, ...createPlanLoaders(services.plans, loaders, now) };
}

export interface RequestInput {
  requestId: string;
  /** The request's bearer token, read once per request (http/request-bearer.ts). */
  bearer: Bearer;
  now: Date;
}

/**
 * The context of one request: its viewer's scope from the bearer token, and fresh loaders. No SQL:
 * the token's organization is known to exist once this process has seen it (organizations are never
 * deleted); otherwise the first field needing a valid token reads it through the request's loader,
 * where the field asking about that organization (usually the same one) finds it.
 */
export function createRequestContext(deps: AppDeps, services: Services, request: RequestInput): RequestContext {
  const { requestId, now } = request;
  const loaders = createLoaders(deps, services, now);
  const scope = resolveScope(
    request.bearer,
    (id) => services.organizations.isKnown(id) || loaders.organization.load(id).then((org) => org !== null),
  );
  return { requestId, scope, now, services, deps, loaders };
}
