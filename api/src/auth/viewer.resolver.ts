import { Authorized, Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { RequestContext } from '../common/request-context';
import { Organization } from '../organizations/organization.entity';
import { ViewerScope } from './viewer-scope';

@ObjectType({ description: 'Who the token speaks for.' })
export class Viewer {
  @Field()
  subject!: string;

  @Field(() => [String])
  roles!: string[];

  @Field(() => Organization, {
    nullable: true,
    description: "The token's organization; null for an operator without one.",
  })
  organization!: Organization | null;
}

/** The token's subject, roles and organization (loaded through the request's loader). */
export async function viewerOf(
  scope: ViewerScope,
  load: (id: number) => Promise<Organization | null>,
): Promise<Viewer> {
  const claims = scope.authenticated();
  const organization = claims.org ? await load(Number(claims.org)) : null;
  return { subject: claims.sub, roles: claims.roles, organization };
}

@Resolver(() => Viewer)
export class ViewerResolver {
  // Any valid token, whatever its roles.
  @Authorized()
  @Query(() => Viewer)
  viewer(@Ctx() ctx: RequestContext): Promise<Viewer> {
    return viewerOf(ctx.scope, (id) => ctx.loaders.organization.load(id));
  }
}
