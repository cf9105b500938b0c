import { Organization } from '../organizations/organization.entity';
import { cycleBoundsAt } from './cycle-bounds';
import { computeCycleFigures, CyclePeriod, reportedAmount, SeriesPoint, USAGE_UNITS } from './cycle-figures';
import { computeCycleInsight } from './cycle-insight';
import { CycleLoaders } from './cycle.loaders';
import { CycleUsage, UsagePoint, UsageTotal } from './cycle.types';
import { UsageType } from './usage-event.entity';

/** A billing period's figures for the organization, from the rollup rows (through the request's loader). */
export async function cycleUsageOf(
  org: Organization,
  period: CyclePeriod,
  includeSubOrganizations: boolean,
  now: Date,
  rollupRows: CycleLoaders['rollupRows'],
): Promise<CycleUsage> {
  const { timezone, cycleStartDay } = org;
  const pastStart = cycleBoundsAt(now, timezone, cycleStartDay, -1).startDate;
  const rows = await rollupRows.load({
    organizationId: org.id,
    scope: includeSubOrganizations ? 'TREE' : 'SELF',
    sinceDate: pastStart,
  });
  const figures = computeCycleFigures({ period, now, timezone, cycleStartDay, rows });
  const billable = {
    [UsageType.VOICE]: figures.totals.VOICE.billable,
    [UsageType.MESSAGE]: figures.totals.MESSAGE.billable,
    [UsageType.DATA]: figures.totals.DATA.billable,
  };
  const insight = computeCycleInsight({ period, now, timezone, cycleStartDay, rows, billable });
  const total = (type: UsageType): UsageTotal => ({
    type,
    unit: USAGE_UNITS[type],
    ...reportedAmount(type, figures.totals[type]),
    ...insight.byType[type],
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
  };
}

/** A series as reported: VOICE points in minutes, with their rated seconds. */
export function reportedSeries(type: UsageType, points: SeriesPoint[]): UsagePoint[] {
  return points.map((p) => ({ date: p.date, ...reportedAmount(type, p) }));
}
