/** Which organization a widget query answered for. */

/** What either spelling of an organization query answers: by id, or the token's own through `viewer`. */
export type OrganizationResult<T> = { viewer: { organization: T | null } } | { organization: T };

/** The organization a query answered, or null when a token without one (an operator) asked. */
export function pickOrganization<T>(data: OrganizationResult<T> | undefined): T | null {
  if (!data) return null;
  if ('organization' in data) return data.organization;
  return data.viewer?.organization ?? null;
}
