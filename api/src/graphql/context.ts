import { AppDeps } from '../db/app-deps';
import { Bearer } from '../auth/bearer-token';
import { resolveScope } from '../auth/scope-resolver';
import { RequestContext, RequestLoaders, Services } from '../auth/request-context';
import { createCycleLoaders } from '../cycles/cycle.loaders';
import { createNumberLoaders } from '../numbers/number.loaders';
import { createOrganizationLoaders } from '../organizations/organization.loaders';
import { createUserLoaders } from '../users/user.loaders';

export type { RequestContext, RequestLoaders } from '../auth/request-context';

/** Every domain's loaders, fresh for one request. */
export function createLoaders(deps: AppDeps, services: Services, now: Date): RequestLoaders {
  const manager = deps.db.manager;
  return {
    ...createOrganizationLoaders(services.organizations),
    ...createUserLoaders(manager),
    ...createNumberLoaders(manager, now, services.numbers.utilizationDaysCache),
    ...createCycleLoaders(services.rollups),
  };
}

export interface RequestInput {
  requestId: string;
  /** The request's bearer token, read once per request (http/request-bearer.ts). */
  bearer: Bearer;
  now: Date;
}

/**
 * The context of one request: its viewer's scope from the bearer token, and fresh loaders. No SQL:
 * the token's organization is known to exist once this process has seen it (organizations are never
 * deleted); otherwise the first field needing a valid token reads it through the request's loader,
 * where the field asking about that organization (usually the same one) finds it.
 */
export function createRequestContext(deps: AppDeps, services: Services, request: RequestInput): RequestContext {
  const { requestId, now } = request;
  const loaders = createLoaders(deps, services, now);
  const scope = resolveScope(
    request.bearer,
    (id) => services.organizations.isKnown(id) || loaders.organization.load(id).then((org) => org !== null),
  );
  return { requestId, scope, now, services, deps, loaders };
}
