import { Arg, Authorized, Ctx, ID, Int, Mutation, Resolver } from 'type-graphql';
import { CAN } from '../auth/roles';
import { RequestContext } from '../auth/request-context';
import { AlertPolicy } from './alert-policy';
import { UtilizationThreshold } from './number.inputs';
import { ThresholdService } from './threshold.service';

/** The services and loaders these resolvers use. */
type ThresholdContext = RequestContext<{ thresholds: ThresholdService }>;

@Resolver()
export class ThresholdResolver {
  @Authorized(CAN.change)
  @Mutation(() => UtilizationThreshold, {
    description: 'Saves the threshold (1-100); emails the admins at once if it is already reached.',
  })
  setUtilizationThreshold(
    @Arg('organizationId', () => ID, { description: 'The organization whose threshold this is.' })
    organizationId: string,
    @Arg('percent', () => Int, { description: 'The new threshold in percent, a whole number 1-100.' })
    percent: number,
    @Ctx() ctx: ThresholdContext,
    @Arg('policy', () => AlertPolicy, {
      nullable: true,
      description: 'The re-alert policy (EVERY_ASSIGNMENT or DAILY_DIGEST); omit to keep the current one.',
    })
    policy?: AlertPolicy,
  ): Promise<UtilizationThreshold> {
    return ctx.services.thresholds.setThreshold(ctx.scope, organizationId, percent, policy);
  }
}
