import { Arg, Authorized, Ctx, Float, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { CAN } from '../auth/roles';
import { RequestContext } from '../auth/request-context';
import { SafeIntScalar } from '../common/scalars';
import { CycleUsage, UsageTotal } from '../cycles/cycle.types';
import { Organization } from '../organizations/organization.entity';
import { AllowanceUse } from './charges';
import { PlanEffective } from './plan-schedule';
import { PlanInput } from './plan.inputs';
import { PlanLoaders } from './plan.loaders';
import { BillLoaders, PlanService } from './plan.service';
import { Charges, chargesView, Plan, planView } from './plan.types';

/** The services and loaders these resolvers use. */
type PlanContext = RequestContext<{ plans: PlanService }, BillLoaders & PlanLoaders>;

/** As DESIGN §9 writes it, `effective: PlanEffective = NEXT_CYCLE`: an explicit null also means the default. */
const EFFECTIVE_ARG = {
  nullable: true,
  defaultValue: PlanEffective.NEXT_CYCLE,
  description: 'CURRENT_CYCLE or NEXT_CYCLE (the default, also for null): when the change takes effect.',
};

@Resolver(() => Organization)
export class OrganizationPlanResolver {
  @Authorized(CAN.read)
  @FieldResolver(() => Plan, {
    nullable: true,
    description:
      'The price plan of the current cycle (DESIGN §9); null without one, and on a sub-organization (it shares its ' +
      "top-level organization's).",
  })
  async plan(@Root() org: Organization, @Ctx() ctx: PlanContext): Promise<Plan | null> {
    const plan = await ctx.services.plans.planOf(org, 'current', ctx.now, ctx.loaders);
    return plan && planView(plan);
  }

  @Authorized(CAN.read)
  @FieldResolver(() => Plan, {
    nullable: true,
    description:
      'The plan scheduled to take effect with the next cycle (setPlan with NEXT_CYCLE); null when none is ' +
      '(the current plan then continues), and on a sub-organization.',
  })
  async nextPlan(@Root() org: Organization, @Ctx() ctx: PlanContext): Promise<Plan | null> {
    const plan = await ctx.services.plans.planOf(org, 'next', ctx.now, ctx.loaders);
    return plan && planView(plan);
  }

  @Authorized(CAN.managePlans)
  @Mutation(() => Plan, {
    description:
      "Sets a top-level organization's price plan (operators only): from the current cycle on (replacing its plan; " +
      'a plan scheduled for the next cycle stays) or from the next one (replacing any scheduled plan). A ' +
      'sub-organization is BAD_USER_INPUT. Answers the plan as it takes effect.',
  })
  async setPlan(
    @Arg('organizationId', () => ID, { description: 'The top-level organization (customer account).' })
    organizationId: string,
    @Arg('plan', () => PlanInput, { description: 'The plan.' }) plan: PlanInput,
    @Arg('effective', () => PlanEffective, EFFECTIVE_ARG) effective: PlanEffective | null,
    @Ctx() ctx: PlanContext,
  ): Promise<Plan> {
    const effectiveOrDefault = effective ?? PlanEffective.NEXT_CYCLE;
    return planView(await ctx.services.plans.setPlan(ctx.scope, organizationId, plan, effectiveOrDefault));
  }

  @Authorized(CAN.managePlans)
  @Mutation(() => Boolean, {
    description:
      'Clears a price plan (operators only). NEXT_CYCLE withdraws the plan scheduled for the next cycle, so the ' +
      "current one continues; CURRENT_CYCLE removes the current cycle's plan and any scheduled one (no plan " +
      'from this cycle on). Past cycles keep theirs. True when a plan was withdrawn or removed; false when there ' +
      'was none to clear (nothing changes).',
  })
  clearPlan(
    @Arg('organizationId', () => ID, { description: 'The top-level organization (customer account).' })
    organizationId: string,
    @Arg('effective', () => PlanEffective, EFFECTIVE_ARG) effective: PlanEffective | null,
    @Ctx() ctx: PlanContext,
  ): Promise<boolean> {
    return ctx.services.plans.clearPlan(ctx.scope, organizationId, effective ?? PlanEffective.NEXT_CYCLE);
  }
}

/** One type's allowance use in a cycle's bill; null without a bill (no plan, sub-organization, ALL_TIME, range). */
async function allowanceUse(total: UsageTotal, ctx: PlanContext): Promise<AllowanceUse | null> {
  if (!total.origin?.topLevel) return null;
  const bill = await ctx.loaders.cycleBill.load(total.origin);
  return bill ? bill.use[total.type] : null;
}

const SCOPE =
  'CURRENT and PAST of a top-level organization whose cycle has a plan, always for the whole account (whatever ' +
  'includeSubOrganizations says); null otherwise (no plan, a sub-organization, ALL_TIME, a usage range).';

@Resolver(() => UsageTotal)
export class UsageTotalAllowanceResolver {
  @FieldResolver(() => SafeIntScalar, {
    nullable: true,
    description:
      `The plan's allowance of this type for the cycle: included + includedPerActiveUser × the cycle's activeUsers, ` +
      `in this total's unit (minutes, messages, bytes). ${SCOPE}`,
  })
  async allowance(@Root() total: UsageTotal, @Ctx() ctx: PlanContext): Promise<number | null> {
    return (await allowanceUse(total, ctx))?.allowance ?? null;
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description:
      "Percent of the allowance used: 100 × the whole account's billable / allowance (VOICE: billableSeconds / " +
      `(60 × allowance)), rounded half away from zero to one decimal; null when the allowance is 0. ${SCOPE}`,
  })
  async percentUsed(@Root() total: UsageTotal, @Ctx() ctx: PlanContext): Promise<number | null> {
    return (await allowanceUse(total, ctx))?.percentUsed ?? null;
  }

  @FieldResolver(() => Float, {
    nullable: true,
    description:
      'CURRENT only: percentUsed with the forecast in place of billable; null on PAST, when the allowance is 0, ' +
      `and while there is no forecast. ${SCOPE}`,
  })
  async forecastPercent(@Root() total: UsageTotal, @Ctx() ctx: PlanContext): Promise<number | null> {
    return (await allowanceUse(total, ctx))?.forecastPercent ?? null;
  }
}

@Resolver(() => CycleUsage)
export class CycleUsageChargesResolver {
  @FieldResolver(() => Charges, {
    nullable: true,
    description:
      "The cycle's charges under the plan in effect at its start (DESIGN §9), for the whole account whatever " +
      'includeSubOrganizations says; null without a plan, on a sub-organization and on ALL_TIME.',
  })
  async charges(@Root() usage: CycleUsage, @Ctx() ctx: PlanContext): Promise<Charges | null> {
    if (!usage.origin.topLevel) return null;
    const bill = await ctx.loaders.cycleBill.load(usage.origin);
    return bill && chargesView(bill);
  }
}
