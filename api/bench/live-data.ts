/**
 * The production scenario's data (issue 25): many top-level organizations of skewed sizes in six time
 * zones, usage spread over more than a year, and a live feed of events from the last hour. The same
 * on every run.
 */
import { seededRandom } from '../src/demo/seeded-random';
import { eventBody, GeneratedEvent } from './bench-data';
import { GraphqlClient, inParallel } from './bench-infra';

const SETUP_CONCURRENCY = 8;

const TIMEZONES = ['UTC', 'America/New_York', 'Europe/Berlin', 'Asia/Tokyo', 'America/Los_Angeles', 'Australia/Sydney'];
const CYCLE_START_DAYS = [1, 1, 5, 15, 28];
/** Zipf exponent of the organizations' shares: the largest gets ~10% of the events of 1,000. */
const SKEW = 0.8;

export interface LiveOrganization {
  index: number;
  name: string;
  timezone: string;
  cycleStartDay: number;
}

export function planOrganizations(count: number): LiveOrganization[] {
  const random = seededRandom(11);
  return Array.from({ length: count }, (_, index) => ({
    index,
    name: `Customer ${index + 1}`,
    timezone: TIMEZONES[Math.floor(random() * TIMEZONES.length)],
    cycleStartDay: CYCLE_START_DAYS[Math.floor(random() * CYCLE_START_DAYS.length)],
  }));
}

/** Picks organization indexes with Zipf-skewed shares, the big ones scattered over the list. */
export function skewedPicker(count: number, random: () => number): () => number {
  const order = Array.from({ length: count }, (_, i) => i);
  for (let i = count - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [order[i], order[j]] = [order[j], order[i]];
  }
  const cumulative: number[] = [];
  let sum = 0;
  for (let rank = 0; rank < count; rank++) cumulative.push((sum += 1 / (rank + 1) ** SKEW));
  return () => {
    const target = random() * sum;
    let low = 0;
    let high = count - 1;
    while (low < high) {
      const mid = (low + high) >> 1;
      if (cumulative[mid] < target) low = mid + 1;
      else high = mid;
    }
    return order[low];
  };
}

/** The history: `total` events in time order over the last `days` days, to skewed organizations. */
export function* historyEvents(
  total: number,
  days: number,
  ids: number[],
  now: Date,
  batchSize: number,
): Generator<GeneratedEvent[]> {
  const random = seededRandom(43);
  const pick = skewedPicker(ids.length, random);
  // A minute inside the span: 400 days is also the default retention window, measured as each call arrives.
  const start = now.getTime() - days * 86_400_000 + 60_000;
  const step = (days * 86_400_000 - 3_660_000) / total;
  let batch: GeneratedEvent[] = [];
  for (let i = 0; i < total; i++) {
    batch.push({
      id: `history-${i.toString().padStart(9, '0')}`,
      organizationId: String(ids[pick()]),
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

/** Creates planOrganizations(count) through GraphQL; answers their ids by plan index. */
export async function createOrganizations(operator: GraphqlClient, count: number): Promise<number[]> {
  const ids: number[] = [];
  await inParallel(planOrganizations(count), SETUP_CONCURRENCY, async (o) => {
    const data = await operator.request<{ createOrganization: { id: string } }>(
      `mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`,
      {
        input: {
          name: o.name,
          timezone: o.timezone,
          cycleStartDay: o.cycleStartDay,
          adminEmails: [`admin${o.index}@bench.example`],
          numberRequestContact: { email: `numbers${o.index}@carrier.example`, phone: '+18005550199' },
        },
      },
    );
    ids[o.index] = Number(data.createOrganization.id);
  });
  return ids;
}
