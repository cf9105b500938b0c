import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Query, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../graphql/context';
import { ContactInfo } from '../number-requests/number-request.entity';
import { CreateOrganizationInput } from './organization.inputs';
import { Organization } from './organization.entity';
import { parseId } from './organization.service';

@Resolver(() => Organization)
export class OrganizationResolver {
  @Query(() => Organization, { description: "An organization in the token's subtree; NOT_FOUND otherwise." })
  async organization(@Arg('id', () => ID) id: string, @Ctx() ctx: RequestContext): Promise<Organization> {
    ctx.scope.require('read');
    const orgId = parseId(id, 'id');
    return ctx.scope.ensureVisible(await ctx.loaders.organization.load(orgId), 'Organization', id);
  }

  @Query(() => [Organization], {
    description: "The token's organization; for an operator, top-level organizations by name, paged with `first` and `after` (the last id seen).",
  })
  organizations(
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 100 }) first = 100,
    @Arg('after', () => ID, { nullable: true }) after?: string,
  ): Promise<Organization[]> {
    return ctx.services.organizations.roots(ctx.scope, first, after ?? null);
  }

  @Mutation(() => Organization, { description: 'Creates a sub-organization (admin) or a top-level organization (operator).' })
  async createOrganization(@Arg('input') input: CreateOrganizationInput, @Ctx() ctx: RequestContext): Promise<Organization> {
    return ctx.services.organizations.create(ctx.scope, input);
  }

  @FieldResolver(() => Organization, { nullable: true, description: "Null at the top, and above the token's own organization." })
  async parent(@Root() org: Organization, @Ctx() ctx: RequestContext): Promise<Organization | null> {
    if (org.parentId === null) return null;
    const parent = await ctx.loaders.organization.load(org.parentId);
    return parent && ctx.scope.canSee(parent) ? parent : null;
  }

  @FieldResolver(() => [Organization])
  subOrganizations(@Root() org: Organization, @Ctx() ctx: RequestContext): Promise<Organization[]> {
    return ctx.loaders.children.load(org.id);
  }

  @FieldResolver(() => ContactInfo, { description: "Whom to ask for more numbers: the organization's own contact, else the nearest ancestor's, else the carrier's." })
  numberRequestContact(@Root() org: Organization, @Ctx() ctx: RequestContext): Promise<ContactInfo> {
    // Through the request's loader: the organization itself (and often its ancestors) is already loaded.
    return ctx.services.organizations.numberRequestContact(org, undefined, async (ids) =>
      (await ctx.loaders.organization.loadMany(ids)).filter((o): o is Organization => o instanceof Organization),
    );
  }
}
