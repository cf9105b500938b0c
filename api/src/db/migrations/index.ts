import { InitialSchema1764100000000 } from './1764100000000-initial-schema';
import { RollupSubsScope1764300000000 } from './1764300000000-rollup-subs-scope';
import { OrganizationNumbersBelow1764400000000 } from './1764400000000-organization-numbers-below';
import { DropThresholdReached1764500000000 } from './1764500000000-drop-threshold-reached';
import { WideUsageRollup1764600000000 } from './1764600000000-wide-usage-rollup';
import { Insight1764700000000 } from './1764700000000-insight';
import { UserUsageRollup1764800000000 } from './1764800000000-user-usage-rollup';
import { Alerts1764810000000 } from './1764810000000-alerts';
import { RatingRetention1764820000000 } from './1764820000000-rating-retention';
import { OutboxClaimToken1764830000000 } from './1764830000000-outbox-claim-token';
import { UsageRollupVersion1764840000000 } from './1764840000000-usage-rollup-version';
import { DropUsageEventOrgTime1764860000000 } from './1764860000000-drop-usage-event-org-time';
import { UserUsageRollupByUser1764870000000 } from './1764870000000-user-usage-rollup-by-user';
import { Plans1764880000000 } from './1764880000000-plans';

/** Every migration, in order. The only way the schema changes. */
export const MIGRATIONS = [
  InitialSchema1764100000000,
  RollupSubsScope1764300000000,
  OrganizationNumbersBelow1764400000000,
  DropThresholdReached1764500000000,
  WideUsageRollup1764600000000,
  Insight1764700000000,
  UserUsageRollup1764800000000,
  Alerts1764810000000,
  RatingRetention1764820000000,
  OutboxClaimToken1764830000000,
  UsageRollupVersion1764840000000,
  DropUsageEventOrgTime1764860000000,
  UserUsageRollupByUser1764870000000,
  Plans1764880000000,
];
