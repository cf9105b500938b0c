import { Arg, Ctx, FieldResolver, ID, Int, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../auth/request-context';
import { IDLE_DAYS, idleWindowOf } from './idle-numbers';
import { IdleNumbers, NumberUtilization } from './number.inputs';
import { NumberService } from './number.service';
import { PhoneNumber } from './phone-number.entity';
import { CONTRACT_LIMITS } from '../common/contract';

type IdleContext = RequestContext<{ numbers: NumberService }, object>;

const PAGE = CONTRACT_LIMITS.idleNumbersPageSize;

@Resolver(() => NumberUtilization)
export class NumberUtilizationIdleResolver {
  @FieldResolver(() => IdleNumbers, {
    description:
      'Assigned or registered numbers unused in the last `days` local days, today included: numbers to reclaim ' +
      'before requesting more (DESIGN §10).',
  })
  idle(
    @Root() utilization: NumberUtilization,
    @Arg('days', () => Int, {
      nullable: true,
      defaultValue: IDLE_DAYS.default,
      description: `Local days without usage, ending today (organization's zone), ${IDLE_DAYS.min}-${IDLE_DAYS.max}.`,
    })
    days: number | null,
    @Ctx() ctx: IdleContext,
  ): IdleNumbers {
    const { organization } = utilization;
    const window = idleWindowOf(days ?? IDLE_DAYS.default, ctx.now, organization.timezone);
    return { scope: { organizationId: organization.id, timeZone: organization.timezone, window } };
  }
}

@Resolver(() => IdleNumbers)
export class IdleNumbersResolver {
  @FieldResolver(() => Int, { description: 'How many numbers are idle.' })
  count(@Root() idle: IdleNumbers, @Ctx() ctx: IdleContext): Promise<number> {
    return ctx.services.numbers.countIdle(idle.scope);
  }

  @FieldResolver(() => [PhoneNumber], { description: 'The idle numbers, by number id; page with `after`.' })
  numbers(
    @Root() idle: IdleNumbers,
    @Ctx() ctx: IdleContext,
    @Arg('first', () => Int, {
      nullable: true,
      defaultValue: PAGE.default,
      description: `Page size, ${PAGE.min}-${PAGE.max}.`,
    })
    first: number | null,
    @Arg('after', () => ID, {
      nullable: true,
      description: 'The id of the last number of the previous page; omit for the first page.',
    })
    after?: string | null,
  ): Promise<PhoneNumber[]> {
    return ctx.services.numbers.idlePage(idle.scope, { first: first ?? PAGE.default, after });
  }
}
