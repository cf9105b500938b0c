import fs from 'node:fs';
import path from 'node:path';
import { WIDGETS_DIR } from '../src/paths';
import { startTestServer, TestServer } from './harness';

const TAGS = ['mp-cycle-card', 'mp-usage-chart', 'mp-utilization-pie', 'mp-utilization-details', 'mp-dashboard'];

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

  it('serves the playground offline: one self-contained page', async () => {
    const res = await fetch(`${api.url}/graphql`, { headers: { accept: 'text/html' } });
    const page = await res.text();
    expect(res.status).toBe(200);
    expect(page).toContain('GraphQL playground');
    // No script, style or font from another host.
    expect(page.match(/(src|href)=["']https?:\/\//g)).toBeNull();
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
});
