/**
 * Accessibility and themes in headless Chromium against the real API with its demo data: axe-core
 * (WCAG 2.x A/AA and best practices) over each widget and the demo page in the light and dark
 * themes with no violation, the contrast of every visible text measured (at least 4.5:1), and
 * `theme` — `auto` by default, following prefers-color-scheme, charts included; a dashboard's theme
 * reaching its inner widgets, an inner widget's own theme winning. The audits run in all three languages.
 */
import type { Browser, Page } from 'playwright-core';
import { DARK_PALETTE, LIGHT_PALETTE } from '../src/shared/palette';
import { startTestServer, type TestServer } from './support/api';
import { axeViolations, measureTextContrast, type TextContrast } from './support/a11y';
import { describeInBrowser, eventually, hostPage, launchBrowser, openPage, trackPageErrors } from './support/browser';

type Scheme = 'light' | 'dark';
const PALETTES = { light: LIGHT_PALETTE, dark: DARK_PALETTE };
const SCHEMES: Scheme[] = ['light', 'dark'];
const LOCALE = 'en-US';
// The widgets' three languages, each audited in both schemes.
const LOCALES = ['en-US', 'es-MX', 'pt-BR'];

/** '#1d4ed8' → 'rgb(29, 78, 216)', as getComputedStyle spells it. */
const rgb = (hex: string) => `rgb(${[1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16)).join(', ')})`;

interface AuditedPage {
  name: string;
  script: string;
  body: (token: string, locale: string) => string;
  /** Selectors (piercing shadow roots) that show the page has rendered what it will. */
  ready: string[];
}

const WIDGET_PAGES: AuditedPage[] = [
  {
    name: 'mp-cycle-card',
    script: '/widgets/mp-cycle-card.js',
    body: (token, locale) =>
      ['current', 'past', 'all-time']
        .map((period) => `<mp-cycle-card period="${period}" token="${token}" locale="${locale}"></mp-cycle-card>`)
        .join(''),
    ready: [
      'mp-cycle-card[period="current"] [data-figure="New Users"]',
      'mp-cycle-card[period="past"] [data-figure="Total Voice"]',
      'mp-cycle-card[period="all-time"] [data-figure="Total Voice"]',
    ],
  },
  {
    name: 'mp-cycle-card, signed out',
    script: '/widgets/mp-cycle-card.js',
    body: (_token, locale) => `<mp-cycle-card locale="${locale}"></mp-cycle-card>`,
    ready: ['mp-cycle-card [data-state="unauthenticated"]'],
  },
  {
    name: 'mp-usage-chart',
    script: '/widgets/mp-usage-chart.js',
    body: (token, locale) => `<mp-usage-chart show-past-cycle token="${token}" locale="${locale}"></mp-usage-chart>`,
    ready: ['mp-usage-chart [part="summary"]', 'mp-usage-chart .chart canvas'],
  },
  {
    name: 'mp-utilization-pie',
    script: '/widgets/mp-utilization-pie.js',
    body: (token, locale) => `<mp-utilization-pie token="${token}" locale="${locale}"></mp-utilization-pie>`,
    ready: ['mp-utilization-pie [data-figure="In use"]', 'mp-utilization-pie .chart canvas'],
  },
  {
    name: 'mp-utilization-details',
    script: '/widgets/mp-utilization-details.js',
    body: (token, locale) =>
      `<mp-utilization-details open token="${token}" locale="${locale}"></mp-utilization-details>`,
    ready: ['mp-utilization-details dialog [data-figure="Total"]', 'mp-utilization-details [part="run-out"]'],
  },
  {
    name: 'mp-usage-report',
    script: '/widgets/mp-usage-report.js',
    body: (token, locale) =>
      `<mp-usage-report by="day" range="last-30-days" page-size="10" token="${token}" locale="${locale}">` +
      '</mp-usage-report>',
    ready: ['mp-usage-report [part="totals"]', 'mp-usage-report [part="pager"]'],
  },
  {
    name: 'mp-usage-report by user',
    script: '/widgets/mp-usage-report.js',
    body: (token, locale) => `<mp-usage-report by="user" token="${token}" locale="${locale}"></mp-usage-report>`,
    ready: ['mp-usage-report [part="totals"]'],
  },
  {
    name: 'mp-alerts',
    script: '/widgets/mp-alerts.js',
    body: (token, locale) => `<mp-alerts token="${token}" locale="${locale}"></mp-alerts>`,
    ready: ['mp-alerts [part="webhook-form"]'],
  },
  {
    name: 'mp-dashboard',
    script: '/widgets/mp-dashboard.js',
    body: (token, locale) => `<mp-dashboard token="${token}" locale="${locale}"></mp-dashboard>`,
    ready: [
      'mp-dashboard [part="title"]',
      'mp-cycle-card[period="all-time"] [data-figure="Total Voice"]',
      'mp-usage-report [part="totals"]',
      'mp-usage-chart .chart canvas',
      'mp-utilization-pie .chart canvas',
    ],
  },
];

