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
import { countIngestedEvents, usageIngestionDuration } from '../common/metrics';

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

/** How a caller names an input's field in its refusals: `events[3].quantity`, `quantity`, `data.quantity`. */
export type FieldName = (index: number, name: keyof UsageEventInput) => string;

/** An event not recorded: its position among the inputs, its field in the caller's words, and why. */
export interface EventRefusal {
  index: number;
  field: string;
  error: DomainError;
}

/** What one transaction of the bulk path recorded, and the events it refused. */
export interface RecordEachResult extends RecordUsageResult {
  refusals: EventRefusal[];
}

interface AdmittedEvents {
  events: ValidEvent[];
  refusals: EventRefusal[];
}

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

  /** recordUsage: all or nothing; the first refused event is thrown, as the whole call is refused. */
  async record(scope: ViewerScope, inputs: UsageEventInput[]): Promise<RecordUsageResult> {
    if (inputs.length > MAX_EVENTS_PER_CALL) {
      throw DomainError.invalidInput('events', `At most ${MAX_EVENTS_PER_CALL} events a call, got ${inputs.length}`);
    }
    const stopTimer = usageIngestionDuration.startTimer();
    try {
      const { events, refusals } = await this.admit(scope, inputs, (index, name) => `events[${index}].${name}`);
      if (refusals.length) throw refusals[0].error;
      if (!events.length) return { accepted: 0, duplicates: 0 };
      return await this.commit(events);
    } finally {
      stopTimer();
    }
  }

  /**
   * The bulk path (DESIGN §12): the refused events are answered and skipped, the others recorded in
   * one transaction. `fieldName` words each refusal's field in the caller's format.
   */
  async recordEach(scope: ViewerScope, inputs: UsageEventInput[], fieldName: FieldName): Promise<RecordEachResult> {
    if (inputs.length > MAX_EVENTS_PER_CALL) {
      throw new Error(`At most ${MAX_EVENTS_PER_CALL} events a transaction, got ${inputs.length}`);
    }
    const { events, refusals } = await this.admit(scope, inputs, fieldName);
    const recorded = events.length ? await this.commit(events) : { accepted: 0, duplicates: 0 };
    return { ...recorded, refusals };
  }

  /**
   * Validates each event, then its references: refusals by kind (values, then organizations, then
   * users), each kind by position, so that recordUsage throws the error it always threw first.
   */
  private async admit(scope: ViewerScope, inputs: UsageEventInput[], fieldName: FieldName): Promise<AdmittedEvents> {
    const now = this.deps.clock();
    const oldest = retentionStart(now, this.deps.config.usageRetentionDays);
    const valid: Array<{ index: number; event: ValidEvent }> = [];
    const refusals: EventRefusal[] = [];
    inputs.forEach((input, index) => {
      const checked = validateEvent(input, index, now, oldest, fieldName);
      if ('error' in checked) refusals.push(checked);
      else valid.push({ index, event: checked });
    });
    const referenceRefusals = await this.checkReferences(scope, valid, fieldName);
    const refused = new Set(referenceRefusals.map((r) => r.index));
    return {
      events: valid.filter((v) => !refused.has(v.index)).map((v) => v.event),
      refusals: [...refusals, ...referenceRefusals],
    };
  }

  private async commit(events: ValidEvent[]): Promise<RecordUsageResult> {
    const now = this.deps.clock();
    const { result, stored } = await this.deps.db.transaction((manager) => this.insertNew(manager, events, now), {
      retryOn: ['ER_DUP_ENTRY'],
    });
    for (const [type, count] of stored) countIngestedEvents(type, count);
    return result;
  }

  /**
   * Organizations must be in the token's subtree (else refused as an unknown one, NOT_FOUND); users
   * must belong to their event's organization.
   */
  private async checkReferences(
    scope: ViewerScope,
    events: Array<{ index: number; event: ValidEvent }>,
    fieldName: FieldName,
  ): Promise<EventRefusal[]> {
    const orgIds = [...new Set(events.map((e) => e.event.organizationId))];
    // Placements never change and organizations are never deleted: only those this process has not
    // seen yet are read (a call names up to thousands; issue 17).
    const unknown = orgIds.filter((id) => !this.organizations.isKnown(id));
    if (unknown.length) for (const org of await this.organizations.findByIds(unknown)) this.organizations.remember(org);
    const hidden = new Set(
      orgIds.filter((id) => {
        const placement = this.organizations.knownPlacement(id);
        return !placement || !scope.canSee(placement);
      }),
    );
    const refusals: EventRefusal[] = [];
    for (const { index, event } of events) {
      if (!hidden.has(event.organizationId)) continue;
      const error = DomainError.notFound('Organization', event.organizationId);
      refusals.push({ index, field: fieldName(index, 'organizationId'), error });
    }
    const visible = events.filter((e) => !hidden.has(e.event.organizationId));
    const userIds = [...new Set(visible.map((e) => e.event.userId).filter((id): id is number => id !== null))];
    if (!userIds.length) return refusals;
    const users = new Map<number, User>();
    for (let i = 0; i < userIds.length; i += ROWS_PER_STATEMENT) {
      const found = await findUsers(this.deps.db.manager, userIds.slice(i, i + ROWS_PER_STATEMENT));
      for (const u of found) users.set(u.id, u);
    }
    for (const { index, event: e } of visible) {
      if (e.userId !== null && users.get(e.userId)?.organizationId !== e.organizationId) {
        const message = `User ${e.userId} does not belong to organization ${e.organizationId}`;
        const field = fieldName(index, 'userId');
        refusals.push({ index, field, error: DomainError.invalidInput(field, message, { index }) });
      }
    }
    return refusals;
  }

  private async insertNew(
    manager: EntityManager,
    events: ValidEvent[],
    now: Date,
  ): Promise<{ result: RecordUsageResult; stored: Map<UsageType, number> }> {
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
    const stored = new Map<UsageType, number>();
    for (const e of fresh) stored.set(e.type, (stored.get(e.type) ?? 0) + 1);
    return { result: { accepted: fresh.length, duplicates: events.length - fresh.length }, stored };
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

/** An event's values checked alone (no I/O): the event ready to store, or why it is refused. */
function validateEvent(
  input: UsageEventInput,
  index: number,
  now: Date,
  oldest: Date,
  fieldName: FieldName,
): ValidEvent | EventRefusal {
  const refuse = (name: keyof UsageEventInput, message: string): EventRefusal => {
    const field = fieldName(index, name);
    return { index, field, error: DomainError.invalidInput(field, message, { index }) };
  };
  if (typeof input.id !== 'string' || input.id.length < 1 || input.id.length > 100) {
    return refuse('id', 'An event id must be 1 to 100 characters');
  }
  const organizationId = idOf(input.organizationId, index, 'organizationId', fieldName);
  if (typeof organizationId !== 'number') return organizationId;
  const hasUser = input.userId !== undefined && input.userId !== null;
  const userId = hasUser ? idOf(input.userId!, index, 'userId', fieldName) : null;
  if (userId !== null && typeof userId !== 'number') return userId;
  if (!Number.isSafeInteger(input.quantity) || input.quantity < 0) {
    return refuse('quantity', `quantity must be a whole number from 0 to 2^53-1, got ${input.quantity}`);
  }
  if (input.occurredAt.getTime() > now.getTime() + MAX_FUTURE_MS) {
    return refuse('occurredAt', 'occurredAt may be at most one day in the future');
  }
  if (input.occurredAt.getUTCFullYear() < 2000) {
    return refuse('occurredAt', 'occurredAt must be in the year 2000 or later');
  }
  if (input.occurredAt.getTime() < oldest.getTime()) {
    return refuse(
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

function idOf(raw: string, index: number, name: 'organizationId' | 'userId', fieldName: FieldName) {
  const field = fieldName(index, name);
  try {
    return parseId(raw, field, { index });
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    return { index, field, error };
  }
}
