import { EntityManager } from 'typeorm';
import { AppDeps } from '../db/app-deps';
import { ViewerScope } from '../auth/viewer-scope';
import { driverErrorCode } from '../db/database';
import { sqlDate } from '../db/transformers';
import { DomainError } from '../common/domain-error';
import { parseId } from '../common/ids';
import { OrganizationService } from '../organizations/organization.service';
import { User } from '../users/user.entity';
import { findUsers } from '../users/user.repository';
import { ratedQuantity } from '../rating/rating';
import { RollupContribution, RollupService } from '../usage/rollup.service';
import { UsageType } from '../rating/usage-type';
import { RollupMetric } from '../usage/usage-rollup.entity';
import { retentionStart } from '../usage/usage-purge';
import { RecordUsageResult, UsageEventInput } from './usage.inputs';
import { CONTRACT_LIMITS } from '../common/contract';

export const MAX_EVENTS_PER_CALL = CONTRACT_LIMITS.recordUsageEvents;
const MAX_FUTURE_MS = 24 * 60 * 60 * 1000;
const EVENT_COLUMNS = [
  'id',
  'organization_id',
  'user_id',
  'type',
  'occurred_at',
  'quantity',
  'billable',
  'recorded_at',
];
/** Users per reference lookup. */
const ROWS_PER_STATEMENT = 1000;
/** Ids per duplicate lookup (after a resend refused the insert): 10,000 ids in two statements. */
const IDS_PER_LOOKUP = 5000;
const SAVEPOINT = 'record_usage_insert';
/** A recorded id refusing an insert: MySQL/MariaDB, and SQLite through better-sqlite3. */
const DUPLICATE_KEY_ERRORS = ['ER_DUP_ENTRY', 'SQLITE_CONSTRAINT_PRIMARYKEY'];

interface ValidEvent {
  id: string;
  organizationId: number;
  userId: number | null;
  type: UsageType;
  occurredAt: Date;
  quantity: number;
  billable: boolean;
}

/** Idempotent ingestion of usage events, maintaining the rollups in the same transaction. */
export class UsageService {
  constructor(
    private readonly deps: AppDeps,
    private readonly organizations: OrganizationService,
    private readonly rollups: RollupService,
    /** Usage alerts, decided in the ingestion transaction (alerts/usage-alert.service.ts). */
    private readonly alerts?: {
      afterUsage(manager: EntityManager, watched: number[], now: Date): Promise<void>;
    },
  ) {}

  async record(scope: ViewerScope, inputs: UsageEventInput[]): Promise<RecordUsageResult> {
    if (inputs.length > MAX_EVENTS_PER_CALL) {
      throw DomainError.invalidInput('events', `At most ${MAX_EVENTS_PER_CALL} events a call, got ${inputs.length}`);
    }
    const now = this.deps.clock();
    const oldest = retentionStart(now, this.deps.config.usageRetentionDays);
    const events = inputs.map((input, i) => validateEvent(input, i, now, oldest));
    await this.checkReferences(scope, events);
    if (!events.length) return { accepted: 0, duplicates: 0 };
    return this.deps.db.transaction((manager) => this.insertNew(manager, events, now), { retryOn: ['ER_DUP_ENTRY'] });
  }

  /** Organizations must be in the token's subtree (else NOT_FOUND); users must belong to them. */
  private async checkReferences(scope: ViewerScope, events: ValidEvent[]): Promise<void> {
    const orgIds = [...new Set(events.map((e) => e.organizationId))];
    // Placements never change and organizations are never deleted: only those this process has not
    // seen yet are read (a call names up to thousands; issue 17).
    const unknown = orgIds.filter((id) => !this.organizations.isKnown(id));
    if (unknown.length) for (const org of await this.organizations.findByIds(unknown)) this.organizations.remember(org);
    for (const id of orgIds) scope.ensureVisible(this.organizations.knownPlacement(id), 'Organization', id);
    const userIds = [...new Set(events.map((e) => e.userId).filter((id): id is number => id !== null))];
    if (!userIds.length) return;
    const users = new Map<number, User>();
    for (let i = 0; i < userIds.length; i += ROWS_PER_STATEMENT) {
      const found = await findUsers(this.deps.db.manager, userIds.slice(i, i + ROWS_PER_STATEMENT));
      for (const u of found) users.set(u.id, u);
    }
    events.forEach((e, i) => {
      if (e.userId !== null && users.get(e.userId)?.organizationId !== e.organizationId) {
        const message = `User ${e.userId} does not belong to organization ${e.organizationId}`;
        throw DomainError.invalidInput(`events[${i}].userId`, message, { index: i });
      }
    });
  }

