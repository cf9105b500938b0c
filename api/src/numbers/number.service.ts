import { EntityManager } from 'typeorm';
import { AppDeps } from '../app-deps';
import { ViewerScope } from '../auth/viewer-scope';
import { RollupService } from '../cycles/rollup.service';
import { RollupMetric } from '../cycles/usage-rollup.entity';
import { driverErrorCode } from '../db/database';
import { sqlDate } from '../db/transformers';
import { badInput, forbidden, notFound } from '../graphql/errors';
import { NotificationCause } from '../notifications/notification.entity';
import { enqueueNotification } from '../notifications/outbox';
import { thresholdEmail } from '../notifications/threshold-email';
import { thresholdCauseOfOperation, thresholdCauseOfSave } from '../notifications/threshold-rules';
import { Organization } from '../organizations/organization.entity';
import { parseId } from '../organizations/organization.service';
import { idsOnPath, subtreeRange } from '../organizations/organization-path';
import { User } from '../users/user.entity';
import { isE164 } from './e164';
import { NumberState, PhoneNumber } from './phone-number.entity';
import { computeUtilization, countsFromRows, isThresholdReached, Utilization } from './utilization';

export const MAX_NUMBERS_PER_CALL = 10_000;
const EMAIL_PATTERN = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;

/**
 * Number states, the user lifecycle they drive, utilization and the threshold emails they cause.
 * Every operation locks the organizations whose utilization it changes (in id order), so
 * concurrent operations on one pool serialize and threshold decisions never miscount.
 */
export class NumberService {
  constructor(
    private readonly deps: AppDeps,
    private readonly rollups: RollupService,
  ) {}

  async utilization(org: Pick<Organization, 'id' | 'path'>, manager: EntityManager = this.deps.db.manager, now = this.deps.clock()): Promise<Utilization> {
    // Own numbers by state through the holder index, joining users for assigned ones only; numbers
    // below come from the organization's counter, so the cost does not grow with the subtree.
    const rows: Array<{ own: number | string; state: NumberState; n: number | string; pending: number | string | null }> = await manager.query(
      `SELECT 1 AS own, p.state AS state, COUNT(*) AS n,
              SUM(CASE WHEN u.registered_at IS NULL AND u.deactivated_at IS NULL AND u.invitation_expires_at > ? THEN 1 ELSE 0 END) AS pending
         FROM phone_number p LEFT JOIN app_user u ON p.state = 'ASSIGNED' AND u.id = p.user_id
        WHERE p.organization_id = ?
        GROUP BY p.state
       UNION ALL
       SELECT 0, 'AVAILABLE', numbers_below, 0 FROM organization WHERE id = ?`,
      [sqlDate(now), org.id, org.id],
    );
    return computeUtilization(
      countsFromRows(rows.map((r) => ({ own: Number(r.own) === 1, state: r.state, count: Number(r.n), pending: Number(r.pending ?? 0) }))),
    );
  }

  async setThreshold(scope: ViewerScope, organizationIdRaw: string, percent: number): Promise<{ percent: number; reached: boolean }> {
    scope.require('change');
    const organizationId = parseId(organizationIdRaw, 'organizationId');
    if (!Number.isInteger(percent) || percent < 1 || percent > 100) throw badInput('percent', 'percent must be a whole number from 1 to 100');
    return this.deps.db.transaction(async (manager) => {
      const [org] = await this.lockOrganizations(manager, [organizationId]);
      scope.ensureVisible(org, 'Organization', organizationId);
      const now = this.deps.clock();
      const current = await this.utilization(org, manager, now);
      org.numberOperationSeq += 1;
      await manager.query('UPDATE organization SET utilization_threshold_percent = ?, number_operation_seq = ? WHERE id = ?', [
        percent,
        org.numberOperationSeq,
        org.id,
      ]);
      org.utilizationThresholdPercent = percent;
      const cause = thresholdCauseOfSave(current, percent);
      if (cause) await this.notify(manager, org, cause, current, now);
      return { percent, reached: isThresholdReached(current, percent) };
    });
  }

