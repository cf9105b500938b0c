import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { CAN } from '../auth/roles';
import { RequestContext } from '../common/request-context';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { NumberUtilization, RunOutForecast, UtilizationPoint, UtilizationThreshold } from './number.inputs';
import { HISTORY_DAYS } from './utilization-history';
import { runOutOf, utilizationHistoryOf } from './utilization-insight';
import { NumberState, PhoneNumber } from './phone-number.entity';
import { utilizationThresholdOf } from './utilization-threshold';

@Resolver(() => Organization)
export class OrganizationNumbersResolver {
  @Authorized(CAN.read)
  @FieldResolver(() => NumberUtilization)
  async numberUtilization(@Root() org: Organization, @Ctx() ctx: RequestContext): Promise<NumberUtilization> {
    return { ...(await ctx.loaders.utilization.load(org)), organization: org };
  }

  @Authorized(CAN.read)
  @FieldResolver(() => UtilizationThreshold)
  utilizationThreshold(@Root() org: Organization, @Ctx() ctx: RequestContext): Promise<UtilizationThreshold> {
    return utilizationThresholdOf(org, ctx.loaders.utilization);
  }

  @Authorized(CAN.read)
  @FieldResolver(() => [PhoneNumber], {
    description: "The organization's own numbers, by number; page with `after` (a number id).",
  })
  numbers(
    @Root() org: Organization,
    @Ctx() ctx: RequestContext,
    @Arg('state', () => NumberState, { nullable: true }) state?: NumberState,
    @Arg('first', () => Int, { defaultValue: 100 }) first = 100,
    @Arg('after', () => ID, { nullable: true }) after?: string,
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
      description: `How many days, ${HISTORY_DAYS.min}-${HISTORY_DAYS.max}.`,
    })
    days: number | null,
    @Ctx() ctx: RequestContext,
  ): Promise<UtilizationPoint[]> {
    return utilizationHistoryOf(utilization, days ?? HISTORY_DAYS.default, ctx.now, ctx.loaders);
  }

  @FieldResolver(() => RunOutForecast, {
    description: 'When the available numbers run out at the rate of the last 30 days.',
  })
  runOut(@Root() utilization: NumberUtilization, @Ctx() ctx: RequestContext): Promise<RunOutForecast> {
    return runOutOf(utilization, ctx.now, ctx.loaders);
  }
}

@Resolver(() => PhoneNumber)
export class PhoneNumberResolver {
  @FieldResolver(() => Organization, { description: 'The organization holding the number.' })
  async organization(@Root() number: PhoneNumber, @Ctx() ctx: RequestContext): Promise<Organization> {
    return (await ctx.loaders.organization.load(number.organizationId))!;
  }

  @FieldResolver(() => User, { nullable: true, description: 'The user of an ASSIGNED or REGISTERED number.' })
  async user(@Root() number: PhoneNumber, @Ctx() ctx: RequestContext): Promise<User | null> {
    return number.userId === null ? null : ctx.loaders.user.load(number.userId);
  }

  @Authorized(CAN.change)
  @Mutation(() => [PhoneNumber], { description: 'Adds new numbers to an organization, AVAILABLE.' })
  addNumbers(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('numbers', () => [String]) numbers: string[],
    @Ctx() ctx: RequestContext,
  ): Promise<PhoneNumber[]> {
    return ctx.services.inventory.addNumbers(ctx.scope, organizationId, numbers);
  }

  @Authorized(CAN.change)
  @Mutation(() => PhoneNumber, { description: 'AVAILABLE → RESERVED (tagged for later use).' })
  reserveNumber(@Arg('numberId', () => ID) numberId: string, @Ctx() ctx: RequestContext): Promise<PhoneNumber> {
    return ctx.services.numbers.reserve(ctx.scope, numberId);
  }

  @Authorized(CAN.change)
  @Mutation(() => PhoneNumber, {
    description: 'AVAILABLE or RESERVED → ASSIGNED: adds the user with a pending invitation.',
  })
  assignNumber(
    @Arg('numberId', () => ID) numberId: string,
    @Arg('email') email: string,
    @Ctx() ctx: RequestContext,
  ): Promise<PhoneNumber> {
    return ctx.services.numbers.assign(ctx.scope, numberId, email);
  }

  @Authorized(CAN.change)
  @Mutation(() => PhoneNumber, { description: 'Back to AVAILABLE; its user, if any, is deactivated.' })
  releaseNumber(@Arg('numberId', () => ID) numberId: string, @Ctx() ctx: RequestContext): Promise<PhoneNumber> {
    return ctx.services.numbers.release(ctx.scope, numberId);
  }

  @Authorized(CAN.change)
  @Mutation(() => [PhoneNumber], { description: 'Moves `count` AVAILABLE numbers to a direct sub-organization.' })
  allocateNumbers(
    @Arg('fromOrganizationId', () => ID) fromOrganizationId: string,
    @Arg('toOrganizationId', () => ID) toOrganizationId: string,
    @Arg('count', () => Int) count: number,
    @Ctx() ctx: RequestContext,
  ): Promise<PhoneNumber[]> {
    return ctx.services.inventory.allocate(ctx.scope, fromOrganizationId, toOrganizationId, count);
  }

  @Authorized(CAN.change)
  @Mutation(() => [PhoneNumber], {
    description: "Moves `count` unused (AVAILABLE) numbers back to the organization's parent.",
  })
  withdrawNumbers(
    @Arg('fromOrganizationId', () => ID) fromOrganizationId: string,
    @Arg('count', () => Int) count: number,
    @Ctx() ctx: RequestContext,
  ): Promise<PhoneNumber[]> {
    return ctx.services.inventory.withdraw(ctx.scope, fromOrganizationId, count);
  }
}
