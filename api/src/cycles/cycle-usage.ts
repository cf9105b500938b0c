import { Organization } from '../organizations/organization.entity';
import { cycleBoundsAt } from './cycle-bounds';
import { computeCycleFigures, CyclePeriod, USAGE_UNITS } from './cycle-figures';
import { CycleLoaders } from './cycle.loaders';
import { CycleUsage, UsageTotal } from './cycle.types';
import { UsageType } from './usage-event.entity';

/** A billing period's figures for the organization, from the rollup rows (through the request's loader). */
export async function cycleUsageOf(
  org: Organization,
  period: CyclePeriod,
  includeSubOrganizations: boolean,
  now: Date,
  rollupRows: CycleLoaders['rollupRows'],
): Promise<CycleUsage> {
  const pastStart = cycleBoundsAt(now, org.timezone, org.cycleStartDay, -1).startDate;
  const rows = await rollupRows.load({
    organizationId: org.id,
    scope: includeSubOrganizations ? 'TREE' : 'SELF',
    sinceDate: pastStart,
  });
  const figures = computeCycleFigures({ period, now, timezone: org.timezone, cycleStartDay: org.cycleStartDay, rows });
  const total = (type: UsageType): UsageTotal => ({ type, unit: USAGE_UNITS[type], ...figures.totals[type] });
  return {
    period,
    start: figures.start,
    end: figures.end,
    newUsers: figures.newUsers,
    activeUsers: figures.activeUsers,
    voice: total(UsageType.VOICE),
    message: total(UsageType.MESSAGE),
    data: total(UsageType.DATA),
    figures,
  };
}