  async addNumbers(scope: ViewerScope, organizationIdRaw: string, numbers: string[]): Promise<PhoneNumber[]> {
    scope.require('change');
    const organizationId = parseId(organizationIdRaw, 'organizationId');
    if (!numbers.length) throw badInput('numbers', 'numbers must hold at least one number');
    if (numbers.length > MAX_NUMBERS_PER_CALL) throw badInput('numbers', `At most ${MAX_NUMBERS_PER_CALL} numbers a call`);
    const seen = new Set<string>();
    numbers.forEach((n, i) => {
      if (!isE164(n)) throw badInput(`numbers[${i}]`, `"${n}" is not an E.164 number such as +14155550123`);
      if (seen.has(n)) throw badInput(`numbers[${i}]`, `${n} appears twice`);
      seen.add(n);
    });
    const holder = await this.visibleOrganization(scope, organizationId);
    // The holder and every ancestor see their totals change.
    return this.operate(idsOnPath(holder.path), async (manager, now) => {
      const existing: Array<{ number: string }> = [];
      for (let i = 0; i < numbers.length; i += 1000) {
        const chunk = numbers.slice(i, i + 1000);
        existing.push(...(await manager.query(`SELECT number FROM phone_number WHERE number IN (${chunk.map(() => '?').join(',')})`, chunk)));
      }
      if (existing.length) {
        const index = numbers.indexOf(existing[0].number);
        throw badInput(`numbers[${index}]`, `${existing[0].number} is already in service`);
      }
      const repo = manager.getRepository(PhoneNumber);
      const rows = numbers.map((number) =>
        repo.create({ number, organizationId: holder.id, orgPath: holder.path, state: NumberState.AVAILABLE, userId: null, updatedAt: now }),
      );
      try {
        await repo.save(rows, { chunk: 500 });
      } catch (error) {
        // A concurrent addNumbers (into another organization) took one of these numbers after the check above.
        if (isDuplicateKey(error)) throw badInput('numbers', 'One of the numbers was put in service at the same time; none were added');
        throw error;
      }
      await this.addNumbersBelow(manager, idsOnPath(holder.path).filter((id) => id !== holder.id), rows.length);
      return rows;
    });
  }

  async reserve(scope: ViewerScope, numberIdRaw: string): Promise<PhoneNumber> {
    return this.onNumber(scope, numberIdRaw, async (manager, number, now) => {
      if (number.state !== NumberState.AVAILABLE) {
        throw badInput('numberId', `${number.number} is ${number.state}; only an AVAILABLE number can be reserved`);
      }
      await this.setNumberState(manager, number, NumberState.RESERVED, null, now);
      return number;
    });
  }

  async assign(scope: ViewerScope, numberIdRaw: string, emailRaw: string): Promise<PhoneNumber> {
    const email = (emailRaw ?? '').trim().toLowerCase();
    if (!EMAIL_PATTERN.test(email) || email.length > 254) throw badInput('email', `"${emailRaw}" is not an email address`);
    return this.onNumber(scope, numberIdRaw, async (manager, number, now) => {
      if (number.state !== NumberState.AVAILABLE && number.state !== NumberState.RESERVED) {
        throw badInput('numberId', `${number.number} is ${number.state}; only an AVAILABLE or RESERVED number can be assigned`);
      }
      const user = await this.addUser(manager, number.organizationId, email, now);
      await this.setNumberState(manager, number, NumberState.ASSIGNED, user.id, now);
      return number;
    });
  }

  /** Creates the user with a pending invitation, counted as a new user of the cycle it falls in. */
  async addUser(manager: EntityManager, organizationId: number, email: string, addedAt: Date): Promise<User> {
    const repo = manager.getRepository(User);
    const user = repo.create({
      organizationId,
      email,
      addedAt,
      registeredAt: null,
      deactivatedAt: null,
      invitationExpiresAt: new Date(addedAt.getTime() + this.deps.config.invitationTtlDays * 86_400_000),
    });
    await repo.save(user);
    await this.rollups.add(manager, [{ organizationId, metric: RollupMetric.USERS_ADDED, at: addedAt, billable: 1, total: 1 }]);
    return user;
  }

