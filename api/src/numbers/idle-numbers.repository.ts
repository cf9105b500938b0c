import { EntityManager } from 'typeorm';
import { organizationPage } from '../common/paging';
import { sqlDate } from '../db/transformers';
import type { IdleWindow } from './idle-numbers';
import { PhoneNumber } from './phone-number.entity';

/** Whose idle numbers, over which window: the organization's id and its zone (the rollup rows' zone). */
export interface IdleNumbersScope {
  organizationId: number;
  timeZone: string;
  window: IdleWindow;
}

/**
 * The organization's own numbers held by a user who was added before the window and has no usage
 * rollup row (any event, billable or not, even of quantity 0, writes one) on a day of the window in
 * the organization's zone. Through the holder index and one probe per held number into
 * idx_user_usage_rollup_user (1764870000000): never a scan of events, nor of other users' rows.
 */
const IDLE_CONDITION = `row.state IN ('ASSIGNED', 'REGISTERED')
  AND u.added_at < :startsAt
  AND NOT EXISTS (
    SELECT 1 FROM user_usage_rollup r
     WHERE r.organization_id = row.organization_id AND r.user_id = row.user_id AND r.grain = 'DAY'
       AND r.timezone = :timeZone AND r.period_date >= :firstDay AND r.period_date <= :today)`;

function idleParameters({ timeZone, window }: IdleNumbersScope) {
  return { timeZone, firstDay: window.firstDay, today: window.today, startsAt: sqlDate(window.startsAt) };
}

/** How many of the organization's numbers are idle over the window. */
export async function countIdleNumbers(manager: EntityManager, scope: IdleNumbersScope): Promise<number> {
  return manager
    .getRepository(PhoneNumber)
    .createQueryBuilder('row')
    .innerJoin('app_user', 'u', 'u.id = row.user_id')
    .where('row.organization_id = :organizationId', { organizationId: scope.organizationId })
    .andWhere(IDLE_CONDITION, idleParameters(scope))
    .getCount();
}

/** A page of them, by number id; `after` is the last number id of the previous page. */
export function idleNumbersPage(
  manager: EntityManager,
  scope: IdleNumbersScope,
  { first, after, max }: { first: number; after?: string | null; max: number },
): Promise<PhoneNumber[]> {
  return organizationPage(manager, PhoneNumber, scope.organizationId, { first, after, max, order: 'ASC' })
    .innerJoin('app_user', 'u', 'u.id = row.user_id')
    .andWhere(IDLE_CONDITION, idleParameters(scope))
    .getMany();
}
