import http from 'node:http';
import { OperationDefinitionNode, parse } from 'graphql';
import { loadConfig } from '../src/common/config';
import { appSchema } from '../src/graphql/schema';
import { measureOperation, measureShape } from '../src/graphql/limits';
import { clientNetwork } from '../src/http/rate-limit';
import { startTestServer, TestServer, TEST_JWT_SECRET } from './harness';

/**
 * The attacks of the security review, each tried as an attacker would against a production start
 * (docs/security.md lists them with the answers). Timings print with SHOW_TIMINGS=1.
 */
const PRODUCTION = { nodeEnv: 'production', production: true, introspection: false, playground: false };
const show = (...args: unknown[]) => process.env.SHOW_TIMINGS && console.log(...args);

/** F0 spreads F1 twice, F1 spreads F2 twice, …: 2^levels selections from ~50 bytes a level. */
function fragmentBomb(levels: number): string {
  let text = 'query { organizations(first: 1) { ...F0 } }\n';
  for (let i = 0; i < levels; i++) text += `fragment F${i} on Organization { ...F${i + 1} ...F${i + 1} }\n`;
  return `${text}fragment F${levels} on Organization { id name }\n`;
}

async function measure(query: string, variables: Record<string, unknown> = {}) {
  const document = parse(query);
  return measureOperation(await appSchema(), document, document.definitions[0] as OperationDefinitionNode, variables);
}

describe('query analysis', () => {
  it('measures a 30-level fragment fan-out in time linear in its text', () => {
    const document = parse(fragmentBomb(30));
    const started = performance.now();
    const shape = measureShape(document, document.definitions[0] as OperationDefinitionNode);
    const ms = performance.now() - started;
    expect(shape).toEqual({ depth: 2, aliases: 0, variableSized: false });
    // Linear takes well under a millisecond; walking the 2^30 expansion would take many seconds. The bound leaves
    // room for a machine busy with another test file.
    expect(ms).toBeLessThan(200);
  });

  it('counts the schema default of `first` and a variable default as if written out', async () => {
    const implicit = await measure('{ organizations(first: 100) { numbers { id } users { id } } }');
    const explicit = await measure(
      '{ organizations(first: 100) { numbers(first: 100) { id } users(first: 100) { id } } }',
    );
    expect(implicit.cost).toBe(explicit.cost);
    expect(implicit.cost).toBeGreaterThan(1000);
    const byDefault = await measure('query($n: Int! = 1000) { organization(id: "1") { numbers(first: $n) { id } } }');
    const literal = await measure('{ organization(id: "1") { numbers(first: 1000) { id } } }');
    expect(byDefault.cost).toBe(literal.cost);
    expect(byDefault.cost).toBe(1 + 1 + 1000 * 1);
  });
});

