import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, Resolver, Root } from 'type-graphql';
import { CAN } from '../auth/roles';
import { RequestContext } from '../auth/request-context';
import { Organization } from '../organizations/organization.entity';
import { CyclePeriod } from './cycle-figures';
import { reportedSeries } from './cycle-usage';
import { CycleUsage, UsagePoint } from './cycle.types';
import { UsageType } from '../rating/usage-type';
import { CycleUsageService } from './cycle-usage.service';
import { CycleLoaders } from './cycle.loaders';

/** The services and loaders these resolvers use. */
type CycleContext = RequestContext<{ cycleUsage: CycleUsageService }, CycleLoaders>;

@ArgsType()
class CycleArgs {
  @Field(() => CyclePeriod, { description: 'Which period: CURRENT, PAST or ALL_TIME.' })
  period!: CyclePeriod;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: true,
    description:
      'True (the default): the organization and all its sub-organizations, as the bill counts them. ' +
      'False: the organization alone.',
  })
  includeSubOrganizations!: boolean | null;
}

@Resolver(() => Organization)
export class OrganizationCycleResolver {
  @Authorized(CAN.read)
  @FieldResolver(() => CycleUsage, { description: "Figures of a billing period, in the organization's time zone." })
  cycle(
    @Root() org: Organization,
    @Args() { period, includeSubOrganizations }: CycleArgs,
    @Ctx() ctx: CycleContext,
  ): Promise<CycleUsage> {
    return ctx.services.cycleUsage.cycleOf(org, period, includeSubOrganizations !== false, ctx.now, ctx.loaders);
  }
}

@Resolver(() => CycleUsage)
export class CycleUsageResolver {
  @FieldResolver(() => [UsagePoint], {
    description:
      "CURRENT: one point per local day from the cycle's start through today (no future days); PAST: every " +
      'day of the cycle; zeros included. ALL_TIME: one point per cycle, dated its start. Oldest first.',
  })
  series(
    @Root() usage: CycleUsage,
    @Arg('type', () => UsageType, { description: 'Which usage the points count.' }) type: UsageType,
  ): UsagePoint[] {
    return reportedSeries(type, usage.figures.series[type]);
  }
}
