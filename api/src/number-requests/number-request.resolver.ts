import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { CAN } from '../auth/roles';
import { RequestContext } from '../auth/request-context';
import { Organization } from '../organizations/organization.entity';
import { CONTRACT_LIMITS } from '../common/contract';
import { ContactInfo, NumberRequest } from './number-request.entity';
import { NumberRequestService } from './number-request.service';
import { OrganizationLoaders } from '../organizations/organization.loaders';

/** The services and loaders these resolvers use. */
type NumberRequestContext = RequestContext<
  { numberRequests: NumberRequestService },
  Pick<OrganizationLoaders, 'organization'>
>;

const quantity = CONTRACT_LIMITS.requestedQuantity;

@Resolver(() => NumberRequest)
export class NumberRequestResolver {
  @Authorized(CAN.change)
  @Mutation(() => NumberRequest, { description: 'Records the request and answers whom to contact for more numbers.' })
  requestMoreNumbers(
    @Arg('organizationId', () => ID, { description: 'The organization that needs the numbers.' })
    organizationId: string,
    @Ctx() ctx: NumberRequestContext,
    @Arg('quantity', () => Int, {
      nullable: true,
      description:
        `How many numbers are wanted, ${quantity.min}-${quantity.max.toLocaleString('en-US')}; ` +
        'omit when the admin does not say.',
    })
    quantity?: number,
    @Arg('note', () => String, {
      nullable: true,
      description: `A message for the carrier, up to ${CONTRACT_LIMITS.requestNoteLength} characters (trimmed).`,
    })
    note?: string,
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
    @Ctx() ctx: NumberRequestContext,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size, 1-100.' }) first = 20,
    @Arg('after', () => ID, {
      nullable: true,
      description: 'The id of the last request of the previous page; omit for the first page.',
    })
    after?: string,
  ): Promise<NumberRequest[]> {
    return ctx.services.numberRequests.list(org.id, first, after ?? null);
  }

  @FieldResolver(() => ContactInfo, {
    description:
      "Whom to ask for more numbers: the organization's own contact, else the nearest ancestor's, else the carrier's.",
  })
  numberRequestContact(@Root() org: Organization, @Ctx() ctx: NumberRequestContext): Promise<ContactInfo> {
    // Through the request's loader: the organization itself (and often its ancestors) is already loaded.
    return ctx.services.numberRequests.contactOf(org, undefined, async (ids) =>
      (await ctx.loaders.organization.loadMany(ids)).filter((o): o is Organization => o instanceof Organization),
    );
  }
}
