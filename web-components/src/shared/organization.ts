/** Which organization a widget query answered for. */

export interface OrganizationBase {
  id: string;
  name: string;
  timezone: string;
}

export type OrganizationResult<T> = { viewer?: { organization: (OrganizationBase & T) | null }; organization?: OrganizationBase & T };

/** The organization a query answered, or null when a token without one (an operator) asked. */
export function pickOrganization<T>(data: OrganizationResult<T> | undefined): (OrganizationBase & T) | null {
  if (!data) return null;
  if (data.organization) return data.organization;
  return data.viewer?.organization ?? null;
}
