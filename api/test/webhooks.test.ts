import { createLogger } from '../src/common/logger';
import { RunningServer, startServer } from '../src/server';
import { WebhookDispatcher } from '../src/webhooks/webhook-dispatcher';
import { DatabaseKind, startTestServer, TestServer, testDatabases } from './harness';
import { client, phoneNumbers, until } from './notification-helpers';
import { WebhookReceiver } from './webhook-receiver';

const CREATE_WEBHOOK = `mutation($o: ID!, $u: String!) {
  createWebhook(organizationId: $o, url: $u) { secret webhook { id url enabled secretHint } } }`;
const WEBHOOKS = `query($id: ID!) { organization(id: $id) { webhooks { id url secretHint
  deliveries(first: 50) { eventId type attempts lastStatus deliveredAt } } } }`;
const TEST = `mutation($id: ID!) { testWebhook(id: $id) }`;
/** Test timings: retries after ~0.2 s, 0.4 s, capped at 0.8 s (production: 10 s doubling to an hour). */
const FAST_RETRIES = { webhookRetryBaseMs: 200, webhookRetryMaxMs: 800, notificationPollMs: 200 };

describe.each(testDatabases())('webhooks (DESIGN §7) on %s', (database: DatabaseKind) => {
  let api: TestServer;
  let receiver: WebhookReceiver;
  let gql: ReturnType<typeof client>;
  let operator: string;
  const clock = new Date('2026-05-12T09:00:00Z');

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    api = await startTestServer({
      database,
      demoData: false,
      dispatcher: true,
      now: () => clock,
      config: { webhookAllowPrivate: true, ...FAST_RETRIES },
    });
    gql = client(api);
    operator = await api.token({ roles: ['operator'], org: null, sub: 'carrier' });
  });
  afterAll(async () => {
    await api?.close();
    await receiver?.close();
  });

  async function organizationWithWebhook(name: string, threshold = 50) {
    const org = await gql.createOrganization(operator, {
      name,
      utilizationThresholdPercent: threshold,
      adminEmails: [`ops@${name.toLowerCase().replace(/\W/g, '')}.example`],
    });
    const admin = await api.token({ org, roles: ['admin'], sub: `${name}-admin` });
    const path = `/hook/${database}/${org}`;
    const created = (await gql.ok(CREATE_WEBHOOK, { o: org, u: `${receiver.url}${path}` }, admin)).createWebhook;
    receiver.secrets.set(path, created.secret);
    return { org, admin, path, created };
  }

  it('creates a webhook and shows its secret once; refuses unsafe URLs without WEBHOOK_ALLOW_PRIVATE', async () => {
    const { org, admin, created } = await organizationWithWebhook('Secret Co');
    expect(created.secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    expect(created.webhook).toMatchObject({ enabled: true, secretHint: `whsec_…${created.secret.slice(-4)}` });
    const listed = (await gql.ok(WEBHOOKS, { id: org }, admin)).organization.webhooks;
    expect(listed).toEqual([{ ...pick(created.webhook, ['id', 'url', 'secretHint']), deliveries: [] }]);
    const UPDATE = `mutation($id: ID!, $u: String, $e: Boolean) { updateWebhook(id: $id, url: $u, enabled: $e) {
      url enabled secretHint } }`;
    const off = (await gql.ok(UPDATE, { id: created.webhook.id, e: false }, admin)).updateWebhook;
    expect(off).toEqual({ url: created.webhook.url, enabled: false, secretHint: created.webhook.secretHint });
    const disabledTest = await api.query(TEST, { id: created.webhook.id }, admin);
    expect(disabledTest.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
    const badUrl = await api.query(UPDATE, { id: created.webhook.id, u: 'ftp://hooks.example.com/' }, admin);
    expect(badUrl.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
    const moved = `${created.webhook.url}/moved`;
    expect((await gql.ok(UPDATE, { id: created.webhook.id, u: moved, e: true }, admin)).updateWebhook).toEqual({
      url: moved,
      enabled: true,
      secretHint: created.webhook.secretHint,
    });
    await gql.ok(UPDATE, { id: created.webhook.id, u: created.webhook.url }, admin);
    const stored = await api.server.deps.db.manager.query('SELECT secret_sealed FROM webhook WHERE id = ?', [
      Number(created.webhook.id),
    ]);
    expect(stored[0].secret_sealed).not.toContain(created.secret.slice(6));

    const strict = await startTestServer({ database: 'sqlite', demoData: false });
    try {
      const strictAdmin = await strict.token({ roles: ['admin'] });
      const strictOrg = await client(strict).createOrganization(
        await strict.token({ roles: ['operator'], org: null }),
        {
          name: 'Strict Co',
          adminEmails: ['a@strict.example'],
        },
      );
      const token = await strict.token({ org: strictOrg, roles: ['admin'] });
      for (const url of [
        'http://hooks.example.com/x',
        'https://2130706433/',
        'https://0x7f.0.0.1/',
        'https://[::1]/',
      ]) {
        const refused = await strict.query(CREATE_WEBHOOK, { o: strictOrg, u: url }, token);
        expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'url' });
      }
      const viewer = await strict.token({ org: strictOrg, roles: ['viewer'] });
      const forbidden = await strict.query(CREATE_WEBHOOK, { o: strictOrg, u: 'https://8.8.8.8/' }, viewer);
      expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
      expect(strictAdmin).toBeTruthy();
    } finally {
      await strict.close();
    }
  });

  it('sends every notification kind once per cause through 503s, signed, one event id on every retry', async () => {
    const { org, admin, path, created } = await organizationWithWebhook('Hooked Co');
    receiver.respond = (_event, attempt) => (attempt <= 2 ? 503 : 200);
    const numbers = await gql.addNumbers(admin, org, phoneNumbers(4));
    const causes: Array<{ what: string; at: number }> = [];
    const cause = async (what: string, action: () => Promise<unknown>) => {
      causes.push({ what, at: Date.now() });
      await action();
    };
    await cause('nothing (25%)', () => gql.assign(admin, numbers[0], 'u0@hooked.example'));
    await cause('threshold crossed', () => gql.assign(admin, numbers[1], 'u1@hooked.example'));
    await cause('taken while reached', () => gql.reserve(admin, numbers[2]));
    await cause('saved reached', () => gql.threshold(admin, org, 60));
    await cause('numbers requested', () =>
      gql.ok(
        `mutation($o: ID!) { requestMoreNumbers(organizationId: $o, quantity: 5, note: "for sales") { id } }`,
        {
          o: org,
        },
        admin,
      ),
    );
    await cause('usage alert', async () => {
      await gql.ok(
        `mutation($o: ID!) { createUsageAlert(organizationId: $o, type: MESSAGE, threshold: 5) { id } }`,
        { o: org },
        admin,
      );
      await gql.ok(
        `mutation($e: [UsageEventInput!]!) { recordUsage(events: $e) { accepted } }`,
        { e: [{ id: `hooked-${database}-1`, organizationId: org, type: 'MESSAGE', occurredAt: clock, quantity: 5 }] },
        admin,
      );
    });
    await cause('test', () => gql.ok(TEST, { id: created.webhook.id }, admin));

    const mine = () => receiver.received.filter((r) => r.path === path);
    await until('six events delivered', async () => mine().filter((r) => r.status === 200).length === 6, 30_000);
    await new Promise((resolve) => setTimeout(resolve, 1500)); // nothing more arrives
    const events = [...new Set(mine().map((r) => r.eventId))];
    expect(events).toHaveLength(6);
    expect(receiver.rejected).toEqual([]);
    for (const id of events) {
      const attempts = receiver.attemptsOf(id);
      expect(attempts.map((a) => a.status)).toEqual([503, 503, 200]);
      expect(new Set(attempts.map((a) => a.raw)).size).toBe(1); // the same body (and id) on every retry
    }
    const firsts = events.map((id) => receiver.attemptsOf(id)[0].body);
    expect(firsts.map((b) => b.type)).toEqual([
      'utilization.threshold',
      'utilization.threshold',
      'utilization.threshold',
      'numbers.requested',
      'usage.alert',
      'webhook.test',
    ]);
    expect(firsts.every((b) => b.organizationId === org && b.createdAt === clock.toISOString())).toBe(true);
    expect(firsts[0].data).toEqual({
      cause: 'THRESHOLD_REACHED',
      percentInUse: 50,
      thresholdPercent: 50,
      inUse: 2,
      total: 4,
      available: 2,
    });
    expect(firsts[1].data).toMatchObject({ cause: 'NUMBERS_TAKEN_WHILE_REACHED', percentInUse: 75, inUse: 3 });
    expect(firsts[2].data).toMatchObject({ cause: 'THRESHOLD_SAVED_REACHED', thresholdPercent: 60, inUse: 3 });
    expect(firsts[3].data).toMatchObject({ quantity: 5, note: 'for sales', requestedBy: 'Hooked Co-admin' });
    expect(firsts[4].data).toEqual({
      alertId: firsts[4].data.alertId,
      usageType: 'MESSAGE',
      threshold: 5,
      basis: 'ACTUAL',
      measure: 'UNITS',
      value: 5,
      usage: 5,
      forecast: null,
      allowance: null,
      cycleStart: '2026-05-01',
    });
    expect(firsts[5].data).toMatchObject({ webhookId: created.webhook.id });

    const log = (await gql.ok(WEBHOOKS, { id: org }, admin)).organization.webhooks[0].deliveries;
    expect(log).toHaveLength(6);
    for (const d of log) expect(d).toMatchObject({ attempts: 3, lastStatus: 200, deliveredAt: expect.any(String) });
    expect(log.map((d: { eventId: string }) => d.eventId).reverse()).toEqual(events);

    // For the report: cause → first attempt, and the gaps between attempts the receiver saw.
    const seen = causes.slice(1).map((c, i) => {
      const attempts = receiver.attemptsOf(events[i]);
      return `${c.what}: first attempt +${attempts[0].at - c.at} ms, retries after ${attempts
        .slice(1)
        .map((a, j) => a.at - attempts[j].at)
        .join(' ms, ')} ms`;
    });
    console.log(`[${database}] webhook timings (retry base 200 ms):\n  ${seen.join('\n  ')}`);
  });

  it('delivers what is owed across a dispatcher restart and after a crashed holder’s lease runs out', async () => {
    const { org, admin, path, created } = await organizationWithWebhook('Restart Co');
    receiver.respond = () => 200;
    const mine = () => receiver.received.filter((r) => r.path === path);
    await api.server.webhookDispatcher!.stop();
    await gql.ok(TEST, { id: created.webhook.id }, admin);
    await new Promise((resolve) => setTimeout(resolve, 700));
    expect(mine()).toHaveLength(0);
    // A crashed process held the second one: its lease (1.5 s) must run out first.
    await gql.ok(TEST, { id: created.webhook.id }, admin);
    const { db } = api.server.deps;
    const lease = new Date(Date.now() + 1500).toISOString().replace('T', ' ').replace('Z', '');
    await db.transaction((m) =>
      m.query(
        `UPDATE webhook_delivery SET claimed_until = ?, claim_token = 'crashed', attempts = 1
          WHERE webhook_id = ? AND id = (SELECT MAX(id) FROM (SELECT id FROM webhook_delivery) d)`,
        [lease, Number(created.webhook.id)],
      ),
    );
    const restarted = new WebhookDispatcher(api.server.deps);
    restarted.start();
    try {
      await until('the owed delivery', async () => mine().length === 1, 5000);
      expect(mine()).toHaveLength(1);
      await until('the crashed holder’s delivery', async () => mine().length === 2, 10_000);
      const log = (await gql.ok(WEBHOOKS, { id: org }, admin)).organization.webhooks[0].deliveries;
      expect(log.map((d: { attempts: number; lastStatus: number }) => [d.attempts, d.lastStatus])).toEqual([
        [2, 200],
        [1, 200],
      ]);
    } finally {
      await restarted.stop();
      api.server.webhookDispatcher!.start();
    }
  });

  it('checks the address again at delivery, after DNS, and connects only to the address it checked', async () => {
    const { org, admin, created } = await organizationWithWebhook('Rebind Co');
    receiver.respond = () => 200;
    await api.server.webhookDispatcher!.stop();
    const { db } = api.server.deps;
    const port = new URL(receiver.url).port;
    // Names only this test's resolver knows: real DNS would not find them.
    const resolve = async (host: string) =>
      host === 'pinned.example' || host === 'rebound.example' ? [{ address: '127.0.0.1', family: 4 as const }] : [];
    receiver.secrets.set('/pinned', created.secret);
    const setUrl = (url: string) =>
      db.transaction((m) => m.query('UPDATE webhook SET url = ? WHERE id = ?', [url, Number(created.webhook.id)]));
    const lastDelivery = async () =>
      (await gql.ok(WEBHOOKS, { id: org }, admin)).organization.webhooks[0].deliveries[0] as Record<string, unknown>;
    try {
      // Public when created, 127.0.0.1 now: refused at delivery without WEBHOOK_ALLOW_PRIVATE.
      await setUrl('https://rebound.example/hook');
      const strict = new WebhookDispatcher(
        { ...api.server.deps, config: { ...api.server.deps.config, webhookAllowPrivate: false } },
        { resolve },
      );
      await gql.ok(TEST, { id: created.webhook.id }, admin);
      expect(await strict.runOnce()).toBe(0);
      const before = receiver.received.length;
      const refused = await lastDelivery();
      expect(refused).toMatchObject({ attempts: 1, lastStatus: null, deliveredAt: null });
      const stored = await db.manager.query('SELECT last_error FROM webhook_delivery WHERE event_id = ?', [
        refused.eventId,
      ]);
      expect(stored[0].last_error).toMatch(/^url resolves to 127\.0\.0\.1, a loopback, private/);
      expect(receiver.received.length).toBe(before);
      await db.transaction((m) =>
        m.query('DELETE FROM webhook_delivery WHERE webhook_id = ?', [Number(created.webhook.id)]),
      );

      // The connection goes to the address the check resolved (real DNS does not know pinned.example).
      await setUrl(`http://pinned.example:${port}/pinned`);
      const pinned = new WebhookDispatcher(api.server.deps, { resolve });
      await gql.ok(TEST, { id: created.webhook.id }, admin);
      expect(await pinned.runOnce()).toBe(1);
      expect(receiver.received.at(-1)!.path).toBe('/pinned');
      expect(await lastDelivery()).toMatchObject({ attempts: 1, lastStatus: 200 });
    } finally {
      api.server.webhookDispatcher!.start();
    }
  });

  if (database === 'mysql') {
    it('two API processes on one MySQL database send each event exactly once', async () => {
      const { org, admin, path, created } = await organizationWithWebhook('Twin Co');
      receiver.respond = () => 200;
      let second: RunningServer | null = null;
      try {
        second = await startServer({
          clock: () => clock,
          log: createLogger('silent'),
          config: { ...api.server.config, port: 0, demoData: false },
        });
        const secondApi = {
          query: (q: string, v?: Record<string, unknown>, t?: string | null) => post(second!.url, q, v, t),
        };
        const sends = Array.from({ length: 12 }, (_, i) =>
          i % 2
            ? gql.ok(TEST, { id: created.webhook.id }, admin)
            : client(secondApi).ok(TEST, { id: created.webhook.id }, admin),
        );
        await Promise.all(sends);
        const mine = () => receiver.received.filter((r) => r.path === path);
        await until('12 events', async () => mine().length >= 12, 15_000);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect(mine()).toHaveLength(12);
        expect(new Set(mine().map((r) => r.eventId)).size).toBe(12);
        const log = (await gql.ok(WEBHOOKS, { id: org }, admin)).organization.webhooks[0].deliveries;
        expect(log.every((d: { attempts: number }) => d.attempts === 1)).toBe(true);
      } finally {
        await second?.close();
      }
    });
  }
});

function pick<T extends Record<string, unknown>>(o: T, keys: string[]): Partial<T> {
  return Object.fromEntries(keys.map((k) => [k, o[k]])) as Partial<T>;
}

async function post(base: string, query: string, variables?: Record<string, unknown>, token?: string | null) {
  const headers: Record<string, string> = { 'content-type': 'application/json' };
  if (token) headers.authorization = `Bearer ${token}`;
  const res = await fetch(`${base}/graphql`, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
  return res.json() as Promise<any>;
}
