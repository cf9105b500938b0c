import { EntityManager } from 'typeorm';
import { AppDeps } from '../db/app-deps';
import { localDateOf } from '../common/calendar';
import { fromSqlDate, sqlDate } from '../db/transformers';
import { NotificationCause } from '../notifications/notification.entity';
import { enqueueNotification } from '../notifications/outbox';
import { measureUtilization } from './phone-number.repository';
import { Organization } from '../organizations/organization.entity';
import { findOrganization, findOrganizations } from '../organizations/organization.repository';
import { AlertPolicy } from './alert-policy';
import { DigestTake, utilizationDigestEmail } from './threshold-email';

/** DAILY_DIGEST: a further take while reached waits for the day's digest instead of notifying at once. */
export function deferredToDigest(cause: NotificationCause, org: Pick<Organization, 'alertPolicy'>): boolean {
  return org.alertPolicy === AlertPolicy.DAILY_DIGEST && cause === NotificationCause.NUMBERS_TAKEN_WHILE_REACHED;
}

/** Collects the take for its local day's digest, in the operation's transaction. */
export async function recordDigestTake(
  manager: EntityManager,
  org: Organization,
  after: { inUse: number; total: number; available: number },
  now: Date,
): Promise<void> {
  await manager.query(
    'INSERT INTO utilization_digest_take (organization_id, day, occurred_at, in_use, total, available, digested) ' +
      'VALUES (?, ?, ?, ?, ?, ?, 0)',
    [org.id, localDateOf(now, org.timezone), sqlDate(now), after.inUse, after.total, after.available],
  );
}

/** Unique per organization and local day: one digest, whatever the restarts and processes. */
export function digestCauseKey(organizationId: number, day: string): string {
  return `org:${organizationId}:digest:${day}`;
}

/**
 * Sends each collected day's digest once that day has ended in the organization's time zone. The takes
 * are in the database, so a restart loses none; the outbox's unique cause key keeps it to one digest.
 */
export class DigestSender {
  constructor(private readonly deps: AppDeps) {}

  /** Writes every due digest into the outbox; answers how many. */
  async sendDue(now: Date): Promise<number> {
    const pending: Array<{ organization_id: number; day: string }> = await this.deps.db.manager.query(
      'SELECT organization_id, day FROM utilization_digest_take WHERE digested = 0 GROUP BY organization_id, day ' +
        'ORDER BY organization_id, day',
    );
    if (!pending.length) return 0;
    const orgs = new Map(
      (await findOrganizations(this.deps.db.manager, [...new Set(pending.map((p) => Number(p.organization_id)))])).map(
        (o) => [o.id, o],
      ),
    );
    let sent = 0;
    for (const { organization_id: orgId, day } of pending) {
      const org = orgs.get(Number(orgId));
      if (!org || day >= localDateOf(now, org.timezone)) continue;
      const wrote = await this.deps.db.transaction((manager) => this.sendDigest(manager, Number(orgId), day, now), {
        retryOn: ['ER_DUP_ENTRY'],
      });
      if (wrote) sent++;
    }
    return sent;
  }

  private async sendDigest(manager: EntityManager, organizationId: number, day: string, now: Date): Promise<boolean> {
    const org = await findOrganization(manager, organizationId);
    const rows: Array<{ id: number; occurred_at: string | Date; in_use: number; total: number; available: number }> =
      await manager.query(
        'SELECT id, occurred_at, in_use, total, available FROM utilization_digest_take ' +
          'WHERE organization_id = ? AND day = ? AND digested = 0 ORDER BY id',
        [organizationId, day],
      );
    if (!org || !rows.length) return false;
    const causeKey = digestCauseKey(organizationId, day);
    const known = await manager.query('SELECT id FROM notification WHERE cause_key = ?', [causeKey]);
    const takes: DigestTake[] = rows.map((r) => ({
      at: fromSqlDate(r.occurred_at)!,
      inUse: Number(r.in_use),
      total: Number(r.total),
      available: Number(r.available),
    }));
    if (!known.length) await this.enqueue(manager, org, day, takes, causeKey, now);
    await manager.query(
      `UPDATE utilization_digest_take SET digested = 1 WHERE id IN (${rows.map(() => '?').join(',')})`,
      rows.map((r) => Number(r.id)),
    );
    return !known.length;
  }

  private async enqueue(
    manager: EntityManager,
    org: Organization,
    day: string,
    takes: DigestTake[],
    causeKey: string,
    now: Date,
  ): Promise<void> {
    const utilization = await measureUtilization(manager, org.id, now);
    await enqueueNotification(manager, {
      organizationId: org.id,
      cause: NotificationCause.UTILIZATION_DIGEST,
      causeKey,
      recipients: org.adminEmails,
      email: utilizationDigestEmail({
        organizationName: org.name,
        day,
        timezone: org.timezone,
        takes,
        thresholdPercent: org.utilizationThresholdPercent,
        utilization,
        portalUrl: this.deps.config.portalUrl,
      }),
      now,
      event: {
        type: 'utilization.digest',
        data: {
          date: day,
          operations: takes.map((t) => ({
            at: t.at.toISOString(),
            inUse: t.inUse,
            total: t.total,
            available: t.available,
          })),
          thresholdPercent: org.utilizationThresholdPercent,
          percentInUse: utilization.percentInUse,
          inUse: utilization.inUse,
          total: utilization.total,
          available: utilization.available,
        },
      },
    });
  }
}
