import DataLoader from 'dataloader';
import { In } from 'typeorm';
import { AppDeps } from '../app-deps';
import { RequestBearer } from '../http/request-bearer';
import { ViewerScope } from '../auth/viewer-scope';
import { RollupScope, RollupRow } from '../cycles/usage-rollup.entity';
import { Organization } from '../organizations/organization.entity';
import { PhoneNumber } from '../numbers/phone-number.entity';
import { Utilization } from '../numbers/utilization';
import { Services } from '../services';
import { User } from '../users/user.entity';

/** Made once per request: who asks, the time, and fresh loaders so no field queries per row. */
export interface RequestContext {
  requestId: string;
  scope: ViewerScope;
  now: Date;
  services: Services;
  deps: AppDeps;
  loaders: RequestLoaders;
}

export interface RequestLoaders {
  organization: DataLoader<number, Organization | null>;
  children: DataLoader<number, Organization[]>;
  user: DataLoader<number, User | null>;
  numberOfUser: DataLoader<number, PhoneNumber | null>;
  utilization: DataLoader<Organization, Utilization, number>;
  rollupRows: DataLoader<{ organizationId: number; scope: RollupScope; sinceDate: string }, RollupRow[], string>;
}

function byId<T extends { id: number }>(ids: readonly number[], rows: T[]): Array<T | null> {
  const map = new Map(rows.map((r) => [r.id, r]));
  return ids.map((id) => map.get(id) ?? null);
}

export function createLoaders(deps: AppDeps, services: Services, now: Date): RequestLoaders {
  const manager = deps.db.manager;
  return {
    organization: new DataLoader(async (ids) => byId(ids, await services.organizations.findByIds(ids))),
    children: new DataLoader(async (ids) => {
      const map = await services.organizations.children(ids);
      return ids.map((id) => map.get(id) ?? []);
    }),
    user: new DataLoader(async (ids) => byId(ids, await manager.getRepository(User).findBy({ id: In([...ids]) }))),
    numberOfUser: new DataLoader(async (userIds) => {
      const rows = await manager.getRepository(PhoneNumber).findBy({ userId: In([...userIds]) });
      const map = new Map(rows.map((r) => [r.userId!, r]));
      return userIds.map((id) => map.get(id) ?? null);
    }),
    utilization: new DataLoader((orgs) => Promise.all(orgs.map((org) => services.numbers.utilization(org, manager, now))), {
      cacheKeyFn: (org) => org.id,
    }),
    rollupRows: new DataLoader(
      (keys) => Promise.all(keys.map((k) => services.rollups.rowsFor(k.organizationId, k.scope, k.sinceDate))),
      { cacheKeyFn: (k) => `${k.organizationId}|${k.scope}|${k.sinceDate}` },
    ),
  };
}

/** The scope of a request's bearer token; a bad token is remembered so that fields needing auth say why. */
export async function resolveScope(services: Services, bearer: RequestBearer, onOrganization?: (org: Organization) => void): Promise<ViewerScope> {
  const { claims, problem } = bearer;
  if (!claims) return new ViewerScope(null, null, problem);
  if (!claims.org) return new ViewerScope(claims, null);
  const orgId = Number(claims.org);
  const loaded = Number.isSafeInteger(orgId) && orgId > 0 ? await services.organizations.withKnownAncestors(orgId) : [];
  const org = loaded.find((o) => o.id === orgId);
  if (!org) return new ViewerScope(null, null, "The token's organization does not exist");
  if (onOrganization) loaded.forEach(onOrganization);
  return new ViewerScope(claims, org.path);
}
