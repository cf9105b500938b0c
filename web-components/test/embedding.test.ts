/**
 * Embedding from a page on another origin, as a carrier portal does: the page's server is not the
 * API, the API allows it through CORS_ORIGINS, and the page's global CSS is hostile. The widgets
 * must work, look like themselves, and leave the page's own styles alone. A page on an origin the
 * API does not allow gets an error state, not a blank box.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser } from 'playwright-core';
import { formatCount } from '../src/shared/format';
import { DASHBOARD_FIGURES, startTestServer, type TestServer } from './support/api';
import { describeInBrowser, eventually, launchBrowser, trackPageErrors } from './support/browser';

/** Styles a careless (or hostile) host page might have: they must not reach inside the widgets. */
const HOSTILE_CSS =
  `
  html { font-size: 40px !important; }
  * { color: rgb(255, 0, 0) !important; font-family: "Comic Sans MS", cursive !important; ` +
  `letter-spacing: 4px !important;
      text-transform: uppercase !important; line-height: 3 !important; }
  div, section, dl, table, canvas, dialog { display: none !important; border: 9px dotted lime !important; }
  h1, h2, h3, p, dd, dt, span, button, select, input { ` +
  `background: yellow !important; font-size: 50px !important; margin: 40px !important; }
  button { visibility: hidden !important; }
  .card, .chart, .state, [part] { display: none !important; }
`;

function hostilePage(apiUrl: string, token: string): string {
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Carrier portal</title>
<style>${HOSTILE_CSS}</style>
<script type="module" src="${apiUrl}/widgets/mp-dashboard.js"></script>
</head><body>
<p id="own">The portal's own paragraph.</p>
<mp-dashboard token="${token}" locale="en-US"></mp-dashboard>
</body></html>`;
}

/** A tiny second web server: the "carrier portal" origin. */
async function startHostServer(): Promise<{ origin: string; setPage(html: string): void; close(): Promise<void> }> {
  let page = '';
  const server = http.createServer((request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' });
    response.end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    setPage: (html) => (page = html),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

describeInBrowser('embedding in a page on another origin (Chromium)', () => {
  let host: Awaited<ReturnType<typeof startHostServer>>;
  let otherHost: Awaited<ReturnType<typeof startHostServer>>;
  let api: TestServer;
  let browser: Browser;
  let adminToken: string;

  beforeAll(async () => {
    [host, otherHost, browser] = await Promise.all([startHostServer(), startHostServer(), launchBrowser()]);
    // Only `host` is allowed; `otherHost` plays a page the API was not told about.
    api = await startTestServer({ demoData: true, corsOrigins: [host.origin] });
    adminToken = await api.token({ roles: ['admin'] });
    host.setPage(hostilePage(api.url, adminToken));
    otherHost.setPage(hostilePage(api.url, adminToken));
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await host?.close();
    await otherHost?.close();
  });

  test('the dashboard works and keeps its own look under hostile global CSS', async () => {
    const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
    const page = await context.newPage();
    const errors = trackPageErrors(page);
    await page.goto(`${host.origin}/`);
    const ownStyleBefore = await page
      .locator('#own')
      .evaluate((element) => getComputedStyle(element).cssText || JSON.stringify(getComputedStyle(element).fontSize));

    const figures = (await api.query(DASHBOARD_FIGURES, { id: api.demoOrgId }, adminToken)).data.organization;
    const newUsers = page.locator('mp-cycle-card[period="current"] [data-figure="New Users"]');
    await newUsers.waitFor();
    // The endpoint was not given: it defaults to /graphql on the origin the script came from.
    expect(await newUsers.innerText()).toBe(formatCount(figures.current.newUsers, 'en-US'));

    const heading = page.locator('mp-usage-chart h2');
    const headingStyle = await heading.evaluate((element) => {
      const style = getComputedStyle(element);
      return {
        color: style.color,
        fontSize: style.fontSize,
        textTransform: style.textTransform,
        display: style.display,
        background: style.backgroundColor,
        letterSpacing: style.letterSpacing,
      };
    });
    expect(headingStyle).toEqual({
      color: 'rgb(31, 41, 55)',
      fontSize: '18px',
      textTransform: 'none',
      display: 'block',
      background: 'rgba(0, 0, 0, 0)',
      letterSpacing: 'normal',
    });
    expect(await heading.innerText()).toBe('Voice Usage for The Current Cycle');
    const card = page.locator('mp-cycle-card[period="current"] .card');
    expect(await card.evaluate((element) => getComputedStyle(element).display)).toBe('block');
    expect(await page.locator('mp-usage-chart canvas').first().isVisible()).toBe(true);

    // The details modal opens and is usable on this page too.
    await page.locator('mp-utilization-pie .open-details').click();
    const dialog = page.locator('mp-utilization-pie mp-utilization-details dialog');
    expect(await eventually(() => dialog.locator('h2').innerText(), 'Number Utilization Details')).toBe(
      'Number Utilization Details',
    );
    expect(await dialog.getByRole('button', { name: 'Request More Numbers' }).isVisible()).toBe(true);

    // Nothing leaked out: the page's own element is styled exactly as before, and no style was added to the page.
    const ownStyleAfter = await page
      .locator('#own')
      .evaluate((element) => getComputedStyle(element).cssText || JSON.stringify(getComputedStyle(element).fontSize));
    expect(ownStyleAfter).toBe(ownStyleBefore);
    expect(await page.evaluate(() => document.querySelectorAll('style').length)).toBe(1);
    expect(await page.evaluate(() => document.adoptedStyleSheets.length)).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a page on an origin the API does not allow gets an error state, not a blank box', async () => {
    const context = await browser.newContext();
    const page = await context.newPage();
    const errors = trackPageErrors(page);
    await page.goto(`${otherHost.origin}/`);
    const alert = page.locator('mp-cycle-card[period="current"] [role="alert"]');
    await alert.waitFor();
    expect(await alert.getAttribute('data-state')).toBe('network');
    expect(await alert.innerText()).toContain('Could not reach the dashboard service');
    expect(errors).toEqual([]);
    await context.close();
  });
});
