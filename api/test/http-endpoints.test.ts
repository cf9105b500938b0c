import fs from 'node:fs';
import path from 'node:path';
import { GRAPHIQL_PAGE, REPO_ROOT, WIDGETS_DIR } from '../src/common/paths';
import { startTestServer, TestServer } from './harness';

const TAGS = [
  'mp-cycle-card',
  'mp-usage-chart',
  'mp-utilization-pie',
  'mp-utilization-details',
  'mp-usage-report',
  'mp-alerts',
  'mp-dashboard',
];
const IMMUTABLE = 'public, max-age=31536000, immutable';
/** The module specifiers of a minified ES module: `import"x"`, `from"x"` and `import("x")`. */
const importSpecifiers = (code: string) =>
  [...code.matchAll(/(?:\bimport\s*\(?|\bfrom\s*)"([\w@./-]+)"/g)].map((match) => match[1]);

describe('HTTP endpoints beside GraphQL', () => {
  let api: TestServer;

  beforeAll(async () => {
    api = await startTestServer({ demoData: true });
  });

  afterAll(async () => {
    await api?.close();
  });

  it('answers /healthz and /readyz', async () => {
    const health = await fetch(`${api.url}/healthz`);
    expect([health.status, await health.json()]).toEqual([200, { status: 'ok' }]);
    const ready = await fetch(`${api.url}/readyz`);
    expect([ready.status, await ready.json()]).toEqual([200, { status: 'ready' }]);
  });

  it('serves the demo page with a working admin token for the demo organization', async () => {
    const res = await fetch(`${api.url}/`);
    const page = await res.text();
    expect(res.status).toBe(200);
    expect(page).toContain('/widgets/mp-dashboard.js');
    expect(page).not.toContain('__MP_DEMO_TOKEN__');
    const token = api.server.demoToken!;
    expect(page).toContain(token);
    const body = await api.query(`{ viewer { roles organization { name subOrganizations { name } } } }`, {}, token);
    expect(body.data.viewer).toEqual({
      roles: ['admin'],
      organization: { name: 'Acme Corporation', subOrganizations: [{ name: 'Engineering' }, { name: 'Sales' }] },
    });
  });

  it('seeds a demo tree with numbers in every state and a year of usage', async () => {
    const token = api.server.demoToken!;
    const body = await api.query(
      `query($id: ID!) { organization(id: $id) {
        numberUtilization { total available assigned reserved registered allocatedToSubOrganizations pendingInvitation }
        allTime: cycle(period: ALL_TIME) { series(type: VOICE) { date total } }
        current: cycle(period: CURRENT) { activeUsers voice { total } } } }`,
      { id: api.demoOrgId },
      token,
    );
    const org = body.data.organization;
    const u = org.numberUtilization;
    expect(u.total).toBeGreaterThanOrEqual(180);
    for (const state of [
      'available',
      'assigned',
      'reserved',
      'registered',
      'allocatedToSubOrganizations',
      'pendingInvitation',
    ]) {
      expect([state, u[state] > 0]).toEqual([state, true]);
    }
    expect(org.allTime.series.length).toBeGreaterThanOrEqual(12);
    expect(org.allTime.series.every((p: { total: number }) => p.total > 0)).toBe(true);
    expect(org.current.activeUsers).toBeGreaterThan(0);
  });

  it('serves GraphiQL to a browser: assets of this host only, the demo token and organization filled in', async () => {
    if (!fs.existsSync(GRAPHIQL_PAGE)) throw new Error('GraphiQL is not built: npm test builds it first (pretest)');
    const res = await fetch(`${api.url}/graphql`, { headers: { accept: 'text/html,application/xhtml+xml' } });
    const page = await res.text();
    expect([res.status, res.headers.get('content-type'), res.headers.get('cache-control')]).toEqual([
      200,
      'text/html; charset=utf-8',
      'no-store',
    ]);
    expect(page).toContain('<title>GraphiQL');
    // No script, style or font from another host.
    expect(page.match(/(src|href)=["']https?:\/\//g)).toBeNull();
    const config = JSON.parse(
      page.match(/<script id="mp-graphiql-config" type="application\/json">(.*?)<\/script>/)![1],
    );
    expect(config).toEqual({ demoToken: api.server.demoToken, demoOrganizationId: String(api.demoOrgId) });

    const assets = [...page.matchAll(/(?:src|href)="(\/graphiql-assets\/[^"]+)"/g)].map((m) => m[1]);
    expect(assets.map((asset) => path.extname(asset)).sort()).toEqual(['.css', '.js']);
    for (const asset of assets) {
      const served = await fetch(`${api.url}${asset}`);
      expect([asset, served.status, served.headers.get('cache-control')]).toEqual([
        asset,
        200,
        'public, max-age=31536000, immutable',
      ]);
      expect(served.headers.get('content-type')).toMatch(asset.endsWith('.js') ? /javascript/ : /text\/css/);
      // The bundle itself names no other host to load from (Monaco's workers are files of this build).
      expect((await served.text()).match(/https:\/\/esm\.sh|cdn\.jsdelivr|unpkg\.com/g)).toBeNull();
    }
    expect((await fetch(`${api.url}/graphiql-assets/nope.js`)).status).toBe(404);
    expect((await fetch(`${api.url}/graphiql-assets/`)).status).toBe(404);
  });

  it('leaves GET /graphql to Apollo for JSON clients and for GET queries', async () => {
    const json = await fetch(`${api.url}/graphql`, { headers: { accept: 'application/json' } });
    expect(json.headers.get('content-type')).toMatch(/json/);
    const query = await fetch(`${api.url}/graphql?query=${encodeURIComponent('{ __typename }')}`, {
      headers: { accept: 'text/html,application/json', 'apollo-require-preflight': '1' },
    });
    expect([query.status, await query.json()]).toEqual([200, { data: { __typename: 'Query' } }]);
  });

  it('serves each widget as its own module, revalidated, and hashed chunks as immutable', async () => {
    if (!fs.existsSync(WIDGETS_DIR)) throw new Error('widgets are not built: npm test builds them first (pretest)');
    for (const tag of TAGS) {
      const res = await fetch(`${api.url}/widgets/${tag}.js`);
      expect([
        tag,
        res.status,
        res.headers.get('content-type')?.includes('javascript'),
        res.headers.get('cache-control'),
      ]).toEqual([tag, 200, true, 'public, max-age=0, must-revalidate']);
    }
    const chunk = fs.readdirSync(path.join(WIDGETS_DIR, 'chunks')).find((f) => f.endsWith('.js'))!;
    const res = await fetch(`${api.url}/widgets/chunks/${chunk}`);
    expect([res.status, res.headers.get('cache-control')]).toEqual([200, 'public, max-age=31536000, immutable']);
    const missing = await fetch(`${api.url}/widgets/nope.js`);
    expect(missing.status).toBe(404);
  });

  it('serves the same files at /widgets/<version>/, immutable, importing only files of that version', async () => {
    const { version } = JSON.parse(fs.readFileSync(path.join(REPO_ROOT, 'web-components', 'package.json'), 'utf8'));
    const chunks = fs.readdirSync(path.join(WIDGETS_DIR, 'chunks')).map((file) => `chunks/${file}`);
    const files = [...TAGS.map((tag) => `${tag}.js`), 'react/index.js', ...chunks];
    const base = `${api.url}/widgets/${version}/`;
    const imported = new Set<string>();
    for (const file of files) {
      const [versioned, unversioned] = await Promise.all([
        fetch(`${base}${file}`),
        fetch(`${api.url}/widgets/${file}`),
      ]);
      expect([
        file,
        versioned.status,
        versioned.headers.get('cache-control'),
        versioned.headers.get('access-control-allow-origin'),
        versioned.headers.get('content-type'),
      ]).toEqual([file, 200, IMMUTABLE, '*', 'text/javascript; charset=utf-8']);
      const bytes = Buffer.from(await versioned.arrayBuffer());
      expect([file, bytes.equals(Buffer.from(await unversioned.arrayBuffer()))]).toEqual([file, true]);
      for (const specifier of importSpecifiers(bytes.toString('utf8'))) {
        // React is the host's (the wrappers' peer dependency); everything else is a file of this version.
        if (specifier !== 'react') imported.add(new URL(specifier, `${base}${file}`).href);
      }
    }
    expect(imported.size).toBeGreaterThan(chunks.length / 2);
    expect([...imported].filter((url) => !url.startsWith(base) || !files.includes(url.slice(base.length)))).toEqual([]);
    expect((await fetch(`${api.url}/widgets/0.0.1/mp-dashboard.js`)).status).toBe(404);
    expect((await fetch(`${base}nope.js`)).status).toBe(404);
  });
});
