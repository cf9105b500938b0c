import DataLoader from 'dataloader';
import { EntityManager } from 'typeorm';
import { Organization } from '../organizations/organization.entity';
import { PhoneNumber } from './phone-number.entity';
import { measureUtilization, numbersOfUsers } from './phone-number.repository';
import { Utilization } from './utilization';
import { utilizationDaysSince } from './utilization-day.repository';
import { UtilizationDay } from './utilization-history';

export interface UtilizationDaysKey {
  organizationId: number;
  /** The first local day needed; the last day before it comes too (its figures carry into it). */
  sinceDay: string;
}

export interface NumberLoaders {
  numberOfUser: DataLoader<number, PhoneNumber | null>;
  utilization: DataLoader<Organization, Utilization, number>;
  utilizationDays: DataLoader<UtilizationDaysKey, UtilizationDay[], string>;
}

/** One statement per organization however many windows its fields ask for: the earliest covers them all. */
async function loadUtilizationDays(manager: EntityManager, keys: readonly UtilizationDaysKey[]) {
  const since = new Map<number, string>();
  for (const k of keys) {
    const known = since.get(k.organizationId);
    if (known === undefined || k.sinceDay < known) since.set(k.organizationId, k.sinceDay);
  }
  const rows = new Map<number, UtilizationDay[]>();
  for (const [organizationId, sinceDay] of since) {
    rows.set(organizationId, await utilizationDaysSince(manager, organizationId, sinceDay));
  }
  // Each key gets its organization's rows: a wider window only adds days before the one asked for.
  return keys.map((k) => rows.get(k.organizationId)!);
}

/**
 * Fresh per request: each user's number, each organization's utilization as of the request's time, and
 * its logged utilization days.
 */
export function createNumberLoaders(manager: EntityManager, now: Date): NumberLoaders {
  return {
    numberOfUser: new DataLoader(async (userIds) => {
      const map = new Map((await numbersOfUsers(manager, userIds)).map((r) => [r.userId!, r]));
      return userIds.map((id) => map.get(id) ?? null);
    }),
    utilization: new DataLoader((orgs) => Promise.all(orgs.map((org) => measureUtilization(manager, org.id, now))), {
      cacheKeyFn: (org) => org.id,
    }),
    utilizationDays: new DataLoader((keys) => loadUtilizationDays(manager, keys), {
      cacheKeyFn: (k) => `${k.organizationId}|${k.sinceDay}`,
    }),
  };
}
