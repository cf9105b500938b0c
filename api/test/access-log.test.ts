import { createLogger } from '../src/common/logger';
import { DatabaseKind, startTestServer, TestServer, testDatabases } from './harness';

const ADD_HOOK =
  'mutation AddHook($org: ID!, $url: String!) { createWebhook(organizationId: $org, url: $url) { webhook { id } } }';

describe.each(testDatabases())('access log lines, on %s', (database: DatabaseKind) => {
  let api: TestServer;
  let written: string[];
  const lines = () => written.map((l) => JSON.parse(l) as Record<string, unknown>);
  const accessLineOf = (requestId: string) =>
    lines().find((l) => l.msg === 'request' && l.requestId === requestId && l.level === 'info');

  beforeAll(async () => {
    written = [];
    api = await startTestServer({
      database,
      log: createLogger('info', (line) => written.push(line)),
      config: { webhookAllowPrivate: true },
    });
  });
  afterAll(() => api.close());

  async function post(query: string, variables: Record<string, unknown>, token: string) {
    const res = await fetch(api.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      body: JSON.stringify({ query, variables }),
    });
    // 'close' follows the response by a tick: the access line is written by the time the body is read.
    const body = await res.json();
    await new Promise((resolve) => setImmediate(resolve));
    return { requestId: res.headers.get('x-request-id')!, body };
  }

  it("writes one line per request: id, operation, the token's subject and organization, status, time", async () => {
    const viewer = await api.token({ sub: 'noc-viewer@acme.example', roles: ['viewer'] });
    const { requestId, body } = await post('query WhoAmI { viewer { subject } }', {}, viewer);
    expect(body).toEqual({ data: { viewer: { subject: 'noc-viewer@acme.example' } } });
    expect(requestId).toMatch(/^[0-9a-f-]{36}$/);
    expect(lines().filter((l) => l.requestId === requestId)).toEqual([
      {
        level: 'info',
        time: expect.stringMatching(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}\.\d{3}Z$/),
        msg: 'request',
        requestId,
        method: 'POST',
        path: '/graphql',
        operationName: 'WhoAmI',
        subject: 'noc-viewer@acme.example',
        organization: api.demoOrgId,
        status: 200,
        durationMs: expect.any(Number),
        ip: '127.0.0.1',
      },
    ]);
    console.log(`[${database}] access line: ${written.find((l) => l.includes(requestId))}`);
  });

  it('names the route for other requests, and an anonymous operation null, without a token', async () => {
    const health = await fetch(`${api.url}/healthz`);
    await health.json();
    await new Promise((resolve) => setImmediate(resolve));
    expect(accessLineOf(health.headers.get('x-request-id')!)).toMatchObject({
      path: '/healthz',
      operationName: '/healthz',
      subject: null,
      organization: null,
      status: 200,
    });
    const res = await fetch(api.graphqlUrl, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ query: '{ viewer { subject } }' }),
    });
    await res.json();
    await new Promise((resolve) => setImmediate(resolve));
    expect(accessLineOf(res.headers.get('x-request-id')!)).toMatchObject({
      operationName: null,
      subject: null,
      organization: null,
      status: 200,
    });
  });

  it('puts the request id on a line logged deep in a service that never sees the id', async () => {
    const admin = await api.token({ sub: 'org-admin@acme.example', roles: ['admin'] });
    const { requestId, body } = await post(ADD_HOOK, { org: api.demoOrgId, url: 'http://127.0.0.1:9/hook' }, admin);
    expect(body.errors).toBeUndefined();
    const webhookId = Number(body.data.createWebhook.webhook.id);
    // WebhookService.create logs it with the webhook and organization only.
    expect(lines().filter((l) => l.requestId === requestId)).toEqual([
      {
        level: 'info',
        time: expect.any(String),
        msg: 'webhook created',
        requestId,
        webhookId,
        organizationId: Number(api.demoOrgId),
      },
      expect.objectContaining({
        msg: 'request',
        requestId,
        operationName: 'AddHook',
        subject: 'org-admin@acme.example',
        organization: api.demoOrgId,
        status: 200,
      }),
    ]);
  });

  it('keeps concurrent requests apart: each line carries its own request id', async () => {
    const admin = await api.token({ sub: 'org-admin@acme.example', roles: ['admin'] });
    const created = await Promise.all(
      [1, 2, 3, 4, 5, 6].map((n) => post(ADD_HOOK, { org: api.demoOrgId, url: `http://127.0.0.1:9/hook-${n}` }, admin)),
    );
    for (const { requestId, body } of created) {
      const logged = lines().find((l) => l.msg === 'webhook created' && l.requestId === requestId);
      expect(logged?.webhookId).toBe(Number(body.data.createWebhook.webhook.id));
    }
  });
});
