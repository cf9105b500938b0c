import { EntityManager } from 'typeorm';
import { AppDeps } from '../db/app-deps';
import { ViewerScope } from '../auth/viewer-scope';
import { UsageType } from '../rating/usage-type';
import { UsageEventInput } from '../ingestion/usage.inputs';
import { NumberState } from '../numbers/phone-number.entity';
import { insertNumberRow } from '../numbers/phone-number.repository';
import { Organization } from '../organizations/organization.entity';
import { CreateOrganizationInput } from '../organizations/organization.inputs';
import { recountNumbersBelow } from '../organizations/organization.repository';
import { UsageService } from '../ingestion/usage.service';
import { UserLifecycleService } from '../numbers/user-lifecycle.service';
import { OrganizationService } from '../organizations/organization.service';
import { PlanService } from '../plans/plan.service';
import { PlanTermsInput } from '../plans/plan-terms';
import { seededRandom } from './seeded-random';
import { addDays, cycleBoundsAt, localDateOf, shiftCycleStartDate, zonedStartOfDay } from '../common/calendar';
import { weekdayIndex } from '../cycles/usage-insight';
import { rebuildUtilizationDays } from '../numbers/utilization-backfill';

/** The services the demo data is made through (the composition root hands in its own). */
interface DemoServices {
  organizations: OrganizationService;
  usage: UsageService;
  userLifecycle: UserLifecycleService;
  plans: PlanService;
}

export const DEMO_ORGANIZATION_NAME = 'Acme Corporation';
const DAY = 86_400_000;

interface DemoOrgPlan {
  name: string;
  timezone: string;
  prefix: string;
  /** Numbers per state. */
  numbers: Record<NumberState, number>;
  /** Users who had a number and left during the year. */
  leavers: number;
  /** Relative size of its usage. */
  weight: number;
  contact?: { email: string; phone: string };
}

const PLAN: DemoOrgPlan[] = [
  {
    name: DEMO_ORGANIZATION_NAME,
    timezone: 'America/New_York',
    prefix: '+1415555',
    numbers: { AVAILABLE: 28, RESERVED: 8, ASSIGNED: 12, REGISTERED: 62 },
    leavers: 9,
    weight: 1,
    contact: { email: 'numbers@acme-telecom.example', phone: '+18005550199' },
  },
  {
    name: 'Sales',
    timezone: 'America/New_York',
    prefix: '+1415556',
    numbers: { AVAILABLE: 6, RESERVED: 4, ASSIGNED: 7, REGISTERED: 43 },
    leavers: 5,
    weight: 1.6,
  },
  {
    name: 'Engineering',
    timezone: 'America/Los_Angeles',
    prefix: '+1415557',
    numbers: { AVAILABLE: 9, RESERVED: 3, ASSIGNED: 6, REGISTERED: 32 },
    leavers: 3,
    weight: 0.8,
  },
];

/**
 * The demo account's price plan (DESIGN §9), pooled over its ~137 active users: at the demo's rate of use
 * a cycle ends a little over its voice allowance (~9,600 of 8,850 minutes), well over its messages
 * (~22,000 of 18,700) and under its data (~160 of 187 GB), so the cards show each case and some charges.
 */
const DEMO_PLAN: PlanTermsInput = {
  name: 'Business Pool',
  currency: 'USD',
  baseFee: '250.00',
  perActiveUserFee: '12.00',
  voice: { included: 2000, includedPerActiveUser: 50, overageRate: '0.025' },
  message: { included: 5000, includedPerActiveUser: 100, overageRate: '0.01' },
  data: { included: 50_000_000_000, includedPerActiveUser: 1_000_000_000, overageRate: '2.50' },
};

/** The demo plan, from the cycle a year back (so past cycles are priced too), unless the account has had one. */
async function ensureDemoPlan(deps: AppDeps, services: DemoServices, org: Organization): Promise<void> {
  if (org.planSeq > 0) return;
  const operator = new ViewerScope({ sub: 'demo-seed', org: null, roles: ['operator'] });
  const current = cycleBoundsAt(deps.clock(), org.timezone, org.cycleStartDay).startDate;
  await services.plans.seedPlan(operator, org, DEMO_PLAN, shiftCycleStartDate(current, -12, org.cycleStartDay));
}

/**
 * Seeds, when missing, a customer organization with two sub-organizations, ~220 numbers in every
 * state, users added and onboarded over the year, a year of daily usage with weekday/weekend
 * patterns and a price plan, all through the same services the API uses. Answers the customer organization's id.
 */
