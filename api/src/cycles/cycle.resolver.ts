import { Arg, Args, ArgsType, Authorized, Ctx, Field, FieldResolver, Mutation, Resolver, Root } from 'type-graphql';
import { ArrayMaxSize } from 'class-validator';
import { CONTRACT_LIMITS } from '../common/contract';
import { CAN } from '../auth/roles';
import { RequestContext } from '../auth/request-context';
import { Organization } from '../organizations/organization.entity';
import { CyclePeriod } from './cycle-figures';
import { cycleUsageOf, reportedSeries } from './cycle-usage';
import { CycleUsage, UsagePoint } from './cycle.types';
import { UsageType } from '../usage/usage-event.entity';
import { RecordUsageResult, UsageEventInput } from '../usage/usage.inputs';

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
    @Ctx() ctx: RequestContext,
  ): Promise<CycleUsage> {
    return cycleUsageOf(
      org,
      period,
      includeSubOrganizations !== false,
      ctx.now,
      ctx.loaders.rollupRows,
      ctx.services.rollups.cycleUsageCache,
    );
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

@ArgsType()
class RecordUsageArgs {
  @Field(() => [UsageEventInput], {
    description:
      `The events to record, at most ${CONTRACT_LIMITS.recordUsageEvents.toLocaleString('en-US')} a call. ` +
      'All or nothing: one invalid event records none.',
  })
  @ArrayMaxSize(CONTRACT_LIMITS.recordUsageEvents, {
    message: `At most ${CONTRACT_LIMITS.recordUsageEvents} events a call`,
  })
  events!: UsageEventInput[];
}

@Resolver()
export class UsageResolver {
  @Authorized(CAN.ingest)
  @Mutation(() => RecordUsageResult, {
    description: 'Records up to 10,000 events; ids already recorded change nothing.',
  })
  recordUsage(@Args() { events }: RecordUsageArgs, @Ctx() ctx: RequestContext): Promise<RecordUsageResult> {
    return ctx.services.usage.record(ctx.scope, events);
  }
}
