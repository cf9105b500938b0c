import { EntityManager } from 'typeorm';
import { AppDeps } from '../db/app-deps';
import { ViewerScope } from '../auth/viewer-scope';
import { DomainError } from '../common/domain-error';
import { parseId } from '../common/ids';
import { driverErrorCode } from '../db/database';
import { Organization } from '../organizations/organization.entity';
import { idsOnPath } from '../organizations/organization-path';
import { addNumbersBelow, findOrganization } from '../organizations/organization.repository';
import { isE164 } from '../common/e164';
import { checkCount, MAX_NUMBERS_PER_CALL } from './number-limits';
import { NumberOperations } from './number-operation';
import { PhoneNumber } from './phone-number.entity';
import { availableNumbers, insertAvailableNumbers, moveNumbers, numbersInService } from './phone-number.repository';

/** Which numbers an organization holds: new numbers put in service, and moves between a parent and a child. */
export class NumberInventoryService {
  constructor(
    private readonly deps: AppDeps,
    private readonly operations: NumberOperations,
  ) {}

  async addNumbers(scope: ViewerScope, organizationIdRaw: string, numbers: string[]): Promise<PhoneNumber[]> {
    const organizationId = parseId(organizationIdRaw, 'organizationId');
    checkNewNumbers(numbers);
    const holder = await this.visibleOrganization(scope, organizationId);
    // The holder and every ancestor see their totals change.
    return this.operations.run({
      organizationIds: idsOnPath(holder.path),
      change: async ({ manager, now }) => {
        const existing = await numbersInService(manager, numbers);
        if (existing.length) {
          throw DomainError.conflict(
            `numbers[${numbers.indexOf(existing[0])}]`,
            `${existing[0]} is already in service`,
          );
        }
        const rows = await insertAvailableNumbers(manager, numbers, holder, now).catch((error: unknown) => {
          // A concurrent addNumbers (into another organization) took one of these numbers after the check above.
          if (!isDuplicateKey(error)) throw error;
          const message = 'One of the numbers was put in service at the same time; none were added';
          throw DomainError.conflict('numbers', message);
        });
        await addNumbersBelow(
          manager,
          idsOnPath(holder.path).filter((id) => id !== holder.id),
          rows.length,
        );
        return rows;
      },
    });
  }

  async allocate(scope: ViewerScope, fromRaw: string, toRaw: string, count: number): Promise<PhoneNumber[]> {
    const fromId = parseId(fromRaw, 'fromOrganizationId');
    const toId = parseId(toRaw, 'toOrganizationId');
    checkCount(count);
    const from = await this.visibleOrganization(scope, fromId);
    const to = await this.visibleOrganization(scope, toId);
    if (to.parentId !== from.id) {
      throw DomainError.invalidInput(
        'toOrganizationId',
        `Organization ${to.id} is not a direct sub-organization of ${from.id}`,
      );
    }
    return this.operations.run({
      organizationIds: [from.id, to.id],
      change: ({ manager, now }) => this.moveAvailable(manager, from, to, count, now),
    });
  }

  async withdraw(scope: ViewerScope, fromRaw: string, count: number): Promise<PhoneNumber[]> {
    const fromId = parseId(fromRaw, 'fromOrganizationId');
    checkCount(count);
    const from = await this.visibleOrganization(scope, fromId);
    if (from.parentId === null) {
      throw DomainError.invalidInput(
        'fromOrganizationId',
        `Organization ${from.id} has no parent to return numbers to`,
      );
    }
    const parent = await findOrganization(this.deps.db.manager, from.parentId);
    if (!parent) throw new Error(`the parent ${from.parentId} of organization ${from.id} does not exist`);
    if (!scope.canSee(parent)) {
      throw DomainError.forbidden(
        'Withdrawing returns numbers to the parent organization, which your token does not cover',
      );
    }
    return this.operations.run({
      organizationIds: [from.id, parent.id],
      change: ({ manager, now }) => this.moveAvailable(manager, from, parent, count, now),
    });
  }

  private async moveAvailable(
    manager: EntityManager,
    from: Organization,
    to: Organization,
    count: number,
    now: Date,
  ): Promise<PhoneNumber[]> {
    const numbers = await availableNumbers(manager, from.id, count);
    if (numbers.length < count) {
      throw DomainError.conflict(
        'count',
        `Organization ${from.id} has ${numbers.length} available numbers; cannot move ${count}`,
      );
    }
    await moveNumbers(manager, numbers, to, now);
    // Moves are between a parent and a direct child: only the parent's count of numbers below changes.
    if (to.parentId === from.id) await addNumbersBelow(manager, [from.id], numbers.length);
    else if (from.parentId === to.id) await addNumbersBelow(manager, [to.id], -numbers.length);
    else throw new Error(`numbers move only between a parent and a direct child, not ${from.id} → ${to.id}`);
    return numbers;
  }

  private async visibleOrganization(scope: ViewerScope, id: number): Promise<Organization> {
    return scope.ensureVisible(await findOrganization(this.deps.db.manager, id), 'Organization', id);
  }
}

function checkNewNumbers(numbers: string[]): void {
  if (!numbers.length) throw DomainError.invalidInput('numbers', 'numbers must hold at least one number');
  if (numbers.length > MAX_NUMBERS_PER_CALL) {
    throw DomainError.invalidInput('numbers', `At most ${MAX_NUMBERS_PER_CALL} numbers a call`);
  }
  const seen = new Set<string>();
  numbers.forEach((n, i) => {
    if (!isE164(n)) {
      throw DomainError.invalidInput(`numbers[${i}]`, `"${n}" is not an E.164 number such as +14155550123`);
    }
    if (seen.has(n)) throw DomainError.invalidInput(`numbers[${i}]`, `${n} appears twice`);
    seen.add(n);
  });
}

function isDuplicateKey(error: unknown): boolean {
  const code = driverErrorCode(error);
  return code === 'ER_DUP_ENTRY' || code === 'SQLITE_CONSTRAINT_UNIQUE';
}
