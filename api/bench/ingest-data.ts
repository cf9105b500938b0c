/**
 * The ingestion bench's data (issue 28): three shapes of the same kind of events, each sent once
 * through recordUsage and once through POST /usage/events. The events name organizations by their
 * plan index, so both paths' databases get the same events whatever ids their organizations got.
 */
import { seededRandom } from '../src/demo/seeded-random';
import { eventBody, GeneratedEvent } from './bench-data';
import { skewedPicker } from './live-data';

export type ShapeKey = 'single' | 'orgs' | 'hour';

export interface IngestShape {
  key: ShapeKey;
  title: string;
  /** Top-level organizations of live-data's plan the events go to. */
  organizations: number;
  /** The span the events cover, ending a minute before now. */
  spanMs: number;
}

const DAY_MS = 86_400_000;

export const SHAPES: Record<ShapeKey, IngestShape> = {
  single: { key: 'single', title: 'one organization, 30 days', organizations: 1, spanMs: 30 * DAY_MS },
  orgs: { key: 'orgs', title: '1,000 organizations, 30 days', organizations: 1000, spanMs: 30 * DAY_MS },
  hour: { key: 'hour', title: '1,000 organizations, the last hour', organizations: 1000, spanMs: 3_600_000 },
};

/** An event before its organization has an id: `organization` is the plan index. */
export type PlannedEvent = Omit<GeneratedEvent, 'organizationId'> & { organization: number };

/**
 * `total` events of a shape in time order (a feed sends them as they happen) to Zipf-skewed
 * organizations; ids `<prefix>-<n>`. The same on every run for the same `now`.
 */
export function* shapeEvents(shape: IngestShape, total: number, now: Date, prefix: string): Generator<PlannedEvent> {
  const random = seededRandom(28);
  const pick = skewedPicker(shape.organizations, random);
  const end = now.getTime() - 60_000;
  const start = end - shape.spanMs;
  const step = shape.spanMs / total;
  for (let i = 0; i < total; i++) {
    yield {
      id: `${prefix}-${i.toString().padStart(9, '0')}`,
      organization: pick(),
      occurredAt: new Date(start + Math.floor(i * step)).toISOString(),
      ...eventBody(random),
    };
  }
}

/** The events as recordUsage and the NDJSON lines spell them, with the database's organization ids. */
export function usageInputs(events: PlannedEvent[], ids: number[]): GeneratedEvent[] {
  return events.map(({ organization, ...event }) => ({
    id: event.id,
    organizationId: String(ids[organization]),
    type: event.type,
    occurredAt: event.occurredAt,
    quantity: event.quantity,
    billable: event.billable,
  }));
}

/** One NDJSON body: a UsageEventInput a line, each line ending in a newline. */
export function ndjsonBody(events: GeneratedEvent[]): string {
  let body = '';
  for (const event of events) body += `${JSON.stringify(event)}\n`;
  return body;
}
