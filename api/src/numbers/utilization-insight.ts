import { localDateOf } from '../common/calendar';
import { DomainError } from '../common/domain-error';
import { Organization } from '../organizations/organization.entity';
import { NumberLoaders } from './number.loaders';
import { Utilization } from './utilization';
import {
  firstDayNeeded,
  HISTORY_DAYS,
  RunOut,
  runOutForecast,
  utilizationHistory,
  UtilizationPointValue,
} from './utilization-history';

/** The live figures of an organization, as NumberUtilization carries them. */
export type OrganizationUtilization = Utilization & { organization: Organization };

/** The `days` days ending today, oldest first, from the utilization log (DESIGN.md §5). */
export async function utilizationHistoryOf(
  utilization: OrganizationUtilization,
  days: number,
  now: Date,
  loaders: Pick<NumberLoaders, 'utilizationDays'>,
): Promise<UtilizationPointValue[]> {
  if (!Number.isInteger(days) || days < HISTORY_DAYS.min || days > HISTORY_DAYS.max) {
    throw DomainError.invalidInput('days', `days must be from ${HISTORY_DAYS.min} to ${HISTORY_DAYS.max}, got ${days}`);
  }
  const { organization } = utilization;
  const today = localDateOf(now, organization.timezone);
  const rows = await loaders.utilizationDays.load({
    organizationId: organization.id,
    sinceDay: firstDayNeeded(today, Math.max(days, HISTORY_DAYS.default)),
    version: organization.numberOperationSeq,
  });
  return utilizationHistory(rows, today, days, utilization);
}

/** When the available numbers run out at the rate of the last 30 days (DESIGN.md §5). */
export async function runOutOf(
  utilization: OrganizationUtilization,
  now: Date,
  loaders: Pick<NumberLoaders, 'utilizationDays'>,
): Promise<RunOut> {
  const { organization } = utilization;
  const today = localDateOf(now, organization.timezone);
  const rows = await loaders.utilizationDays.load({
    organizationId: organization.id,
    sinceDay: firstDayNeeded(today, HISTORY_DAYS.default),
    version: organization.numberOperationSeq,
  });
  return runOutForecast(rows, today, utilization);
}
