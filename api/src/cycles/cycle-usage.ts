import { countLookup } from '../common/cache-stats';
import type { VersionedCache } from '../common/versioned-cache';
import { Organization } from '../organizations/organization.entity';
import { cycleBoundsAt, localDateOf } from '../common/calendar';
import { computeCycleFigures, CyclePeriod, reportedAmount, SeriesPoint, USAGE_UNITS } from './cycle-figures';
import { computeCycleInsight } from './cycle-insight';
import { CycleLoaders } from './cycle.loaders';
import { CycleUsage, UsagePoint, UsageTotal } from './cycle.types';
import { RollupRow } from '../usage/usage-rollup.entity';
import { UsageType } from '../rating/usage-type';

/**
 * Computed figures a process keeps (CycleUsageService), per organization, scope, period
 * and local day, for one rollup version: they depend on nothing else (time zone and cycle start day
 * never change).
 */
export type CycleUsageCache = VersionedCache<CycleUsage>;

/**
 * A billing period's figures for the organization, from the rollup rows (through the request's
 * loader); answered from `cache` when this process computed them for the same rollup version today.
 */
export async function cycleUsageOf(
  org: Organization,
  period: CyclePeriod,
  includeSubOrganizations: boolean,
  now: Date,
  rollupRows: CycleLoaders['rollupRows'],
  cache?: CycleUsageCache,
): Promise<CycleUsage> {
  const { timezone, cycleStartDay, usageVersion } = org;
  const scope = includeSubOrganizations ? 'TREE' : 'SELF';
  const key = `${org.id}|${scope}|${period}|${localDateOf(now, timezone)}`;
  const cached = usageVersion === undefined ? undefined : cache?.get(key, usageVersion);
  if (cache) countLookup('cycleFigures', cached !== undefined);
  if (cached) return cached;
  const pastStart = cycleBoundsAt(now, timezone, cycleStartDay, -1).startDate;
  const rows = await rollupRows.load({ organizationId: org.id, scope, sinceDate: pastStart, version: usageVersion });
  const usage = computeCycleUsage(org, period, now, rows);
  if (usageVersion !== undefined) cache?.set(key, usageVersion, usage);
  return usage;
}

function computeCycleUsage(org: Organization, period: CyclePeriod, now: Date, rows: RollupRow[]): CycleUsage {
  const { timezone, cycleStartDay } = org;
  const figures = computeCycleFigures({ period, now, timezone, cycleStartDay, rows });
  const billable = {
    [UsageType.VOICE]: figures.totals.VOICE.billable,
    [UsageType.MESSAGE]: figures.totals.MESSAGE.billable,
    [UsageType.DATA]: figures.totals.DATA.billable,
  };
  const insight = computeCycleInsight({ period, now, timezone, cycleStartDay, rows, billable });
  const origin = { organizationId: org.id, period, topLevel: org.parentId === null };
  const total = (type: UsageType): UsageTotal => ({
    type,
    unit: USAGE_UNITS[type],
    ...reportedAmount(type, figures.totals[type]),
    ...insight.byType[type],
    origin,
  });
  return {
    period,
    start: figures.start,
    end: figures.end,
    newUsers: figures.newUsers,
    activeUsers: figures.activeUsers,
    voice: total(UsageType.VOICE),
    message: total(UsageType.MESSAGE),
    data: total(UsageType.DATA),
    dataAsOf: insight.dataAsOf,
    figures,
    origin,
  };
}

/** A series as reported: VOICE points in minutes, with their rated seconds. */
export function reportedSeries(type: UsageType, points: SeriesPoint[]): UsagePoint[] {
  return points.map((p) => ({ date: p.date, ...reportedAmount(type, p) }));
}
