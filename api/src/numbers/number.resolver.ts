import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { CAN } from '../auth/roles';
import { RequestContext } from '../auth/request-context';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { NumberUtilization, RunOutForecast, UtilizationPoint, UtilizationThreshold } from './number.inputs';
import { MAX_NUMBERS_PER_CALL } from './number-limits';
import { HISTORY_DAYS } from './utilization-history';
import { runOutOf, utilizationHistoryOf } from './utilization-insight';
import { NumberState, PhoneNumber } from './phone-number.entity';
import { utilizationThresholdOf } from './utilization-threshold';
import { NumberService } from './number.service';
import { NumberInventoryService } from './number-inventory.service';
import { NumberLoaders } from './number.loaders';
import { OrganizationLoaders } from '../organizations/organization.loaders';
import { UserLoaders } from '../users/user.loaders';

/** The services and loaders these resolvers use. */
type NumberContext = RequestContext<
  { numbers: NumberService; inventory: NumberInventoryService },
  OrganizationLoaders & UserLoaders & NumberLoaders
>;

const COUNT_DESCRIPTION = `How many numbers, 1-${MAX_NUMBERS_PER_CALL.toLocaleString('en-US')}.`;

@Resolver(() => Organization)
export class OrganizationNumbersResolver {
  @Authorized(CAN.read)
  @FieldResolver(() => NumberUtilization, {
    description: 'Number utilization: counts by state, in use vs available, and their history and run-out.',
  })
  async numberUtilization(@Root() org: Organization, @Ctx() ctx: NumberContext): Promise<NumberUtilization> {
    return { ...(await ctx.loaders.utilization.load(org)), organization: org };
  }

  @Authorized(CAN.read)
  @FieldResolver(() => UtilizationThreshold, {
    description: 'The threshold (percent) at which the admins are emailed, and whether it is reached.',
  })
  utilizationThreshold(@Root() org: Organization, @Ctx() ctx: NumberContext): Promise<UtilizationThreshold> {
    return utilizationThresholdOf(org, ctx.loaders.utilization);
  }

  @Authorized(CAN.read)
  @FieldResolver(() => [PhoneNumber], {
    description: "The organization's own numbers, by number; page with `after` (a number id).",
  })
  numbers(
    @Root() org: Organization,
    @Ctx() ctx: NumberContext,
    @Arg('state', () => NumberState, { nullable: true, description: 'Only numbers in this state; omit for all.' })
    state?: NumberState,
    @Arg('first', () => Int, { defaultValue: 100, description: 'Page size, 1-1000.' }) first = 100,
    @Arg('after', () => ID, {
      nullable: true,
      description: 'The id of the last number of the previous page; omit for the first page.',
    })
    after?: string,
  ): Promise<PhoneNumber[]> {
    return ctx.services.numbers.page(org.id, { state, first, after });
  }
}

@Resolver(() => NumberUtilization)
export class NumberUtilizationResolver {
  @FieldResolver(() => [UtilizationPoint], {
    description:
      "One point per local day (the organization's time zone), the `days` days ending today, oldest first: " +
      'inUse and total as at the end of each day (today: now); 0 and 0 before the organization existed.',
  })
  history(
    @Root() utilization: NumberUtilization,
    @Arg('days', () => Int, {
      nullable: true,
      defaultValue: HISTORY_DAYS.default,
      description: `How many days, ending today, ${HISTORY_DAYS.min}-${HISTORY_DAYS.max}.`,
    })
    days: number | null,
    @Ctx() ctx: NumberContext,
  ): Promise<UtilizationPoint[]> {
    return utilizationHistoryOf(utilization, days ?? HISTORY_DAYS.default, ctx.now, ctx.loaders);
  }

  @FieldResolver(() => RunOutForecast, {
    description: 'When the available numbers run out at the rate of the last 30 days.',
  })
  runOut(@Root() utilization: NumberUtilization, @Ctx() ctx: NumberContext): Promise<RunOutForecast> {
    return runOutOf(utilization, ctx.now, ctx.loaders);
  }
}

@Resolver(() => PhoneNumber)
export class PhoneNumberResolver {
  @FieldResolver(() => Organization, { description: 'The organization holding the number.' })
  async organization(@Root() number: PhoneNumber, @Ctx() ctx: NumberContext): Promise<Organization> {
    return (await ctx.loaders.organization.load(number.organizationId))!;
  }

