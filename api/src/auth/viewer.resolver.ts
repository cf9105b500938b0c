import { Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { RequestContext } from '../graphql/context';
import { Organization } from '../organizations/organization.entity';

@ObjectType({ description: 'Who the token speaks for.' })
export class Viewer {
  @Field()
  subject!: string;

  @Field(() => [String])
  roles!: string[];

  @Field(() => Organization, { nullable: true, description: "The token's organization; null for an operator without one." })
  organization!: Organization | null;
}

@Resolver(() => Viewer)
export class ViewerResolver {
  @Query(() => Viewer)
  async viewer(@Ctx() ctx: RequestContext): Promise<Viewer> {
    if (!ctx.scope.claims) ctx.scope.require('read');
    const claims = ctx.scope.claims!;
    const organization = claims.org ? await ctx.loaders.organization.load(Number(claims.org)) : null;
    return { subject: claims.sub, roles: claims.roles, organization };
  }
}
