import { UsageAlert } from '../alerts/usage-alert.entity';
import { Webhook, WebhookDelivery } from '../webhooks/webhook.entity';
import { UsageEvent } from '../cycles/usage-event.entity';
import { UsageRollup } from '../cycles/usage-rollup.entity';
import { UsageRollupVersion } from '../cycles/usage-rollup-version.entity';
import { UserUsageRollup } from '../cycles/user-usage-rollup.entity';
import { Notification } from '../notifications/notification.entity';
import { NumberRequest } from '../number-requests/number-request.entity';
import { PhoneNumber } from '../numbers/phone-number.entity';
import { UtilizationDayRecord } from '../numbers/utilization-day.entity';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';

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
];