describe('a production server under attack', () => {
  let api: TestServer;
  let admin: string;
  let ingest: string;

  beforeAll(async () => {
    api = await startTestServer({ demoData: true, config: { ...PRODUCTION, trustProxy: 1 } });
    admin = await api.token();
    ingest = await api.token({ roles: ['ingest'], sub: 'ingest-bot' });
  });
  afterAll(async () => api?.close());

  async function post(body: unknown, token: string | null = null, headers: Record<string, string> = {}) {
    const started = performance.now();
    const res = await fetch(api.graphqlUrl, {
      method: 'POST',
      headers: {
        'content-type': 'application/json',
        ...(token ? { authorization: `Bearer ${token}` } : {}),
        ...headers,
      },
      body: typeof body === 'string' ? body : JSON.stringify(body),
    });
    return { status: res.status, body: await res.json(), ms: performance.now() - started };
  }

  it('refuses a 30-level fragment fan-out without a token in under 100 ms while /healthz keeps answering', async () => {
    const bomb = fragmentBomb(30);
    expect(bomb.length).toBeLessThan(1600);
    const first = await post({ query: bomb });
    expect(first.status).toBe(400);
    expect(first.body.errors[0]).toMatchObject({
      message: 'The query expands to more than 2000 selections (a fragment counts each time it is spread)',
      extensions: { code: 'QUERY_TOO_COMPLEX', limit: 'selections', max: 2000 },
    });

    // Twenty bombs at once, /healthz asked every 5 ms meanwhile.
    const health: number[] = [];
    let bombing = true;
    const poll = (async () => {
      while (bombing) {
        const started = performance.now();
        expect((await fetch(`${api.url}/healthz`)).status).toBe(200);
        health.push(performance.now() - started);
        await new Promise((resolve) => setTimeout(resolve, 5));
      }
    })();
    const refusals = await Promise.all(Array.from({ length: 20 }, () => post({ query: bomb })));
    bombing = false;
    await poll;
    expect(refusals.every((r) => r.status === 400 && r.body.errors[0].extensions.limit === 'selections')).toBe(true);
    const sequential: number[] = [];
    for (let i = 0; i < 5; i++) sequential.push((await post({ query: bomb })).ms);
    sequential.sort((a, b) => a - b);
    show('30-level bomb refusal ms (sequential):', sequential.map((t) => t.toFixed(1)).join(', '));
    show('/healthz ms during 20 concurrent bombs: max', Math.max(...health).toFixed(1), 'of', health.length);
    expect(sequential[2]).toBeLessThan(100);
    expect(health.length).toBeGreaterThan(0);
    expect(Math.max(...health)).toBeLessThan(250);
  });

  it('refuses a list sized by a variable default as if the size were written out', async () => {
    const r = await post(
      { query: 'query($n: Int! = 1000) { organization(id: "1") { subOrganizations { numbers(first: $n) { id } } } }' },
      admin,
    );
    expect(r.status).toBe(400);
    expect(r.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost', max: 1000 });
    const implicit = await post({ query: '{ organizations(first: 100) { numbers { id } users { id } } }' }, admin);
    expect(implicit.body.errors[0].extensions).toMatchObject({ code: 'QUERY_TOO_COMPLEX', limit: 'cost' });
  });

  it('refuses impossible instants (30 February, 24:00, no offset) and books nothing', async () => {
    const totals = async () =>
      (
        await api.query(
          `{ organization(id: "${api.demoOrgId}") { cycle(period: ALL_TIME) { voice { total } } } }`,
          {},
          admin,
        )
      ).data.organization.cycle.voice.total;
    const before = await totals();
    const record = 'mutation($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted } }';
    for (const occurredAt of [
      '2026-02-30T10:00:00Z',
      '2026-02-28T24:00:00Z',
      '2026-02-28T10:00:00',
      '2026-13-01T10:00:00Z',
    ]) {
      const events = [
        { id: `impossible-${occurredAt}`, organizationId: api.demoOrgId, type: 'VOICE', occurredAt, quantity: 600 },
      ];
      const r = await post({ query: record, variables: { events } }, ingest);
      expect(r.body.errors[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'events[0].occurredAt' });
      expect(r.body.errors[0].message).toMatch(/DateTime cannot represent an invalid date-time-string/);
    }
    // Written into the document instead of a variable: a document that does not validate.
    const literal = await post(
      {
        query:
          `mutation { recordUsage(events: [{ id: "lit-1", organizationId: "${api.demoOrgId}", type: VOICE, ` +
          'occurredAt: "2026-02-30T10:00:00Z", quantity: 600 }]) { accepted } }',
      },
      ingest,
    );
    expect(literal.body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(literal.body.errors[0].message).toMatch(/invalid date-time-string 2026-02-30T10:00:00Z/);
    expect(await totals()).toBe(before);
  });

  it('limits an IPv6 client by its /64, and by the proxy-given address however X-Forwarded-For is padded', async () => {
    const limited = await startTestServer({
      demoData: false,
      config: {
        ...PRODUCTION,
        trustProxy: 1,
        rateLimit: { windowSeconds: 30, perIp: 3, perSubject: 0, redisUrl: null },
      },
    });
    try {
      const ask = async (forwardedFor: string) =>
        (
          await fetch(limited.graphqlUrl, {
            method: 'POST',
            headers: { 'content-type': 'application/json', 'x-forwarded-for': forwardedFor },
            body: '{"query":"{ __typename }"}',
          })
        ).status;
      const rotated = [];
      for (let i = 1; i <= 5; i++) rotated.push(await ask(`2001:db8:aa:bb:${i.toString(16)}::${i}`));
      expect(rotated).toEqual([200, 200, 200, 429, 429]);
      expect(await ask('2001:db8:aa:bc::1')).toBe(200); // the next /64 is another customer
      // The proxy appends the address it saw; what the client wrote before it is not believed.
      const spoofed = [];
      for (let i = 1; i <= 4; i++) spoofed.push(await ask(`198.51.100.${i}, 203.0.113.9`));
      expect(spoofed).toEqual([200, 200, 200, 429]);
    } finally {
      await limited.close();
    }
  });

  /** Sends `sent` bytes of a body declared as `declared` bytes, and waits for the answer without sending the rest. */
  function partialUpload(
    body: Buffer,
    declared: number,
    token: string | null,
  ): Promise<{ status: number; json: any; ms: number }> {
    return new Promise((resolve, reject) => {
      let started = 0;
      const headers: Record<string, string> = {
        'content-type': 'application/json',
        'content-length': String(declared),
      };
      if (token) headers.authorization = `Bearer ${token}`;
      const req = http.request(api.graphqlUrl, { method: 'POST', headers }, (res) => {
        let text = '';
        res.on('data', (c) => (text += c));
        res.on('end', () =>
          resolve({ status: res.statusCode!, json: JSON.parse(text), ms: performance.now() - started }),
        );
      });
      req.on('error', (error) => (started ? undefined : reject(error)));
      req.write(body, () => (started = performance.now()));
    });
  }

  it(
    'refuses a 5 MB body that is not a recordUsage mutation at its first megabyte, ' + 'without waiting for the rest',
    async () => {
      const padded = (query: string) =>
        Buffer.from(JSON.stringify({ query, variables: { pad: 'x'.repeat(1_200_000) } }));
      const cases: Array<[string, Buffer, string | null]> = [
        ['an admin query', padded('query($pad: String) { viewer { subject } }'), admin],
        ['an anonymous recordUsage', padded('mutation($pad: String) { recordUsage(events: []) { accepted } }'), null],
        [
          'recordUsage with the query after the variables',
          Buffer.from(
            `{"variables":{"pad":"${'x'.repeat(1_200_000)}"},` +
              '"query":"mutation { recordUsage(events: []) { accepted } }"}',
          ),
          ingest,
        ],
      ];
      for (const [label, body, token] of cases) {
        // Declared 5 MB, 1.2 MB sent and the rest never: an answer at all proves the server did not wait for
        // the body to parse it (it would wait for Node's 300-s request timeout). The bound leaves room for a
        // machine busy with another test file (617 ms seen there, 4-15 ms alone).
        const r = await partialUpload(body, 5 * 1024 * 1024, token);
        show(`${label}: refused ${r.ms.toFixed(1)} ms after the first 1.2 MB`);
        expect([label, r.status, r.json.errors[0].extensions.code]).toEqual([label, 413, 'PAYLOAD_TOO_LARGE']);
        expect(r.ms).toBeLessThan(3000);
      }
    },
  );

  it('takes a second "query" key past the first megabyte for what it is', async () => {
    const events = Array.from({ length: 9000 }, (_, i) => ({
      id: `dup-key-${i}-${'y'.repeat(60)}`,
      organizationId: api.demoOrgId,
      type: 'DATA',
      occurredAt: '2026-01-01T00:00:00Z',
      quantity: 1,
    }));
    const json = JSON.stringify({
      query: 'mutation($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted } }',
      variables: { events },
    });
    const smuggled = `${json.slice(0, -1)},"query":"query { viewer { subject } }"}`;
    expect(smuggled.length).toBeGreaterThan(1_048_576);
    const r = await post(smuggled, ingest);
    expect(r.status).toBe(413);
    expect(r.body.errors[0].extensions.code).toBe('PAYLOAD_TOO_LARGE');
  });

  it('names no field the schema has when a field is misspelt', async () => {
    const r = await post({ query: '{ organizaton(id: "1") { id } }' }, admin);
    expect(r.status).toBe(400);
    expect(r.body.errors[0].message).toBe('Cannot query field "organizaton" on type "Query".');
    expect(JSON.stringify(r.body)).not.toMatch(/Did you mean/);
  });
});

describe('schema hints outside production', () => {
  it('still suggest the field a developer meant', async () => {
    const api = await startTestServer({ demoData: false });
    try {
      const r = await api.query('{ organizaton(id: "1") { id } }');
      expect(r.errors?.[0].message).toMatch(/Did you mean "organization"/);
    } finally {
      await api.close();
    }
  });
});

describe('client addresses and TRUST_PROXY', () => {
  it('keys IPv6 by /64 and IPv4 whole', () => {
    expect(clientNetwork('2001:db8:aa:bb:1234:5678:9abc:def0')).toBe('2001:db8:aa:bb::/64');
    expect(clientNetwork('2001:db8:aa:bb::1')).toBe('2001:db8:aa:bb::/64');
    expect(clientNetwork('::ffff:192.0.2.7')).toBe('192.0.2.7');
    expect(clientNetwork('192.0.2.7')).toBe('192.0.2.7');
    expect(clientNetwork(undefined)).toBe('unknown');
  });

  it('accepts hop counts and proxy addresses, and refuses `true` in production', () => {
    const prod = { NODE_ENV: 'production', JWT_SECRET: TEST_JWT_SECRET };
    expect(loadConfig({ TRUST_PROXY: '1' }).trustProxy).toBe(1);
    expect(loadConfig({ TRUST_PROXY: '10.0.0.1, 10.1.0.0/16, loopback, fd00::/8' }).trustProxy).toEqual([
      '10.0.0.1',
      '10.1.0.0/16',
      'loopback',
      'fd00::/8',
    ]);
    expect(loadConfig({ TRUST_PROXY: '' }).trustProxy).toBe(false);
    expect(() => loadConfig({ ...prod, TRUST_PROXY: 'true' })).toThrow(
      /TRUST_PROXY=true would let any client choose its address/,
    );
    expect(() => loadConfig({ TRUST_PROXY: 'proxy.internal' })).toThrow(
      /TRUST_PROXY must be a hop count or proxy addresses.*"proxy.internal"/,
    );
    expect(() => loadConfig({ TRUST_PROXY: '999' })).toThrow(/TRUST_PROXY/);
    expect(loadConfig({ TRUST_PROXY: 'true' }).trustProxy).toBe(true); // development only
  });
});
