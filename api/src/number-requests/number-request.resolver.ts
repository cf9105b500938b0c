import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { CAN } from '../auth/roles';
import { RequestContext } from '../common/request-context';
import { Organization } from '../organizations/organization.entity';
import { NumberRequest } from './number-request.entity';

@Resolver(() => NumberRequest)
export class NumberRequestResolver {
  @Authorized(CAN.change)
  @Mutation(() => NumberRequest, { description: 'Records the request and answers whom to contact for more numbers.' })
  requestMoreNumbers(
    @Arg('organizationId', () => ID) organizationId: string,
    @Ctx() ctx: RequestContext,
    @Arg('quantity', () => Int, { nullable: true }) quantity?: number,
    @Arg('note', () => String, { nullable: true }) note?: string,
  ): Promise<NumberRequest> {
    return ctx.services.numberRequests.request(ctx.scope, organizationId, quantity, note);
  }
}

@Resolver(() => Organization)
export class OrganizationNumberRequestsResolver {
  @Authorized(CAN.read)
  @FieldResolver(() => [NumberRequest], {
    description: 'Requests for more numbers, newest first; page with `after` (a request id).',
  })
  numberRequests(
    @Root() org: Organization,
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 20 }) first = 20,
    @Arg('after', () => ID, { nullable: true }) after?: string,
  ): Promise<NumberRequest[]> {
    return ctx.services.numberRequests.list(org.id, first, after ?? null);
  }
}
