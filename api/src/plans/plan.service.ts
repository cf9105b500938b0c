import DataLoader from 'dataloader';
import { EntityManager } from 'typeorm';
import { ViewerScope } from '../auth/viewer-scope';
import { countLookup } from '../common/cache-stats';
import { cycleBoundsAt, shiftCycleStartDate } from '../common/calendar';
import { DomainError } from '../common/domain-error';
import { parseId } from '../common/ids';
import { VersionedCache } from '../common/versioned-cache';
import { AppDeps } from '../db/app-deps';
import { CyclePeriod } from '../cycles/cycle-figures';
import { CycleLoaders } from '../cycles/cycle.loaders';
import { CycleOrigin, CycleUsage } from '../cycles/cycle.types';
import { CycleUsageService } from '../cycles/cycle-usage.service';
import { Organization } from '../organizations/organization.entity';
import { OrganizationLoaders } from '../organizations/organization.loaders';
import { lockOrganizations } from '../organizations/organization.repository';
import { CycleAmounts, cycleBill, CycleBill } from './charges';
import {
  CycleStarts,
  EffectivePlan,
  PlanEffective,
  PlanEntry,
  planClearWrites,
  planOfCycle,
  planSetWrites,
  PlanWrites,
  scheduledPlan,
} from './plan-schedule';
import { PlanTerms, PlanTermsInput, validatePlanTerms } from './plan-terms';
import { readPlanEntries, writePlanChange } from './plan.repository';

/** Plan entries kept per organization and plan_seq: a few hundred bytes each, for ~1,300 accounts. */
const KEPT_PLAN_ENTRIES = 2000;

/** What a bill is computed from, through the request's loaders. */
export type BillLoaders = OrganizationLoaders &
  CycleLoaders & { planEntries: DataLoader<Organization, PlanEntry[], number> };

/** The first local dates of the current and the next cycle of `org` at `now`. */
export function cycleStartsOf(org: Pick<Organization, 'timezone' | 'cycleStartDay'>, now: Date): CycleStarts {
  const current = cycleBoundsAt(now, org.timezone, org.cycleStartDay, 0).startDate;
  return { current, next: shiftCycleStartDate(current, 1, org.cycleStartDay) };
}

/** A cycle's figures as a bill counts them: the whole account's, VOICE in rated seconds. */
export function cycleAmountsOf(usage: CycleUsage): CycleAmounts {
  return {
    activeUsers: usage.activeUsers,
    billable: {
      VOICE: usage.voice.billableSeconds ?? usage.voice.billable * 60,
      MESSAGE: usage.message.billable,
      DATA: usage.data.billable,
    },
    forecast: { VOICE: usage.voice.forecast, MESSAGE: usage.message.forecast, DATA: usage.data.forecast },
  };
}

/**
 * Price plans (DESIGN §9): setting and clearing them (operators), the plan of a cycle, and its bill.
 * Only top-level organizations have plans; an organization whose plan_seq is 0 never had one, so it
 * costs no statement, and the entries of the others are kept per plan_seq (moved by every change, in
 * its transaction), valid on every process as the rollup rows are.
 */
export class PlanService {
  /** None with read replicas: the seq and the rows could come from replicas at different points. */
  private readonly kept: VersionedCache<PlanEntry[]> | undefined;

  constructor(
    private readonly deps: AppDeps,
    private readonly cycleUsage: CycleUsageService,
  ) {
    this.kept = deps.config.databaseReplicaUrls.length ? undefined : new VersionedCache(KEPT_PLAN_ENTRIES);
  }

  /** Each organization's plan entries, oldest first: kept ones for their plan_seq, the others in one statement. */
  async entriesOf(orgs: readonly Organization[], manager?: EntityManager): Promise<PlanEntry[][]> {
    const result: PlanEntry[][] = orgs.map(() => []);
    const toRead: number[] = [];
    orgs.forEach((org, i) => {
      if (org.parentId !== null || !org.planSeq) return;
      const kept = this.kept?.get(String(org.id), org.planSeq);
      if (this.kept) countLookup('plans', kept !== undefined);
      if (kept) result[i] = kept;
      else toRead.push(i);
    });
    if (!toRead.length) return result;
    const read = await readPlanEntries(manager ?? this.deps.db.manager, [...new Set(toRead.map((i) => orgs[i].id))]);
    for (const i of toRead) {
      const found = read.get(orgs[i].id);
      if (!found) continue;
      this.kept?.set(String(orgs[i].id), found.planSeq, found.entries);
      result[i] = found.entries;
    }
    return result;
  }

