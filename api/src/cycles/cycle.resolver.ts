import { Arg, Args, ArgsType, Ctx, Field, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { ArrayMaxSize } from 'class-validator';
import { RequestContext } from '../graphql/context';
import { Organization } from '../organizations/organization.entity';
import { computeCycleFigures, CyclePeriod, USAGE_UNITS } from './cycle-figures';
import { cycleBoundsAt } from './cycle-bounds';
import { CycleUsage, UsagePoint, UsageTotal } from './cycle.types';
import { UsageType } from './usage-event.entity';
import { RecordUsageResult, UsageEventInput } from './usage.inputs';

@ArgsType()
class CycleArgs {
  @Field(() => CyclePeriod)
  period!: CyclePeriod;

  @Field(() => Boolean, { nullable: true, defaultValue: true, description: 'false: the organization alone, without its sub-organizations.' })
  includeSubOrganizations!: boolean | null;
}

@Resolver(() => Organization)
export class OrganizationCycleResolver {
  @FieldResolver(() => CycleUsage, { description: "Figures of a billing period, in the organization's time zone." })
  async cycle(@Root() org: Organization, @Args() { period, includeSubOrganizations }: CycleArgs, @Ctx() ctx: RequestContext): Promise<CycleUsage> {
    ctx.scope.require('read');
    const pastStart = cycleBoundsAt(ctx.now, org.timezone, org.cycleStartDay, -1).startDate;
    const rows = await ctx.loaders.rollupRows.load({ organizationId: org.id, scope: includeSubOrganizations === false ? 'SELF' : 'TREE', sinceDate: pastStart });
    const figures = computeCycleFigures({ period, now: ctx.now, timezone: org.timezone, cycleStartDay: org.cycleStartDay, rows });
    const total = (type: UsageType): UsageTotal => ({ type, unit: USAGE_UNITS[type], ...figures.totals[type] });
    return {
      period,
      start: figures.start,
      end: figures.end,
      newUsers: figures.newUsers,
      activeUsers: figures.activeUsers,
      voice: total(UsageType.VOICE),
      message: total(UsageType.MESSAGE),
      data: total(UsageType.DATA),
      figures,
    };
  }
}

@Resolver(() => CycleUsage)
export class CycleUsageResolver {
  @FieldResolver(() => [UsagePoint], {
    description: 'CURRENT/PAST: one point per day of the cycle, zeros included; ALL_TIME: one point per cycle, dated its start.',
  })
  series(@Root() usage: CycleUsage, @Arg('type', () => UsageType) type: UsageType): UsagePoint[] {
    return usage.figures.series[type];
  }
}

@ArgsType()
class RecordUsageArgs {
  @Field(() => [UsageEventInput])
  @ArrayMaxSize(10_000, { message: 'At most 10000 events a call' })
  events!: UsageEventInput[];
}

@Resolver()
export class UsageResolver {
  @Mutation(() => RecordUsageResult, { description: 'Records up to 10,000 events; ids already recorded change nothing.' })
  recordUsage(@Args() { events }: RecordUsageArgs, @Ctx() ctx: RequestContext): Promise<RecordUsageResult> {
    return ctx.services.usage.record(ctx.scope, events);
  }
}
