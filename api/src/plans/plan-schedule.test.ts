import {
  PlanEffective,
  PlanEntry,
  planClearWrites,
  planOfCycle,
  planSetWrites,
  PlanWrites,
  scheduledPlan,
} from './plan-schedule';
import { PlanTerms, validatePlanTerms } from './plan-terms';

const terms = (name: string): PlanTerms => validatePlanTerms({ name, currency: 'USD' });
const A = terms('A');
const B = terms('B');
const C = terms('C');
const STARTS = { current: '2027-03-01', next: '2027-04-01' };

/** The entries after a change, by date, each its plan's name or null for a clear. */
function apply(entries: PlanEntry[], writes: PlanWrites): Record<string, string | null> {
  const kept = entries.filter((e) => !writes.remove.includes(e.effectiveFrom));
  const all = writes.add ? [...kept, writes.add] : kept;
  return Object.fromEntries(
    all
      .sort((x, y) => x.effectiveFrom.localeCompare(y.effectiveFrom))
      .map((e) => [e.effectiveFrom, e.terms?.name ?? null]),
  );
}

describe('which plan prices which cycle', () => {
  const history: PlanEntry[] = [
    { effectiveFrom: '2026-11-01', terms: A },
    { effectiveFrom: '2027-01-01', terms: null },
    { effectiveFrom: '2027-02-01', terms: B },
    { effectiveFrom: '2027-04-01', terms: C },
  ];

  it('prices each cycle by the latest entry on or before its start', () => {
    expect(planOfCycle(history, '2026-10-01')).toBeNull();
    expect(planOfCycle(history, '2026-11-01')?.terms.name).toBe('A');
    expect(planOfCycle(history, '2026-12-01')).toEqual({ effectiveFrom: '2026-11-01', terms: A });
    expect(planOfCycle(history, '2027-01-01')).toBeNull();
    expect(planOfCycle(history, '2027-03-01')).toEqual({ effectiveFrom: '2027-02-01', terms: B });
    expect(planOfCycle(history, '2027-05-01')?.terms.name).toBe('C');
    expect(planOfCycle([], '2027-03-01')).toBeNull();
  });

  it('schedules only what starts with the next cycle', () => {
    expect(scheduledPlan(history, STARTS)).toEqual({ effectiveFrom: '2027-04-01', terms: C });
    expect(scheduledPlan(history.slice(0, 3), STARTS)).toBeNull();
  });
});

describe('plan changes', () => {
  const current: PlanEntry[] = [
    { effectiveFrom: '2027-01-01', terms: A },
    { effectiveFrom: '2027-04-01', terms: B },
  ];

  it('sets a plan from the current cycle (keeping a scheduled one) or from the next (replacing it)', () => {
    expect(apply(current, planSetWrites(current, C, PlanEffective.CURRENT_CYCLE, STARTS))).toEqual({
      '2027-01-01': 'A',
      '2027-03-01': 'C',
      '2027-04-01': 'B',
    });
    expect(apply(current, planSetWrites(current, C, PlanEffective.NEXT_CYCLE, STARTS))).toEqual({
      '2027-01-01': 'A',
      '2027-04-01': 'C',
    });
    const twice = [...current, { effectiveFrom: '2027-03-01', terms: B }];
    expect(apply(twice, planSetWrites(twice, C, PlanEffective.CURRENT_CYCLE, STARTS))['2027-03-01']).toBe('C');
  });

  it('clears the scheduled plan (NEXT_CYCLE: the current one continues), false when none is', () => {
    const writes = planClearWrites(current, PlanEffective.NEXT_CYCLE, STARTS);
    expect(writes.changed).toBe(true);
    expect(apply(current, writes)).toEqual({ '2027-01-01': 'A' });
    expect(planClearWrites(current.slice(0, 1), PlanEffective.NEXT_CYCLE, STARTS)).toEqual({
      remove: [],
      add: null,
      changed: false,
    });
  });

  it('clears from the current cycle on (CURRENT_CYCLE), keeping past cycles priced', () => {
    const writes = planClearWrites(current, PlanEffective.CURRENT_CYCLE, STARTS);
    expect(writes.changed).toBe(true);
    const after = apply(current, writes);
    expect(after).toEqual({ '2027-01-01': 'A', '2027-03-01': null });
    // A plan set in this very cycle needs no entry saying "none" once it is removed.
    const setNow: PlanEntry[] = [{ effectiveFrom: '2027-03-01', terms: A }];
    expect(apply(setNow, planClearWrites(setNow, PlanEffective.CURRENT_CYCLE, STARTS))).toEqual({});
    // Only a scheduled plan: it goes, and that is a change.
    const onlyNext: PlanEntry[] = [{ effectiveFrom: '2027-04-01', terms: B }];
    const cleared = planClearWrites(onlyNext, PlanEffective.CURRENT_CYCLE, STARTS);
    expect([cleared.changed, apply(onlyNext, cleared)]).toEqual([true, {}]);
    // Nothing to clear.
    const none: PlanEntry[] = [
      { effectiveFrom: '2027-01-01', terms: A },
      { effectiveFrom: '2027-03-01', terms: null },
    ];
    expect(planClearWrites(none, PlanEffective.CURRENT_CYCLE, STARTS).changed).toBe(false);
    expect(planClearWrites([], PlanEffective.CURRENT_CYCLE, STARTS).changed).toBe(false);
  });
});
