import zlib from 'node:zlib';
import { loadConfig } from '../src/common/config';
import { startTestServer, TestServer, testDatabases } from './harness';

const NOW = new Date('2027-03-14T12:00:00Z');
const NDJSON = 'application/x-ndjson';
const CLOUD_EVENTS = 'application/cloudevents-batch+json';
/** Small enough to pass with a test body, large enough for two chunks of 10,000 short lines. */
const BULK_MAX_BYTES = 2 * 1024 * 1024;

const CREATE = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`;
const RECORD = `mutation($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted duplicates } }`;
const TOTALS = (id: string) =>
  `{ organization(id: "${id}") { cycle(period: ALL_TIME, includeSubOrganizations: false) { ` +
  'voice { billable total } message { billable total } data { billable total } } } }';

interface Posted {
  status: number;
  body: any;
}

describe.each(testDatabases())('POST /usage/events on %s', (database) => {
  let api: TestServer;
  let operator: string;
  let ingest: string;
  let org: string;
  let team: string;
  let outsider: string;
  let userId: string;

  async function ok<T = any>(query: string, variables: Record<string, unknown> = {}, token = operator): Promise<T> {
    const body = await api.query<T>(query, variables, token);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data as T;
  }

  async function post(
    body: string | Buffer,
    options: { type?: string; token?: string | null; encoding?: string } = {},
  ): Promise<Posted> {
    const headers: Record<string, string> = { 'content-type': options.type ?? NDJSON };
    const token = options.token === undefined ? ingest : options.token;
    if (token) headers.authorization = `Bearer ${token}`;
    if (options.encoding) headers['content-encoding'] = options.encoding;
    const payload = typeof body === 'string' ? body : new Uint8Array(body);
    const res = await fetch(`${api.url}/usage/events`, { method: 'POST', headers, body: payload });
    return { status: res.status, body: await res.json() };
  }

  const totals = async (id: string) => (await ok(TOTALS(id))).organization.cycle;
  const eventCount = async (like: string) =>
    Number(
      (await api.server.deps.db.manager.query(`SELECT COUNT(*) AS n FROM usage_event WHERE id LIKE ?`, [like]))[0].n,
    );

  const event = (id: string, extra: Record<string, unknown> = {}) => ({
    id,
    organizationId: org,
    type: 'MESSAGE',
    occurredAt: '2027-03-10T10:00:00Z',
    quantity: 1,
    ...extra,
  });
  const lines = (events: object[]) => events.map((e) => JSON.stringify(e)).join('\n');

  const cloudEvent = (id: string, extra: Record<string, unknown> = {}, data: Record<string, unknown> = {}) => ({
    specversion: '1.0',
    id,
    source: '//mediation.carrier.example/east',
    type: 'com.carrier.usage.data',
    subject: org,
    time: '2027-03-11T08:00:00Z',
    data: { quantity: 1000, ...data },
    ...extra,
  });

  beforeAll(async () => {
    api = await startTestServer({
      database,
      demoData: false,
      now: NOW,
      config: { limits: { ...loadConfig({ NODE_ENV: 'test' }).limits, bulkMaxBytes: BULK_MAX_BYTES } },
    });
    operator = await api.token({ roles: ['operator'], org: null });
    org = (await ok(CREATE, { input: { name: 'Bulk Co', adminEmails: ['a@bulk.example'] } })).createOrganization.id;
    team = (await ok(CREATE, { input: { name: 'Team', parentId: org, adminEmails: ['t@bulk.example'] } }))
      .createOrganization.id;
    outsider = (await ok(CREATE, { input: { name: 'Elsewhere', adminEmails: ['e@elsewhere.example'] } }))
      .createOrganization.id;
    ingest = await api.token({ org, roles: ['ingest'] });
    const [number] = (
      await ok(`mutation($org: ID!) { addNumbers(organizationId: $org, numbers: ["+15550100001"]) { id } }`, { org })
    ).addNumbers;
    userId = (
      await ok(`mutation($id: ID!) { assignNumber(numberId: $id, email: "u@bulk.example") { user { id } } }`, {
        id: number.id,
      })
    ).assignNumber.user.id;
  });

  afterAll(async () => {
    await api?.close();
  });

  it('records NDJSON, counts an id repeated in the body as a duplicate; a resend records nothing', async () => {
    const body = lines([
      event('n-1', { quantity: 5 }),
      event('n-2', { type: 'VOICE', quantity: 61, billable: false }),
      event('n-3', { type: 'DATA', quantity: 2048, organizationId: Number(org) }),
      event('n-1', { quantity: 5 }),
      event('n-4', { organizationId: team, quantity: 100 }),
    ]);
    expect(await post(body)).toEqual({
      status: 200,
      body: { accepted: 4, duplicates: 1, rejected: 0, errors: [] },
    });
    expect(await totals(org)).toEqual({
      voice: { billable: 0, total: 2 },
      message: { billable: 5, total: 5 },
      data: { billable: 2048, total: 2048 },
    });
    expect(await post(body)).toEqual({ status: 200, body: { accepted: 0, duplicates: 5, rejected: 0, errors: [] } });
    expect(await totals(team)).toEqual({
      voice: { billable: 0, total: 0 },
      message: { billable: 100, total: 100 },
      data: { billable: 0, total: 0 },
    });
  });

  it('reports bad lines by number, field and message and records the rest (blank lines, CRLF, BOM)', async () => {
    const body =
      '\uFEFF' +
      [
        JSON.stringify(event('b-1', { quantity: 7 })),
        '',
        'call b-2 lasted 60 s',
        JSON.stringify(event('b-3', { quantity: -5 })),
        JSON.stringify(event('b-4', { organizationId: outsider })),
        JSON.stringify(event('b-5', { organizationId: 'acme' })),
        JSON.stringify(event('b-6', { organizationId: team, userId })),
        JSON.stringify(event('b-7', { userId, quantity: 11 })),
        JSON.stringify(event('b-8', { occurredAt: '2027-03-16T12:00:00Z' })),
        JSON.stringify(event('b-9', { type: 'SMS' })),
        '   ',
        JSON.stringify(event('b-10', { quantity: 2 })),
      ].join('\r\n') +
      '\r\n';
    const answer = await post(body);
    expect(answer).toEqual({
      status: 200,
      body: {
        accepted: 3,
        duplicates: 0,
        rejected: 7,
        errors: [
          { line: 3, field: null, message: expect.stringMatching(/^The line is not JSON: Unexpected token/) },
          { line: 4, field: 'quantity', message: 'quantity must be a whole number from 0 to 2^53-1, got -5' },
          { line: 5, field: 'organizationId', message: `Organization ${outsider} not found` },
          { line: 6, field: 'organizationId', message: 'organizationId "acme" is not a valid id' },
          { line: 7, field: 'userId', message: `User ${userId} does not belong to organization ${team}` },
          { line: 9, field: 'occurredAt', message: 'occurredAt may be at most one day in the future' },
          { line: 10, field: 'type', message: 'type must be VOICE, MESSAGE or DATA, got "SMS"' },
        ],
      },
    });
    expect(await eventCount('b-%')).toBe(3);
    expect((await totals(org)).message).toEqual({ billable: 5 + 7 + 11 + 2, total: 5 + 7 + 11 + 2 });
    // recordUsage says the same of the same event, naming the field by its place in the call.
    const refused = await api.query(RECORD, { events: [event('b-3', { quantity: -5 })] }, ingest);
    expect(refused.errors?.[0]).toMatchObject({
      message: 'quantity must be a whole number from 0 to 2^53-1, got -5',
      extensions: { code: 'BAD_USER_INPUT', field: 'events[0].quantity' },
    });
  });

  it('refuses an event older than the retention window with the message recordUsage gives', async () => {
    const old = event('r-old', { occurredAt: '2026-02-07T11:59:59Z' });
    const message =
      'occurredAt is older than the retention window (USAGE_RETENTION_DAYS): the oldest accepted is ' +
      '2026-02-07T12:00:00.000Z';
    expect(await post(lines([event('r-edge', { occurredAt: '2026-02-07T12:00:00Z' }), old]))).toEqual({
      status: 200,
      body: { accepted: 1, duplicates: 0, rejected: 1, errors: [{ line: 2, field: 'occurredAt', message }] },
    });
    const refused = await api.query(RECORD, { events: [old] }, ingest);
    expect(refused.errors?.[0].message).toBe(message);
  });

  it('records a CloudEvents batch, refusing data_base64 and bad attributes per element', async () => {
    const batch = [
      cloudEvent('ce-1'),
      cloudEvent('ce-2', { type: 'voice', time: '2027-03-11T09:00:00+01:00' }, { quantity: 90, billable: false }),
      cloudEvent('ce-3', { data_base64: 'AAAA' }),
      cloudEvent('ce-4', { subject: team }, { userId: Number(userId) }),
      cloudEvent('ce-5', { subject: outsider }),
      cloudEvent('ce-6', { type: 'com.carrier.usage.message' }, { quantity: -1 }),
      cloudEvent('ce-7', { type: 'com.carrier.usage.message', time: '2026-01-01T00:00:00Z' }),
      cloudEvent('ce-8', { type: 'com.carrier.usage.Message' }),
      cloudEvent('ce-1'),
    ];
    const before = await totals(org);
    const answer = await post(JSON.stringify(batch), { type: CLOUD_EVENTS });
    expect(answer).toEqual({
      status: 200,
      body: {
        accepted: 2,
        duplicates: 1,
        rejected: 6,
        errors: [
          { line: 3, field: 'data_base64', message: 'data_base64 is not accepted: send data as a JSON object' },
          { line: 4, field: 'data.userId', message: `User ${userId} does not belong to organization ${team}` },
          { line: 5, field: 'subject', message: `Organization ${outsider} not found` },
          { line: 6, field: 'data.quantity', message: 'quantity must be a whole number from 0 to 2^53-1, got -1' },
          {
            line: 7,
            field: 'time',
            message:
              'occurredAt is older than the retention window (USAGE_RETENTION_DAYS): the oldest accepted is ' +
              '2026-02-07T12:00:00.000Z',
          },
          {
            line: 8,
            field: 'type',
            message:
              'type must be voice, message or data, after any prefix ending in a dot (e.g. com.carrier.usage.voice), ' +
              'got "com.carrier.usage.Message"',
          },
        ],
      },
    });
    const after = await totals(org);
    // 90 s at 60/60: two minutes, none billable.
    expect(after.voice).toEqual({ billable: before.voice.billable, total: before.voice.total + 2 });
    expect(after.data).toEqual({ billable: before.data.billable + 1000, total: before.data.total + 1000 });
  });

  it('reads gzip bodies of both formats', async () => {
    const ndjson = zlib.gzipSync(lines([event('g-1', { quantity: 3 }), event('g-2', { quantity: 4 })]));
    expect(await post(ndjson, { encoding: 'gzip' })).toEqual({
      status: 200,
      body: { accepted: 2, duplicates: 0, rejected: 0, errors: [] },
    });
    const batch = zlib.gzipSync(JSON.stringify([cloudEvent('g-3'), cloudEvent('g-1', { type: 'message' })]));
    expect(await post(batch, { type: CLOUD_EVENTS, encoding: 'gzip' })).toEqual({
      status: 200,
      body: { accepted: 1, duplicates: 1, rejected: 0, errors: [] },
    });
    expect(await eventCount('g-%')).toBe(3);
  });

  it('commits a long body in chunks of 10,000, an id repeated across chunks counting once', async () => {
    const events = Array.from({ length: 15_000 }, (_, i) => ({
      id: `k-${i}`,
      organizationId: team,
      type: 'DATA',
      occurredAt: '2027-03-12T00:00:00Z',
      quantity: (i % 7) + 1,
    }));
    const before = (await totals(team)).data;
    const body = `${lines(events)}\n${JSON.stringify(events[3])}\n${JSON.stringify(events[14_999])}`;
    expect(await post(body)).toEqual({
      status: 200,
      body: { accepted: 15_000, duplicates: 2, rejected: 0, errors: [] },
    });
    const bytes = events.reduce((sum, e) => sum + e.quantity, 0);
    expect(bytes).toBe(59_997);
    expect((await totals(team)).data).toEqual({ billable: before.billable + bytes, total: before.total + bytes });
    expect(await eventCount('k-%')).toBe(15_000);
  });

  it('lists the first 1,000 errors and counts them all', async () => {
    const body =
      Array.from({ length: 1500 }, (_, i) => `not json ${i}`).join('\n') + `\n${JSON.stringify(event('e-1'))}`;
    const { status, body: answer } = await post(body);
    expect(status).toBe(200);
    expect(answer).toMatchObject({ accepted: 1, duplicates: 0, rejected: 1500 });
    expect(answer.errors).toHaveLength(1000);
    expect(answer.errors[999]).toMatchObject({ line: 1000, field: null });
  });

  it('answers 200 with nothing accepted when every line is an object that fails', async () => {
    expect(await post(lines([event('f-1', { quantity: 'x' })]))).toEqual({
      status: 200,
      body: {
        accepted: 0,
        duplicates: 0,
        rejected: 1,
        errors: [{ line: 1, field: 'quantity', message: 'quantity must be a whole number from 0 to 2^53-1, got "x"' }],
      },
    });
  });

  it('refuses what it cannot read (400), who may not ingest (401, 403), other types or encodings (415)', async () => {
    const one = JSON.stringify(event('x-1'));
    const refusal = (status: number, code: string, message: string | RegExp) => ({
      status,
      body: { error: { code, message: typeof message === 'string' ? message : expect.stringMatching(message) } },
    });
    expect(await post('')).toMatchObject(refusal(400, 'BAD_REQUEST', 'Nothing could be read (no event in the body)'));
    expect(await post('\n\n')).toMatchObject(
      refusal(400, 'BAD_REQUEST', 'Nothing could be read (no event in the body)'),
    );
    expect(await post('id,occurredAt\nx,y\n')).toMatchObject(
      refusal(400, 'BAD_REQUEST', /^Nothing could be read \(line 1: The line is not JSON: /),
    );
    expect(await post('{"id": "x-1"}', { type: CLOUD_EVENTS })).toMatchObject(
      refusal(400, 'BAD_REQUEST', 'Nothing could be read (element 1: The body is not a JSON array of CloudEvents)'),
    );
    expect(await post('', { type: CLOUD_EVENTS })).toMatchObject(
      refusal(400, 'BAD_REQUEST', 'Nothing could be read (element 1: The body is empty)'),
    );
    expect(await post(Buffer.from('not gzip at all'), { encoding: 'gzip' })).toMatchObject(
      refusal(400, 'BAD_REQUEST', /^The body is not valid gzip: /),
    );
    expect(await post(one, { token: null })).toMatchObject(
      refusal(401, 'UNAUTHENTICATED', 'A valid bearer token is required'),
    );
    expect(await post(one, { token: `${ingest}x` })).toMatchObject({ status: 401 });
    const viewer = await api.token({ org, roles: ['viewer'] });
    expect(await post(one, { token: viewer })).toMatchObject(
      refusal(403, 'FORBIDDEN', 'Your role (viewer) may not record usage'),
    );
    expect(await post(one, { type: 'application/json' })).toMatchObject(
      refusal(
        415,
        'UNSUPPORTED_MEDIA_TYPE',
        'Content-Type "application/json" is not accepted: send application/x-ndjson or ' +
          'application/cloudevents-batch+json, gzip or not',
      ),
    );
    expect(await post(one, { encoding: 'br' })).toMatchObject(
      refusal(415, 'UNSUPPORTED_MEDIA_TYPE', /^Content-Encoding "br"/),
    );
    const admin = await api.token({ org, roles: ['admin'] });
    expect(await post(one, { token: admin })).toEqual({
      status: 200,
      body: { accepted: 1, duplicates: 0, rejected: 0, errors: [] },
    });
    expect(await eventCount('x-%')).toBe(1);
  });

  it('answers 413 past BULK_MAX_BYTES decompressed, keeping the chunks committed; a resend is safe', async () => {
    // 128 bytes a line: 16,384 lines fill 2 MiB, so the first chunk of 10,000 commits and the second never completes.
    const line = (i: number) => {
      const text = JSON.stringify(event(`t-${String(i).padStart(6, '0')}`, { organizationId: team, type: 'MESSAGE' }));
      return text.replace('"quantity":1', `"quantity":1${' '.repeat(127 - text.length)}`);
    };
    expect(line(0)).toHaveLength(127);
    const all = Array.from({ length: 20_000 }, (_, i) => line(i));
    const declared = await post(all.join('\n'));
    expect(declared).toMatchObject({
      status: 413,
      body: { error: { code: 'PAYLOAD_TOO_LARGE' }, limit: BULK_MAX_BYTES },
    });
    expect(await eventCount('t-%')).toBe(0);
    const zipped = zlib.gzipSync(`${all.join('\n')}\n`);
    expect(zipped.length).toBeLessThan(BULK_MAX_BYTES);
    expect(await post(zipped, { encoding: 'gzip' })).toMatchObject({
      status: 413,
      body: {
        error: {
          code: 'PAYLOAD_TOO_LARGE',
          message: `The body has more than ${BULK_MAX_BYTES} bytes (BULK_MAX_BYTES), decompressed`,
        },
        limit: BULK_MAX_BYTES,
        accepted: 10_000,
        duplicates: 0,
        rejected: 0,
        errors: [],
      },
    });
    expect(await eventCount('t-%')).toBe(10_000);
    const rest = zlib.gzipSync(all.slice(0, 15_000).join('\n'));
    expect(await post(rest, { encoding: 'gzip' })).toEqual({
      status: 200,
      body: { accepted: 5000, duplicates: 10_000, rejected: 0, errors: [] },
    });
    expect(await eventCount('t-%')).toBe(15_000);
  });
});

describe('POST /usage/events against the rate limits', () => {
  let api: TestServer;

  beforeAll(async () => {
    api = await startTestServer({
      demoData: false,
      now: NOW,
      config: { rateLimit: { windowSeconds: 60, perIp: 0, perSubject: 2, redisUrl: null } },
    });
  });

  afterAll(async () => {
    await api?.close();
  });

  it('counts a request once, however many chunks it commits', async () => {
    const operator = await api.token({ roles: ['operator'], org: null });
    const created = await api.query(
      CREATE,
      { input: { name: 'Limited', adminEmails: ['l@limited.example'] } },
      operator,
    );
    const org = created.data.createOrganization.id;
    const ingest = await api.token({ org, roles: ['ingest'], sub: 'mediation-limited' });
    const post = (body: string) =>
      fetch(`${api.url}/usage/events`, {
        method: 'POST',
        headers: { 'content-type': NDJSON, authorization: `Bearer ${ingest}` },
        body,
      });
    const line = (i: number) =>
      JSON.stringify({
        id: `l-${i}`,
        organizationId: org,
        type: 'MESSAGE',
        occurredAt: '2027-03-10T10:00:00Z',
        quantity: 1,
      });
    const long = await post(Array.from({ length: 12_000 }, (_, i) => line(i)).join('\n'));
    expect({ status: long.status, body: await long.json() }).toEqual({
      status: 200,
      body: { accepted: 12_000, duplicates: 0, rejected: 0, errors: [] },
    });
    expect(long.headers.get('ratelimit-remaining')).toBe('1');
    const second = await post(line(12_000));
    expect(second.status).toBe(200);
    expect(second.headers.get('ratelimit-remaining')).toBe('0');
    const third = await post(line(12_001));
    expect(third.status).toBe(429);
    expect((await third.json()).errors[0].extensions).toMatchObject({ code: 'RATE_LIMITED', limitedBy: 'subject' });
  });
});
