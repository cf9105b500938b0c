import { ChildProcess, execFile } from 'node:child_process';
import crypto from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import path from 'node:path';
import { promisify } from 'node:util';
import { signToken } from '../src/auth/token';
import { maskStatement } from '../src/tracing';
import { exited, startApiProcess } from './api-process';
import { DatabaseKind, freshDatabase, TEST_JWT_SECRET, testDatabases } from './harness';

interface ReceivedSpan {
  name: string;
  kind: number;
  traceId: string;
  spanId: string;
  parentSpanId?: string;
  scope: string;
  service: string;
  attributes: Record<string, unknown>;
}

type OtlpValue = {
  stringValue?: string;
  intValue?: string | number;
  boolValue?: boolean;
  doubleValue?: number;
  arrayValue?: { values?: OtlpValue[] };
};
type OtlpAttribute = { key: string; value: OtlpValue };

const plain = (attributes: OtlpAttribute[] = []) =>
  Object.fromEntries(
    attributes.map(({ key, value }) => [
      key,
      value.stringValue ??
        value.intValue ??
        value.boolValue ??
        value.doubleValue ??
        value.arrayValue?.values?.map((v) => v.stringValue) ??
        null,
    ]),
  );

/** An OTLP/HTTP receiver taking JSON (OTEL_EXPORTER_OTLP_PROTOCOL=http/json) at POST /v1/traces. */
async function startTraceReceiver() {
  const spans: ReceivedSpan[] = [];
  const server = http.createServer((req, res) => {
    let body = '';
    req.on('data', (chunk) => (body += chunk));
    req.on('end', () => {
      if (req.method === 'POST' && req.url === '/v1/traces') {
        for (const rs of JSON.parse(body).resourceSpans ?? []) {
          const service = String(plain(rs.resource?.attributes)['service.name']);
          for (const ss of rs.scopeSpans ?? [])
            for (const s of ss.spans ?? [])
              spans.push({
                name: s.name,
                kind: s.kind,
                traceId: s.traceId,
                spanId: s.spanId,
                parentSpanId: s.parentSpanId || undefined,
                scope: ss.scope?.name,
                service,
                attributes: plain(s.attributes),
              });
        }
      }
      res.writeHead(200, { 'content-type': 'application/json' }).end('{}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    spans,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
  };
}

async function until<T>(what: string, probe: () => T | undefined, ms = 15_000): Promise<T> {
  const deadline = Date.now() + ms;
  for (;;) {
    const found = probe();
    if (found !== undefined) return found;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

const SPAN_KIND_SERVER = 2;
const SPAN_KIND_CLIENT = 3;

describe.each(testDatabases())('OpenTelemetry tracing of an API process, on %s', (database: DatabaseKind) => {
  const children: ChildProcess[] = [];
  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(children.map(exited));
  });

  it("exports the request's HTTP, GraphQL and database spans over OTLP under the caller's traceparent", async () => {
    const receiver = await startTraceReceiver();
    const db = await freshDatabase(database);
    try {
      const api = await startApiProcess(children, {
        DATABASE_URL: db.url,
        OTEL_EXPORTER_OTLP_ENDPOINT: receiver.url,
        OTEL_EXPORTER_OTLP_PROTOCOL: 'http/json',
        OTEL_SERVICE_NAME: 'mpd-api-under-test',
        OTEL_BSP_SCHEDULE_DELAY: '100',
      });
      const traceId = crypto.randomBytes(16).toString('hex');
      const callerSpanId = crypto.randomBytes(8).toString('hex');
      const operator = await signToken(TEST_JWT_SECRET, { sub: 'carrier-staff', org: null, roles: ['operator'] });
      const res = await fetch(`${api.url}/graphql`, {
        method: 'POST',
        headers: {
          'content-type': 'application/json',
          authorization: `Bearer ${operator}`,
          traceparent: `00-${traceId}-${callerSpanId}-01`,
        },
        body: JSON.stringify({ query: 'query TopOrganizations { organizations(first: 5) { id name } }' }),
      });
      expect(res.status).toBe(200);
      expect(await res.json()).toEqual({ data: { organizations: [] } });

      const ofTrace = () => receiver.spans.filter((s) => s.traceId === traceId);
      const server = await until('the HTTP server span', () =>
        ofTrace().find((s) => s.kind === SPAN_KIND_SERVER && s.scope === '@opentelemetry/instrumentation-http'),
      );
      expect(server).toMatchObject({
        name: 'POST /graphql',
        parentSpanId: callerSpanId,
        service: 'mpd-api-under-test',
        attributes: expect.objectContaining({
          'http.route': '/graphql',
          'http.response.status_code': 200,
          'graphql.operation.name': 'TopOrganizations',
          'http.response.header.x-request-id': [res.headers.get('x-request-id')],
        }),
      });
      const graphql = await until('the GraphQL spans', () => {
        const names = ofTrace()
          .filter((s) => s.scope === '@opentelemetry/instrumentation-graphql')
          .map((s) => s.name);
        return names.includes('graphql.parse') && names.includes('graphql.validate') ? names : undefined;
      });
      expect(graphql.sort()).toEqual(['graphql.parse', 'graphql.validate']);
      for (const span of ofTrace().filter((s) => s !== server)) expect(span.parentSpanId).toBe(server.spanId);
      if (database === 'mysql') {
        const select = await until('a MySQL span', () =>
          ofTrace().find((s) => s.scope === '@opentelemetry/instrumentation-mysql2'),
        );
        expect(select).toMatchObject({
          name: 'SELECT',
          kind: SPAN_KIND_CLIENT,
          parentSpanId: server.spanId,
          attributes: expect.objectContaining({
            'db.system.name': 'mysql',
            'db.namespace': new URL(db.url).pathname.slice(1),
            // Literals masked (tracing.ts maskStatement).
            'db.query.text': expect.stringMatching(/ FROM `organization` `o` WHERE `o`.`depth` = \? .* LIMIT \?$/),
          }),
        });
      }
      const sample = { name: server.name, traceId: server.traceId, parentSpanId: server.parentSpanId };
      console.log(`[${database}] span received: ${JSON.stringify(sample)}; trace: ${ofTrace().map((s) => s.name)}`);

      api.child.kill('SIGTERM');
      await exited(api.child);
    } finally {
      await receiver.close();
      await db.drop();
    }
  });
});

describe('tracing switched off', () => {
  const ROOT = path.join(__dirname, '../..');
  /** Loads tracing.ts and the whole server (not started) in a fresh process: the OpenTelemetry packages loaded. */
  async function otelModulesLoaded(env: Record<string, string>): Promise<string[]> {
    const probe =
      "require('./api/src/tracing'); require('./api/src/server');" +
      'const loaded = Object.keys(require.cache).filter((f) => f.includes("/node_modules/@opentelemetry/"));' +
      'const packages = loaded.map((f) => f.split("/node_modules/")[1].split("/").slice(0, 2).join("/"));' +
      'console.log(JSON.stringify([...new Set(packages)]));';
    const clean = Object.fromEntries(Object.entries(process.env).filter(([k]) => !k.startsWith('OTEL_')));
    const { stdout } = await promisify(execFile)(
      process.execPath,
      ['-r', 'ts-node/register/transpile-only', '-e', probe],
      { cwd: ROOT, env: { ...clean, ...env } },
    );
    return JSON.parse(stdout.trim().split('\n').pop()!);
  }

  it('loads no OpenTelemetry module without OTEL_EXPORTER_OTLP_ENDPOINT, and the SDK with it', async () => {
    // The API package alone is a no-op without an SDK; prom-client requires it (for exemplars).
    expect((await otelModulesLoaded({})).filter((m) => m !== '@opentelemetry/api')).toEqual([]);
    expect(await otelModulesLoaded({ OTEL_EXPORTER_OTLP_ENDPOINT: 'http://127.0.0.1:9' })).toEqual(
      expect.arrayContaining(['@opentelemetry/sdk-node', '@opentelemetry/instrumentation-mysql2']),
    );
  });
});

describe('maskStatement', () => {
  it('hides every literal of a statement and cuts it at 2,000 characters', () => {
    expect(
      maskStatement("SELECT `u`.`id` FROM `user_account` `u` WHERE `u`.`email` = 'a@b.example' AND `u`.`org_id` = 42"),
    ).toBe('SELECT `u`.`id` FROM `user_account` `u` WHERE `u`.`email` = ? AND `u`.`org_id` = ?');
    expect(maskStatement(`INSERT INTO \`t_2\` VALUES ('it''s', "x\\"y", 1.5)`)).toBe(
      'INSERT INTO `t_2` VALUES (?, ?, ?)',
    );
    const long = maskStatement(`INSERT INTO \`usage_event\` VALUES ${"('+4930123', 60),".repeat(100_000)}`);
    expect(long.length).toBeLessThanOrEqual(2000);
    expect(long).not.toMatch(/\d{2}/);
  });
});
