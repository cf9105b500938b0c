import fs from 'node:fs';
import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from '../auth/auth-checker';
import { OrganizationUsageAlertsResolver, UsageAlertResolver } from '../alerts/usage-alert.resolver';
import { ViewerResolver } from '../organizations/viewer.resolver';
import { CycleUsageResolver, OrganizationCycleResolver } from '../cycles/cycle.resolver';
import { UsageResolver } from '../ingestion/usage.resolver';
import { OrganizationNotificationsResolver } from '../notifications/notification.resolver';
import { NumberRequestResolver, OrganizationNumberRequestsResolver } from '../number-requests/number-request.resolver';
import {
  NumberUtilizationResolver,
  OrganizationNumbersResolver,
  PhoneNumberResolver,
} from '../numbers/number.resolver';
import { IdleNumbersResolver, NumberUtilizationIdleResolver } from '../numbers/idle-numbers.resolver';
import { OrganizationResolver } from '../organizations/organization.resolver';
import {
  CycleUsageChargesResolver,
  OrganizationPlanResolver,
  UsageTotalAllowanceResolver,
} from '../plans/plan.resolver';
import { ThresholdResolver } from '../numbers/threshold.resolver';
import { UserLifecycleResolver } from '../numbers/user-lifecycle.resolver';
import { BreakdownRowResolver, OrganizationReportResolver, UsageRangeResolver } from '../reports/report.resolver';
import { OrganizationUsersResolver, UserResolver } from '../users/user.resolver';
import { OrganizationWebhooksResolver, WebhookResolver } from '../webhooks/webhook.resolver';
import { SCHEMA_FILE } from '../common/paths';
import { DateTimeScalar } from '../common/scalars';

/** Every resolver, listed once (type-graphql 2 has no glob loading). */
export const RESOLVERS = [
  ViewerResolver,
  OrganizationResolver,
  ThresholdResolver,
  OrganizationCycleResolver,
  CycleUsageResolver,
  UsageResolver,
  OrganizationNumbersResolver,
  NumberUtilizationResolver,
  NumberUtilizationIdleResolver,
  IdleNumbersResolver,
  PhoneNumberResolver,
  UserResolver,
  UserLifecycleResolver,
  OrganizationUsersResolver,
  NumberRequestResolver,
  OrganizationNumberRequestsResolver,
  OrganizationNotificationsResolver,
  OrganizationReportResolver,
  UsageRangeResolver,
  BreakdownRowResolver,
  UsageAlertResolver,
  OrganizationUsageAlertsResolver,
  WebhookResolver,
  OrganizationWebhooksResolver,
  OrganizationPlanResolver,
  UsageTotalAllowanceResolver,
  CycleUsageChargesResolver,
] as const;

/** type-graphql builds the root types itself and takes no description for them: they get theirs here. */
const ROOT_DESCRIPTIONS = {
  query:
    "Reads, for a bearer token (Authorization: Bearer <JWT>): the token's organization and everything below it " +
    '(an operator: every organization); an id outside answers NOT_FOUND, exactly as a missing one.',
  mutation:
    'Changes, each in one transaction: numbers, users, thresholds and requests (admin), new organizations ' +
    '(admin, or operator for a top-level one), usage records (ingest). Bad input (BAD_USER_INPUT) changes nothing.',
};

let built: Promise<GraphQLSchema> | null = null;

/** Built once per process (type-graphql keeps global metadata). */
export function appSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: [...RESOLVERS],
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: { forbidUnknownValues: false },
    // @Authorized(...) on a field is checked here; an organization outside the token's tree is the services' NOT_FOUND.
    authChecker,
  }).then(describeRootTypes);
  return built;
}

function describeRootTypes(schema: GraphQLSchema): GraphQLSchema {
  schema.getQueryType()!.description = ROOT_DESCRIPTIONS.query;
  const mutation = schema.getMutationType();
  if (mutation) mutation.description = ROOT_DESCRIPTIONS.mutation;
  return schema;
}

/** The schema as committed in schema.graphql (sorted, so diffs show real changes only). */
export async function printAppSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await appSchema()))}\n`;
}

export async function emitSchemaFile(file = SCHEMA_FILE): Promise<void> {
  fs.writeFileSync(file, await printAppSchema());
}