  @FieldResolver(() => User, { nullable: true, description: 'The user of an ASSIGNED or REGISTERED number.' })
  async user(@Root() number: PhoneNumber, @Ctx() ctx: NumberContext): Promise<User | null> {
    return number.userId === null ? null : ctx.loaders.user.load(number.userId);
  }

  @Authorized(CAN.change)
  @Mutation(() => [PhoneNumber], { description: 'Adds new numbers to an organization, AVAILABLE.' })
  addNumbers(
    @Arg('organizationId', () => ID, { description: 'The organization that receives the numbers.' })
    organizationId: string,
    @Arg('numbers', () => [String], {
      description:
        `E.164 numbers (e.g. +14155550123), 1-${MAX_NUMBERS_PER_CALL.toLocaleString('en-US')} a call, ` +
        'each listed once and not yet in service.',
    })
    numbers: string[],
    @Ctx() ctx: NumberContext,
  ): Promise<PhoneNumber[]> {
    return ctx.services.inventory.addNumbers(ctx.scope, organizationId, numbers);
  }

  @Authorized(CAN.change)
  @Mutation(() => PhoneNumber, { description: 'AVAILABLE → RESERVED (tagged for later use).' })
  reserveNumber(
    @Arg('numberId', () => ID, { description: "The phone number's id (PhoneNumber.id, not the E.164 number)." })
    numberId: string,
    @Ctx() ctx: NumberContext,
  ): Promise<PhoneNumber> {
    return ctx.services.numbers.reserve(ctx.scope, numberId);
  }

  @Authorized(CAN.change)
  @Mutation(() => PhoneNumber, {
    description: 'AVAILABLE or RESERVED → ASSIGNED: adds the user with a pending invitation.',
  })
  assignNumber(
    @Arg('numberId', () => ID, { description: "The phone number's id (PhoneNumber.id, not the E.164 number)." })
    numberId: string,
    @Arg('email', { description: "The new user's email address, up to 254 characters; stored in lower case." })
    email: string,
    @Ctx() ctx: NumberContext,
  ): Promise<PhoneNumber> {
    return ctx.services.numbers.assign(ctx.scope, numberId, email);
  }

  @Authorized(CAN.change)
  @Mutation(() => PhoneNumber, { description: 'Back to AVAILABLE; its user, if any, is deactivated.' })
  releaseNumber(
    @Arg('numberId', () => ID, { description: "The phone number's id (PhoneNumber.id, not the E.164 number)." })
    numberId: string,
    @Ctx() ctx: NumberContext,
  ): Promise<PhoneNumber> {
    return ctx.services.numbers.release(ctx.scope, numberId);
  }

  @Authorized(CAN.change)
  @Mutation(() => [PhoneNumber], { description: 'Moves `count` AVAILABLE numbers to a direct sub-organization.' })
  allocateNumbers(
    @Arg('fromOrganizationId', () => ID, { description: 'The organization giving its AVAILABLE numbers.' })
    fromOrganizationId: string,
    @Arg('toOrganizationId', () => ID, { description: 'A direct sub-organization of fromOrganizationId.' })
    toOrganizationId: string,
    @Arg('count', () => Int, { description: COUNT_DESCRIPTION }) count: number,
    @Ctx() ctx: NumberContext,
  ): Promise<PhoneNumber[]> {
    return ctx.services.inventory.allocate(ctx.scope, fromOrganizationId, toOrganizationId, count);
  }

  @Authorized(CAN.change)
  @Mutation(() => [PhoneNumber], {
    description: "Moves `count` unused (AVAILABLE) numbers back to the organization's parent.",
  })
  withdrawNumbers(
    @Arg('fromOrganizationId', () => ID, {
      description: 'The sub-organization returning numbers to its parent (the token must cover the parent).',
    })
    fromOrganizationId: string,
    @Arg('count', () => Int, { description: COUNT_DESCRIPTION }) count: number,
    @Ctx() ctx: NumberContext,
  ): Promise<PhoneNumber[]> {
    return ctx.services.inventory.withdraw(ctx.scope, fromOrganizationId, count);
  }
}
