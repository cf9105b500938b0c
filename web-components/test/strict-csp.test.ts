/**
 * A strict Content Security Policy (DESIGN §10, issue 29): every widget works on a page served with
 * `default-src 'self'; script-src 'self'; style-src 'self'; require-trusted-types-for 'script'` and the
 * connect-src the API needs, with no CSP or Trusted Types violation. One page on a carrier's own origin
 * holds six widgets under the policy docs/embedding.md gives hosts (with `trusted-types lit-html`, the
 * policy names it documents); the API's demo page holds the dashboard under the header it serves.
 * The chart's tooltip is hovered open and read, the loading skeleton is held on screen and measured.
 */
import http from 'node:http';
import type { AddressInfo } from 'node:net';
import type { Browser, BrowserContext, Locator, Page } from 'playwright-core';
import { formatBytes, formatCount, formatDay, formatUsage, formatVoiceSeconds } from '../src/shared/format';
import { DASHBOARD_FIGURES, startTestServer, type TestServer } from './support/api';
import { describeInBrowser, eventually, launchBrowser, trackPageErrors } from './support/browser';
import { drawnTooltip, hoverDay } from './support/chart';

const LOCALE = 'en-US';

/** What a host page embedding the widgets from the API's origin sends, as docs/embedding.md states it. */
const hostPolicy = (apiOrigin: string) =>
  `default-src 'self'; script-src 'self' ${apiOrigin}; style-src 'self'; connect-src 'self' ${apiOrigin}; ` +
  "require-trusted-types-for 'script'; trusted-types lit-html";

const WIDGETS_ON_HOST_PAGE = [
  'mp-cycle-card',
  'mp-usage-chart',
  'mp-utilization-pie',
  'mp-utilization-details',
  'mp-usage-report',
  'mp-alerts',
];

/** The carrier portal's page: no inline script or style anywhere, as the policy demands. */
function hostPage(apiOrigin: string, token: string): string {
  const attributes = `token="${token}" locale="${LOCALE}"`;
  const scripts = WIDGETS_ON_HOST_PAGE.map(
    (tag) => `<script type="module" src="${apiOrigin}/widgets/${tag}.js"></script>`,
  ).join('\n');
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>Carrier portal</title>
${scripts}
</head><body><main>
<mp-cycle-card period="current" ${attributes}></mp-cycle-card>
<mp-cycle-card id="held" period="past" endpoint="${apiOrigin}/graphql-held" ${attributes}></mp-cycle-card>
<mp-usage-chart ${attributes}></mp-usage-chart>
<mp-utilization-pie ${attributes}></mp-utilization-pie>
<mp-utilization-details id="details" ${attributes}></mp-utilization-details>
<mp-usage-report ${attributes}></mp-usage-report>
<mp-alerts ${attributes}></mp-alerts>
</main></body></html>`;
}

/** The carrier portal's own web server: one page, sent with its Content-Security-Policy header. */
async function startHostServer(): Promise<{
  origin: string;
  serve(html: string, policy: string): void;
  close(): Promise<void>;
}> {
  let page = '';
  let policy = '';
  const server = http.createServer((_request, response) => {
    response.writeHead(200, { 'content-type': 'text/html; charset=utf-8', 'content-security-policy': policy });
    response.end(page);
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    origin: `http://127.0.0.1:${port}`,
    serve: (html, header) => ([page, policy] = [html, header]),
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

/** A fresh page that records every CSP and Trusted Types violation, console error and uncaught error. */
async function watchedPage(browser: Browser) {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 }, reducedMotion: 'reduce' });
  // Init scripts run before the page's own and are not subject to its policy.
  await context.addInitScript(() => {
    const seen: string[] = [];
    (window as unknown as { cspViolations: string[] }).cspViolations = seen;
    document.addEventListener('securitypolicyviolation', (event) => {
      // The element itself, inside its shadow root, not the widget the event is retargeted to.
      const element = event.composedPath()[0] as Element;
      const where = element?.localName ? `${element.localName}.${element.getAttribute('class') ?? ''}` : '';
      seen.push(`${event.effectiveDirective} ${where} ${event.blockedURI} ${event.sample}`.trim());
    });
  });
  const page = await context.newPage();
  const pageErrors = trackPageErrors(page);
  const consoleErrors: string[] = [];
  page.on('console', (message) => {
    if (message.type() === 'error') consoleErrors.push(message.text());
  });
  const problems = async () => ({
    violations: await page.evaluate(() => (window as unknown as { cspViolations: string[] }).cspViolations),
    consoleErrors,
    pageErrors,
  });
  return { context, page, problems };
}

/** The first day's tooltip text as a user reads it: the day, then Billable and Total. */
function firstDayTooltip(figures: any): string {
  const [first] = figures.current.voiceSeries;
  return [
    formatDay(first.date, LOCALE, { weekday: 'short', month: 'short', day: 'numeric' }),
    // Voice is drawn in minutes from its rated seconds, one decimal when not whole (DESIGN §8).
    `Billable: ${formatUsage('VOICE', first.billableSeconds / 60, LOCALE)}`,
    `Total: ${formatUsage('VOICE', first.totalSeconds / 60, LOCALE)}`,
  ].join('\n');
}

/** Hovers the pie's ring (it highlights the slice; the figures are printed beside it). */
async function hoverPie(page: Page, pie: Locator): Promise<void> {
  const box = (await pie.locator('.chart canvas').first().boundingBox())!;
  await page.mouse.move(box.x + box.width / 2, box.y + box.height * 0.15);
}

const NO_PROBLEMS = { violations: [], consoleErrors: [], pageErrors: [] };

