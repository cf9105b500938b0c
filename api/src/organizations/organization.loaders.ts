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

/** Fresh per request: organizations by id, and the children of each. */
export function createOrganizationLoaders(organizations: OrganizationService): OrganizationLoaders {
  return {
    organization: new DataLoader(async (ids) => byId(ids, await organizations.findByIds(ids))),
    children: new DataLoader(async (ids) => {
      const map = await organizations.children(ids);
      return ids.map((id) => map.get(id) ?? []);
    }),
  };
}
