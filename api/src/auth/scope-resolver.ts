import { Bearer } from './bearer-token';
import { OrganizationExists, ViewerScope } from './viewer-scope';

/**
 * The viewer's scope from a request's verified bearer token, without a database read: the token's
 * organization is looked up (`organizationExists`) only when a field needs a valid token. A bad
 * token is remembered so that fields needing auth say why.
 */
export function resolveScope(bearer: Bearer, organizationExists: OrganizationExists): ViewerScope {
  const { claims, problem } = bearer;
  if (!claims) return new ViewerScope(null, problem);
  return new ViewerScope(claims, null, organizationExists);
}
