import { EntityManager } from 'typeorm';
import { AppDeps } from '../db/app-deps';
import { ViewerScope } from '../auth/viewer-scope';
import { DomainError } from '../common/domain-error';
import { NotificationCause } from '../notifications/notification.entity';
import { enqueueNotification } from '../notifications/outbox';
import { thresholdEmail } from './threshold-email';
import { thresholdCauseOfOperation } from './threshold-rules';
import { Organization } from '../organizations/organization.entity';
import { lockOrganizations, saveOperationSeq } from '../organizations/organization.repository';
import { measureUtilization } from './phone-number.repository';
import { Utilization } from './utilization';
import { recordUtilizationDays, UtilizationDayInput } from './utilization-day.repository';
import { localDateOf } from '../common/calendar';
import { deferredToDigest, recordDigestTake } from './utilization-digest';

/** What a change sees: its transaction, the time, and the locked organizations with their utilization before. */
export interface OperationStep {
  manager: EntityManager;
  now: Date;
  organizations: Organization[];
  before: Map<number, Utilization>;
}

export interface NumberOperation<T> {
  /** The organizations whose utilization the change may move. */
  organizationIds: number[];
  /** When given, a locked organization outside it answers NOT_FOUND (checked under the lock). */
  scope?: ViewerScope;
  change(step: OperationStep): Promise<T>;
  /** The email an organization is owed; default: the operation rules of DESIGN.md §2. */
  causeOf?(before: Utilization, after: Utilization, org: Organization): NotificationCause | null;
  /** The change moves no number (a threshold save): utilization is not measured again. */
  numbersUnchanged?: boolean;
}

/**
 * The unit of work of every change to numbers and thresholds: locks the affected organizations (in
 * id order), measures their utilization before and after, writes the threshold emails the change
 * caused into the outbox and the moved utilization into the daily log (number_utilization_day), all
 * in one transaction (retried whole on a MySQL deadlock).
 */
export class NumberOperations {
  constructor(private readonly deps: AppDeps) {}

  run<T>(operation: NumberOperation<T>): Promise<T> {
    return this.deps.db.transaction(async (manager) => {
      const { organizationIds, scope } = operation;
      const orgs = await lockOrganizations(manager, organizationIds, this.deps.db.sqlite);
      if (orgs.length !== new Set(organizationIds).size) {
        throw DomainError.notFound('Organization', organizationIds.join(','));
      }
      for (const org of orgs) scope?.ensureVisible(org, 'Organization', org.id);
      const now = this.deps.clock();
      const before = new Map<number, Utilization>();
      for (const org of orgs) before.set(org.id, await measureUtilization(manager, org.id, now));
      const result = await operation.change({ manager, now, organizations: orgs, before });
      const moved: UtilizationDayInput[] = [];
      for (const org of orgs) {
        const was = before.get(org.id)!;
        const after = operation.numbersUnchanged ? was : await measureUtilization(manager, org.id, now);
        if (after.inUse !== was.inUse || after.total !== was.total) {
          moved.push({ organizationId: org.id, day: localDateOf(now, org.timezone), ...after });
        }
        const causeOf =
          operation.causeOf ?? ((b, a, o) => thresholdCauseOfOperation(b, a, o.utilizationThresholdPercent));
        const cause = causeOf(was, after, org);
        org.numberOperationSeq += 1;
        await saveOperationSeq(manager, org);
        if (cause && deferredToDigest(cause, org)) await recordDigestTake(manager, org, after, now);
        else if (cause) await this.notify(manager, org, cause, after, now);
      }
      // The utilization log (history, run-out): the day's figures after this operation.
      await recordUtilizationDays(this.deps.db, manager, now, moved);
      return result;
    });
  }

  /** Writes the threshold email into the outbox, once per cause (cause_key is unique). */
  private async notify(
    manager: EntityManager,
    org: Organization,
    cause: NotificationCause,
    utilization: Utilization,
    now: Date,
  ): Promise<void> {
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
      event: {
        type: 'utilization.threshold',
        data: {
          cause,
          percentInUse: utilization.percentInUse,
          thresholdPercent: org.utilizationThresholdPercent,
          inUse: utilization.inUse,
          total: utilization.total,
          available: utilization.available,
        },
      },
    });
  }
}
