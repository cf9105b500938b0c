import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { CAN } from '../auth/roles';
import { RequestContext } from '../auth/request-context';
import { CreateOrganizationInput } from './organization.inputs';
import { Organization } from './organization.entity';
import { ratingOf } from '../rating/rating';
import { RatingView } from '../rating/rating.types';
import { OrganizationService } from './organization.service';
import { OrganizationLoaders } from './organization.loaders';
import { stampOf } from './organization.repository';

/** The services and loaders these resolvers use. */
type OrganizationContext = RequestContext<{ organizations: OrganizationService }, OrganizationLoaders>;

@Resolver(() => Organization)
export class OrganizationResolver {
  @Authorized(CAN.read)
  @Query(() => Organization, { description: "An organization in the token's subtree; NOT_FOUND otherwise." })
  organization(
    @Arg('id', () => ID, { description: "The organization's id." }) id: string,
    @Ctx() ctx: OrganizationContext,
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
    @Ctx() ctx: OrganizationContext,
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
    @Ctx() ctx: OrganizationContext,
  ): Promise<Organization> {
    return ctx.services.organizations.create(ctx.scope, input);
  }

  @FieldResolver(() => Organization, {
    nullable: true,
    description: "Null at the top, and above the token's own organization.",
  })
  parent(@Root() org: Organization, @Ctx() ctx: OrganizationContext): Promise<Organization | null> {
    return ctx.services.organizations.visibleParent(ctx.scope, org, (id) => ctx.loaders.organization.load(id));
  }

  @FieldResolver(() => [Organization], { description: 'Direct sub-organizations, by name.' })
  subOrganizations(@Root() org: Organization, @Ctx() ctx: OrganizationContext): Promise<Organization[]> {
    return ctx.loaders.children.load(org.id);
  }

  @FieldResolver(() => RatingView, {
    description:
      "How calls and data are billed: the top-level organization's rating, fixed at its creation (DESIGN §8).",
  })
  rating(@Root() org: Organization): RatingView {
    return ratingOf(org);
  }

  @FieldResolver(() => String, {
    description:
      'Opaque: differs whenever a figure of the organization may have changed, through any API process (usage ' +
      'of it or its sub-organizations, a number or user operation, its threshold or alert policy, its price ' +
      'plan). Poll it, and fetch the figures again when it changes; compare for equality only.',
  })
  async version(@Root() org: Organization, @Ctx() ctx: OrganizationContext): Promise<string> {
    // Rows read another way (a list, sub-organizations) carry no rollup version: read it as the loader does.
    const fresh = org.usageVersion === undefined ? await ctx.loaders.organization.load(org.id) : org;
    return stampOf(fresh ?? org);
  }
}
