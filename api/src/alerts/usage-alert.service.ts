import { EntityManager, In } from 'typeorm';
import { AppDeps } from '../db/app-deps';
import { ViewerScope } from '../auth/viewer-scope';
import { DomainError } from '../common/domain-error';
import { parseId } from '../common/ids';
import { cycleBoundsAt } from '../common/calendar';
import { CyclePeriod } from '../cycles/cycle-figures';
import { cycleUsageOf } from '../cycles/cycle-usage';
import { createCycleLoaders } from '../cycles/cycle.loaders';
import { CycleUsage } from '../cycles/cycle.types';
import { RollupService } from '../usage/rollup.service';
import { UsageType } from '../rating/usage-type';
import { NotificationCause } from '../notifications/notification.entity';
import { enqueueNotification } from '../notifications/outbox';
import { Organization } from '../organizations/organization.entity';
import { findOrganization, findOrganizations } from '../organizations/organization.repository';
import { cycleBill, CycleBill } from '../plans/charges';
import { includesAny } from '../plans/plan-terms';
import { cycleAmountsOf, PlanService } from '../plans/plan.service';
import { usageAlertEmail } from './alert-emails';
import { AlertFigures, alertValue, checkThreshold, isAlertReached, usageAlertCauseKey } from './usage-alert-rules';
import { AlertBasis, AlertMeasure, UsageAlert } from './usage-alert.entity';

export interface UsageAlertChanges {
  threshold?: number | null;
  basis?: AlertBasis | null;
  measure?: AlertMeasure | null;
  enabled?: boolean | null;
}

/** At most this many usage alerts per organization. */
export const MAX_USAGE_ALERTS = 50;

/** One value per usage type. */
const perType = <T>(of: (type: UsageType) => T): Record<UsageType, T> => ({
  [UsageType.VOICE]: of(UsageType.VOICE),
  [UsageType.MESSAGE]: of(UsageType.MESSAGE),
  [UsageType.DATA]: of(UsageType.DATA),
});

/** An alert's figures: the current cycle's usage and forecast, and their share of the plan's allowance. */
function alertFigures(usage: CycleUsage, bill: CycleBill | null): AlertFigures {
  const totals = { VOICE: usage.voice, MESSAGE: usage.message, DATA: usage.data };
  return {
    billable: perType((t) => totals[t].billable),
    forecast: perType((t) => totals[t].forecast ?? null),
    allowance: perType((t) => bill?.use[t].allowance ?? null),
    percentUsed: perType((t) => bill?.use[t].percentUsed ?? null),
    forecastPercent: perType((t) => bill?.use[t].forecastPercent ?? null),
  };
}

/**
 * Usage alerts (DESIGN.md §7): CRUD, and the decision to fire — inside the ingestion transaction (ACTUAL
 * and FORECAST), when an alert is saved, and by the scheduler (FORECAST, whose figure moves with time).
 * The figures are the cycle card's own (cycleUsageOf over the organization's tree), read in the
 * transaction; "once per cycle" is the outbox's unique cause key per alert and cycle start.
 */
export class UsageAlertService {
  constructor(
    private readonly deps: AppDeps,
    private readonly rollups: RollupService,
    private readonly plans: PlanService,
  ) {}

  list(organizationId: number): Promise<UsageAlert[]> {
    return this.deps.db.manager.getRepository(UsageAlert).find({ where: { organizationId }, order: { id: 'ASC' } });
  }