  private async insertNew(manager: EntityManager, events: ValidEvent[], now: Date): Promise<RecordUsageResult> {
    const unique = new Map<string, ValidEvent>();
    for (const e of events) if (!unique.has(e.id)) unique.set(e.id, e);
    const fresh = await this.storeNew(manager, [...unique.values()], now);
    const contributions: RollupContribution[] = fresh.map((e) => {
      // Each event rated alone by its organization's rating (cached with its placement by checkReferences).
      const units = ratedQuantity(e.type, e.quantity, this.ratingOf(e.organizationId));
      return {
        organizationId: e.organizationId,
        metric: e.type as unknown as RollupMetric,
        at: e.occurredAt,
        billable: e.billable ? units : 0,
        total: units,
        storedAt: now,
        userId: e.userId,
      };
    });
    await this.rollups.add(manager, contributions);
    // The organizations and their ancestors: placements the rollups just used, so no read here.
    const watched = await this.organizations.placementsWithAncestors(
      new Set(fresh.map((e) => e.organizationId)),
      manager,
    );
    await this.alerts?.afterUsage(manager, [...watched.keys()], now);
    return { accepted: fresh.length, duplicates: events.length - fresh.length };
  }

  /**
   * Stores the events whose id is not recorded yet and answers them. A batch of new ids, the usual
   * case, goes in without its ids being looked up first (issue 17): only when a recorded id refuses
   * the insert (a resend) is it undone to the savepoint, the ids looked up and the rest inserted.
   */
  private async storeNew(manager: EntityManager, candidates: ValidEvent[], now: Date): Promise<ValidEvent[]> {
    await manager.query(`SAVEPOINT ${SAVEPOINT}`);
    try {
      await this.insertEvents(manager, candidates, now);
      return candidates;
    } catch (error) {
      if (!DUPLICATE_KEY_ERRORS.includes(driverErrorCode(error) ?? '')) throw error;
      await manager.query(`ROLLBACK TO SAVEPOINT ${SAVEPOINT}`);
    }
    const unique = new Map(candidates.map((e) => [e.id, e]));
    const ids = [...unique.keys()];
    for (let i = 0; i < ids.length; i += IDS_PER_LOOKUP) {
      const chunk = ids.slice(i, i + IDS_PER_LOOKUP);
      const known: Array<{ id: string }> = await manager.query(
        `SELECT id FROM usage_event WHERE id IN (${chunk.map(() => '?').join(',')})`,
        chunk,
      );
      for (const { id } of known) unique.delete(id);
    }
    const fresh = [...unique.values()];
    // Plain INSERT: a concurrent writer of the same id makes this fail and the transaction retry.
    await this.insertEvents(manager, fresh, now);
    return fresh;
  }

  private async insertEvents(manager: EntityManager, events: ValidEvent[], now: Date): Promise<void> {
    const recordedAt = sqlDate(now);
    const rows = events.map((e) => [
      e.id,
      e.organizationId,
      e.userId,
      e.type,
      sqlDate(e.occurredAt),
      e.quantity,
      e.billable ? 1 : 0,
      recordedAt,
    ]);
    await this.deps.db.insertRows(manager, 'usage_event', EVENT_COLUMNS, rows);
  }

  private ratingOf(organizationId: number) {
    const placement = this.organizations.knownPlacement(organizationId);
    if (!placement) throw new Error(`organization ${organizationId} was not checked before rating`);
    return placement.rating;
  }
}

function validateEvent(input: UsageEventInput, index: number, now: Date, oldest: Date): ValidEvent {
  const field = (name: string) => `events[${index}].${name}`;
  const invalid = (name: string, message: string) => DomainError.invalidInput(field(name), message, { index });
  if (typeof input.id !== 'string' || input.id.length < 1 || input.id.length > 100) {
    throw invalid('id', 'An event id must be 1 to 100 characters');
  }
  const organizationId = parseId(input.organizationId, field('organizationId'), { index });
  const hasUser = input.userId !== undefined && input.userId !== null;
  const userId = hasUser ? parseId(input.userId!, field('userId'), { index }) : null;
  if (!Number.isSafeInteger(input.quantity) || input.quantity < 0) {
    throw invalid('quantity', `quantity must be a whole number from 0 to 2^53-1, got ${input.quantity}`);
  }
  if (input.occurredAt.getTime() > now.getTime() + MAX_FUTURE_MS) {
    throw invalid('occurredAt', 'occurredAt may be at most one day in the future');
  }
  if (input.occurredAt.getUTCFullYear() < 2000) {
    throw invalid('occurredAt', 'occurredAt must be in the year 2000 or later');
  }
  if (input.occurredAt.getTime() < oldest.getTime()) {
    throw invalid(
      'occurredAt',
      `occurredAt is older than the retention window (USAGE_RETENTION_DAYS): ` +
        `the oldest accepted is ${oldest.toISOString()}`,
    );
  }
  return {
    id: input.id,
    organizationId,
    userId,
    type: input.type,
    occurredAt: input.occurredAt,
    quantity: input.quantity,
    billable: input.billable ?? true,
  };
}
