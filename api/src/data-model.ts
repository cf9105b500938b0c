import { DataSource } from 'typeorm';
import { buildDataSource, DataSourceSettings } from './db/data-source';
import { MIGRATIONS } from './db/migrations';
import { UsageAlert } from './alerts/usage-alert.entity';
import { Webhook, WebhookDelivery } from './webhooks/webhook.entity';
import { UsageEvent } from './usage/usage-event.entity';
import { UsageRollup } from './usage/usage-rollup.entity';
import { UsageRollupVersion } from './usage/usage-rollup-version.entity';
import { UserUsageRollup } from './usage/user-usage-rollup.entity';
import { Notification } from './notifications/notification.entity';
import { NumberRequest } from './number-requests/number-request.entity';
import { PhoneNumber } from './numbers/phone-number.entity';
import { UtilizationDayRecord } from './numbers/utilization-day.entity';
import { Organization } from './organizations/organization.entity';
import { OrganizationPlan } from './plans/organization-plan.entity';
import { User } from './users/user.entity';

/** Every domain's tables. */
export const ENTITIES = [
  Organization,
  User,
  PhoneNumber,
  UsageEvent,
  UsageRollup,
  UserUsageRollup,
  NumberRequest,
  Notification,
  UtilizationDayRecord,
  UsageRollupVersion,
  UsageAlert,
  Webhook,
  WebhookDelivery,
  OrganizationPlan,
];

/**
 * The application's DataSource: every domain's entities and the frozen migrations, handed to db/ from
 * here so that db/ knows no domain. Used by the server, the migration CLI, the benchmark and the tests.
 */
export function createDataSource(settings: DataSourceSettings): DataSource {
  return buildDataSource(settings, { entities: ENTITIES, migrations: MIGRATIONS });
}
