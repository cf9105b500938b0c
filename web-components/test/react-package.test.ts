/**
 * The npm package a portal installs: `npm pack` in web-components/ (its prepack builds the widgets and
 * the type declarations), the tarball's contents, then a React host page built here with esbuild from
 * the unpacked tarball and the repository's React, rendering <MpDashboard> and <MpAlerts> against the
 * real API and receiving mp- events through onMp… callbacks.
 */
import { execFileSync, spawnSync } from 'node:child_process';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from './support/api';
import { describeInBrowser, eventually, launchBrowser, openPage } from './support/browser';

const widgets = join(__dirname, '..');
const repoModules = join(widgets, '..', 'node_modules');
const PACKAGE = '@management-portal/dashboard-widgets';

const APP = `
import * as React from 'react';
import { createRoot } from 'react-dom/client';
import { MpDashboard } from '${PACKAGE}/react';

declare global {
  interface Window { config: { endpoint: string; token: string }; reactEvents: unknown[] }
}

function App() {
  const [types, setTypes] = React.useState<string[]>([]);
  return (
    <main>
      <h1>React portal</h1>
      <p id="types">{types.join(',')}</p>
      <MpDashboard
        endpoint={window.config.endpoint}
        token={window.config.token}
        locale="es-MX"
        theme="light"
        onMpUsageTypeChange={(event) => {
          window.reactEvents.push(event.detail);
          setTypes((seen) => [...seen, event.detail.type]);
        }}
      />
    </main>
  );
}

window.reactEvents = [];
createRoot(document.getElementById('root')!).render(<App />);
`;

const ALERTS_APP = `
import * as React from 'react';
import { createRoot } from 'react-dom/client';
import { MpAlerts } from '${PACKAGE}/react';

declare global {
  interface Window { config: { endpoint: string; token: string }; reactEvents: unknown[] }
}

function AlertsPage() {
  const [changes, setChanges] = React.useState<string[]>([]);
  return (
    <main>
      <h1>Alerts</h1>
      <p id="changes">{changes.join(',')}</p>
      <MpAlerts
        endpoint={window.config.endpoint}
        token={window.config.token}
        locale="en-US"
        onMpAlertsChange={(event) => {
          window.reactEvents.push(event.detail);
          setChanges((seen) => [...seen, \`\${event.detail.kind} \${event.detail.action}\`]);
        }}
      />
    </main>
  );
}

window.reactEvents = [];
createRoot(document.getElementById('root')!).render(<AlertsPage />);
`;

const TAGS = [
  'mp-cycle-card',
  'mp-usage-chart',
  'mp-utilization-pie',
  'mp-utilization-details',
  'mp-usage-report',
  'mp-alerts',
  'mp-dashboard',
];

