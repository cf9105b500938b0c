import { BulkRecord, cloudEventRecords, ndjsonLines, ndjsonRecords } from './bulk-readers';

async function* chunks(...parts: Array<string | Buffer>): AsyncGenerator<Buffer> {
  for (const part of parts) yield Buffer.isBuffer(part) ? part : Buffer.from(part, 'utf8');
}

async function all<T>(batches: AsyncIterable<T[]>): Promise<T[]> {
  const out: T[] = [];
  for await (const batch of batches) out.push(...batch);
  return out;
}

const line = (id: string, extra: Record<string, unknown> = {}) =>
  JSON.stringify({
    id,
    organizationId: '7',
    type: 'VOICE',
    occurredAt: '2027-03-01T10:00:00Z',
    quantity: 61,
    ...extra,
  });

describe('ndjsonLines', () => {
  it('numbers lines from 1, skipping blank ones but counting them, across chunk boundaries', async () => {
    const lines = await all(ndjsonLines(chunks('{"a":1}\n\n  \n{"b"', ':2}\r\n{"c":3}\r', '\n\n{"d":4}')));
    expect(lines).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 4, text: '{"b":2}' },
      { line: 5, text: '{"c":3}' },
      { line: 7, text: '{"d":4}' },
    ]);
  });

  it('drops a leading byte order mark, even alone in its chunk, and joins a character split by chunks', async () => {
    const bom = Buffer.from([0xef, 0xbb, 0xbf]);
    const text = Buffer.from('{"é":1}\n', 'utf8');
    const split = text.indexOf(0xc3) + 1;
    const lines = await all(ndjsonLines(chunks(bom, text.subarray(0, split), text.subarray(split))));
    expect(lines).toEqual([{ line: 1, text: '{"é":1}' }]);
  });

  it('refuses a line longer than the limit without holding it, and reads on after it', async () => {
    const long = 'x'.repeat(25);
    const lines = await all(ndjsonLines(chunks('{"a":1}\n', long.slice(0, 12), long.slice(12), '\n{"b":2}'), 20));
    expect(lines).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: null },
      { line: 3, text: '{"b":2}' },
    ]);
    expect(await all(ndjsonLines(chunks('{"a":1}\n', long), 20))).toEqual([
      { line: 1, text: '{"a":1}' },
      { line: 2, text: null },
    ]);
  });

  it('reads nothing from an empty body or blank lines alone', async () => {
    expect(await all(ndjsonLines(chunks()))).toEqual([]);
    expect(await all(ndjsonLines(chunks('\n\r\n  \n')))).toEqual([]);
  });
});

describe('ndjsonRecords', () => {
  it('answers each line as an event or as its problem, with the line number', async () => {
    const body = [line('a'), 'not json', '', '42', line('b', { quantity: '61' }), line('c', { billable: false })];
    const records = await all(ndjsonRecords(chunks(body.join('\n'))));
    expect(records).toEqual<BulkRecord[]>([
      {
        line: 1,
        input: {
          id: 'a',
          organizationId: '7',
          userId: null,
          type: 'VOICE' as never,
          occurredAt: new Date('2027-03-01T10:00:00Z'),
          quantity: 61,
          billable: null,
        },
      },
      {
        line: 2,
        problem: { field: null, message: expect.stringMatching(/^The line is not JSON: Unexpected token/) },
      },
      { line: 4, problem: { field: null, message: 'A line must be a JSON object (a UsageEventInput), got 42' } },
      {
        line: 5,
        problem: { field: 'quantity', message: 'quantity must be a whole number from 0 to 2^53-1, got "61"' },
      },
      expect.objectContaining({ line: 6, input: expect.objectContaining({ id: 'c', billable: false }) }),
    ]);
  });

  it('refuses an overlong line by number', async () => {
    const records = await all(ndjsonRecords(chunks(`${line('a')}\n${'y'.repeat(300)}\n`), 200));
    expect(records[1]).toEqual({
      line: 2,
      problem: { field: null, message: 'The line is longer than 200 characters' },
    });
  });
});

describe('cloudEventRecords', () => {
  const event = (id: string, extra: Record<string, unknown> = {}) => ({
    specversion: '1.0',
    id,
    source: '/mediation/east',
    type: 'com.carrier.usage.message',
    subject: '7',
    time: '2027-03-01T10:00:00Z',
    data: { quantity: 3 },
    ...extra,
  });

  it('reads each element of the array as it arrives, numbered from 1', async () => {
    const text = JSON.stringify([event('a'), event('b', { data_base64: 'AAAA' }), 5, event('c')]);
    const cut = text.indexOf('"b"');
    const records = await all(cloudEventRecords(chunks(`\uFEFF ${text.slice(0, cut)}`, text.slice(cut), '\n')));
    expect(records.map((r) => ('input' in r ? [r.line, r.input.id] : [r.line, r.problem]))).toEqual([
      [1, 'a'],
      [2, { field: 'data_base64', message: 'data_base64 is not accepted: send data as a JSON object' }],
      [3, { field: null, message: 'An element must be a CloudEvent (a JSON object), got 5' }],
      [4, 'c'],
    ]);
  });

  it('refuses a body that is not an array, or empty, as one problem with no field', async () => {
    expect(await all(cloudEventRecords(chunks('  {"id":"x"}')))).toEqual([
      { line: 1, problem: { field: null, message: 'The body is not a JSON array of CloudEvents' } },
    ]);
    expect(await all(cloudEventRecords(chunks(' \n')))).toEqual([
      { line: 1, problem: { field: null, message: 'The body is empty' } },
    ]);
    expect(await all(cloudEventRecords(chunks('[]')))).toEqual([]);
  });

  it('keeps the elements before broken JSON and refuses the rest as one problem', async () => {
    const text = `[${JSON.stringify(event('a'))}, {"id": oops}, ${JSON.stringify(event('z'))}]`;
    const records = await all(cloudEventRecords(chunks(text)));
    expect(records).toHaveLength(2);
    expect(records[0]).toMatchObject({ line: 1, input: { id: 'a' } });
    expect(records[1]).toEqual({
      line: 2,
      problem: {
        field: null,
        message: expect.stringMatching(/^The body is not valid JSON: .*; nothing after element 1 was read$/),
      },
    });
    const cut = await all(cloudEventRecords(chunks(`[${JSON.stringify(event('a'))},`)));
    expect(cut[1]).toMatchObject({ line: 2, problem: { field: null } });
  });
});