  async registerUser(scope: ViewerScope, userIdRaw: string): Promise<User> {
    return this.onUser(scope, userIdRaw, async (manager, user, now) => {
      if (user.deactivatedAt) throw badInput('userId', `User ${user.id} is deactivated`);
      if (user.registeredAt) throw badInput('userId', `User ${user.id} has already registered`);
      if (user.invitationExpiresAt.getTime() <= now.getTime()) {
        throw badInput('userId', `The invitation of user ${user.id} expired; release the number and assign it again`);
      }
      await this.markRegistered(manager, user, now);
      return user;
    });
  }

  async markRegistered(manager: EntityManager, user: User, at: Date): Promise<void> {
    user.registeredAt = at;
    await manager.query('UPDATE app_user SET registered_at = ? WHERE id = ?', [sqlDate(at), user.id]);
    await manager.query(`UPDATE phone_number SET state = 'REGISTERED', updated_at = ? WHERE user_id = ? AND state = 'ASSIGNED'`, [sqlDate(at), user.id]);
    await this.rollups.add(manager, [{ organizationId: user.organizationId, metric: RollupMetric.USERS_REGISTERED, at, billable: 1, total: 1 }]);
  }

  async deactivateUser(scope: ViewerScope, userIdRaw: string): Promise<User> {
    return this.onUser(scope, userIdRaw, async (manager, user, now) => {
      if (user.deactivatedAt) throw badInput('userId', `User ${user.id} is already deactivated`);
      await this.markDeactivated(manager, user, now);
      return user;
    });
  }

  /** Deactivates the user and makes their number AVAILABLE again. */
  async markDeactivated(manager: EntityManager, user: User, at: Date): Promise<void> {
    user.deactivatedAt = at;
    await manager.query('UPDATE app_user SET deactivated_at = ? WHERE id = ?', [sqlDate(at), user.id]);
    await manager.query(`UPDATE phone_number SET state = 'AVAILABLE', user_id = NULL, updated_at = ? WHERE user_id = ?`, [sqlDate(at), user.id]);
    if (user.registeredAt) {
      await this.rollups.add(manager, [{ organizationId: user.organizationId, metric: RollupMetric.USERS_DEACTIVATED, at, billable: 1, total: 1 }]);
    }
  }

  async release(scope: ViewerScope, numberIdRaw: string): Promise<PhoneNumber> {
    return this.onNumber(scope, numberIdRaw, async (manager, number, now) => {
      if (number.state === NumberState.AVAILABLE) throw badInput('numberId', `${number.number} is already AVAILABLE`);
      if (number.userId !== null) {
        const user = await manager.getRepository(User).findOneByOrFail({ id: number.userId });
        if (!user.deactivatedAt) await this.markDeactivated(manager, user, now);
      }
      await this.setNumberState(manager, number, NumberState.AVAILABLE, null, now);
      return number;
    });
  }

  async allocate(scope: ViewerScope, fromRaw: string, toRaw: string, count: number): Promise<PhoneNumber[]> {
    scope.require('change');
    const fromId = parseId(fromRaw, 'fromOrganizationId');
    const toId = parseId(toRaw, 'toOrganizationId');
    checkCount(count);
    const from = await this.visibleOrganization(scope, fromId);
    const to = await this.visibleOrganization(scope, toId);
    if (to.parentId !== from.id) throw badInput('toOrganizationId', `Organization ${to.id} is not a direct sub-organization of ${from.id}`);
    return this.operate([from.id, to.id], (manager, now) => this.moveAvailable(manager, from, to, count, now));
  }

