import DataLoader from 'dataloader';
import { CycleLoaders } from '../cycles/cycle.loaders';
import { CycleOrigin } from '../cycles/cycle.types';
import { Organization } from '../organizations/organization.entity';
import { OrganizationLoaders } from '../organizations/organization.loaders';
import { CycleBill } from './charges';
import { PlanEntry } from './plan-schedule';
import type { PlanService } from './plan.service';

export interface PlanLoaders {
  /** An organization's plan entries, by id (none without a plan ever set: no statement). */
  planEntries: DataLoader<Organization, PlanEntry[], number>;
  /** The bill of an organization's CURRENT or PAST cycle (null without a plan), computed once per request. */
  cycleBill: DataLoader<CycleOrigin, CycleBill | null, string>;
}

/**
 * Fresh per request: plan entries read once for every organization asked (kept per plan_seq by the
 * service, so usually none), and each cycle's bill computed once however many fields read it (a
 * dashboard's three periods, nine totals and their charges).
 */
export function createPlanLoaders(
  plans: PlanService,
  loaders: OrganizationLoaders & CycleLoaders,
  now: Date,
): PlanLoaders {
  const planEntries: PlanLoaders['planEntries'] = new DataLoader((orgs) => plans.entriesOf(orgs), {
    cacheKeyFn: (org) => org.id,
  });
  const all = { ...loaders, planEntries };
  return {
    planEntries,
    cycleBill: new DataLoader((origins) => Promise.all(origins.map((origin) => plans.billOf(origin, now, all))), {
      cacheKeyFn: (origin) => `${origin.organizationId}|${origin.period}`,
    }),
  };
}
