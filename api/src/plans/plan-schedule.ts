/**
 * Which plan prices which cycle (DESIGN §9). An organization keeps one entry per cycle in which its
 * plan changed: the cycle's first local date and the plan from then on, or null for "no plan from
 * then on". A cycle is priced by the latest entry on or before its start, so a change never reprices
 * a past cycle. Pure functions, no I/O.
 */
import { PlanTerms } from './plan-terms';

export interface PlanEntry {
  /** The first local date (YYYY-MM-DD) of the cycle it takes effect from. */
  effectiveFrom: string;
  /** The plan from that cycle on; null: no plan from that cycle on (a clear). */
  terms: PlanTerms | null;
}

/** A plan in effect: its terms and the cycle it took effect from. */
export interface EffectivePlan extends PlanEntry {
  terms: PlanTerms;
}

/** When a plan change takes effect. */
export enum PlanEffective {
  CURRENT_CYCLE = 'CURRENT_CYCLE',
  NEXT_CYCLE = 'NEXT_CYCLE',
}

/** The first local dates of the current and the next cycle, where every change lands. */
export interface CycleStarts {
  current: string;
  next: string;
}

/** The plan pricing the cycle that starts on `cycleStartDate`; null without one. */
export function planOfCycle(entries: readonly PlanEntry[], cycleStartDate: string): EffectivePlan | null {
  let latest: PlanEntry | null = null;
  for (const entry of entries) {
    if (entry.effectiveFrom <= cycleStartDate && (!latest || entry.effectiveFrom > latest.effectiveFrom)) {
      latest = entry;
    }
  }
  return latest?.terms ? (latest as EffectivePlan) : null;
}

/** The plan scheduled to start with the next cycle (a change not in effect yet); null when none is. */
export function scheduledPlan(entries: readonly PlanEntry[], starts: CycleStarts): EffectivePlan | null {
  const scheduled = entries.find((e) => e.effectiveFrom === starts.next);
  return scheduled?.terms ? (scheduled as EffectivePlan) : null;
}

/** What a change writes: the entries (by their date) it removes, the one it adds, and whether any plan changed. */
export interface PlanWrites {
  remove: string[];
  add: PlanEntry | null;
  changed: boolean;
}

/**
 * setPlan: the plan takes effect from the current cycle (replacing its plan; a plan already scheduled
 * for the next cycle stays) or from the next one (replacing any scheduled plan).
 */
export function planSetWrites(
  entries: readonly PlanEntry[],
  terms: PlanTerms,
  effective: PlanEffective,
  starts: CycleStarts,
): PlanWrites {
  const from = effective === PlanEffective.CURRENT_CYCLE ? starts.current : starts.next;
  return {
    remove: entries.filter((e) => e.effectiveFrom === from).map((e) => e.effectiveFrom),
    add: { effectiveFrom: from, terms },
    changed: true,
  };
}

/**
 * clearPlan. NEXT_CYCLE withdraws what is scheduled from the next cycle on, so the current plan
 * continues; CURRENT_CYCLE removes the current cycle's plan and anything scheduled: no plan from this
 * cycle on (an entry saying so only when an earlier cycle's plan would otherwise carry on). `changed`
 * is false when there was nothing to clear.
 */
export function planClearWrites(
  entries: readonly PlanEntry[],
  effective: PlanEffective,
  starts: CycleStarts,
): PlanWrites {
  if (effective === PlanEffective.NEXT_CYCLE) {
    const remove = entries.filter((e) => e.effectiveFrom >= starts.next).map((e) => e.effectiveFrom);
    return { remove, add: null, changed: remove.length > 0 };
  }
  const remove = entries.filter((e) => e.effectiveFrom >= starts.current).map((e) => e.effectiveFrom);
  const before = planOfCycle(
    entries.filter((e) => e.effectiveFrom < starts.current),
    starts.current,
  );
  const changed = planOfCycle(entries, starts.current) !== null || planOfCycle(entries, starts.next) !== null;
  return { remove, add: before ? { effectiveFrom: starts.current, terms: null } : null, changed };
}