  async withdraw(scope: ViewerScope, fromRaw: string, count: number): Promise<PhoneNumber[]> {
    scope.require('change');
    const fromId = parseId(fromRaw, 'fromOrganizationId');
    checkCount(count);
    const from = await this.visibleOrganization(scope, fromId);
    if (from.parentId === null) throw badInput('fromOrganizationId', `Organization ${from.id} has no parent to return numbers to`);
    const parent = await this.deps.db.manager.getRepository(Organization).findOneByOrFail({ id: from.parentId });
    if (!scope.canSee(parent)) throw forbidden('Withdrawing returns numbers to the parent organization, which your token does not cover');
    return this.operate([from.id, parent.id], (manager, now) => this.moveAvailable(manager, from, parent, count, now));
  }

  private async moveAvailable(manager: EntityManager, from: Organization, to: Organization, count: number, now: Date): Promise<PhoneNumber[]> {
    const numbers = await manager
      .getRepository(PhoneNumber)
      .createQueryBuilder('p')
      .where('p.organization_id = :id AND p.state = :state', { id: from.id, state: NumberState.AVAILABLE })
      .orderBy('p.number', 'ASC')
      .limit(count)
      .getMany();
    if (numbers.length < count) {
      throw badInput('count', `Organization ${from.id} has ${numbers.length} available numbers; cannot move ${count}`);
    }
    const ids = numbers.map((n) => n.id);
    for (let i = 0; i < ids.length; i += 1000) {
      const chunk = ids.slice(i, i + 1000);
      await manager.query(
        `UPDATE phone_number SET organization_id = ?, org_path = ?, updated_at = ? WHERE id IN (${chunk.map(() => '?').join(',')}) AND state = 'AVAILABLE'`,
        [to.id, to.path, sqlDate(now), ...chunk],
      );
    }
    for (const n of numbers) Object.assign(n, { organizationId: to.id, orgPath: to.path, updatedAt: now });
    // Moves are between a parent and a direct child: only the parent's count of numbers below changes.
    if (to.parentId === from.id) await this.addNumbersBelow(manager, [from.id], numbers.length);
    else if (from.parentId === to.id) await this.addNumbersBelow(manager, [to.id], -numbers.length);
    else throw new Error(`numbers move only between a parent and a direct child, not ${from.id} → ${to.id}`);
    return numbers;
  }

  /** Keeps organization.numbers_below in step, in the transaction of the change (rows already locked). */
  private async addNumbersBelow(manager: EntityManager, organizationIds: number[], delta: number): Promise<void> {
    if (!organizationIds.length || delta === 0) return;
    await manager.query(`UPDATE organization SET numbers_below = numbers_below + ? WHERE id IN (${organizationIds.map(() => '?').join(',')})`, [delta, ...organizationIds]);
  }

  /** Recounts organization.numbers_below from phone_number: for seeds that insert numbers directly, and repairs. */
  async recountNumbersBelow(manager: EntityManager, organizations: Array<Pick<Organization, 'id' | 'path'>>): Promise<void> {
    for (const org of organizations) {
      const [, to] = subtreeRange(org.path);
      await manager.query(
        `UPDATE organization SET numbers_below = (SELECT COUNT(*) FROM phone_number WHERE org_path > ? AND org_path < ?) WHERE id = ?`,
        [org.path, to, org.id],
      );
    }
  }

  // ---- the operation frame ------------------------------------------------------------------

  /**
   * Runs a change to numbers: locks the affected organizations, measures their utilization before
   * and after, and writes the threshold emails the change caused into the outbox, all in one
   * transaction.
   */
  private async operate<T>(organizationIds: number[], change: (manager: EntityManager, now: Date) => Promise<T>): Promise<T> {
    return this.deps.db.transaction(async (manager) => {
      const orgs = await this.lockOrganizations(manager, organizationIds);
      if (orgs.length !== new Set(organizationIds).size) throw notFound('Organization', organizationIds.join(','));
      const now = this.deps.clock();
      const before = new Map<number, Utilization>();
      for (const org of orgs) before.set(org.id, await this.utilization(org, manager, now));
      const result = await change(manager, now);
      for (const org of orgs) {
        const after = await this.utilization(org, manager, now);
        const cause = thresholdCauseOfOperation(before.get(org.id)!, after, org.utilizationThresholdPercent);
        org.numberOperationSeq += 1;
        await manager.query('UPDATE organization SET number_operation_seq = ? WHERE id = ?', [org.numberOperationSeq, org.id]);
        if (cause) await this.notify(manager, org, cause, after, now);
      }
      return result;
    });
  }

