import { loadConfig } from '../src/common/config';
import { createLogger } from '../src/common/logger';
import { startTestServer, TestServer, TEST_JWT_SECRET } from './harness';

const PROD_ENV = { NODE_ENV: 'production', JWT_SECRET: TEST_JWT_SECRET, DATABASE_URL: 'sqlite::memory:' };

/** What NODE_ENV=production turns on, as loadConfig reads it. */
function productionConfig(extra: Record<string, string> = {}) {
  const c = loadConfig({ ...PROD_ENV, ...extra });
  return { nodeEnv: c.nodeEnv, production: c.production, introspection: c.introspection, playground: c.playground };
}

const INTROSPECTION = '{ __schema { queryType { name } } }';

describe('production configuration', () => {
  it('turns introspection and the playground off unless asked, and wants a real JWT secret', () => {
    expect(productionConfig()).toEqual({
      nodeEnv: 'production',
      production: true,
      introspection: false,
      playground: false,
    });
    expect(productionConfig({ GRAPHQL_INTROSPECTION: '1', GRAPHQL_PLAYGROUND: '1' })).toMatchObject({
      introspection: true,
      playground: true,
    });
    expect(() => loadConfig({ NODE_ENV: 'production' })).toThrow(/JWT_SECRET/);
    expect(loadConfig({ NODE_ENV: 'development' })).toMatchObject({ introspection: true, playground: true });
  });

  it('refuses a wildcard CORS origin and names bad limits', () => {
    expect(() => loadConfig({ CORS_ORIGINS: '*' })).toThrow(/CORS_ORIGINS/);
    expect(() => loadConfig({ GRAPHQL_MAX_DEPTH: 'deep' })).toThrow(/GRAPHQL_MAX_DEPTH/);
    expect(() => loadConfig({ REDIS_URL: 'localhost:6379' })).toThrow(/REDIS_URL/);
  });
});

