/**
 * Prometheus metrics (DESIGN §11): GET /metrics on a listener of its own, with exact counts for what
 * a request does. The registry is the process's, shared by every server this file starts, so each
 * test compares a scrape before and after its own requests.
 */
import { spawnSync } from 'node:child_process';
import net from 'node:net';
import { print } from 'graphql';
import { CYCLE_FIGURES_QUERY } from '../../web-components/src/shared/queries';
import { RECORD_USAGE_OPERATION } from '../graphiql/src/example-operations';
import { ConfigError, loadConfig } from '../src/common/config';
import { createLogger } from '../src/common/logger';
import { startMetricsListener } from '../src/http/metrics-listener';
import { startTestServer, testDatabases, type TestServer } from './harness';

/** A port nothing listens on right now. */
async function freePort(): Promise<number> {
  const server = net.createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as net.AddressInfo;
  await new Promise((resolve) => server.close(resolve));
  return port;
}

/** `name{a="x",b="y"}` with the labels sorted, so a sample is found whatever order they print in. */
function sampleKey(name: string, labels: Record<string, string> = {}): string {
  const pairs = Object.keys(labels)
    .sort()
    .map((k) => `${k}="${labels[k]}"`);
  return pairs.length ? `${name}{${pairs.join(',')}}` : name;
}

/** Every sample of a scrape in Prometheus text format, by sampleKey. */
function samplesOf(text: string): Map<string, number> {
  const samples = new Map<string, number>();
  for (const line of text.split('\n')) {
    if (!line || line.startsWith('#')) continue;
    const match = /^([a-zA-Z_:][\w:]*)(?:\{(.*)\})? (\S+)$/.exec(line);
    if (!match) throw new Error(`not a sample line: ${line}`);
    const labels = Object.fromEntries(
      [...(match[2] ?? '').matchAll(/(\w+)="((?:[^"\\]|\\.)*)"/g)].map((m) => [m[1], m[2]]),
    );
    samples.set(sampleKey(match[1], labels), Number(match[3]));
  }
  return samples;
}

async function scrapeText(port: number): Promise<string> {
  const res = await fetch(`http://127.0.0.1:${port}/metrics`);
  expect(res.status).toBe(200);
  expect(res.headers.get('content-type')).toBe('text/plain; version=0.0.4; charset=utf-8');
  return res.text();
}

const scrape = async (port: number) => samplesOf(await scrapeText(port));

/** What one sample grew by between two scrapes (absent counts as 0). */
function grewBy(before: Map<string, number>, after: Map<string, number>) {
  return (name: string, labels?: Record<string, string>) =>
    (after.get(sampleKey(name, labels)) ?? 0) - (before.get(sampleKey(name, labels)) ?? 0);
}

const NOW = new Date(Math.floor(Date.now() / 60_000) * 60_000 + 30_000);
const VIEWER_ROLES = `query MyOwnQuery { viewer { roles } }`;
/** Requests per token subject in the server's window: each test asks under its own subject, fewer times. */
const RATE_LIMIT = 20;

