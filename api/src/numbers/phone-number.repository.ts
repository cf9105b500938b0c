import { EntityManager, In } from 'typeorm';
import { organizationPage } from '../common/paging';
import { fromSqlDate, sqlDate } from '../db/transformers';
import { NumberState, PhoneNumber } from './phone-number.entity';
import { computeUtilization, countsFromRows, Utilization } from './utilization';

/** The phone_number table's reads and writes, in one place. */

const IDS_PER_STATEMENT = 1000;

/** An organization's utilization as of `now` (invitations expire). */
/** An assigned number's invitation still pending at the query's time (the `?` it takes). */
const PENDING = 'u.registered_at IS NULL AND u.deactivated_at IS NULL AND u.invitation_expires_at > ?';

export async function measureUtilization(
  manager: EntityManager,
  organizationId: number,
  now: Date,
): Promise<Utilization> {
  return (await measureUtilizationUntil(manager, organizationId, now)).utilization;
}

/**
 * The utilization at `now`, and until when it holds while no number operation moves the organization:
 * the first pending invitation's expiry (Infinity when none is pending).
 */
export async function measureUtilizationUntil(
  manager: EntityManager,
  organizationId: number,
  now: Date,
): Promise<{ utilization: Utilization; validUntil: number }> {
  // Own numbers by state through the holder index, joining users for assigned ones only; numbers
  // below come from the organization's counter, so the cost does not grow with the subtree.
  const rows: Array<{
    own: number | string;
    state: NumberState;
    n: number | string;
    pending: number | string | null;
    next_expiry: Date | string | null;
  }> = await manager.query(
    `SELECT 1 AS own, p.state AS state, COUNT(*) AS n,
            SUM(CASE WHEN ${PENDING} THEN 1 ELSE 0 END) AS pending,
            MIN(CASE WHEN ${PENDING} THEN u.invitation_expires_at END) AS next_expiry
       FROM phone_number p LEFT JOIN app_user u ON p.state = 'ASSIGNED' AND u.id = p.user_id
      WHERE p.organization_id = ?
      GROUP BY p.state
     UNION ALL
     SELECT 0, 'AVAILABLE', numbers_below, 0, NULL FROM organization WHERE id = ?`,
    [sqlDate(now), sqlDate(now), organizationId, organizationId],
  );
  const utilization = computeUtilization(
    countsFromRows(
      rows.map((r) => ({
        own: Number(r.own) === 1,
        state: r.state,
        count: Number(r.n),
        pending: Number(r.pending ?? 0),
      })),
    ),
  );
  const expiries = rows.map((r) => fromSqlDate(r.next_expiry)?.getTime() ?? Infinity);
  return { utilization, validUntil: Math.min(Infinity, ...expiries) };
}

export function findNumber(manager: EntityManager, id: number): Promise<PhoneNumber | null> {
  return manager.getRepository(PhoneNumber).findOneBy({ id });
}

/** Which of `numbers` are already in service anywhere, in no particular order. */
export async function numbersInService(manager: EntityManager, numbers: string[]): Promise<string[]> {
  const found: string[] = [];
  for (let i = 0; i < numbers.length; i += IDS_PER_STATEMENT) {
    const chunk = numbers.slice(i, i + IDS_PER_STATEMENT);
    const rows: Array<{ number: string }> = await manager.query(
      `SELECT number FROM phone_number WHERE number IN (${chunk.map(() => '?').join(',')})`,
      chunk,
    );
    found.push(...rows.map((r) => r.number));
  }
  return found;
}

/** One number as it is, inserted directly (seeds); numbers_below must be recounted after. */
export async function insertNumberRow(
  manager: EntityManager,
  row: Pick<PhoneNumber, 'number' | 'organizationId' | 'orgPath' | 'state' | 'userId' | 'updatedAt'>,
): Promise<void> {
  await manager.query(
    `INSERT INTO phone_number (number, organization_id, org_path, state, user_id, updated_at)
     VALUES (?, ?, ?, ?, ?, ?)`,
    [row.number, row.organizationId, row.orgPath, row.state, row.userId, sqlDate(row.updatedAt)],
  );
}

