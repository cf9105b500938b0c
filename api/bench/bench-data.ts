/** Deterministic benchmark data: the organization tree and the usage events, the same on every run. */
import { seededRandom } from '../src/demo/seeded-random';

const TIMEZONES = ['UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Tokyo', 'America/Los_Angeles', 'Australia/Sydney'];
const CYCLE_START_DAYS = [1, 1, 5, 15, 28];

export interface PlannedOrganization {
  /** Index in creation order; parents come before their children. */
  index: number;
  name: string;
  parentIndex: number | null;
  level: 0 | 1 | 2;
  timezone: string;
  cycleStartDay: number;
}

export interface TreePlan {
  organizations: PlannedOrganization[];
  /** A leaf that gets a handful of events. */
  smallIndex: number;
  /** The leaf that gets the largest share of the events. */
  largestIndex: number;
  /** A top-level organization whose figures cover hundreds of sub-organizations. */
  bigParentIndex: number;
}

/**
 * Three levels: `tops` carriers' customers, `mids` departments spread over them, and every other
 * organization a team under a department (round-robin), so each top covers hundreds of sub-organizations.
 */
export function planTree(count: number): TreePlan {
  const tops = 2;
  const mids = Math.max(2, Math.round(count / 20));
  const leaves = Math.max(2, count - tops - mids);
  const random = seededRandom(7);
  const organizations: PlannedOrganization[] = [];
  const add = (name: string, parentIndex: number | null, level: 0 | 1 | 2) => {
    const index = organizations.length;
    organizations.push({
      index,
      name,
      parentIndex,
      level,
      timezone: TIMEZONES[Math.floor(random() * TIMEZONES.length)],
      cycleStartDay: CYCLE_START_DAYS[Math.floor(random() * CYCLE_START_DAYS.length)],
    });
    return index;
  };
  const topIndexes = Array.from({ length: tops }, (_, i) => add(`Customer ${i + 1}`, null, 0));
  const midIndexes = Array.from({ length: mids }, (_, i) => add(`Department ${i + 1}`, topIndexes[i % tops], 1));
  for (let i = 0; i < leaves; i++) add(`Team ${i + 1}`, midIndexes[i % mids], 2);
  const firstLeaf = tops + mids;
  return { organizations, largestIndex: firstLeaf, smallIndex: firstLeaf + 1, bigParentIndex: topIndexes[0] };
}

export interface GeneratedEvent {
  id: string;
  organizationId: string;
  type: 'VOICE' | 'MESSAGE' | 'DATA';
  occurredAt: string;
  quantity: number;
  billable: boolean;
}

/** One event's type and quantity, 40% calls, 35% messages, 25% data; the random numbers drawn in that order. */
export function eventBody(random: () => number): Pick<GeneratedEvent, 'type' | 'quantity' | 'billable'> {
  const kind = random();
  const type = kind < 0.4 ? 'VOICE' : kind < 0.75 ? 'MESSAGE' : 'DATA';
  const quantity =
    type === 'VOICE'
      ? 1 + Math.floor(random() * 1800)
      : type === 'MESSAGE'
        ? 1 + Math.floor(random() * 4)
        : 1000 + Math.floor(random() * 50_000_000);
  return { type, quantity, billable: random() < 0.9 };
}

export const SPAN_DAYS = 395;
export const LARGEST_SHARE = 0.1;
export const SMALL_EVENTS = 200;

/**
 * Events in time order over the last SPAN_DAYS days (a usage feed arrives roughly in order): 10% to
 * the largest organization, SMALL_EVENTS to the small one, the rest spread over every other
 * organization. `ids[index]` maps plan indexes to database ids.
 */
export function* generateEvents(
  total: number,
  plan: TreePlan,
  ids: number[],
  now: Date,
  batchSize: number,
): Generator<GeneratedEvent[]> {
  const random = seededRandom(42);
  const start = now.getTime() - SPAN_DAYS * 86_400_000;
  const step = (SPAN_DAYS * 86_400_000 - 3_600_000) / total;
  const smallEvery = Math.max(1, Math.floor(total / SMALL_EVENTS));
  const spread = plan.organizations
    .filter((o) => o.index !== plan.smallIndex && o.index !== plan.largestIndex)
    .map((o) => ids[o.index]);
  let batch: GeneratedEvent[] = [];
  for (let i = 0; i < total; i++) {
    const r = random();
    const organizationId =
      i % smallEvery === 0
        ? ids[plan.smallIndex]
        : r < LARGEST_SHARE
          ? ids[plan.largestIndex]
          : spread[Math.floor(random() * spread.length)];
    batch.push({
      id: `bench-${i.toString().padStart(9, '0')}`,
      organizationId: String(organizationId),
      occurredAt: new Date(start + Math.floor(i * step)).toISOString(),
      ...eventBody(random),
    });
    if (batch.length === batchSize) {
      yield batch;
      batch = [];
    }
  }
  if (batch.length) yield batch;
}
