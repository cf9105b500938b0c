import DataLoader from 'dataloader';
import { EntityManager } from 'typeorm';
import { VersionedCache } from '../common/versioned-cache';
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
  /**
   * The organization's numberOperationSeq as this request read it: every number operation moves it
   * in the transaction that writes the organization's log rows. Undefined: unknown, read the rows.
   */
  version?: number;
}

/** Logged utilization days a process keeps, per organization and first day, for one numberOperationSeq. */
export type UtilizationDaysCache = VersionedCache<UtilizationDay[]>;

export function createUtilizationDaysCache(): UtilizationDaysCache {
  return new VersionedCache<UtilizationDay[]>(500);
}

export interface NumberLoaders {
  numberOfUser: DataLoader<number, PhoneNumber | null>;
  utilization: DataLoader<Organization, Utilization, number>;
  utilizationDays: DataLoader<UtilizationDaysKey, UtilizationDay[], string>;
}

/**
 * One statement per organization however many windows its fields ask for (the earliest covers them
 * all), none when this process read the same days for the same numberOperationSeq.
 */
async function loadUtilizationDays(
  manager: EntityManager,
  cache: UtilizationDaysCache,
  keys: readonly UtilizationDaysKey[],
) {
  const since = new Map<number, { sinceDay: string; version?: number }>();
  for (const k of keys) {
    const known = since.get(k.organizationId);
    if (known === undefined || k.sinceDay < known.sinceDay) since.set(k.organizationId, k);
  }
  const rows = new Map<number, UtilizationDay[]>();
  for (const [organizationId, { sinceDay, version }] of since) {
    const key = `${organizationId}|${sinceDay}`;
    let days = version === undefined ? undefined : cache.get(key, version);
    if (!days) {
      days = await utilizationDaysSince(manager, organizationId, sinceDay);
      if (version !== undefined) cache.set(key, version, days);
    }
    rows.set(organizationId, days);
  }
  // Each key gets its organization's rows: a wider window only adds days before the one asked for.
  return keys.map((k) => rows.get(k.organizationId)!);
}

/**
 * Fresh per request: each user's number, each organization's utilization as of the request's time, and
 * its logged utilization days.
 */
export function createNumberLoaders(
  manager: EntityManager,
  now: Date,
  cache: UtilizationDaysCache = createUtilizationDaysCache(),
): NumberLoaders {
  return {
    numberOfUser: new DataLoader(async (userIds) => {
      const map = new Map((await numbersOfUsers(manager, userIds)).map((r) => [r.userId!, r]));
      return userIds.map((id) => map.get(id) ?? null);
    }),
    utilization: new DataLoader((orgs) => Promise.all(orgs.map((org) => measureUtilization(manager, org.id, now))), {
      cacheKeyFn: (org) => org.id,
    }),
    utilizationDays: new DataLoader((keys) => loadUtilizationDays(manager, cache, keys), {
      cacheKeyFn: (k) => `${k.organizationId}|${k.sinceDay}`,
    }),
  };
}
