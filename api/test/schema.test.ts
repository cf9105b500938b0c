import fs from 'node:fs';
import { buildSchema, findBreakingChanges } from 'graphql';
import { emitSchemaFile, printAppSchema } from '../src/graphql/schema';
import { SCHEMA_FILE } from '../src/common/paths';

describe('schema.graphql', () => {
  it('is the schema the code emits (run with UPDATE_SCHEMA=1 to refresh it)', async () => {
    if (process.env.UPDATE_SCHEMA === '1') await emitSchemaFile();
    const committed = fs.existsSync(SCHEMA_FILE) ? fs.readFileSync(SCHEMA_FILE, 'utf8') : '';
    expect(committed).toBe(await printAppSchema());
  });

  it('holds the names the contract fixes', async () => {
    const contract = buildSchema(
      `
      scalar DateTime
      scalar SafeInt
      enum UsageType { VOICE MESSAGE DATA }
      enum CyclePeriod { CURRENT PAST ALL_TIME }
      enum NumberState { AVAILABLE RESERVED ASSIGNED REGISTERED }
      type Query { viewer: Viewer!  organization(id: ID!): Organization! }
      type Viewer { subject: String!  roles: [String!]!  organization: Organization }
      type Organization {
        id: ID!  name: String!  timezone: String!  cycleStartDay: Int!
        parent: Organization  subOrganizations: [Organization!]!
        cycle(period: CyclePeriod!, includeSubOrganizations: Boolean = true): CycleUsage!
        numberUtilization: NumberUtilization!
        utilizationThreshold: UtilizationThreshold!
        numberRequestContact: ContactInfo!
      }
      type CycleUsage {
        period: CyclePeriod!  start: DateTime  end: DateTime!
        newUsers: Int!  activeUsers: Int!
        voice: UsageTotal!  message: UsageTotal!  data: UsageTotal!
        series(type: UsageType!): [UsagePoint!]!
      }
      type UsageTotal { type: UsageType!  unit: String!  billable: SafeInt!  total: SafeInt! }
      type UsagePoint { date: String!  billable: SafeInt!  total: SafeInt! }
      type UtilizationThreshold { percent: Int!  reached: Boolean! }
      type ContactInfo { email: String  phone: String  message: String! }
      type NumberUtilization {
        total: Int!  inUse: Int!  available: Int!  allocatedToSubOrganizations: Int!
        assigned: Int!  pendingInvitation: Int!  reserved: Int!  registered: Int!  percentInUse: Float!
        idle(days: Int = 30): IdleNumbers!
      }
      type IdleNumbers { count: Int!  numbers(first: Int = 50, after: ID): [PhoneNumber!]! }
      type PhoneNumber { id: ID!  number: String!  state: NumberState!  organization: Organization!  user: User }
      type User { id: ID!  email: String!  addedAt: DateTime!  registeredAt: DateTime  deactivatedAt: DateTime  ` +
        `invitationPending: Boolean! }
      type NumberRequest { id: ID!  createdAt: DateTime!  quantity: Int  note: String  contact: ContactInfo! }
      type RecordUsageResult { accepted: Int!  duplicates: Int! }
      input ContactInput { email: String  phone: String }
      input CreateOrganizationInput {
        name: String!  parentId: ID  timezone: String = "UTC"  cycleStartDay: Int = 1
        utilizationThresholdPercent: Int = 80  adminEmails: [String!]!  numberRequestContact: ContactInput
      }
      input UsageEventInput { id: String!  organizationId: ID!  userId: ID  type: UsageType!  occurredAt: DateTime!  ` +
        `quantity: SafeInt!  billable: Boolean = true }
      type Mutation {
        createOrganization(input: CreateOrganizationInput!): Organization!
        setUtilizationThreshold(organizationId: ID!, percent: Int!): UtilizationThreshold!
        requestMoreNumbers(organizationId: ID!, quantity: Int, note: String): NumberRequest!
        addNumbers(organizationId: ID!, numbers: [String!]!): [PhoneNumber!]!
        reserveNumber(numberId: ID!): PhoneNumber!
        assignNumber(numberId: ID!, email: String!): PhoneNumber!
        registerUser(userId: ID!): User!
        deactivateUser(userId: ID!): User!
        releaseNumber(numberId: ID!): PhoneNumber!
        allocateNumbers(fromOrganizationId: ID!, toOrganizationId: ID!, count: Int!): [PhoneNumber!]!
        withdrawNumbers(fromOrganizationId: ID!, count: Int!): [PhoneNumber!]!
        recordUsage(events: [UsageEventInput!]!): RecordUsageResult!
      }`,
    );
    // Everything the contract names must exist with a compatible type in ours.
    const breaking = findBreakingChanges(contract, buildSchema(await printAppSchema()));
    expect(breaking.map((c) => c.description)).toEqual([]);
  });

  it('holds the names DESIGN §9 (plans, allowances and charges) fixes', async () => {
    const contract = buildSchema(`
      scalar SafeInt
      enum UsageType { VOICE MESSAGE DATA }
      enum AlertBasis { ACTUAL FORECAST }
      enum PlanEffective { CURRENT_CYCLE NEXT_CYCLE }
      enum AlertMeasure { UNITS PERCENT_OF_ALLOWANCE }
      type Money { amount: String!  currency: String! }
      type Allowance { included: SafeInt!  includedPerActiveUser: SafeInt!  overageRate: String! }
      type Plan {
        name: String!  currency: String!  baseFee: Money!  perActiveUserFee: Money!
        voice: Allowance!  message: Allowance!  data: Allowance!  effectiveFrom: String!
      }
      type Charges {
        currency: String!  fixed: Money!  voice: Money!  message: Money!  data: Money!  total: Money!
        forecastTotal: Money
      }
      type UsageTotal { allowance: SafeInt  percentUsed: Float  forecastPercent: Float }
      type CycleUsage { charges: Charges }
      type Organization { plan: Plan  nextPlan: Plan }
      type UsageAlert { measure: AlertMeasure! }
      input AllowanceInput { included: SafeInt = 0  includedPerActiveUser: SafeInt = 0  overageRate: String = "0" }
      input PlanInput {
        name: String!  currency: String!  baseFee: String = "0"  perActiveUserFee: String = "0"
        voice: AllowanceInput  message: AllowanceInput  data: AllowanceInput
      }
      type Query { organization(id: ID!): Organization! }
      type Mutation {
        setPlan(organizationId: ID!, plan: PlanInput!, effective: PlanEffective = NEXT_CYCLE): Plan!
        clearPlan(organizationId: ID!, effective: PlanEffective = NEXT_CYCLE): Boolean!
      }`);
    const breaking = findBreakingChanges(contract, buildSchema(await printAppSchema()));
    expect(breaking.map((c) => c.description)).toEqual([]);
  });
});
