import { createNumberCaches } from './number.loaders';
import { EntityManager } from 'typeorm';
import { AppDeps } from '../db/app-deps';
import { ViewerScope } from '../auth/viewer-scope';
import { DomainError } from '../common/domain-error';
import { parseId } from '../common/ids';
import { findUser } from '../users/user.repository';
import { UserLifecycleService } from './user-lifecycle.service';
import { NumberOperations } from './number-operation';
import { NumberState, PhoneNumber } from './phone-number.entity';
import { findNumber, numbersPage, saveNumberState } from './phone-number.repository';
import { countIdleNumbers, idleNumbersPage, IdleNumbersScope } from './idle-numbers.repository';
import { CONTRACT_LIMITS } from '../common/contract';

const EMAIL_PATTERN = /^[^\s@]{1,64}@[^\s@]+\.[^\s@]{2,}$/;
const MOVE_ATTEMPTS = 3;

/** The state of one number: reserved, assigned to a new user, released back to AVAILABLE. */
export class NumberService {
  /** Each organization's logged utilization days, kept by this process (number.loaders.ts). */
  /** What this process keeps of its organizations' numbers, checked against each request's row. */
  readonly caches = createNumberCaches();

  constructor(
    private readonly deps: AppDeps,
    private readonly operations: NumberOperations,
    private readonly users: UserLifecycleService,
  ) {}

  reserve(scope: ViewerScope, numberIdRaw: string): Promise<PhoneNumber> {
    return this.onNumber(scope, numberIdRaw, async (manager, number, now) => {
      if (number.state !== NumberState.AVAILABLE) {
        throw DomainError.conflict(
          'numberId',
          `${number.number} is ${number.state}; only an AVAILABLE number can be reserved`,
        );
      }
      await saveNumberState(manager, number, NumberState.RESERVED, null, now);
      return number;
    });
  }

  /** AVAILABLE or RESERVED → ASSIGNED, creating the user with a pending invitation. */
  assign(scope: ViewerScope, numberIdRaw: string, emailRaw: string): Promise<PhoneNumber> {
    const email = (emailRaw ?? '').trim().toLowerCase();
    if (!EMAIL_PATTERN.test(email) || email.length > 254) {
      throw DomainError.invalidInput('email', `"${emailRaw}" is not an email address`);
    }
    return this.onNumber(scope, numberIdRaw, async (manager, number, now) => {
      if (number.state !== NumberState.AVAILABLE && number.state !== NumberState.RESERVED) {
        throw DomainError.conflict(
          'numberId',
          `${number.number} is ${number.state}; only an AVAILABLE or RESERVED number can be assigned`,
        );
      }
      const user = await this.users.addUser(manager, number.organizationId, email, now);
      await saveNumberState(manager, number, NumberState.ASSIGNED, user.id, now);
      return number;
    });
  }

  /** Back to AVAILABLE; its user, if any, is deactivated. */
  release(scope: ViewerScope, numberIdRaw: string): Promise<PhoneNumber> {
    return this.onNumber(scope, numberIdRaw, async (manager, number, now) => {
      if (number.state === NumberState.AVAILABLE) {
        throw DomainError.conflict('numberId', `${number.number} is already AVAILABLE`);
      }
      if (number.userId !== null) {
        const user = await findUser(manager, number.userId);
        if (!user) throw new Error(`the user ${number.userId} of number ${number.id} does not exist`);
        if (!user.deactivatedAt) await this.users.markDeactivated(manager, user, now);
      }
      await saveNumberState(manager, number, NumberState.AVAILABLE, null, now);
      return number;
    });
  }

  /** An organization's own numbers, by id, optionally in one state. */
  page(
    organizationId: number,
    args: { state?: NumberState | null; first: number; after?: string | null },
  ): Promise<PhoneNumber[]> {
    return numbersPage(this.deps.db.manager, organizationId, args);
  }

  /** How many of an organization's own numbers are idle (DESIGN §10); read every time, never kept. */
  countIdle(scope: IdleNumbersScope): Promise<number> {
    return countIdleNumbers(this.deps.db.manager, scope);
  }

  /** A page of them, by number id. */
  idlePage(scope: IdleNumbersScope, args: { first: number; after?: string | null }): Promise<PhoneNumber[]> {
    const max = CONTRACT_LIMITS.idleNumbersPageSize.max;
    return idleNumbersPage(this.deps.db.manager, scope, { ...args, max });
  }

  /** Loads a number in scope, then re-reads it under its holder's lock before changing it. */
  private async onNumber(
    scope: ViewerScope,
    numberIdRaw: string,
    change: (manager: EntityManager, number: PhoneNumber, now: Date) => Promise<PhoneNumber>,
  ): Promise<PhoneNumber> {
    const numberId = parseId(numberIdRaw, 'numberId');
    for (let attempt = 0; attempt < MOVE_ATTEMPTS; attempt++) {
      const seen = await findNumber(this.deps.db.manager, numberId);
      if (!seen || !scope.canSee({ path: seen.orgPath })) throw DomainError.notFound('Number', numberIdRaw);
      const moved = Symbol('moved');
      const result = await this.operations.run({
        organizationIds: [seen.organizationId],
        change: async ({ manager, now }) => {
          const number = await findNumber(manager, numberId);
          if (!number || number.organizationId !== seen.organizationId) return moved;
          return change(manager, number, now);
        },
      });
      if (result !== moved) return result as PhoneNumber;
    }
    throw DomainError.conflict('numberId', 'The number kept moving between organizations; try again');
  }
}
