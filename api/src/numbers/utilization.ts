import { NumberState } from './phone-number.entity';

/** Counts of an organization's numbers, from its own point of view (DESIGN.md §2). */
export interface NumberCounts {
  available: number;
  reserved: number;
  assigned: number;
  registered: number;
  /** Numbers held anywhere below it in the tree, whatever their state. */
  allocatedToSubOrganizations: number;
  /** Its assigned numbers whose invitation is pending (a subset of assigned). */
  pendingInvitation: number;
}

export interface Utilization extends NumberCounts {
  total: number;
  inUse: number;
  percentInUse: number;
}

export function computeUtilization(counts: NumberCounts): Utilization {
  const total =
    counts.available + counts.reserved + counts.assigned + counts.registered + counts.allocatedToSubOrganizations;
  const inUse = total - counts.available;
  return { ...counts, total, inUse, percentInUse: total === 0 ? 0 : (100 * inUse) / total };
}

/** Reached means percentInUse ≥ threshold; compared in integers so 4/5 at 80% is exactly reached. */
export function isThresholdReached(u: Pick<Utilization, 'inUse' | 'total'>, thresholdPercent: number): boolean {
  return u.total > 0 && u.inUse * 100 >= thresholdPercent * u.total;
}

/** Rows of (held by the organization itself?, state, count, pending) into counts. */
export function countsFromRows(
  rows: Array<{ own: boolean; state: NumberState; count: number; pending: number }>,
): NumberCounts {
  const counts: NumberCounts = {
    available: 0,
    reserved: 0,
    assigned: 0,
    registered: 0,
    allocatedToSubOrganizations: 0,
    pendingInvitation: 0,
  };
  for (const row of rows) {
    if (!row.own) {
      counts.allocatedToSubOrganizations += row.count;
      continue;
    }
    if (row.state === NumberState.AVAILABLE) counts.available += row.count;
    else if (row.state === NumberState.RESERVED) counts.reserved += row.count;
    else if (row.state === NumberState.ASSIGNED) {
      counts.assigned += row.count;
      counts.pendingInvitation += row.pending;
    } else if (row.state === NumberState.REGISTERED) counts.registered += row.count;
  }
  return counts;
}
