import { Args, ArgsType, Authorized, Ctx, Field, Mutation, Resolver } from 'type-graphql';
import { ArrayMaxSize } from 'class-validator';
import { CONTRACT_LIMITS } from '../common/contract';
import { CAN } from '../auth/roles';
import { RequestContext } from '../auth/request-context';
import { RecordUsageResult, UsageEventInput } from './usage.inputs';
import { UsageService } from './usage.service';

/** The services and loaders these resolvers use. */
type UsageContext = RequestContext<{ usage: UsageService }>;

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
  recordUsage(@Args() { events }: RecordUsageArgs, @Ctx() ctx: UsageContext): Promise<RecordUsageResult> {
    return ctx.services.usage.record(ctx.scope, events);
  }
}