  private async notify(manager: EntityManager, org: Organization, cause: NotificationCause, utilization: Utilization, now: Date): Promise<void> {
    await enqueueNotification(manager, {
      organizationId: org.id,
      cause,
      causeKey: `org:${org.id}:op:${org.numberOperationSeq}:${cause}`,
      recipients: org.adminEmails,
      email: thresholdEmail({
        cause,
        organizationName: org.name,
        utilization,
        thresholdPercent: org.utilizationThresholdPercent,
        portalUrl: this.deps.config.portalUrl,
      }),
      now,
    });
  }

  private async lockOrganizations(manager: EntityManager, ids: number[]): Promise<Organization[]> {
    const unique = [...new Set(ids)].sort((a, b) => a - b);
    const query = manager.getRepository(Organization).createQueryBuilder('o').where('o.id IN (:...ids)', { ids: unique }).orderBy('o.id', 'ASC');
    // SQLite's single writer already serializes; MySQL takes row locks.
    if (!this.deps.db.sqlite) query.setLock('pessimistic_write');
    return query.getMany();
  }

  private async visibleOrganization(scope: ViewerScope, id: number): Promise<Organization> {
    const org = await this.deps.db.manager.getRepository(Organization).findOneBy({ id });
    return scope.ensureVisible(org, 'Organization', id);
  }

  /** Loads a number in scope, then re-reads it under its holder's lock before changing it. */
  private async onNumber(
    scope: ViewerScope,
    numberIdRaw: string,
    change: (manager: EntityManager, number: PhoneNumber, now: Date) => Promise<PhoneNumber>,
  ): Promise<PhoneNumber> {
    scope.require('change');
    const numberId = parseId(numberIdRaw, 'numberId');
    for (let attempt = 0; attempt < 3; attempt++) {
      const seen = await this.deps.db.manager.getRepository(PhoneNumber).findOneBy({ id: numberId });
      if (!seen || !scope.canSee({ path: seen.orgPath })) throw notFound('Number', numberIdRaw);
      const moved = Symbol('moved');
      const result = await this.operate([seen.organizationId], async (manager, now) => {
        const number = await manager.getRepository(PhoneNumber).findOneBy({ id: numberId });
        if (!number || number.organizationId !== seen.organizationId) return moved;
        return change(manager, number, now);
      });
      if (result !== moved) return result as PhoneNumber;
    }
    throw badInput('numberId', 'The number kept moving between organizations; try again');
  }

  private async onUser(
    scope: ViewerScope,
    userIdRaw: string,
    change: (manager: EntityManager, user: User, now: Date) => Promise<User>,
  ): Promise<User> {
    scope.require('change');
    const userId = parseId(userIdRaw, 'userId');
    const user = await this.deps.db.manager.getRepository(User).findOneBy({ id: userId });
    const org = user ? await this.deps.db.manager.getRepository(Organization).findOneBy({ id: user.organizationId }) : null;
    if (!user || !org || !scope.canSee(org)) throw notFound('User', userIdRaw);
    return this.operate([org.id], async (manager, now) => {
      const fresh = await manager.getRepository(User).findOneByOrFail({ id: userId });
      return change(manager, fresh, now);
    });
  }

  private async setNumberState(manager: EntityManager, number: PhoneNumber, state: NumberState, userId: number | null, now: Date): Promise<void> {
    await manager.query('UPDATE phone_number SET state = ?, user_id = ?, updated_at = ? WHERE id = ?', [state, userId, sqlDate(now), number.id]);
    Object.assign(number, { state, userId, updatedAt: now });
  }
}

function isDuplicateKey(error: unknown): boolean {
  const code = driverErrorCode(error);
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}

function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 1 || count > MAX_NUMBERS_PER_CALL) {
    throw badInput('count', `count must be a whole number from 1 to ${MAX_NUMBERS_PER_CALL}`);
  }
}
