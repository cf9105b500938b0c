import { Authorized, Ctx, Field, ObjectType, Query, Resolver } from 'type-graphql';
import { RequestContext } from '../auth/request-context';
import { Organization } from './organization.entity';
import { ViewerScope } from '../auth/viewer-scope';
import { OrganizationLoaders } from './organization.loaders';

/** The services and loaders these resolvers use. */
type ViewerContext = RequestContext<object, Pick<OrganizationLoaders, 'organization'>>;

@ObjectType({ description: 'Who the token speaks for.' })
export class Viewer {
  @Field({ description: "The token's subject (its sub claim): who is signed in." })
  subject!: string;

  @Field(() => [String], {
    description:
      "The token's roles, any of operator (the carrier's staff), admin (reads and changes), viewer (reads) " +
      'and ingest (records usage only).',
  })
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
  @Query(() => Viewer, { description: 'Who the token speaks for: its subject, roles and organization.' })
  viewer(@Ctx() ctx: ViewerContext): Promise<Viewer> {
    return viewerOf(ctx.scope, (id) => ctx.loaders.organization.load(id));
  }
}
