import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../graphql/context';
import { organizationPage } from '../graphql/paging';
import { Organization } from '../organizations/organization.entity';
import { User } from '../users/user.entity';
import { NumberUtilization, UtilizationThreshold } from './number.inputs';
import { NumberState, PhoneNumber } from './phone-number.entity';
import { isThresholdReached } from './utilization';

@Resolver(() => Organization)
export class OrganizationNumbersResolver {
  @FieldResolver(() => NumberUtilization)
  numberUtilization(@Root() org: Organization, @Ctx() ctx: RequestContext): Promise<NumberUtilization> {
    ctx.scope.require('read');
    return ctx.loaders.utilization.load(org);
  }

  @FieldResolver(() => UtilizationThreshold)
  async utilizationThreshold(@Root() org: Organization, @Ctx() ctx: RequestContext): Promise<UtilizationThreshold> {
    ctx.scope.require('read');
    const utilization = await ctx.loaders.utilization.load(org);
    return { percent: org.utilizationThresholdPercent, reached: isThresholdReached(utilization, org.utilizationThresholdPercent) };
  }

  @FieldResolver(() => [PhoneNumber], { description: "The organization's own numbers, by number; page with `after` (a number id)." })
  async numbers(
    @Root() org: Organization,
    @Ctx() ctx: RequestContext,
    @Arg('state', () => NumberState, { nullable: true }) state?: NumberState,
    @Arg('first', () => Int, { defaultValue: 100 }) first = 100,
    @Arg('after', () => ID, { nullable: true }) after?: string,
  ): Promise<PhoneNumber[]> {
    ctx.scope.require('read');
    const query = organizationPage(ctx.deps.db.manager, PhoneNumber, org.id, { first, after, max: 1000, order: 'ASC' });
    if (state) query.andWhere('row.state = :state', { state });
    return query.getMany();
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

  @Mutation(() => [PhoneNumber], { description: 'Adds new numbers to an organization, AVAILABLE.' })
  addNumbers(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('numbers', () => [String]) numbers: string[],
    @Ctx() ctx: RequestContext,
  ): Promise<PhoneNumber[]> {
    return ctx.services.numbers.addNumbers(ctx.scope, organizationId, numbers);
  }

  @Mutation(() => PhoneNumber, { description: 'AVAILABLE → RESERVED (tagged for later use).' })
  reserveNumber(@Arg('numberId', () => ID) numberId: string, @Ctx() ctx: RequestContext): Promise<PhoneNumber> {
    return ctx.services.numbers.reserve(ctx.scope, numberId);
  }

  @Mutation(() => PhoneNumber, { description: 'AVAILABLE or RESERVED → ASSIGNED: adds the user with a pending invitation.' })
  assignNumber(@Arg('numberId', () => ID) numberId: string, @Arg('email') email: string, @Ctx() ctx: RequestContext): Promise<PhoneNumber> {
    return ctx.services.numbers.assign(ctx.scope, numberId, email);
  }

  @Mutation(() => PhoneNumber, { description: 'Back to AVAILABLE; its user, if any, is deactivated.' })
  releaseNumber(@Arg('numberId', () => ID) numberId: string, @Ctx() ctx: RequestContext): Promise<PhoneNumber> {
    return ctx.services.numbers.release(ctx.scope, numberId);
  }

  @Mutation(() => [PhoneNumber], { description: 'Moves `count` AVAILABLE numbers to a direct sub-organization.' })
  allocateNumbers(
    @Arg('fromOrganizationId', () => ID) fromOrganizationId: string,
    @Arg('toOrganizationId', () => ID) toOrganizationId: string,
    @Arg('count', () => Int) count: number,
    @Ctx() ctx: RequestContext,
  ): Promise<PhoneNumber[]> {
    return ctx.services.numbers.allocate(ctx.scope, fromOrganizationId, toOrganizationId, count);
  }

  @Mutation(() => [PhoneNumber], { description: "Moves `count` unused (AVAILABLE) numbers back to the organization's parent." })
  withdrawNumbers(
    @Arg('fromOrganizationId', () => ID) fromOrganizationId: string,
    @Arg('count', () => Int) count: number,
    @Ctx() ctx: RequestContext,
  ): Promise<PhoneNumber[]> {
    return ctx.services.numbers.withdraw(ctx.scope, fromOrganizationId, count);
  }

  @Mutation(() => UtilizationThreshold, { description: 'Saves the threshold (1-100); emails the admins at once if it is already reached.' })
  setUtilizationThreshold(
    @Arg('organizationId', () => ID) organizationId: string,
    @Arg('percent', () => Int) percent: number,
    @Ctx() ctx: RequestContext,
  ): Promise<UtilizationThreshold> {
    return ctx.services.numbers.setThreshold(ctx.scope, organizationId, percent);
  }
}
