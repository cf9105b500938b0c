import fs from 'node:fs';
import { GraphQLSchema, lexicographicSortSchema, printSchema } from 'graphql';
import { buildSchema } from 'type-graphql';
import { authChecker } from '../auth/auth-checker';
import { ViewerResolver } from '../auth/viewer.resolver';
import { CycleUsageResolver, OrganizationCycleResolver, UsageResolver } from '../cycles/cycle.resolver';
import { OrganizationNotificationsResolver } from '../notifications/notification.resolver';
import { NumberRequestResolver, OrganizationNumberRequestsResolver } from '../number-requests/number-request.resolver';
import {
  NumberUtilizationResolver,
  OrganizationNumbersResolver,
  PhoneNumberResolver,
} from '../numbers/number.resolver';
import { OrganizationResolver } from '../organizations/organization.resolver';
import { OrganizationUsersResolver, UserResolver } from '../users/user.resolver';
import { SCHEMA_FILE } from '../paths';
import { DateTimeScalar } from '../common/scalars';

/** Every resolver, listed once (type-graphql 2 has no glob loading). */
export const RESOLVERS = [
  ViewerResolver,
  OrganizationResolver,
  OrganizationCycleResolver,
  CycleUsageResolver,
  UsageResolver,
  OrganizationNumbersResolver,
  NumberUtilizationResolver,
  PhoneNumberResolver,
  UserResolver,
  OrganizationUsersResolver,
  NumberRequestResolver,
  OrganizationNumberRequestsResolver,
  OrganizationNotificationsResolver,
] as const;

let built: Promise<GraphQLSchema> | null = null;

/** Built once per process (type-graphql keeps global metadata). */
export function appSchema(): Promise<GraphQLSchema> {
  built ??= buildSchema({
    resolvers: [...RESOLVERS],
    scalarsMap: [{ type: Date, scalar: DateTimeScalar }],
    validate: { forbidUnknownValues: false },
    // @Authorized(...) on a field is checked here; an organization outside the token's tree is the services' NOT_FOUND.
    authChecker,
  });
  return built;
}

/** The schema as committed in schema.graphql (sorted, so diffs show real changes only). */
export async function printAppSchema(): Promise<string> {
  return `${printSchema(lexicographicSortSchema(await appSchema()))}\n`;
}

export async function emitSchemaFile(file = SCHEMA_FILE): Promise<void> {
  fs.writeFileSync(file, await printAppSchema());
}
