import type { UsageAlertService } from '../alerts/usage-alert.service';
import type { AppDeps } from '../db/app-deps';
import type { ViewerScope } from './viewer-scope';
import type { CycleLoaders } from '../cycles/cycle.loaders';
import type { RollupService } from '../usage/rollup.service';
import type { UsageService } from '../ingestion/usage.service';
import type { NumberRequestService } from '../number-requests/number-request.service';
import type { NumberInventoryService } from '../numbers/number-inventory.service';
import type { NumberLoaders } from '../numbers/number.loaders';
import type { NumberService } from '../numbers/number.service';
import type { OrganizationLoaders } from '../organizations/organization.loaders';
import type { OrganizationService } from '../organizations/organization.service';
import type { ReportService } from '../reports/report.service';
import type { UserLoaders } from '../users/user.loaders';
import type { UserLifecycleService } from '../numbers/user-lifecycle.service';
import type { WebhookService } from '../webhooks/webhook.service';

/** The services of one process, wired once (services.ts). */
export interface Services {
  organizations: OrganizationService;
  rollups: RollupService;
  usage: UsageService;
  usageAlerts: UsageAlertService;
  webhooks: WebhookService;
  numbers: NumberService;
  inventory: NumberInventoryService;
  users: UserLifecycleService;
  numberRequests: NumberRequestService;
  reports: ReportService;
}

/** Each domain's loaders (its x.loaders.ts), fresh per request. */
export type RequestLoaders = OrganizationLoaders & UserLoaders & NumberLoaders & CycleLoaders;

/**
 * Made once per request: who asks, the time, the services and fresh loaders so no field queries per
 * row. Resolvers in the domain folders read it; the GraphQL layer builds it (graphql/context.ts).
 */
export interface RequestContext {
  requestId: string;
  scope: ViewerScope;
  now: Date;
  services: Services;
  deps: AppDeps;
  loaders: RequestLoaders;
}