describe.each(testDatabases())('Prometheus metrics (%s)', (database) => {
  let api: TestServer;
  let metricsPort: number;
  let admin: string;

  beforeAll(async () => {
    metricsPort = await freePort();
    api = await startTestServer({
      database,
      now: NOW,
      config: {
        metricsPort,
        webhookAllowPrivate: true,
        rateLimit: { windowSeconds: 600, perIp: 0, perSubject: RATE_LIMIT, redisUrl: null },
      },
    });
    admin = await api.token({ sub: 'metrics-admin@acme.example', roles: ['admin'] });
  });
  afterAll(() => api?.close());

  it('listens on METRICS_PORT only: the API port answers /metrics with 404', async () => {
    expect(api.server.metricsPort).toBe(metricsPort);
    expect(metricsPort).not.toBe(api.server.port);
    const before = await scrape(metricsPort);
    const onApi = await fetch(`${api.url}/metrics`);
    expect(onApi.status).toBe(404);
    const elsewhere = await fetch(`http://127.0.0.1:${metricsPort}/other`);
    expect(elsewhere.status).toBe(404);
    const grew = grewBy(before, await scrape(metricsPort));
    // Under the route `other`, never under its own URL.
    expect(grew('mpd_http_request_duration_seconds_count', { route: 'other', status: '404' })).toBe(1);
    expect([...(await scrape(metricsPort)).keys()].some((k) => k.includes('/metrics'))).toBe(false);
  });

  it('counts operations by their bounded name and type, and requests by route and status', async () => {
    const before = await scrape(metricsPort);
    const widget = await api.query(print(CYCLE_FIGURES_QUERY.forViewer), { period: 'CURRENT' }, admin);
    expect(widget.errors).toBeUndefined();
    expect((await api.query(VIEWER_ROLES, {}, admin)).data).toEqual({ viewer: { roles: ['admin'] } });
    expect((await api.query(`{ viewer { roles } }`, {}, admin)).errors).toBeUndefined();
    const events = [
      { id: 'metrics-call-1', organizationId: api.demoOrgId, type: 'VOICE', occurredAt: NOW, quantity: 125 },
      { id: 'metrics-call-2', organizationId: api.demoOrgId, type: 'VOICE', occurredAt: NOW, quantity: 60 },
      { id: 'metrics-message-1', organizationId: api.demoOrgId, type: 'MESSAGE', occurredAt: NOW, quantity: 1 },
    ];
    const recorded = await api.query(RECORD_USAGE_OPERATION, { events }, admin);
    expect(recorded.data).toEqual({ recordUsage: { accepted: 3, duplicates: 0 } });
    // The same ids again: duplicates are not ingested twice.
    const resent = await api.query(RECORD_USAGE_OPERATION, { events }, admin);
    expect(resent.data).toEqual({ recordUsage: { accepted: 0, duplicates: 3 } });

    const grew = grewBy(before, await scrape(metricsPort));
    expect(grew('mpd_graphql_operations_total', { operation: 'CycleFiguresForViewer', type: 'query' })).toBe(1);
    // A name of the client's own and an anonymous operation.
    expect(grew('mpd_graphql_operations_total', { operation: 'other', type: 'query' })).toBe(2);
    expect(grew('mpd_graphql_operations_total', { operation: 'MyOwnQuery', type: 'query' })).toBe(0);
    expect(grew('mpd_graphql_operations_total', { operation: 'RecordUsage', type: 'mutation' })).toBe(2);
    expect(grew('mpd_usage_events_ingested_total', { type: 'VOICE' })).toBe(2);
    expect(grew('mpd_usage_events_ingested_total', { type: 'MESSAGE' })).toBe(1);
    expect(grew('mpd_usage_events_ingested_total', { type: 'DATA' })).toBe(0);
    expect(grew('mpd_usage_ingestion_duration_seconds_count')).toBe(2);
    expect(grew('mpd_http_request_duration_seconds_count', { route: '/graphql', status: '200' })).toBe(5);
    expect(grew('mpd_http_request_duration_seconds_bucket', { route: '/graphql', status: '200', le: '+Inf' })).toBe(5);
  });

  it('counts errors by extensions.code', async () => {
    const before = await scrape(metricsPort);
    const missing = await api.query(`query { organization(id: "999999") { id } }`, {}, admin);
    expect(missing.errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const invalid = await api.query(`query { noSuchField }`, {}, admin);
    expect(invalid.errors?.[0].extensions?.code).toBe('GRAPHQL_VALIDATION_FAILED');
    const unauthenticated = await api.query(VIEWER_ROLES, {}, null);
    expect(unauthenticated.errors?.[0].extensions?.code).toBe('UNAUTHENTICATED');

    const grew = grewBy(before, await scrape(metricsPort));
    expect(grew('mpd_graphql_errors_total', { code: 'NOT_FOUND' })).toBe(1);
    expect(grew('mpd_graphql_errors_total', { code: 'GRAPHQL_VALIDATION_FAILED' })).toBe(1);
    expect(grew('mpd_graphql_errors_total', { code: 'UNAUTHENTICATED' })).toBe(1);
    // A query that fails validation never resolves to an operation.
    expect(grew('mpd_graphql_operations_total', { operation: 'other', type: 'query' })).toBe(2);
  });

  it('counts rate-limit refusals by the limit that refused', async () => {
    const before = await scrape(metricsPort);
    const burst = await api.token({ sub: 'burst@acme.example', roles: ['viewer'] });
    const statuses: number[] = [];
    for (let i = 0; i <= RATE_LIMIT; i++) {
      const res = await fetch(api.graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${burst}` },
        body: JSON.stringify({ query: VIEWER_ROLES }),
      });
      statuses.push(res.status);
    }
    expect(statuses).toEqual([...Array<number>(RATE_LIMIT).fill(200), 429]);
    const grew = grewBy(before, await scrape(metricsPort));
    expect(grew('mpd_rate_limit_refusals_total', { limited_by: 'subject' })).toBe(1);
    expect(grew('mpd_rate_limit_refusals_total', { limited_by: 'ip' })).toBe(0);
    expect(grew('mpd_http_request_duration_seconds_count', { route: '/graphql', status: '429' })).toBe(1);
  });

  it("counts the response cache's hits and misses", async () => {
    const reader = await api.token({ sub: 'cache-reader@acme.example', roles: ['viewer'] });
    const query = print(CYCLE_FIGURES_QUERY.forViewer);
    const before = await scrape(metricsPort);
    // Kept on its second ask under the same stamps, served from the third.
    for (let i = 0; i < 3; i++) expect((await api.query(query, { period: 'PAST' }, reader)).errors).toBeUndefined();
    const grew = grewBy(before, await scrape(metricsPort));
    expect(grew('mpd_cache_lookups_total', { cache: 'response', result: 'miss' })).toBe(2);
    expect(grew('mpd_cache_lookups_total', { cache: 'response', result: 'hit' })).toBe(1);
  });

  it('reports each outbox backlog and its oldest pending age', async () => {
    const created = await api.query(
      `mutation($o: ID!, $u: String!) { createWebhook(organizationId: $o, url: $u) { webhook { id } } }`,
      { o: api.demoOrgId, u: 'http://127.0.0.1:9/hook' },
      admin,
    );
    const id = created.data.createWebhook.webhook.id;
    const before = await scrape(metricsPort);
    expect((await api.query(`mutation($id: ID!) { testWebhook(id: $id) }`, { id }, admin)).errors).toBeUndefined();
    const after = await scrape(metricsPort);
    // No dispatcher runs in this server: the delivery waits.
    expect(grewBy(before, after)('mpd_outbox_backlog', { channel: 'webhook' })).toBe(1);
    const age = after.get(sampleKey('mpd_outbox_oldest_pending_age_seconds', { channel: 'webhook' }))!;
    expect(age).toBeGreaterThanOrEqual(0);
    expect(age).toBeLessThan(60);
    const [emails] = await api.server.deps.db.manager.query(
      'SELECT COUNT(*) AS n FROM notification WHERE sent_at IS NULL',
    );
    expect(after.get(sampleKey('mpd_outbox_backlog', { channel: 'email' }))).toBe(Number(emails.n));
  });

  it('reports the MySQL pool, and no pool on SQLite', async () => {
    const samples = await scrape(metricsPort);
    const pool = [...samples.keys()].filter((k) => k.startsWith('mpd_db_pool_'));
    if (database === 'sqlite') {
      expect(pool).toEqual([]);
      return;
    }
    expect(pool.sort()).toEqual([
      'mpd_db_pool_connections{pool="primary",state="idle"}',
      'mpd_db_pool_connections{pool="primary",state="in_use"}',
      'mpd_db_pool_waiting_requests{pool="primary"}',
    ]);
    // Nothing runs between requests: every opened connection is back in the pool.
    expect(samples.get('mpd_db_pool_connections{pool="primary",state="in_use"}')).toBe(0);
    expect(samples.get('mpd_db_pool_connections{pool="primary",state="idle"}')).toBeGreaterThanOrEqual(1);
    expect(samples.get('mpd_db_pool_waiting_requests{pool="primary"}')).toBe(0);
  });

  it('carries the process defaults', async () => {
    const samples = await scrape(metricsPort);
    for (const name of ['nodejs_eventloop_lag_seconds', 'nodejs_heap_size_used_bytes', 'process_cpu_seconds_total'])
      expect(samples.has(name)).toBe(true);
    expect([...samples.keys()].some((k) => k.startsWith('nodejs_gc_duration_seconds_count{kind='))).toBe(true);
  });

  it('still answers while the database is down or silent, without the outbox figures', async () => {
    const manager = api.server.deps.db.manager;
    const refused = jest.spyOn(manager, 'query').mockRejectedValue(new Error('connect ECONNREFUSED 127.0.0.1:3306'));
    try {
      const samples = await scrape(metricsPort);
      expect([...samples.keys()].filter((k) => k.startsWith('mpd_outbox_'))).toEqual([]);
      expect(samples.has('mpd_graphql_operations_total{operation="CycleFiguresForViewer",type="query"}')).toBe(true);
      refused.mockReturnValue(new Promise(() => undefined));
      const started = Date.now();
      const silent = await scrape(metricsPort);
      expect(Date.now() - started).toBeLessThan(5000);
      expect([...silent.keys()].filter((k) => k.startsWith('mpd_outbox_'))).toEqual([]);
    } finally {
      refused.mockRestore();
    }
    expect((await scrape(metricsPort)).has('mpd_outbox_backlog{channel="webhook"}')).toBe(true);
  });

  it('exposes every series of DESIGN §11', async () => {
    const types = [...(await scrapeText(metricsPort)).matchAll(/^# TYPE (mpd_\w+) (\w+)$/gm)].map(
      (m) => `${m[1]} ${m[2]}`,
    );
    expect(types.sort()).toEqual([
      'mpd_cache_lookups_total counter',
      'mpd_db_pool_connections gauge',
      'mpd_db_pool_waiting_requests gauge',
      'mpd_graphql_errors_total counter',
      'mpd_graphql_operations_total counter',
      'mpd_http_request_duration_seconds histogram',
      'mpd_outbox_backlog gauge',
      'mpd_outbox_oldest_pending_age_seconds gauge',
      'mpd_rate_limit_refusals_total counter',
      'mpd_usage_events_ingested_total counter',
      'mpd_usage_ingestion_duration_seconds histogram',
      'mpd_webhook_deliveries_total counter',
    ]);
  });

  it('passes promtool check metrics', async () => {
    const required = process.env.CI === 'true' || process.env.REQUIRE_PROMTOOL === '1';
    if (spawnSync('promtool', ['--version']).error) {
      if (required) throw new Error("promtool is not on PATH (Debian's prometheus package); CI requires it");
      return;
    }
    const checked = spawnSync('promtool', ['check', 'metrics'], {
      input: await scrapeText(metricsPort),
      encoding: 'utf8',
    });
    expect({ status: checked.status, stdout: checked.stdout, stderr: checked.stderr }).toEqual({
      status: 0,
      stdout: '',
      stderr: '',
    });
  });
});

describe('METRICS_PORT', () => {
  it('defaults to 9464, must differ from PORT, and 0 turns the listener off', async () => {
    expect(loadConfig({}).metricsPort).toBe(9464);
    expect(loadConfig({ METRICS_PORT: '0' }).metricsPort).toBe(0);
    expect(() => loadConfig({ PORT: '8080', METRICS_PORT: '8080' })).toThrow(
      new ConfigError('METRICS_PORT must differ from PORT (both 8080); 0 turns the metrics listener off'),
    );
    expect(() => loadConfig({ METRICS_PORT: 'x' })).toThrow('METRICS_PORT must be an integer from 0 to 65535, got "x"');
    const off = await startTestServer({ demoData: false, config: { metricsPort: 0 } });
    try {
      expect(off.server.metricsPort).toBeNull();
      expect((await fetch(`${off.url}/metrics`)).status).toBe(404);
    } finally {
      await off.close();
    }
  });

  it('stops the start when its port is taken, naming the variable', async () => {
    const taken = net.createServer();
    await new Promise<void>((resolve) => taken.listen(0, '127.0.0.1', resolve));
    const { port } = taken.address() as net.AddressInfo;
    const sources = { outboxBacklog: () => Promise.reject(new Error('not asked')), poolUse: () => [] };
    try {
      await expect(startMetricsListener('127.0.0.1', port, sources, createLogger('silent'))).rejects.toThrow(
        `METRICS_PORT ${port} on 127.0.0.1: cannot listen (EADDRINUSE)`,
      );
    } finally {
      await new Promise((resolve) => taken.close(resolve));
    }
  });
});
