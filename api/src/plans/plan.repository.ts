import { EntityManager } from 'typeorm';
import { UsageType } from '../rating/usage-type';
import { formatShortest, formatUnits, minorDigits, parseDecimal, RATE_DECIMALS } from './money';
import { OrganizationPlan } from './organization-plan.entity';
import { PlanEntry, PlanWrites } from './plan-schedule';
import { AllowanceTerms, PlanTerms } from './plan-terms';

/** The organization_plan table's reads and writes, in one place. */

/** An organization's plan entries, oldest first, with the plan_seq they were read under. */
export interface PlanEntries {
  planSeq: number;
  entries: PlanEntry[];
}

const PREFIX: Record<UsageType, string> = { VOICE: 'voice', MESSAGE: 'message', DATA: 'data' };

function allowanceOfRow(row: Record<string, unknown>, type: UsageType): AllowanceTerms {
  const p = PREFIX[type];
  return {
    included: Number(row[`${p}_included`]),
    includedPerActiveUser: Number(row[`${p}_included_per_active_user`]),
    overageRate: parseDecimal(String(row[`${p}_overage_rate`]), RATE_DECIMALS, `${p}_overage_rate`),
  };
}

/** A stored row as a plan entry (the decimal text read back into exact integers). */
function entryOfRow(row: Record<string, unknown>): PlanEntry {
  const effectiveFrom = String(row.effective_from);
  if (Number(row.cleared)) return { effectiveFrom, terms: null };
  const currency = String(row.currency);
  const digits = minorDigits(currency);
  const terms: PlanTerms = {
    name: String(row.name),
    currency,
    baseFee: parseDecimal(String(row.base_fee), digits, 'base_fee'),
    perActiveUserFee: parseDecimal(String(row.per_active_user_fee), digits, 'per_active_user_fee'),
    allowances: {
      VOICE: allowanceOfRow(row, UsageType.VOICE),
      MESSAGE: allowanceOfRow(row, UsageType.MESSAGE),
      DATA: allowanceOfRow(row, UsageType.DATA),
    },
  };
  return { effectiveFrom, terms };
}

/**
 * The plan entries of each organization with its plan_seq, in one statement (the seq read with the
 * rows, so what a process keeps for a seq is exactly what that seq stored). Organizations not found
 * are missing from the map.
 */
export async function readPlanEntries(
  manager: EntityManager,
  ids: readonly number[],
): Promise<Map<number, PlanEntries>> {
  const found = new Map<number, PlanEntries>();
  if (!ids.length) return found;
  const rows: Array<Record<string, unknown>> = await manager.query(
    `SELECT o.id AS org_id, o.plan_seq AS org_plan_seq, p.*
       FROM organization o LEFT JOIN organization_plan p ON p.organization_id = o.id
      WHERE o.id IN (${ids.map(() => '?').join(',')})
      ORDER BY o.id, p.effective_from`,
    [...ids],
  );
  for (const row of rows) {
    const id = Number(row.org_id);
    let known = found.get(id);
    if (!known) found.set(id, (known = { planSeq: Number(row.org_plan_seq), entries: [] }));
    if (row.effective_from !== null && row.effective_from !== undefined) known.entries.push(entryOfRow(row));
  }
  return found;
}

/** The columns of a stored entry: decimal text with the currency's minor digits, rates at their shortest. */
function columnsOf(entry: PlanEntry): Partial<OrganizationPlan> {
  const terms = entry.terms;
  if (!terms) return { effectiveFrom: entry.effectiveFrom, cleared: true };
  const digits = minorDigits(terms.currency);
  const { VOICE: voice, MESSAGE: message, DATA: data } = terms.allowances;
  return {
    effectiveFrom: entry.effectiveFrom,
    cleared: false,
    name: terms.name,
    currency: terms.currency,
    baseFee: formatUnits(terms.baseFee, digits),
    perActiveUserFee: formatUnits(terms.perActiveUserFee, digits),
    voiceIncluded: voice.included,
    voiceIncludedPerActiveUser: voice.includedPerActiveUser,
    voiceOverageRate: formatShortest(voice.overageRate, RATE_DECIMALS),
    messageIncluded: message.included,
    messageIncludedPerActiveUser: message.includedPerActiveUser,
    messageOverageRate: formatShortest(message.overageRate, RATE_DECIMALS),
    dataIncluded: data.included,
    dataIncludedPerActiveUser: data.includedPerActiveUser,
    dataOverageRate: formatShortest(data.overageRate, RATE_DECIMALS),
  };
}

/**
 * Applies a plan change in the caller's transaction, the organization's row already locked: the
 * entries it removes, the one it adds, and plan_seq moved once.
 */
export async function writePlanChange(
  manager: EntityManager,
  organizationId: number,
  writes: PlanWrites,
  setBy: string,
  now: Date,
): Promise<void> {
  const repo = manager.getRepository(OrganizationPlan);
  for (const effectiveFrom of writes.remove) await repo.delete({ organizationId, effectiveFrom });
  if (writes.add)
    await repo.insert({ ...columnsOf(writes.add), organizationId, setBy: setBy.slice(0, 200), setAt: now });
  await bumpPlanSeq(manager, organizationId);
}

/** Moves organization.plan_seq, the stamp kept answers and Organization.version follow for plans. */
export async function bumpPlanSeq(manager: EntityManager, organizationId: number): Promise<void> {
  await manager.query('UPDATE organization SET plan_seq = plan_seq + 1 WHERE id = ?', [organizationId]);
}
