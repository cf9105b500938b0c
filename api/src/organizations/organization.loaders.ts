import DataLoader from 'dataloader';
import { Organization } from './organization.entity';
import { OrganizationService } from './organization.service';

export interface OrganizationLoaders {
  organization: DataLoader<number, Organization | null>;
  children: DataLoader<number, Organization[]>;
}

function byId<T extends { id: number }>(ids: readonly number[], rows: T[]): Array<T | null> {
  const map = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => map.get(id) ?? null);
}

/**
 * Fresh per request: organizations by id (with their known ancestors, kept for the request too), and
 * the children of each.
 */
export function createOrganizationLoaders(organizations: OrganizationService): OrganizationLoaders {
  const organization: DataLoader<number, Organization | null> = new DataLoader(async (ids) => {
    const rows = await organizations.freshRows(ids);
    const asked = new Set(ids);
    for (const row of rows) if (!asked.has(row.id)) organization.prime(row.id, row);
    return byId(ids, rows);
  });
  return {
    organization,
    children: new DataLoader(async (ids) => {
      const map = await organizations.children(ids);
      return ids.map((id) => map.get(id) ?? []);
    }),
  };
}
