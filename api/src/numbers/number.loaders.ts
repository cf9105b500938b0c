import DataLoader from 'dataloader';
import { EntityManager } from 'typeorm';
import { countLookup } from '../common/cache-stats';
import { VersionedCache } from '../common/versioned-cache';
import { Organization } from '../organizations/organization.entity';
import { PhoneNumber } from './phone-number.entity';
import { measureUtilizationUntil, numbersOfUsers } from './phone-number.repository';
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

/**
 * Utilizations a process keeps, per organization and numbers_below, for one numberOperationSeq (every
 * number operation moves it), each valid from when it was measured until the first pending invitation
 * expires: exact for any request that read the organization's row, at any time.
 */
export type UtilizationCache = VersionedCache<{ utilization: Utilization; measuredAt: number; validUntil: number }>;

/** What a process keeps of its organizations' numbers (NumberService holds them). */
export interface NumberCaches {
  days: UtilizationDaysCache;
  utilization: UtilizationCache;
}

export function createNumberCaches(): NumberCaches {
  // Sized for the organizations of a busy hour on one process (~1,500; a few KB each).
  return { days: new VersionedCache(1500), utilization: new VersionedCache(2000) };
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

/** The organization's utilization at `now`, kept while its row's numberOperationSeq and numbers_below stand. */
async function utilizationOf(manager: EntityManager, caches: NumberCaches, org: Organization, now: Date) {
  const key = `${org.id}|${org.numbersBelow}`;
  const at = now.getTime();
  const kept = caches.utilization.get(key, org.numberOperationSeq);
  const fresh = kept !== undefined && at >= kept.measuredAt && at < kept.validUntil;
  countLookup('utilization', fresh);
  if (fresh) return kept.utilization;
  const { utilization, validUntil } = await measureUtilizationUntil(manager, org.id, now);
  caches.utilization.set(key, org.numberOperationSeq, { utilization, measuredAt: at, validUntil });
  return utilization;
}

/**
 * Fresh per request: each user's number, each organization's utilization as of the request's time, and
 * its logged utilization days.
 */
export function createNumberLoaders(
  manager: EntityManager,
  now: Date,
  caches: NumberCaches = createNumberCaches(),
): NumberLoaders {
  return {
    numberOfUser: new DataLoader(async (userIds) => {
      const map = new Map((await numbersOfUsers(manager, userIds)).map((r) => [r.userId!, r]));
      return userIds.map((id) => map.get(id) ?? null);
    }),
    utilization: new DataLoader((orgs) => Promise.all(orgs.map((org) => utilizationOf(manager, caches, org, now))), {
      cacheKeyFn: (org) => org.id,
    }),
    utilizationDays: new DataLoader((keys) => loadUtilizationDays(manager, caches.days, keys), {
      cacheKeyFn: (k) => `${k.organizationId}|${k.sinceDay}`,
    }),
  };
}