describeInBrowser('widgets under a strict Content Security Policy (Chromium)', () => {
  let api: TestServer;
  let host: Awaited<ReturnType<typeof startHostServer>>;
  let browser: Browser;
  let token: string;
  let figures: any;
  let context: BrowserContext | undefined;

  beforeAll(async () => {
    [host, browser] = await Promise.all([startHostServer(), launchBrowser()]);
    api = await startTestServer({ demoData: true, corsOrigins: [host.origin] });
    token = await api.token({ roles: ['admin'] });
    const alert = await api.query(
      `mutation($o: ID!) {
        createUsageAlert(organizationId: $o, type: VOICE, threshold: 10000, basis: FORECAST) { id }
      }`,
      { o: api.demoOrgId },
      token,
    );
    expect(alert.errors).toBeUndefined();
    figures = (await api.query(DASHBOARD_FIGURES, { id: api.demoOrgId }, token)).data.organization;
    host.serve(hostPage(api.url, token), hostPolicy(api.url));
  });

  afterEach(async () => {
    await context?.close();
    context = undefined;
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await host?.close();
  });

  test("every widget draws its figures and tooltip on a carrier's page, with no violation", async () => {
    const watched = await watchedPage(browser);
    ({ context } = watched);
    const { page, problems } = watched;
    // One card's requests are held, so its loading skeleton stays on screen.
    await page.route(`${api.url}/graphql-held`, () => undefined);
    await page.goto(`${host.origin}/`);

    const newUsers = page.locator('mp-cycle-card[period="current"] [data-figure="New Users"]');
    await newUsers.waitFor();
    expect(await newUsers.innerText()).toBe(formatCount(figures.current.newUsers, LOCALE));
    // The skeleton's bars keep their shape (each shorter than the last), with no style attribute.
    const bars = page.locator('#held .skeleton');
    const barPercents = bars.evaluateAll((spans) =>
      spans.map((span) => Math.round((100 * span.getBoundingClientRect().width) / span.parentElement!.clientWidth)),
    );
    expect(await barPercents).toEqual([90, 75, 60, 45, 30]);

    const chart = page.locator('mp-usage-chart');
    expect(await chart.locator('h2').innerText()).toBe('Voice Usage for The Current Cycle');
    await chart.locator('.chart canvas').first().waitFor();
    await hoverDay(page, chart, 0);
    expect(await eventually(() => drawnTooltip(chart), firstDayTooltip(figures))).toBe(firstDayTooltip(figures));

    const pie = page.locator('mp-utilization-pie');
    const inUse = pie.locator('[data-figure="In use"]');
    await inUse.waitFor();
    expect(await inUse.innerText()).toBe(formatCount(figures.numberUtilization.inUse, LOCALE));
    await hoverPie(page, pie);

    await page.locator('#details').evaluate((details: any) => (details.open = true));
    const total = page.locator('#details dialog [data-figure="Total"]');
    expect(await eventually(() => total.innerText(), formatCount(figures.numberUtilization.total, LOCALE))).toBe(
      formatCount(figures.numberUtilization.total, LOCALE),
    );
    await page.keyboard.press('Escape');

    const totals = page.locator('mp-usage-report tfoot [data-row="totals"] td');
    await totals.first().waitFor();
    expect(await totals.allInnerTexts()).toEqual([
      formatCount(figures.current.voice.billable, LOCALE),
      formatCount(figures.current.message.billable, LOCALE),
      formatBytes(figures.current.data.billable, LOCALE),
    ]);

    await page.locator('mp-alerts').getByText('Voice forecast reaches 10,000 minutes').waitFor();
    expect(await problems()).toEqual(NO_PROBLEMS);
  });

  test('the demo page is served with the strict policy, and the dashboard works under it', async () => {
    const watched = await watchedPage(browser);
    ({ context } = watched);
    const { page, problems } = watched;
    const response = await page.goto(`${api.url}/`);
    expect(response!.headers()['content-security-policy']).toBe(
      "default-src 'self'; script-src 'self'; style-src 'self'; connect-src 'self'; require-trusted-types-for 'script'",
    );

    const allTimeVoice = page.locator('mp-dashboard mp-cycle-card[period="all-time"] [data-figure="Total Voice"]');
    await allTimeVoice.waitFor();
    expect(await allTimeVoice.innerText()).toBe(formatVoiceSeconds(figures.allTime.voice.totalSeconds, LOCALE));
    const chart = page.locator('mp-dashboard mp-usage-chart');
    await chart.locator('.chart canvas').first().waitFor();
    await hoverDay(page, chart, 0);
    expect(await eventually(() => drawnTooltip(chart), firstDayTooltip(figures))).toBe(firstDayTooltip(figures));

    const pie = page.locator('mp-dashboard mp-utilization-pie');
    await pie.locator('[data-figure="In use"]').waitFor();
    await hoverPie(page, pie);
    await pie.locator('.open-details').click();
    const total = pie.locator('mp-utilization-details dialog [data-figure="Total"]');
    expect(await eventually(() => total.innerText(), formatCount(figures.numberUtilization.total, LOCALE))).toBe(
      formatCount(figures.numberUtilization.total, LOCALE),
    );
    // The language switch loads a translation module: allowed by script-src 'self'.
    await page.keyboard.press('Escape');
    await page.selectOption('#language', 'es-MX');
    const heading = page.locator('mp-dashboard mp-cycle-card[period="current"] h2');
    expect(await eventually(() => heading.innerText(), 'Ciclo actual')).toBe('Ciclo actual');
    expect(await problems()).toEqual(NO_PROBLEMS);
  });
});
