import { Readable } from 'node:stream';
import { ndjsonRecords } from '../src/ingestion/bulk-readers';
import { ndjsonBody, SHAPES, shapeEvents, usageInputs } from './ingest-data';

const NOW = new Date('2026-12-07T21:00:00Z');

describe('the ingestion bench data', () => {
  it('sends the last hour in time order, to the plan organizations, the same on every run', () => {
    const events = [...shapeEvents(SHAPES.hour, 5000, NOW, 'h')];
    expect(events).toHaveLength(5000);
    expect(events[0].occurredAt).toBe('2026-12-07T19:59:00.000Z');
    expect(events[4999].occurredAt).toBe('2026-12-07T20:58:59.280Z');
    const times = events.map((e) => Date.parse(e.occurredAt));
    expect(times.every((t, i) => i === 0 || t >= times[i - 1])).toBe(true);
    expect(events.every((e) => e.organization >= 0 && e.organization < 1000)).toBe(true);
    // Zipf-skewed shares: 5,000 events reach 893 of the 1,000 organizations (seeded, so exact).
    expect(new Set(events.map((e) => e.organization)).size).toBe(893);
    expect([...shapeEvents(SHAPES.hour, 5000, NOW, 'h')]).toEqual(events);
  });

  it('sends one organization everything in the single-organization shape', () => {
    const events = [...shapeEvents(SHAPES.single, 100, NOW, 's')];
    expect(new Set(events.map((e) => e.organization))).toEqual(new Set([0]));
    expect(events[0].occurredAt).toBe('2026-11-07T20:59:00.000Z');
  });

  it('gives the bulk path exactly the inputs recordUsage gets', async () => {
    const inputs = usageInputs(
      [...shapeEvents(SHAPES.orgs, 300, NOW, 'o')],
      [...Array(1000).keys()].map((i) => i + 7),
    );
    const records = [];
    for await (const batch of ndjsonRecords(Readable.from([Buffer.from(ndjsonBody(inputs))]))) records.push(...batch);
    expect(records).toEqual(
      inputs.map((input, index) => ({
        line: index + 1,
        input: { ...input, userId: null, occurredAt: new Date(input.occurredAt) },
      })),
    );
    expect(inputs[0]).toEqual({
      id: 'o-000000000',
      organizationId: expect.stringMatching(/^\d+$/),
      type: expect.stringMatching(/^(VOICE|MESSAGE|DATA)$/),
      occurredAt: '2026-11-07T20:59:00.000Z',
      quantity: expect.any(Number),
      billable: expect.any(Boolean),
    });
  });
});