describeInBrowser('the npm package and its React wrappers (npm pack, esbuild, React, Chromium)', () => {
  let api: TestServer;
  let browser: Browser;
  let work: string;
  let files: string[];
  let appFiles: Map<string, string>;

  beforeAll(async () => {
    [api, browser] = await Promise.all([startTestServer({ demoData: true }), launchBrowser()]);
    work = mkdtempSync(join(tmpdir(), 'mp-package-'));
    // What a portal's `npm install` gets: the tarball npm pack makes.
    const output = execFileSync('npm', ['pack', '--json', '--pack-destination', work], {
      cwd: widgets,
      encoding: 'utf8',
    });
    // The prepack build prints its size table first; npm's JSON answer comes last.
    const packed = JSON.parse(output.slice(output.lastIndexOf('\n[\n') + 1));
    files = packed[0].files.map((file: { path: string }) => file.path);
    const installed = join(work, 'node_modules', ...PACKAGE.split('/'));
    mkdirSync(installed, { recursive: true });
    const untar = spawnSync('tar', ['-xzf', join(work, packed[0].filename), '-C', installed, '--strip-components=1']);
    expect(untar.status).toBe(0);
    for (const name of ['react', 'react-dom', 'scheduler']) {
      symlinkSync(join(repoModules, name), join(work, 'node_modules', name));
    }
    writeFileSync(join(work, 'app.tsx'), APP);
    writeFileSync(join(work, 'alerts.tsx'), ALERTS_APP);
    const result = await build({
      absWorkingDir: work,
      entryPoints: [join(work, 'app.tsx'), join(work, 'alerts.tsx')],
      outdir: join(work, 'out'),
      bundle: true,
      splitting: true,
      format: 'esm',
      jsx: 'automatic',
      define: { 'process.env.NODE_ENV': '"production"' },
      write: false,
      logLevel: 'silent',
    });
    appFiles = new Map(result.outputFiles.map((file) => [file.path.slice(join(work, 'out').length), file.text]));
  }, 240_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    if (work) rmSync(work, { recursive: true, force: true });
  });

  test('the tarball holds each element module, the chunks, the React wrappers, types and the manifest', () => {
    for (const tag of TAGS) {
      expect(files).toContain(`dist/${tag}.js`);
      expect(files).toContain(`types/web-components/src/${tag}/${tag}.d.ts`);
    }
    expect(files).toContain('dist/react/index.js');
    expect(files).toContain('types/web-components/src/react/index.d.ts');
    expect(files).toContain('custom-elements.json');
    expect(files.some((file) => /^dist\/chunks\/es-[A-Z0-9]+\.js$/.test(file))).toBe(true);
    expect(
      files.filter(
        (file) => !/^(dist|types)\/|^(package\.json|README\.md|CHANGELOG\.md|custom-elements\.json)$/.test(file),
      ),
    ).toEqual([]);
    // The product's one changelog (the repository root's), copied in by prepack for the package's users.
    expect(readFileSync(join(work, 'node_modules', ...PACKAGE.split('/'), 'CHANGELOG.md'), 'utf8')).toBe(
      readFileSync(join(widgets, '..', 'CHANGELOG.md'), 'utf8'),
    );
    const manifest = JSON.parse(
      readFileSync(join(work, 'node_modules', ...PACKAGE.split('/'), 'package.json'), 'utf8'),
    );
    for (const tag of TAGS) {
      expect(manifest.exports[`./${tag}.js`]).toEqual({
        types: `./types/web-components/src/${tag}/${tag}.d.ts`,
        default: `./dist/${tag}.js`,
      });
      expect(manifest.sideEffects).toContain(`./dist/${tag}.js`);
    }
    expect(manifest.customElements).toBe('custom-elements.json');
  });

  /** A page of the React host app built above: `app.js` (the dashboard) or `alerts.js`. */
  const openReactPage = async (script: string, lang: string) => {
    const config = { endpoint: `${api.url}/graphql`, token: await api.token({ roles: ['admin'] }) };
    const html = `<!doctype html><html lang="${lang}"><head><meta charset="utf-8"><title>React portal</title>
<script>window.config = ${JSON.stringify(config)};</script>
<script type="module" src="/__react/${script}"></script></head><body><div id="root"></div></body></html>`;
    return openPage(browser, api.url, html, {
      beforeLoad: (page) =>
        void page.route(`${api.url}/__react/**`, (route) => {
          const body = appFiles.get(new URL(route.request().url()).pathname.slice('/__react'.length));
          return body === undefined
            ? route.fulfill({ status: 404 })
            : route.fulfill({ status: 200, contentType: 'text/javascript', body });
        }),
    });
  };

  test('a React page renders the dashboard through the wrapper and receives onMpUsageTypeChange', async () => {
    const { page, context, errors } = await openReactPage('app.js', 'es-MX');
    await page.locator('mp-dashboard mp-cycle-card[period="current"] [data-figure="New Users"]').waitFor();
    // The props reached the element: Spanish words, its theme.
    expect(await page.locator('mp-cycle-card[period="current"] h2').textContent()).toBe('Ciclo actual');
    expect(await page.locator('mp-dashboard').getAttribute('theme')).toBe('light');
    await page.locator('mp-usage-chart select').selectOption('DATA');
    expect(await eventually(() => page.locator('#types').textContent(), 'DATA')).toBe('DATA');
    expect(await page.evaluate(() => (window as any).reactEvents)).toEqual([{ type: 'DATA' }]);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a React page importing MpAlerts adds a usage alert and receives onMpAlertsChange', async () => {
    const { page, context, errors } = await openReactPage('alerts.js', 'en-US');
    await page.getByText('No usage alerts yet.').waitFor();
    await page.getByRole('button', { name: 'Add usage alert' }).click();
    await page.getByLabel('Threshold (minutes)').fill('10000');
    await page.getByRole('button', { name: 'Save alert' }).click();
    await page.getByText('Voice usage reaches 10,000 minutes').waitFor();
    expect(await eventually(() => page.locator('#changes').textContent(), 'usage-alert created')).toBe(
      'usage-alert created',
    );
    const stored = await api.query(
      `query($id: ID!) { organization(id: $id) { usageAlerts { id type threshold basis } } }`,
      { id: api.demoOrgId },
      await api.token({ roles: ['admin'] }),
    );
    const [alert] = stored.data.organization.usageAlerts;
    expect(stored.data.organization.usageAlerts).toEqual([
      { id: alert.id, type: 'VOICE', threshold: 10000, basis: 'ACTUAL' },
    ]);
    expect(await page.evaluate(() => (window as any).reactEvents)).toEqual([
      { organizationId: String(api.demoOrgId), kind: 'usage-alert', action: 'created', id: alert.id },
    ]);
    expect(errors).toEqual([]);
    await context.close();
  });
});