export async function seedDemoData(deps: AppDeps, services: DemoServices): Promise<number> {
  const repo = deps.db.manager.getRepository(Organization);
  const existing = await repo.findOneBy({ name: DEMO_ORGANIZATION_NAME, depth: 0 });
  if (existing) {
    // A database seeded before plans existed gets the plan it lacks.
    await ensureDemoPlan(deps, services, existing);
    return existing.id;
  }
  if ((await repo.count()) > 0) {
    const first = await repo.findOne({ where: { depth: 0 }, order: { id: 'ASC' } });
    return first!.id;
  }
  const started = Date.now();
  const operator = new ViewerScope({ sub: 'demo-seed', org: null, roles: ['operator'] });
  const random = seededRandom(20261126);
  const now = deps.clock();

  const orgs = await createDemoOrganizations(services, operator);
  const users: DemoUser[][] = [];
  await deps.db.transaction(async (manager) => {
    for (const [i, plan] of PLAN.entries()) {
      users[i] = await seedNumbersAndUsers(manager, services, orgs[i], plan, random, now);
    }
    await recountNumbersBelow(manager, orgs);
    // The numbers went in beside the operations: their utilization log is rebuilt from their times.
    await rebuildUtilizationDays(
      (sql, parameters) => manager.query(sql, parameters),
      orgs.map((o) => o.id),
    );
  });
  const events = demoUsageEvents(orgs, random, now);
  attributeToUsers(events, orgs, users);
  for (let i = 0; i < events.length; i += 10_000) await services.usage.record(operator, events.slice(i, i + 10_000));
  await ensureDemoPlan(deps, services, orgs[0]);
  const ms = Date.now() - started;
  deps.log.info('demo data seeded', { organizationId: orgs[0].id, usageEvents: events.length, ms });
  return orgs[0].id;
}

async function createDemoOrganizations(services: DemoServices, operator: ViewerScope): Promise<Organization[]> {
  const orgs: Organization[] = [];
  for (const [i, plan] of PLAN.entries()) {
    const input: CreateOrganizationInput = Object.assign(new CreateOrganizationInput(), {
      name: plan.name,
      parentId: i === 0 ? null : String(orgs[0].id),
      timezone: plan.timezone,
      cycleStartDay: 1,
      utilizationThresholdPercent: 80,
      adminEmails: [`admin@${plan.name.toLowerCase().split(' ')[0]}.acme.example`],
      numberRequestContact: plan.contact ?? null,
      // A wholesale 30/6 rule (DESIGN §8), so the dashboard shows minutes with a decimal.
      rating: i === 0 ? { voiceInitialSeconds: 30, voiceIncrementSeconds: 6, dataIncrementBytes: 1 } : null,
    });
    orgs.push(await services.organizations.create(operator, input));
  }
  return orgs;
}

/** A demo user and when they could use their phone: from registration until deactivation. */
interface DemoUser {
  id: number;
  activeFrom: number | null;
  activeUntil: number;
}

/**
 * Gives most events (about 9 in 10) a user of their organization who was active at the time, so the
 * demo's usage report by user is meaningful; the rest stay without a user (`unattributed`). A random
 * sequence of its own leaves the seeded amounts exactly as they were.
 */
function attributeToUsers(events: UsageEventInput[], orgs: Organization[], users: DemoUser[][]): void {
  const random = seededRandom(20261203);
  const usersOf = new Map(orgs.map((org, i) => [String(org.id), users[i].filter((u) => u.activeFrom !== null)]));
  for (const event of events) {
    const candidates = usersOf.get(event.organizationId) ?? [];
    if (!candidates.length || random() < 0.1) continue;
    const at = event.occurredAt.getTime();
    // A few tries for someone active then; a day nobody was active stays unattributed.
    for (let attempt = 0; attempt < 4; attempt++) {
      const user = candidates[Math.floor(random() * candidates.length)];
      if (user.activeFrom! <= at && at < user.activeUntil) {
        event.userId = String(user.id);
        break;
      }
    }
  }
}

