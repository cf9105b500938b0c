import { DASHBOARD_QUERY } from '../bench/dashboard-query';
import { parse, OperationDefinitionNode } from 'graphql';
import http from 'node:http';
import { appSchema } from '../src/graphql/schema';
import { measureOperation } from '../src/graphql/limits';
import { isRecordUsageOnly } from '../src/http/body-limit';
import { startTestServer, TestServer } from './harness';
import { StatementCounter } from './statement-counter';
import { aliasedQuery, COSTLY_QUERY, nestedQuery, PADDED_BODY, TOKEN_FLOOD_QUERY } from '../bench/refusals';

const CYCLE = `period start end newUsers activeUsers
  voice { type unit billable total } message { type unit billable total } data { type unit billable total }
  voiceSeries: series(type: VOICE) { date billable total }
  messageSeries: series(type: MESSAGE) { date billable total }
  dataSeries: series(type: DATA) { date billable total }`;

/** Everything a dashboard shows, in one request: three cycles with their series and the number figures. */
const DASHBOARD =
  `query Dashboard($id: ID!) { organization(id: $id) { id name timezone
  current: cycle(period: CURRENT) { ${CYCLE} }
  past: cycle(period: PAST) { ${CYCLE} }
  allTime: cycle(period: ALL_TIME) { ${CYCLE} }
  numberUtilization { total inUse available allocatedToSubOrganizations ` +
  `assigned pendingInvitation reserved registered percentInUse }
  utilizationThreshold { percent reached }
  numberRequestContact { email phone message } } }`;

async function measure(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  return measureOperation(await appSchema(), document, document.definitions[0] as OperationDefinitionNode, variables);
}

const nested = (levels: number) => nestedQuery(levels);

describe('operation measure', () => {
  it('puts the full dashboard query well inside the budget', async () => {
    const m = await measure(DASHBOARD, { id: '1' });
    expect(m).toEqual({ depth: 4, aliases: 12, cost: expect.any(Number), usesVariables: false });
    expect(m.cost).toBeLessThan(500); // budget 1000
    if (process.env.SHOW_TIMINGS) console.log('dashboard query cost', m.cost);
  });

  it('puts the dashboard with every insight field inside the budget, and sizes the history by `days`', async () => {
    const m = await measure(DASHBOARD_QUERY, { id: '1' });
    expect(m.cost).toBeLessThan(1000);
    const history = 'query($d: Int) { organization(id: "1") { numberUtilization { history(days: $d) { date } } } }';
    const short = await measure(history, { d: 7 });
    const long = await measure(history, { d: 400 });
    expect(long.cost - short.cost).toBe(393);
    expect(short.usesVariables).toBe(true);
  });

  it('weighs lists by `first` (variables applied), and nested sub-organizations multiply', async () => {
    const q = 'query($n: Int!) { organization(id: "1") { numbers(first: $n) { id number user { email } } } }';
    expect((await measure(q, { n: 10 })).cost).toBeLessThan(100);
    expect((await measure(q, { n: 1000 })).cost).toBeGreaterThan(1000);
    // The server keeps a measure per document only when no variable can change it.
    expect((await measure(q, { n: 10 })).usesVariables).toBe(true);
    expect((await measure('{ organization(id: "1") { numbers(first: 5) { id } } }')).usesVariables).toBe(false);
    const tree = (
      await measure(
        '{ organization(id: "1") { subOrganizations { subOrganizations { ' +
          'cycle(period: CURRENT) { voice { total } } } } } }',
      )
    ).cost;
    expect(tree).toBeGreaterThan(1000);
  });

  it('expands fragments and counts their aliases and depth', async () => {
    const m = await measure(
      'query { organization(id: "1") { ...F } } ' +
        'fragment F on Organization { a: id b: name parent { ...G } } fragment G on Organization { c: id }',
    );
    expect(m).toMatchObject({ depth: 3, aliases: 3 });
  });

  it('lets a body larger than 1 MB through only for a lone recordUsage mutation', () => {
    expect(
      isRecordUsageOnly({ query: 'mutation($e: [UsageEventInput!]!) { recordUsage(events: $e) { accepted } }' }, 5000),
    ).toBe(true);
    expect(
      isRecordUsageOnly(
        {
          query:
            'mutation($e: [UsageEventInput!]!) { ' +
            'recordUsage(events: $e) { accepted } x: recordUsage(events: $e) { accepted } }',
        },
        5000,
      ),
    ).toBe(false);
    expect(isRecordUsageOnly({ query: 'query { viewer { subject } }' }, 5000)).toBe(false);
    expect(
      isRecordUsageOnly(
        {
          query: 'mutation A { recordUsage(events: []) { accepted } } query B { viewer { subject } }',
          operationName: 'B',
        },
        5000,
      ),
    ).toBe(false);
    expect(isRecordUsageOnly({ query: 'mutation { recordUsage(' }, 5000)).toBe(false);
  });
});

