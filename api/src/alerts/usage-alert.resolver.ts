import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { CAN } from '../auth/roles';
import { RequestContext } from '../auth/request-context';
import { CONTRACT_LIMITS } from '../common/contract';
import { SafeIntScalar } from '../common/scalars';
import { UsageType } from '../rating/usage-type';
import { Organization } from '../organizations/organization.entity';
import { AlertBasis, AlertMeasure, UsageAlert } from './usage-alert.entity';
import { MAX_USAGE_ALERTS, UsageAlertService } from './usage-alert.service';

/** The services and loaders these resolvers use. */
type UsageAlertContext = RequestContext<{ usageAlerts: UsageAlertService }>;

const THRESHOLD =
  "The amount that fires the alert: with measure UNITS in the type's billing unit (VOICE minutes, MESSAGE " +
  'messages, DATA bytes), 1 to 2^53-1; with PERCENT_OF_ALLOWANCE a percentage of the allowance, ' +
  `${CONTRACT_LIMITS.allowancePercent.min} to ${CONTRACT_LIMITS.allowancePercent.max}.`;
const MEASURE =
  "UNITS: the threshold is an amount of usage; PERCENT_OF_ALLOWANCE: a percentage of the type's allowance in " +
  "the current cycle's price plan, which must include some of the type (BAD_USER_INPUT otherwise).";

@Resolver(() => UsageAlert)
export class UsageAlertResolver {
  @Authorized(CAN.change)
  @Mutation(() => UsageAlert, {
    description:
      `Adds a usage alert (at most ${MAX_USAGE_ALERTS} per organization); ` +
      'it fires at once if already reached, and at most once per billing cycle.',
  })
  createUsageAlert(
    @Arg('organizationId', () => ID, {
      description: 'The organization whose usage (with its sub-organizations) it watches.',
    })
    organizationId: string,
    @Arg('type', () => UsageType, { description: 'The usage type to watch.' }) type: UsageType,
    @Arg('threshold', () => SafeIntScalar, { description: THRESHOLD }) threshold: number,
    @Arg('basis', () => AlertBasis, {
      defaultValue: AlertBasis.ACTUAL,
      description: 'ACTUAL (default): billable usage so far; FORECAST: the cycle forecast.',
    })
    basis: AlertBasis,
    @Arg('enabled', { defaultValue: true, description: 'False keeps the alert without firing it; default true.' })
    enabled: boolean,
    @Arg('measure', () => AlertMeasure, { defaultValue: AlertMeasure.UNITS, description: `${MEASURE} Default UNITS.` })
    measure: AlertMeasure,
    @Ctx() ctx: UsageAlertContext,
  ): Promise<UsageAlert> {
    return ctx.services.usageAlerts.create(ctx.scope, organizationId, { type, threshold, basis, measure, enabled });
  }

  @Authorized(CAN.change)
  @Mutation(() => UsageAlert, { description: 'Changes a usage alert; omitted arguments keep their value.' })
  updateUsageAlert(
    @Arg('id', () => ID, { description: "The alert's id." }) id: string,
    @Ctx() ctx: UsageAlertContext,
    @Arg('threshold', () => SafeIntScalar, { nullable: true, description: `${THRESHOLD} Omit to keep it.` })
    threshold?: number,
    @Arg('basis', () => AlertBasis, { nullable: true, description: 'ACTUAL or FORECAST; omit to keep it.' })
    basis?: AlertBasis,
    @Arg('enabled', () => Boolean, { nullable: true, description: 'Turns the alert on or off; omit to keep it.' })
    enabled?: boolean,
    @Arg('measure', () => AlertMeasure, { nullable: true, description: `${MEASURE} Omit to keep it.` })
    measure?: AlertMeasure,
  ): Promise<UsageAlert> {
    return ctx.services.usageAlerts.update(ctx.scope, id, { threshold, basis, measure, enabled });
  }

  @Authorized(CAN.change)
  @Mutation(() => Boolean, { description: 'Deletes a usage alert; answers true.' })
  deleteUsageAlert(@Arg('id', () => ID, { description: "The alert's id." }) id: string, @Ctx() ctx: UsageAlertContext) {
    return ctx.services.usageAlerts.delete(ctx.scope, id);
  }
}

@Resolver(() => Organization)
export class OrganizationUsageAlertsResolver {
  @Authorized(CAN.read)
  @FieldResolver(() => [UsageAlert], {
    description: `The organization's usage alerts, oldest first (at most ${MAX_USAGE_ALERTS}).`,
  })
  usageAlerts(@Root() org: Organization, @Ctx() ctx: UsageAlertContext): Promise<UsageAlert[]> {
    return ctx.services.usageAlerts.list(org.id);
  }
}
