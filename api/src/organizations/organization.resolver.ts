import { AlertPolicy } from '../numbers/alert-policy';
import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CAN } from '../auth/roles';
import { RequestContext } from '../auth/request-context';
import { ContactInfo } from '../number-requests/number-request.entity';
import { UtilizationThreshold } from '../numbers/number.inputs';
import { CreateOrganizationInput } from './organization.inputs';
import { Organization } from './organization.entity';
import { ratingOf } from './organization.service';
import { RatingView } from '../rating/rating.types';

@Resolver(() => Organization)
export class OrganizationResolver {
  @Authorized(CAN.read)
  @Query(() => Organization, { description: "An organization in the token's subtree; NOT_FOUND otherwise." })
  organization(
    @Arg('id', () => ID, { description: "The organization's id." }) id: string,
    @Ctx() ctx: RequestContext,
  ): Promise<Organization> {
    return ctx.services.organizations.visible(ctx.scope, id, (orgId) => ctx.loaders.organization.load(orgId));
  }

  @Authorized(CAN.read)
  @Query(() => [Organization], {
    description:
      "The token's organization; for an operator, top-level organizations by name, " +
      'paged with `first` and `after` (the last id seen).',
  })
  organizations(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 100, description: 'Page size, 1-500.' }) first = 100,
    @Arg('after', () => ID, {
      nullable: true,
      description: 'The id of the last organization of the previous page; omit for the first page.',
    })
    after?: string,
  ): Promise<Organization[]> {
    return ctx.services.organizations.roots(ctx.scope, first, after ?? null);
  }

  // Any valid token: which role it takes depends on the input (a top-level organization needs an operator).
  @Authorized()
  @Mutation(() => Organization, {
    description: 'Creates a sub-organization (admin) or a top-level organization (operator).',
  })
  createOrganization(
    @Arg('input', { description: 'The new organization.' }) input: CreateOrganizationInput,
    @Ctx() ctx: RequestContext,
  ): Promise<Organization> {
    return ctx.services.organizations.create(ctx.scope, input);
  }

  @Authorized(CAN.change)
  @Mutation(() => UtilizationThreshold, {
    description: 'Saves the threshold (1-100); emails the admins at once if it is already reached.',
  })
  setUtilizationThreshold(
    @Arg('organizationId', () => ID, { description: 'The organization whose threshold this is.' })
    organizationId: string,
    @Arg('percent', () => Int, { description: 'The new threshold in percent, a whole number 1-100.' })
    percent: number,
    @Ctx() ctx: RequestContext,
    @Arg('policy', () => AlertPolicy, {
      nullable: true,
      description: 'The re-alert policy (EVERY_ASSIGNMENT or DAILY_DIGEST); omit to keep the current one.',
    })
    policy?: AlertPolicy,
  ): Promise<UtilizationThreshold> {
    return ctx.services.organizations.setThreshold(ctx.scope, organizationId, percent, policy);
  }

  @FieldResolver(() => Organization, {
    nullable: true,
    description: "Null at the top, and above the token's own organization.",
  })
  parent(@Root() org: Organization, @Ctx() ctx: RequestContext): Promise<Organization | null> {
    return ctx.services.organizations.visibleParent(ctx.scope, org, (id) => ctx.loaders.organization.load(id));
  }

  @FieldResolver(() => [Organization], { description: 'Direct sub-organizations, by name.' })
  subOrganizations(@Root() org: Organization, @Ctx() ctx: RequestContext): Promise<Organization[]> {
    return ctx.loaders.children.load(org.id);
  }

  @FieldResolver(() => RatingView, {
    description:
      "How calls and data are billed: the top-level organization's rating, fixed at its creation (DESIGN §8).",
  })
  rating(@Root() org: Organization): RatingView {
    return ratingOf(org);
  }

  @FieldResolver(() => ContactInfo, {
    description:
      "Whom to ask for more numbers: the organization's own contact, else the nearest ancestor's, else the carrier's.",
  })
  numberRequestContact(@Root() org: Organization, @Ctx() ctx: RequestContext): Promise<ContactInfo> {
    // Through the request's loader: the organization itself (and often its ancestors) is already loaded.
    return ctx.services.organizations.numberRequestContact(org, undefined, async (ids) =>
      (await ctx.loaders.organization.loadMany(ids)).filter((o): o is Organization => o instanceof Organization),
    );
  }
}