describe('a server with NODE_ENV=production', () => {
  let api: TestServer;
  let admin: string;
  const logLines: string[] = [];

  beforeAll(async () => {
    api = await startTestServer({
      config: productionConfig(),
      log: createLogger('info', (line) => logLines.push(line)),
    });
    admin = await api.token();
  });
  afterAll(async () => api?.close());

  it('refuses introspection and serves no GraphiQL: a browser is told how to enable it', async () => {
    const res = await fetch(api.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: INTROSPECTION }),
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.errors[0].extensions.code).toBe('GRAPHQL_VALIDATION_FAILED');
    expect(body.errors[0].message).toMatch(/introspection is not allowed/i);
    const page = await fetch(api.graphqlUrl, { headers: { accept: 'text/html' } });
    const html = await page.text();
    expect([page.status, page.headers.get('content-type')]).toEqual([404, 'text/html; charset=utf-8']);
    expect(html).toContain('GraphiQL is disabled');
    expect(html).toContain('<code>GRAPHQL_PLAYGROUND=1</code> and <code>GRAPHQL_INTROSPECTION=1</code>');
    expect(html).not.toMatch(/graphiql-assets|<script/);
    // JSON clients still get Apollo's own answer, and the bundle is not served at all.
    const json = await fetch(api.graphqlUrl, { headers: { accept: 'application/json' } });
    expect([json.status, json.headers.get('content-type')]).toEqual([400, 'application/json; charset=utf-8']);
    expect((await fetch(`${api.url}/graphiql-assets/graphiql.js`)).status).toBe(404);
  });

  it('answers an unexpected failure without stack or SQL, carrying the request id the log has', async () => {
    await api.server.deps.db.dataSource.query('DROP TABLE usage_rollup');
    const res = await fetch(api.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}`, 'x-request-id': 'req-prod-1' },
      body: JSON.stringify({
        query: `{ organization(id: "${api.demoOrgId}") { cycle(period: CURRENT) { voice { total } } } }`,
      }),
    });
    const text = await res.text();
    expect(res.headers.get('x-request-id')).toBe('req-prod-1');
    const body = JSON.parse(text);
    expect(body.errors[0]).toEqual({
      message: 'Internal server error',
      path: ['organization', 'cycle'],
      extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: 'req-prod-1' },
    });
    expect(text).not.toMatch(/stack|SELECT|usage_rollup|SQLITE|\.ts:\d+/i);
    // The log line with the same request id holds what the client does not see.
    const logged = logLines.map((l) => JSON.parse(l)).find((l) => l.requestId === 'req-prod-1' && l.level === 'error');
    expect(logged).toMatchObject({
      msg: 'graphql error',
      path: ['organization', 'cycle'],
      err: { message: expect.stringMatching(/usage_rollup/), stack: expect.any(String) },
    });
  });

  it('keeps stacks out of expected errors too', async () => {
    const body = await api.query(`{ organization(id: "999999") { id } }`, {}, admin);
    expect(body.errors![0].extensions).toEqual({ code: 'NOT_FOUND', requestId: expect.any(String) });
  });

  it('prevents CSRF: a simple request without a preflight header is refused', async () => {
    const get = await fetch(`${api.graphqlUrl}?query=${encodeURIComponent('{ viewer { subject } }')}`);
    expect(get.status).toBe(400);
    expect(await get.text()).toMatch(/CSRF/);
    const form = await fetch(api.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'text/plain' },
      body: JSON.stringify({ query: '{ viewer { subject } }' }),
    });
    expect(form.status).toBe(400);
    const preflighted = await fetch(`${api.graphqlUrl}?query=${encodeURIComponent('{ viewer { subject } }')}`, {
      headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${admin}` },
    });
    expect(preflighted.status).toBe(200);
    expect((await preflighted.json()).data.viewer.subject).toBe('test-admin@acme.example');
  });

  it('never runs a mutation over GET', async () => {
    const mutation = `mutation { setUtilizationThreshold(organizationId: "${api.demoOrgId}", percent: 7) { percent } }`;
    const res = await fetch(`${api.graphqlUrl}?query=${encodeURIComponent(mutation)}`, {
      headers: { 'apollo-require-preflight': 'true', authorization: `Bearer ${admin}` },
    });
    expect(res.status).toBe(405);
    expect((await res.json()).errors[0].message).toBe(
      'GET requests only support query operations, not mutation operations',
    );
    const after = await api.query(
      `{ organization(id: "${api.demoOrgId}") { utilizationThreshold { percent } } }`,
      {},
      admin,
    );
    expect(after.data.organization.utilizationThreshold.percent).not.toBe(7);
  });

  it('refuses batched requests', async () => {
    const res = await fetch(api.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${admin}` },
      body: JSON.stringify([{ query: '{ viewer { subject } }' }, { query: '{ viewer { subject } }' }]),
    });
    expect(res.status).toBe(400);
    expect(await res.text()).toMatch(/batch/i);
  });

  it('answers malformed JSON with a 400 that says so', async () => {
    const res = await fetch(api.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: '{"query": "{ viewer { subject } }"',
    });
    expect(res.status).toBe(400);
    const body = await res.json();
    expect(body.errors[0]).toEqual({
      message: 'The request body is not valid JSON',
      extensions: { code: 'BAD_REQUEST', requestId: expect.any(String) },
    });
  });
});

describe('a production server with GRAPHQL_INTROSPECTION=1 and GRAPHQL_PLAYGROUND=1', () => {
  let api: TestServer;

  beforeAll(async () => {
    api = await startTestServer({
      demoData: false,
      config: productionConfig({ GRAPHQL_INTROSPECTION: '1', GRAPHQL_PLAYGROUND: '1' }),
    });
  });
  afterAll(async () => api?.close());

  it('answers introspection and serves GraphiQL, with no token filled in (no demo start)', async () => {
    const body = await api.query(INTROSPECTION);
    expect(body).toEqual({ data: { __schema: { queryType: { name: 'Query' } } } });
    const page = await fetch(api.graphqlUrl, { headers: { accept: 'text/html' } });
    const html = await page.text();
    expect([page.status, page.headers.get('content-type')]).toEqual([200, 'text/html; charset=utf-8']);
    expect(html).toContain('{"demoToken":null,"demoOrganizationId":null}');
    const script = html.match(/src="(\/graphiql-assets\/[^"]+\.js)"/)![1];
    expect((await fetch(`${api.url}${script}`)).status).toBe(200);
  });
});

describe('CORS', () => {
  let api: TestServer;
  const PORTAL = 'https://portal.carrier.example';

  beforeAll(async () => {
    api = await startTestServer({ corsOrigins: [PORTAL], demoData: false });
  });
  afterAll(async () => api?.close());

  it('grants only listed origins, never with a wildcard or credentials', async () => {
    const allowed = await fetch(api.graphqlUrl, {
      method: 'OPTIONS',
      headers: {
        origin: PORTAL,
        'access-control-request-method': 'POST',
        'access-control-request-headers': 'authorization, content-type',
      },
    });
    expect(allowed.status).toBe(204);
    expect(allowed.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(allowed.headers.get('access-control-allow-headers')).toMatch(/Authorization/);
    expect(allowed.headers.get('vary')).toMatch(/Origin/);
    expect(allowed.headers.get('access-control-allow-credentials')).toBeNull();

    const denied = await fetch(api.graphqlUrl, {
      method: 'OPTIONS',
      headers: { origin: 'https://evil.example', 'access-control-request-method': 'POST' },
    });
    expect(denied.status).toBe(403);
    expect(denied.headers.get('access-control-allow-origin')).toBeNull();

    const post = await fetch(api.graphqlUrl, {
      method: 'POST',
      headers: { origin: 'https://evil.example', 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(post.headers.get('access-control-allow-origin')).toBeNull();
    const ok = await fetch(api.graphqlUrl, {
      method: 'POST',
      headers: { origin: PORTAL, 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ __typename }' }),
    });
    expect(ok.headers.get('access-control-allow-origin')).toBe(PORTAL);
    expect(ok.headers.get('access-control-expose-headers')).toMatch(/Retry-After/);
  });

  it('serves the public widget modules to any page, without credentials', async () => {
    const res = await fetch(`${api.url}/widgets/mp-dashboard.js`, { headers: { origin: 'https://any-host.example' } });
    expect(res.headers.get('access-control-allow-origin')).toBe('*');
    expect(res.headers.get('access-control-allow-credentials')).toBeNull();
    expect(res.headers.get('x-content-type-options')).toBe('nosniff');
  });
});
