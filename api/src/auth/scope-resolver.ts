import { Organization } from '../organizations/organization.entity';
import { Bearer } from './bearer-token';
import { ViewerScope } from './viewer-scope';

export interface ScopeSources {
  /** The organization and, when known, its ancestors (one query). */
  organizationWithAncestors(id: number): Promise<Organization[]>;
  /** Called with every organization loaded on the way, so the request need not load them again. */
  onOrganization?(org: Organization): void;
}

/**
 * The viewer's scope from a request's verified bearer token; a bad token is remembered so that
 * fields needing auth say why.
 */
export async function resolveScope(bearer: Bearer, sources: ScopeSources): Promise<ViewerScope> {
  const { claims, problem } = bearer;
  if (!claims) return new ViewerScope(null, null, problem);
  if (!claims.org) return new ViewerScope(claims, null);
  const orgId = Number(claims.org);
  const loaded = Number.isSafeInteger(orgId) && orgId > 0 ? await sources.organizationWithAncestors(orgId) : [];
  const org = loaded.find((o) => o.id === orgId);
  if (!org) return new ViewerScope(null, null, "The token's organization does not exist");
  if (sources.onOrganization) loaded.forEach(sources.onOrganization);
  return new ViewerScope(claims, org.path);
}