/** A host page as a portal would have it: one main landmark with the page's h1 around the widgets. */
const auditHostPage = (audited: AuditedPage, token: string, locale: string) =>
  hostPage({ scripts: [audited.script], body: `<main><h1>Widget test</h1>${audited.body(token, locale)}</main>` });

describeInBrowser('accessibility and themes (Chromium, axe-core)', () => {
  let api: TestServer;
  let browser: Browser;
  let adminToken: string;
  const contrastReport: string[] = [];

  beforeAll(async () => {
    [api, browser] = await Promise.all([startTestServer({ demoData: true }), launchBrowser()]);
    adminToken = await api.token({ roles: ['admin'] });
  });

  afterAll(async () => {
    if (contrastReport.length) console.log(`Lowest text contrast per page:\n${contrastReport.join('\n')}`);
    await browser?.close();
    await api?.close();
  });

  const waitForAll = async (page: Page, selectors: string[]) => {
    for (const selector of selectors) await page.locator(selector).first().waitFor();
  };

  /** axe finds nothing, and every visible text reaches 4.5:1; the lowest ratio goes to the report. */
  const expectAccessible = async (page: Page, label: string) => {
    expect(await axeViolations(page)).toEqual([]);
    const texts = await measureTextContrast(page);
    expect(texts.length).toBeGreaterThan(0);
    const lowest = texts.reduce((low: TextContrast, text) => (text.ratio < low.ratio ? text : low));
    contrastReport.push(
      `  ${label.padEnd(36)} ${String(texts.length).padStart(3)} texts, lowest ${lowest.ratio.toFixed(2)}:1 ` +
        `("${lowest.text}" in ${lowest.where}, ${lowest.color} on ${lowest.background})`,
    );
    expect(texts.filter((text) => text.ratio < 4.5)).toEqual([]);
  };

  describe.each(SCHEMES.flatMap((scheme) => LOCALES.map((locale) => [scheme, locale] as const)))(
    'system colour scheme %s, locale %s, widgets on their default theme (auto)',
    (scheme, locale) => {
      test.each(WIDGET_PAGES.map((audited) => [audited.name, audited] as const))(
        '%s: no axe violation, every text at 4.5:1 or more',
        async (_name, audited) => {
          const { page, context, errors } = await openPage(
            browser,
            api.url,
            auditHostPage(audited, adminToken, locale),
            {
              colorScheme: scheme,
            },
          );
          await waitForAll(page, audited.ready);
          // auto follows the system: the first card (or dialog) shows the scheme's surface.
          const surface = await page
            .locator('.card, dialog')
            .first()
            .evaluate((element) => getComputedStyle(element).backgroundColor);
          expect(surface).toBe(rgb(PALETTES[scheme].surface));
          await expectAccessible(page, `${audited.name} (${scheme}, ${locale})`);
          expect(errors).toEqual([]);
          await context.close();
        },
      );

      test('the demo page: no axe violation, every text at 4.5:1 or more', async () => {
        // The demo page's strict CSP (strict-csp.test.ts) would refuse axe, the test's own instrument.
        const context = await browser.newContext({ reducedMotion: 'reduce', colorScheme: scheme, bypassCSP: true });
        // The demo page's language switch keeps its choice in sessionStorage.
        await context.addInitScript((chosen) => sessionStorage.setItem('mp-demo-locale', chosen), locale);
        const page = await context.newPage();
        const errors = trackPageErrors(page);
        await page.goto(`${api.url}/`);
        await waitForAll(page, ['mp-dashboard [part="title"]', 'mp-utilization-pie [data-figure="In use"]']);
        await waitForAll(page, ['mp-cycle-card[period="all-time"] [data-figure="Total Voice"]']);
        expect(await page.locator('#language').inputValue()).toBe(locale);
        await expectAccessible(page, `demo page (${scheme}, ${locale})`);
        expect(errors).toEqual([]);
        await context.close();
      });
    },
  );

  /** How many pixels of the canvas inside the element at `path` (hosts, then the chart) have `hex`. */
  const canvasPixels = (page: Page, path: string[], hex: string) =>
    page.evaluate(
      ({ path, colour }) => {
        let root: Document | ShadowRoot = document;
        let element: Element | null = null;
        for (const selector of path) {
          element = root.querySelector(selector);
          if (!element) return -1;
          root = element.shadowRoot ?? root;
        }
        const canvas = element?.querySelector('canvas');
        if (!canvas) return -1;
        const { data } = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height);
        let count = 0;
        for (let index = 0; index < data.length; index += 4) {
          if (data[index] === colour[0] && data[index + 1] === colour[1] && data[index + 2] === colour[2]) count++;
        }
        return count;
      },
      { path, colour: [1, 3, 5].map((start) => parseInt(hex.slice(start, start + 2), 16)) },
    );

  const surfaceOf = (page: Page, selector: string) =>
    page
      .locator(`${selector} .card`)
      .first()
      .evaluate((element) => getComputedStyle(element).backgroundColor);

  test('theme="light" and "dark" win over the system; auto follows it, its chart redrawn when it changes', async () => {
    const { page, context, errors } = await openPage(
      browser,
      api.url,
      hostPage({
        scripts: ['/widgets/mp-utilization-pie.js'],
        body:
          ['auto', 'light', 'dark']
            .map(
              (theme) =>
                `<mp-utilization-pie id="${theme}" theme="${theme}" token="${adminToken}"></mp-utilization-pie>`,
            )
            .join('') + `<mp-utilization-pie id="default" token="${adminToken}"></mp-utilization-pie>`,
      }),
      { colorScheme: 'dark' },
    );
    await waitForAll(page, ['#auto .chart canvas', '#light .chart canvas', '#dark .chart canvas', '#default canvas']);
    const inUse = async (id: string, scheme: Scheme) =>
      (await canvasPixels(page, [`#${id}`, '.chart'], PALETTES[scheme].pieInUse)) > 100;
    const expectScheme = async (id: string, scheme: Scheme) => {
      expect(await eventually(() => surfaceOf(page, `#${id}`), rgb(PALETTES[scheme].surface))).toBe(
        rgb(PALETTES[scheme].surface),
      );
      expect(await eventually(() => inUse(id, scheme), true)).toBe(true);
    };
    for (const [id, scheme] of [
      ['auto', 'dark'],
      ['default', 'dark'],
      ['light', 'light'],
      ['dark', 'dark'],
    ] as const) {
      await expectScheme(id, scheme);
    }

    await page.emulateMedia({ colorScheme: 'light' });
    for (const [id, scheme] of [
      ['auto', 'light'],
      ['default', 'light'],
      ['light', 'light'],
      ['dark', 'dark'],
    ] as const) {
      await expectScheme(id, scheme);
    }
    expect(await page.locator('#default').getAttribute('theme')).toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  });

  test("the dashboard's theme reaches its inner widgets and charts; an inner widget's own theme wins", async () => {
    const { page, context, errors } = await openPage(
      browser,
      api.url,
      hostPage({
        scripts: ['/widgets/mp-dashboard.js'],
        body: `<mp-dashboard theme="dark" token="${adminToken}" locale="${LOCALE}"></mp-dashboard>`,
      }),
      { colorScheme: 'light' },
    );
    await waitForAll(page, ['mp-utilization-pie .chart canvas', 'mp-cycle-card[period="past"] [data-figure]']);
    const dark = rgb(DARK_PALETTE.surface);
    const light = rgb(LIGHT_PALETTE.surface);
    const pieInUse = (scheme: Scheme) =>
      canvasPixels(page, ['mp-dashboard', 'mp-utilization-pie', '.chart'], PALETTES[scheme].pieInUse).then(
        (count) => count > 100,
      );
    for (const card of ['current', 'past', 'all-time']) {
      expect(await surfaceOf(page, `mp-cycle-card[period="${card}"]`)).toBe(dark);
    }
    expect(await surfaceOf(page, 'mp-usage-chart')).toBe(dark);
    expect(await eventually(() => pieInUse('dark'), true)).toBe(true);
    // The details modal's code loads on its first opening: open it to see its surface, then close it.
    await page.locator('mp-utilization-pie').evaluate((pie) => (pie as any).openDetails());
    expect(
      await page
        .locator('mp-utilization-details dialog')
        .evaluate((dialog) => getComputedStyle(dialog).backgroundColor),
    ).toBe(dark);
    await page.locator('mp-utilization-details').evaluate((details) => (details as any).close());

    // An inner widget given its own theme keeps it; the others follow the dashboard's changes.
    await page.locator('mp-cycle-card[period="past"]').evaluate((card) => ((card as any).theme = 'light'));
    expect(await eventually(() => surfaceOf(page, 'mp-cycle-card[period="past"]'), light)).toBe(light);
    expect(await surfaceOf(page, 'mp-cycle-card[period="current"]')).toBe(dark);

    await page.locator('mp-dashboard').evaluate((dashboard) => dashboard.removeAttribute('theme'));
    await page.emulateMedia({ colorScheme: 'dark' });
    expect(await eventually(() => surfaceOf(page, 'mp-cycle-card[period="current"]'), dark)).toBe(dark);
    await page.emulateMedia({ colorScheme: 'light' });
    expect(await eventually(() => surfaceOf(page, 'mp-cycle-card[period="current"]'), light)).toBe(light);
    expect(await eventually(() => pieInUse('light'), true)).toBe(true);

    await page.locator('mp-dashboard').evaluate((dashboard) => ((dashboard as any).theme = 'dark'));
    expect(await eventually(() => surfaceOf(page, 'mp-cycle-card[period="current"]'), dark)).toBe(dark);
    expect(await eventually(() => pieInUse('dark'), true)).toBe(true);
    expect(await surfaceOf(page, 'mp-cycle-card[period="past"]')).toBe(light);
    expect(errors).toEqual([]);
    await context.close();
  });
});
