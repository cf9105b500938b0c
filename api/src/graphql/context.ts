import { AppDeps } from '../app-deps';
import { Bearer } from '../auth/bearer-token';
import { resolveScope } from '../auth/scope-resolver';
import { RequestContext, RequestLoaders, Services } from '../common/request-context';
import { createCycleLoaders } from '../cycles/cycle.loaders';
import { createNumberLoaders } from '../numbers/number.loaders';
import { createOrganizationLoaders } from '../organizations/organization.loaders';
import { createUserLoaders } from '../users/user.loaders';

export type { RequestContext, RequestLoaders } from '../common/request-context';

/** Every domain's loaders, fresh for one request. */
export function createLoaders(deps: AppDeps, services: Services, now: Date): RequestLoaders {
  const manager = deps.db.manager;
  return {
    ...createOrganizationLoaders(services.organizations),
    ...createUserLoaders(manager),
    ...createNumberLoaders(manager, now),
    ...createCycleLoaders(services.rollups),
  };
}

export interface RequestInput {
  requestId: string;
  /** The request's bearer token, read once per request (http/request-bearer.ts). */
  bearer: Bearer;
  now: Date;
}

/** The context of one request: its viewer's scope from the bearer token, and fresh loaders. */
export async function createRequestContext(
  deps: AppDeps,
  services: Services,
  request: RequestInput,
): Promise<RequestContext> {
  const { requestId, now } = request;
  const loaders = createLoaders(deps, services, now);
  const scope = await resolveScope(request.bearer, {
    organizationWithAncestors: (id) => services.organizations.withKnownAncestors(id),
    // The token's organization is usually the one asked about: the loader keeps it for the request.
    onOrganization: (org) => loaders.organization.prime(org.id, org),
  });
  return { requestId, scope, now, services, deps, loaders };
}