/** One organization's numbers in every state, with the users who hold or held them. */
async function seedNumbersAndUsers(
  manager: EntityManager,
  services: DemoServices,
  org: Organization,
  plan: DemoOrgPlan,
  random: () => number,
  now: Date,
): Promise<DemoUser[]> {
  const users: DemoUser[] = [];
  let serial = 0;
  const insertNumber = async (state: NumberState, userId: number | null, at: Date) => {
    const number = `${plan.prefix}${String(serial++).padStart(4, '0')}`;
    await insertNumberRow(manager, { number, organizationId: org.id, orgPath: org.path, state, userId, updatedAt: at });
  };
  const emailFor = (n: number) => `${plan.name.toLowerCase().split(' ')[0]}.user${n}@acme.example`;
  let userNo = 0;
  // Registered users joined over the year and onboarded within a few days.
  for (let k = 0; k < plan.numbers.REGISTERED; k++) {
    const addedAt = new Date(now.getTime() - Math.floor(random() * 360 + 3) * DAY - Math.floor(random() * DAY));
    const user = await services.userLifecycle.addUser(manager, org.id, emailFor(userNo++), addedAt);
    const registeredAt = new Date(addedAt.getTime() + Math.floor(random() * 3 * DAY));
    await services.userLifecycle.markRegistered(manager, user, registeredAt);
    users.push({ id: user.id, activeFrom: registeredAt.getTime(), activeUntil: Infinity });
    await insertNumber(NumberState.REGISTERED, user.id, addedAt);
  }
  // Invited recently, not onboarded yet; a few invitations have lapsed.
  for (let k = 0; k < plan.numbers.ASSIGNED; k++) {
    const ageDays = k % 4 === 3 ? 40 + k : Math.floor(random() * 20);
    const addedAt = new Date(now.getTime() - ageDays * DAY - Math.floor(random() * DAY));
    const user = await services.userLifecycle.addUser(manager, org.id, emailFor(userNo++), addedAt);
    await insertNumber(NumberState.ASSIGNED, user.id, addedAt);
  }
  // People who left: registered, then deactivated; their numbers went back to the pool.
  for (let k = 0; k < plan.leavers; k++) {
    const addedAt = new Date(now.getTime() - Math.floor(random() * 300 + 60) * DAY);
    const user = await services.userLifecycle.addUser(manager, org.id, emailFor(userNo++), addedAt);
    await services.userLifecycle.markRegistered(manager, user, new Date(addedAt.getTime() + DAY));
    const deactivatedAt = new Date(addedAt.getTime() + Math.floor(random() * 50 + 5) * DAY);
    await services.userLifecycle.markDeactivated(manager, user, deactivatedAt);
    users.push({ id: user.id, activeFrom: addedAt.getTime() + DAY, activeUntil: deactivatedAt.getTime() });
  }
  // Reserved over the last few months; the spare numbers arrived a year ago (the run-out reads these times).
  for (let k = 0; k < plan.numbers.RESERVED; k++) {
    await insertNumber(NumberState.RESERVED, null, new Date(now.getTime() - Math.floor(random() * 120 + 1) * DAY));
  }
  const yearAgo = new Date(now.getTime() - 366 * DAY);
  for (let k = 0; k < plan.numbers.AVAILABLE; k++) await insertNumber(NumberState.AVAILABLE, null, yearAgo);
  return users;
}

/**
 * A year of usage, a few records per organization, day and type, in office hours of its own time
 * zone, busier on weekdays (so this cycle, the past one and the forecast show a weekly rhythm).
 */
function demoUsageEvents(orgs: Organization[], random: () => number, now: Date): UsageEventInput[] {
  const events: UsageEventInput[] = [];
  for (const [i, plan] of PLAN.entries()) {
    const org = orgs[i];
    const today = localDateOf(now, plan.timezone);
    for (let d = 365; d >= 0; d--) {
      const date = addDays(today, -d);
      const dayStart = zonedStartOfDay(date, plan.timezone);
      const weekday = weekdayIndex(date) !== 0 && weekdayIndex(date) !== 6;
      const busy = (weekday ? 1 : 0.25) * plan.weight * (0.85 + random() * 0.3);
      const push = (type: UsageType, n: number, quantity: () => number, billableShare: number) => {
        for (let k = 0; k < n; k++) {
          const occurredAt = new Date(dayStart.getTime() + (8 + random() * 10) * 3_600_000);
          if (occurredAt.getTime() > now.getTime()) continue;
          events.push(
            Object.assign(new UsageEventInput(), {
              id: `demo-${org.id}-${d}-${type}-${k}`,
              organizationId: String(org.id),
              userId: null,
              type,
              occurredAt,
              quantity: quantity(),
              billable: random() < billableShare,
            }),
          );
        }
      };
      push(UsageType.VOICE, Math.round(24 * busy), () => Math.floor(20 + random() * 600), 0.92);
      push(UsageType.MESSAGE, Math.round(8 * busy), () => Math.floor(5 + random() * 60), 0.97);
      push(UsageType.DATA, Math.round(10 * busy), () => Math.floor(2e6 + random() * 400e6), 0.95);
    }
  }
  return events;
}
