import { CycleUsageService } from './cycles/cycle-usage.service';
import { UsageAlertService } from './alerts/usage-alert.service';
import { AppDeps } from './db/app-deps';
import { Services } from './graphql/context';
import { RollupService } from './usage/rollup.service';
import { UsageService } from './ingestion/usage.service';
import { NumberRequestService } from './number-requests/number-request.service';
import { NumberInventoryService } from './numbers/number-inventory.service';
import { NumberOperations } from './numbers/number-operation';
import { NumberService } from './numbers/number.service';
import { ThresholdService } from './numbers/threshold.service';
import { OrganizationService } from './organizations/organization.service';
import { PlanService } from './plans/plan.service';
import { ReportService } from './reports/report.service';
import { UserLifecycleService } from './numbers/user-lifecycle.service';
import { UserService } from './users/user.service';
import { WebhookService } from './webhooks/webhook.service';

export type { Services } from './graphql/context';

export function createServices(deps: AppDeps): Services {
  const operations = new NumberOperations(deps);
  const organizations = new OrganizationService(deps);
  const rollups = new RollupService(deps, organizations);
  const userLifecycle = new UserLifecycleService(deps, rollups, operations);
  const cycleUsage = new CycleUsageService(deps);
  const plans = new PlanService(deps, cycleUsage);
  const usageAlerts = new UsageAlertService(deps, rollups, plans);
  return {
    organizations,
    rollups,
    cycleUsage,
    usage: new UsageService(deps, organizations, rollups, usageAlerts),
    usageAlerts,
    webhooks: new WebhookService(deps),
    numbers: new NumberService(deps, operations, userLifecycle),
    thresholds: new ThresholdService(deps, operations),
    inventory: new NumberInventoryService(deps, operations),
    users: new UserService(deps),
    userLifecycle,
    numberRequests: new NumberRequestService(deps, organizations),
    reports: new ReportService(deps, organizations),
    plans,
  };
}