  async create(
    scope: ViewerScope,
    organizationIdRaw: string,
    fields: { type: UsageType; threshold: number; basis: AlertBasis; measure: AlertMeasure; enabled: boolean },
  ): Promise<UsageAlert> {
    const organizationId = parseId(organizationIdRaw, 'organizationId');
    checkThreshold(fields.threshold, fields.measure);
    return this.deps.db.transaction(
      async (manager) => {
        const org = scope.ensureVisible(
          await findOrganization(manager, organizationId),
          'Organization',
          organizationId,
        );
        if (fields.measure === AlertMeasure.PERCENT_OF_ALLOWANCE)
          await this.requireAllowance(manager, org, fields.type);
        const repo = manager.getRepository(UsageAlert);
        if ((await repo.countBy({ organizationId })) >= MAX_USAGE_ALERTS) {
          throw DomainError.invalidInput(
            'organizationId',
            `An organization has at most ${MAX_USAGE_ALERTS} usage alerts`,
          );
        }
        const now = this.deps.clock();
        const alert = await repo.save(repo.create({ ...fields, organizationId, createdAt: now }));
        await this.evaluate(manager, org, [alert], now);
        return alert;
      },
      { retryOn: ['ER_DUP_ENTRY'] },
    );
  }

  async update(scope: ViewerScope, idRaw: string, changes: UsageAlertChanges): Promise<UsageAlert> {
    const id = parseId(idRaw, 'id');
    return this.deps.db.transaction(
      async (manager) => {
        const { alert, org } = await this.visibleAlert(manager, scope, id);
        const measure = changes.measure ?? alert.measure;
        if (changes.threshold != null || changes.measure != null) {
          checkThreshold(changes.threshold ?? alert.threshold, measure);
        }
        if (measure === AlertMeasure.PERCENT_OF_ALLOWANCE && alert.measure !== measure) {
          await this.requireAllowance(manager, org, alert.type);
        }
        alert.measure = measure;
        if (changes.threshold != null) alert.threshold = changes.threshold;
        if (changes.basis != null) alert.basis = changes.basis;
        if (changes.enabled != null) alert.enabled = changes.enabled;
        await manager.getRepository(UsageAlert).save(alert);
        // A lower threshold or a new basis may already be reached: it fires now, still once per cycle.
        await this.evaluate(manager, org, [alert], this.deps.clock());
        return alert;
      },
      { retryOn: ['ER_DUP_ENTRY'] },
    );
  }

  async delete(scope: ViewerScope, idRaw: string): Promise<boolean> {
    const id = parseId(idRaw, 'id');
    return this.deps.db.transaction(async (manager) => {
      const { alert } = await this.visibleAlert(manager, scope, id);
      await manager.getRepository(UsageAlert).delete({ id: alert.id });
      return true;
    });
  }

  /** A percentage of the allowance needs one: the plan of the current cycle must include some of the type. */
  private async requireAllowance(manager: EntityManager, org: Organization, type: UsageType): Promise<void> {
    const terms = await this.plans.currentTerms(manager, org, this.deps.clock());
    if (!terms || !includesAny(terms, type)) {
      throw DomainError.invalidInput(
        'measure',
        `PERCENT_OF_ALLOWANCE needs an allowance: the current plan of organization ${org.id} includes no ` +
          `${type} (a sub-organization's alerts count in units: plans belong to top-level organizations)`,
      );
    }
  }

  private async visibleAlert(
    manager: EntityManager,
    scope: ViewerScope,
    id: number,
  ): Promise<{ alert: UsageAlert; org: Organization }> {
    const alert = await manager.getRepository(UsageAlert).findOneBy({ id });
    const org = alert ? await findOrganization(manager, alert.organizationId) : null;
    scope.ensureVisible(org, 'UsageAlert', id);
    return { alert: alert!, org: org! };
  }

  /**
   * In the ingestion transaction: the enabled alerts of `watched` (the organizations that received
   * usage and their ancestors, whose cycle figures cover them; the caller knows their paths), each
   * fired when reached and not yet fired this cycle.
   */
  async afterUsage(manager: EntityManager, watched: number[], now: Date): Promise<void> {
    if (!watched.length) return;
    const alerts = await manager
      .getRepository(UsageAlert)
      .find({ where: { organizationId: In(watched), enabled: true }, order: { organizationId: 'ASC', id: 'ASC' } });
    await this.evaluateGrouped(manager, alerts, now);
  }

