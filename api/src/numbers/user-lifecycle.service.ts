import { EntityManager } from 'typeorm';
import { AppDeps } from '../db/app-deps';
import { ViewerScope } from '../auth/viewer-scope';
import { DomainError } from '../common/domain-error';
import { parseId } from '../common/ids';
import { RollupService } from '../usage/rollup.service';
import { RollupMetric } from '../usage/usage-rollup.entity';
import { NumberOperations } from './number-operation';
import { freeNumberOfUser, registerNumberOfUser } from './phone-number.repository';
import { findOrganization } from '../organizations/organization.repository';
import { User } from '../users/user.entity';
import { findUser, insertUser, saveDeactivatedAt, saveRegisteredAt } from '../users/user.repository';

const DAY_MS = 86_400_000;

/**
 * The user lifecycle: added (with a pending invitation) when a number is assigned, registered when
 * they onboard, deactivated when they leave, each counted in the rollups and run as a number
 * operation, since it moves their number.
 */
export class UserLifecycleService {
  constructor(
    private readonly deps: AppDeps,
    private readonly rollups: RollupService,
    private readonly operations: NumberOperations,
  ) {}

  /** Creates the user with a pending invitation, counted as a new user of the cycle it falls in. */
  async addUser(manager: EntityManager, organizationId: number, email: string, addedAt: Date): Promise<User> {
    const user = await insertUser(manager, {
      organizationId,
      email,
      addedAt,
      registeredAt: null,
      deactivatedAt: null,
      invitationExpiresAt: new Date(addedAt.getTime() + this.deps.config.invitationTtlDays * DAY_MS),
    });
    await this.rollups.add(manager, [
      { organizationId, metric: RollupMetric.USERS_ADDED, at: addedAt, billable: 1, total: 1 },
    ]);
    return user;
  }

  /** The user onboarded: their ASSIGNED number becomes REGISTERED. */
  async markRegistered(manager: EntityManager, user: User, at: Date): Promise<void> {
    user.registeredAt = at;
    await saveRegisteredAt(manager, user.id, at);
    await registerNumberOfUser(manager, user.id, at);
    const { organizationId } = user;
    await this.rollups.add(manager, [
      { organizationId, metric: RollupMetric.USERS_REGISTERED, at, billable: 1, total: 1 },
    ]);
  }

  /** Deactivates the user and makes their number AVAILABLE again. */
  async markDeactivated(manager: EntityManager, user: User, at: Date): Promise<void> {
    user.deactivatedAt = at;
    await saveDeactivatedAt(manager, user.id, at);
    await freeNumberOfUser(manager, user.id, at);
    if (user.registeredAt) {
      const { organizationId } = user;
      await this.rollups.add(manager, [
        { organizationId, metric: RollupMetric.USERS_DEACTIVATED, at, billable: 1, total: 1 },
      ]);
    }
  }

  register(scope: ViewerScope, userIdRaw: string): Promise<User> {
    return this.onUser(scope, userIdRaw, async (manager, user, now) => {
      if (user.deactivatedAt) throw DomainError.conflict('userId', `User ${user.id} is deactivated`);
      if (user.registeredAt) throw DomainError.conflict('userId', `User ${user.id} has already registered`);
      if (user.invitationExpiresAt.getTime() <= now.getTime()) {
        throw DomainError.conflict(
          'userId',
          `The invitation of user ${user.id} expired; release the number and assign it again`,
        );
      }
      await this.markRegistered(manager, user, now);
      return user;
    });
  }

  deactivate(scope: ViewerScope, userIdRaw: string): Promise<User> {
    return this.onUser(scope, userIdRaw, async (manager, user, now) => {
      if (user.deactivatedAt) throw DomainError.conflict('userId', `User ${user.id} is already deactivated`);
      await this.markDeactivated(manager, user, now);
      return user;
    });
  }

  /** Loads a user in scope, then re-reads them under their organization's lock before changing them. */
  private async onUser(
    scope: ViewerScope,
    userIdRaw: string,
    change: (manager: EntityManager, user: User, now: Date) => Promise<User>,
  ): Promise<User> {
    const userId = parseId(userIdRaw, 'userId');
    const { manager } = this.deps.db;
    const user = await findUser(manager, userId);
    const org = user ? await findOrganization(manager, user.organizationId) : null;
    if (!user || !org || !scope.canSee(org)) throw DomainError.notFound('User', userIdRaw);
    return this.operations.run({
      organizationIds: [org.id],
      change: async ({ manager: tx, now }) => {
        const fresh = await findUser(tx, userId);
        if (!fresh) throw new Error(`user ${userId} vanished during an operation`);
        return change(tx, fresh, now);
      },
    });
  }
}