describe('request limits over HTTP', () => {
  let api: TestServer;
  let admin: string;
  let ingest: string;
  const counter = new StatementCounter();

  beforeAll(async () => {
    api = await startTestServer({ demoData: true });
    admin = await api.token();
    ingest = await api.token({ roles: ['ingest'], sub: 'ingest-bot' });
    counter.install();
  });
  afterAll(async () => {
    counter.uninstall();
    await api?.close();
  });

  /**
   * A refusal's statements: none, since limits are checked before anything runs. How long refusals
   * take is the benchmark's figure (api/bench/refusals.ts), not a timed assertion here.
   */
  async function statementsOfRefusal(body: unknown, token: string | null = admin): Promise<string[]> {
    await post(body, token);
    return counter.during(async () => {
      expect((await post(body, token)).status).toBeGreaterThanOrEqual(400);
    });
  }

  async function post(body: unknown, token: string | null = admin, headers: Record<string, string> = {}) {
    const text = typeof body === 'string' ? body : JSON.stringify(body);
    const started = performance.now();
    const res = await fetch(api.graphqlUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: text,
    });
    const json = await res.json();
    return { status: res.status, body: json, ms: performance.now() - started };
  }

  it('serves the dashboard query', async () => {
    const r = await post({ query: DASHBOARD, variables: { id: api.demoOrgId } });
    expect(r.status).toBe(200);
    expect(r.body.errors).toBeUndefined();
    // CURRENT runs through today (at least one day), PAST every day of its cycle.
    expect(r.body.data.organization.current.voiceSeries.length).toBeGreaterThanOrEqual(1);
    expect(r.body.data.organization.past.voiceSeries.length).toBeGreaterThanOrEqual(28);
  });

  it('allows depth 10 and refuses depth 11, fast and saying why', async () => {
    const ok = await post({ query: nested(10).replace('"1"', `"${api.demoOrgId}"`) });
    expect(ok.body.errors).toBeUndefined();
    const r = await post({ query: nested(11) });
    expect(r.status).toBe(400);
    expect(r.body.errors[0]).toMatchObject({
      message: 'The query nests 11 levels deep; at most 10 are allowed',
      extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'depth', max: 10, actual: 11, requestId: expect.any(String) },
    });
    expect(await statementsOfRefusal({ query: nested(11) })).toEqual([]);
  });

  it('allows 30 aliases and refuses 31', async () => {
    const aliases = aliasedQuery;
    expect((await post({ query: aliases(30) })).body.errors).toBeUndefined();
    const r = await post({ query: aliases(31) });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'aliases',
      max: 30,
      actual: 31,
    });
    expect(await statementsOfRefusal({ query: aliases(31) })).toEqual([]);
  });

  it('refuses an operation over the cost budget before running it, with its cost', async () => {
    const q = COSTLY_QUERY;
    const r = await post({ query: q, variables: { id: api.demoOrgId, n: 1000 } });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].extensions).toMatchObject({
      code: 'QUERY_TOO_COMPLEX',
      limit: 'cost',
      max: 1000,
      actual: expect.any(Number),
    });
    expect(r.body.errors[0].extensions.actual).toBeGreaterThan(1000);
    expect(r.body.errors[0].message).toMatch(/budget per request is 1000/);
    expect(await statementsOfRefusal({ query: q, variables: { id: api.demoOrgId, n: 1000 } })).toEqual([]);
    const small = await post({ query: q, variables: { id: api.demoOrgId, n: 2 } });
    expect(small.body.errors).toBeUndefined();
    // The same query text again, with the large variable: measured anew, refused again.
    expect((await post({ query: q, variables: { id: api.demoOrgId, n: 1000 } })).status).toBe(400);
  });

  it('stops the parser at the token limit', async () => {
    const query = TOKEN_FLOOD_QUERY;
    const r = await post({ query });
    expect(r.status).toBe(400);
    expect(r.body.errors[0].extensions.code).toBe('GRAPHQL_PARSE_FAILED');
    expect(r.body.errors[0].message).toMatch(/contains more th\w+ 5000 tokens/);
    expect(await statementsOfRefusal({ query })).toEqual([]);
  });

  it('refuses bodies over 1 MB except a recordUsage mutation of 10,000 events', async () => {
    const padded = await post(PADDED_BODY);
    expect(padded.status).toBe(413);
    expect(padded.body.errors[0].extensions).toMatchObject({ code: 'PAYLOAD_TOO_LARGE', limit: 1048576 });
    expect(padded.body.errors[0].message).toMatch(/at most 1048576 are allowed/);
    expect(await statementsOfRefusal(PADDED_BODY)).toEqual([]);

    const now = Date.now();
    const events = Array.from({ length: 10_000 }, (_, i) => ({
      id: `limits-test-event-${String(i).padStart(6, '0')}-${'x'.repeat(60)}`,
      organizationId: api.demoOrgId,
      type: ['VOICE', 'MESSAGE', 'DATA'][i % 3],
      occurredAt: new Date(now - i * 1000).toISOString(),
      quantity: 1_000_000_000 + i,
      billable: i % 2 === 0,
    }));
    const body = JSON.stringify({
      query: 'mutation Record($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted duplicates } }',
      variables: { events },
    });
    expect(body.length).toBeGreaterThan(1_048_576);
    const recorded = await post(body, ingest);
    expect(recorded.status).toBe(200);
    expect(recorded.body).toEqual({ data: { recordUsage: { accepted: 10_000, duplicates: 0 } } });

    const tooMany = await post(
      {
        query: 'mutation Record($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted } }',
        variables: { events: [...events, { ...events[0], id: 'one-more' }] },
      },
      ingest,
    );
    expect(tooMany.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'events' });
  });

  it('refuses a body over the recordUsage ceiling by its Content-Length, before reading it', async () => {
    const started = performance.now();
    const { status, text } = await new Promise<{ status: number; text: string }>((resolve, reject) => {
      const req = http.request(
        api.graphqlUrl,
        { method: 'POST', headers: { 'content-type': 'application/json', 'content-length': String(7 * 1024 * 1024) } },
        (res) => {
          let text = '';
          res.on('data', (c) => (text += c));
          res.on('end', () => resolve({ status: res.statusCode!, text }));
        },
      );
      req.on('error', reject);
      req.write('{"query":"'); // never sends the rest: the answer must not wait for it
    });
    expect(status).toBe(413);
    expect(JSON.parse(text).errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
    expect(performance.now() - started).toBeLessThan(50);
  });
});