  /** The plan of the current cycle (`next`: the one scheduled for the next cycle); null on a sub-organization. */
  async planOf(org: Organization, which: 'current' | 'next', now: Date, loaders: BillLoaders) {
    if (org.parentId !== null) return null;
    const entries = await loaders.planEntries.load(org);
    const starts = cycleStartsOf(org, now);
    return which === 'current' ? planOfCycle(entries, starts.current) : scheduledPlan(entries, starts);
  }

  /**
   * The bill of a top-level organization's CURRENT or PAST cycle under the plan in effect at its start,
   * from the whole account's figures whatever the asking field's scope; null without a plan, on a
   * sub-organization and on ALL_TIME.
   */
  async billOf(origin: CycleOrigin, now: Date, loaders: BillLoaders): Promise<CycleBill | null> {
    if (!origin.topLevel || origin.period === CyclePeriod.ALL_TIME) return null;
    const org = await loaders.organization.load(origin.organizationId);
    if (!org) return null;
    const starts = cycleStartsOf(org, now);
    const start =
      origin.period === CyclePeriod.CURRENT
        ? starts.current
        : shiftCycleStartDate(starts.current, -1, org.cycleStartDay);
    const plan = planOfCycle(await loaders.planEntries.load(org), start);
    if (!plan) return null;
    const usage = await this.cycleUsage.cycleOf(org, origin.period, true, now, loaders);
    return cycleBill(plan.terms, cycleAmountsOf(usage));
  }

  /** In the caller's transaction (alerts): the terms of the plan pricing the current cycle, or null. */
  async currentTerms(manager: EntityManager, org: Organization, now: Date): Promise<PlanTerms | null> {
    const [entries] = await this.entriesOf([org], manager);
    return planOfCycle(entries, cycleStartsOf(org, now).current)?.terms ?? null;
  }

  /** setPlan (operators): the plan from the current or the next cycle on; answers it as in effect then. */
  async setPlan(
    scope: ViewerScope,
    organizationIdRaw: string,
    input: PlanTermsInput,
    effective: PlanEffective,
  ): Promise<EffectivePlan> {
    const terms = validatePlanTerms(input);
    const { writes } = await this.change(scope, organizationIdRaw, (entries, starts) =>
      planSetWrites(entries, terms, effective, starts),
    );
    return writes.add as EffectivePlan;
  }

  /** clearPlan (operators): true when a plan was withdrawn or removed, false when there was none to clear. */
  async clearPlan(scope: ViewerScope, organizationIdRaw: string, effective: PlanEffective): Promise<boolean> {
    const { writes } = await this.change(scope, organizationIdRaw, (entries, starts) =>
      planClearWrites(entries, effective, starts),
    );
    return writes.changed;
  }

  /**
   * Demo data: the plan from the cycle starting on `effectiveFrom` on, unless the organization already
   * has plan entries (seeds insert only what is missing). Answers whether it wrote one.
   */
  async seedPlan(
    scope: ViewerScope,
    org: Organization,
    input: PlanTermsInput,
    effectiveFrom: string,
  ): Promise<boolean> {
    const terms = validatePlanTerms(input);
    const { writes } = await this.change(scope, String(org.id), (entries) => ({
      remove: [],
      add: entries.length ? null : { effectiveFrom, terms },
      changed: !entries.length,
    }));
    return writes.changed;
  }

  /**
   * One plan change, in a transaction: the organization's row locked (concurrent changes of one account
   * serialize), its entries read, the change decided on them and written with plan_seq moved; nothing
   * written when it changes nothing.
   */
  private change(
    scope: ViewerScope,
    organizationIdRaw: string,
    decide: (entries: PlanEntry[], starts: CycleStarts) => PlanWrites,
  ): Promise<{ writes: PlanWrites }> {
    const id = parseId(organizationIdRaw, 'organizationId');
    return this.deps.db.transaction(
      async (manager) => {
        const [org] = await lockOrganizations(manager, [id], this.deps.db.sqlite);
        scope.ensureVisible(org, 'Organization', organizationIdRaw);
        if (org.parentId !== null) {
          throw DomainError.invalidInput(
            'organizationId',
            `Organization ${id} is a sub-organization: it shares its top-level organization's plan`,
          );
        }
        const entries = (await readPlanEntries(manager, [id])).get(id)?.entries ?? [];
        const now = this.deps.clock();
        const writes = decide(entries, cycleStartsOf(org, now));
        if (writes.changed) await writePlanChange(manager, id, writes, scope.subject, now);
        return { writes };
      },
      { retryOn: ['ER_DUP_ENTRY'] },
    );
  }
}