/** New AVAILABLE numbers held by `holder`. */
export async function insertAvailableNumbers(
  manager: EntityManager,
  numbers: string[],
  holder: { id: number; path: string },
  now: Date,
): Promise<PhoneNumber[]> {
  const repo = manager.getRepository(PhoneNumber);
  const rows = numbers.map((number) =>
    repo.create({
      number,
      organizationId: holder.id,
      orgPath: holder.path,
      state: NumberState.AVAILABLE,
      userId: null,
      updatedAt: now,
    }),
  );
  await repo.save(rows, { chunk: 500 });
  return rows;
}

export async function saveNumberState(
  manager: EntityManager,
  number: PhoneNumber,
  state: NumberState,
  userId: number | null,
  now: Date,
): Promise<void> {
  await manager.query('UPDATE phone_number SET state = ?, user_id = ?, updated_at = ? WHERE id = ?', [
    state,
    userId,
    sqlDate(now),
    number.id,
  ]);
  Object.assign(number, { state, userId, updatedAt: now });
}

/** Up to `count` of an organization's AVAILABLE numbers, lowest number first. */
export function availableNumbers(
  manager: EntityManager,
  organizationId: number,
  count: number,
): Promise<PhoneNumber[]> {
  return manager
    .getRepository(PhoneNumber)
    .createQueryBuilder('p')
    .where('p.organization_id = :id AND p.state = :state', { id: organizationId, state: NumberState.AVAILABLE })
    .orderBy('p.number', 'ASC')
    .limit(count)
    .getMany();
}

/** Hands AVAILABLE numbers to another holder. */
export async function moveNumbers(
  manager: EntityManager,
  numbers: PhoneNumber[],
  to: { id: number; path: string },
  now: Date,
): Promise<void> {
  const ids = numbers.map((n) => n.id);
  for (let i = 0; i < ids.length; i += IDS_PER_STATEMENT) {
    const chunk = ids.slice(i, i + IDS_PER_STATEMENT);
    await manager.query(
      `UPDATE phone_number SET organization_id = ?, org_path = ?, updated_at = ?
        WHERE id IN (${chunk.map(() => '?').join(',')}) AND state = 'AVAILABLE'`,
      [to.id, to.path, sqlDate(now), ...chunk],
    );
  }
  for (const n of numbers) Object.assign(n, { organizationId: to.id, orgPath: to.path, updatedAt: now });
}

/** The user's ASSIGNED number becomes REGISTERED. */
export async function registerNumberOfUser(manager: EntityManager, userId: number, at: Date): Promise<void> {
  await manager.query(
    `UPDATE phone_number SET state = 'REGISTERED', updated_at = ? WHERE user_id = ? AND state = 'ASSIGNED'`,
    [sqlDate(at), userId],
  );
}

/** The user's number goes back to AVAILABLE, without a user. */
export async function freeNumberOfUser(manager: EntityManager, userId: number, at: Date): Promise<void> {
  await manager.query(`UPDATE phone_number SET state = 'AVAILABLE', user_id = NULL, updated_at = ? WHERE user_id = ?`, [
    sqlDate(at),
    userId,
  ]);
}

export async function numbersOfUsers(manager: EntityManager, userIds: readonly number[]): Promise<PhoneNumber[]> {
  return manager.getRepository(PhoneNumber).findBy({ userId: In([...userIds]) });
}

/** An organization's own numbers, by id, optionally in one state. */
export function numbersPage(
  manager: EntityManager,
  organizationId: number,
  { state, first, after }: { state?: NumberState | null; first: number; after?: string | null },
): Promise<PhoneNumber[]> {
  const query = organizationPage(manager, PhoneNumber, organizationId, { first, after, max: 1000, order: 'ASC' });
  if (state) query.andWhere('row.state = :state', { state });
  return query.getMany();
}