  /** The scheduler's check of every enabled FORECAST alert (the forecast moves as days pass). */
  async checkForecasts(now: Date): Promise<void> {
    const alerts = await this.deps.db.manager
      .getRepository(UsageAlert)
      .find({ where: { basis: AlertBasis.FORECAST, enabled: true }, order: { organizationId: 'ASC', id: 'ASC' } });
    const byOrg = new Map<number, UsageAlert[]>();
    for (const a of alerts) byOrg.set(a.organizationId, [...(byOrg.get(a.organizationId) ?? []), a]);
    for (const orgAlerts of byOrg.values()) {
      await this.deps.db.transaction((manager) => this.evaluateGrouped(manager, orgAlerts, now), {
        retryOn: ['ER_DUP_ENTRY'],
      });
    }
  }

  private async evaluateGrouped(manager: EntityManager, alerts: UsageAlert[], now: Date): Promise<void> {
    if (!alerts.length) return;
    const orgs = await findOrganizations(manager, [...new Set(alerts.map((a) => a.organizationId))]);
    for (const org of orgs.sort((a, b) => a.id - b.id)) {
      await this.evaluate(
        manager,
        org,
        alerts.filter((a) => a.organizationId === org.id),
        now,
      );
    }
  }

  /** Fires each reached alert not yet fired this cycle: an email and a usage.alert event, in the outbox. */
  private async evaluate(manager: EntityManager, org: Organization, alerts: UsageAlert[], now: Date): Promise<void> {
    if (!alerts.some((a) => a.enabled)) return;
    const usage = await cycleUsageOf(
      org,
      CyclePeriod.CURRENT,
      true,
      now,
      createCycleLoaders(this.rollups, manager).rollupRows,
    );
    // The plan as the dashboard prices the cycle (none for a sub-organization: no statement).
    const terms = await this.plans.currentTerms(manager, org, now);
    const figures = alertFigures(usage, terms && cycleBill(terms, cycleAmountsOf(usage)));
    const reached = alerts.filter((a) => isAlertReached(a, figures));
    if (!reached.length) return;
    const cycleStart = cycleBoundsAt(now, org.timezone, org.cycleStartDay, 0).startDate;
    const keys = reached.map((a) => usageAlertCauseKey(a.id, cycleStart));
    const fired = new Set(
      (
        (await manager.query(
          `SELECT cause_key FROM notification WHERE cause_key IN (${keys.map(() => '?').join(',')})`,
          keys,
        )) as Array<{ cause_key: string }>
      ).map((r) => r.cause_key),
    );
    for (const alert of reached) {
      const causeKey = usageAlertCauseKey(alert.id, cycleStart);
      if (!fired.has(causeKey)) await this.fire(manager, org, alert, figures, cycleStart, causeKey, now);
    }
  }

  private async fire(
    manager: EntityManager,
    org: Organization,
    alert: UsageAlert,
    figures: AlertFigures,
    cycleStart: string,
    causeKey: string,
    now: Date,
  ): Promise<void> {
    const usage = figures.billable[alert.type];
    const forecast = figures.forecast[alert.type];
    const allowance = figures.allowance[alert.type];
    const value = alertValue(alert, figures)!;
    this.deps.log.info('usage alert fired', { alertId: alert.id, organizationId: org.id, value, cycleStart });
    await enqueueNotification(manager, {
      organizationId: org.id,
      cause: NotificationCause.USAGE_ALERT,
      causeKey,
      recipients: org.adminEmails,
      email: usageAlertEmail({
        organizationName: org.name,
        alertId: alert.id,
        type: alert.type,
        basis: alert.basis,
        measure: alert.measure,
        threshold: alert.threshold,
        usage,
        forecast,
        allowance,
        percentUsed: figures.percentUsed[alert.type],
        forecastPercent: figures.forecastPercent[alert.type],
        cycleStart,
        portalUrl: this.deps.config.portalUrl,
      }),
      now,
      event: {
        type: 'usage.alert',
        data: {
          alertId: String(alert.id),
          usageType: alert.type,
          threshold: alert.threshold,
          basis: alert.basis,
          measure: alert.measure,
          value,
          usage,
          forecast,
          allowance,
          cycleStart,
        },
      },
    });
  }
}
