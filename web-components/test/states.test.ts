/**
 * What the widgets show when there is nothing to show yet or they may not show it: no token, a
 * refused token (and its one refresh through getToken), a forbidden role, an unknown organization,
 * a failed network with Retry, loading, an organization without usage or numbers; plus locale,
 * dark theme and a page that loads the same widget script twice.
 */
import fs from 'node:fs';
import path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { formatCount, formatMinutes, formatVoiceSeconds } from '../src/shared/format';
import { DASHBOARD_FIGURES, startTestServer, type TestServer } from './support/api';
import { describeInBrowser, eventually, hostPage, launchBrowser, mpEvents, openPage } from './support/browser';

describeInBrowser('widget states (Chromium)', () => {
  let api: TestServer;
  let browser: Browser;
  let adminToken: string;
  let figures: any;

  beforeAll(async () => {
    [api, browser] = await Promise.all([startTestServer({ demoData: true }), launchBrowser()]);
    adminToken = await api.token({ roles: ['admin'] });
    const body = await api.query(DASHBOARD_FIGURES, { id: api.demoOrgId }, adminToken);
    expect(body.errors).toBeUndefined();
    figures = body.data.organization;
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  const SCRIPTS = [
    '/widgets/mp-cycle-card.js',
    '/widgets/mp-usage-chart.js',
    '/widgets/mp-utilization-pie.js',
    '/widgets/mp-utilization-details.js',
  ];

  /** Every widget once, with the same attributes. */
  const everyWidget = (attributes: string) => `
    <mp-cycle-card ${attributes}></mp-cycle-card>
    <mp-usage-chart ${attributes}></mp-usage-chart>
    <mp-utilization-pie ${attributes}></mp-utilization-pie>
    <mp-utilization-details open ${attributes}></mp-utilization-details>`;

  /** The data-state of each widget's message, once all four show one. */
  const statesShown = async (page: Page) => {
    const read = () =>
      Promise.all(
        ['mp-cycle-card', 'mp-usage-chart', 'mp-utilization-pie', 'mp-utilization-details'].map((tag) =>
          page
            .locator(`${tag} [data-state]`)
            .first()
            .getAttribute('data-state')
            .catch(() => null),
        ),
      );
    return read();
  };

  test('without a token every widget asks to sign in, and sends nothing', async () => {
    const graphqlRequests: string[] = [];
    const { page, context, errors } = await openPage(
      browser,
      api.url,
      hostPage({ scripts: SCRIPTS, body: everyWidget('') }),
      {
        beforeLoad: (page) =>
          page.on('request', (request) => request.url().includes('/graphql') && graphqlRequests.push(request.url())),
      },
    );
    const expected = ['unauthenticated', 'unauthenticated', 'unauthenticated', 'unauthenticated'];
    expect(await eventually(() => statesShown(page), expected)).toEqual(expected);
    await expect(page.locator('mp-cycle-card [role="alert"]').innerText()).resolves.toContain('Sign-in required');
    expect(graphqlRequests).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a token the API refuses shows sign-in required and reports mp-error', async () => {
    const refused = `${adminToken.slice(0, -4)}AAAA`;
    const { page, context, errors } = await openPage(
      browser,
      api.url,
      hostPage({ scripts: SCRIPTS, body: everyWidget(`token="${refused}"`) }),
    );
    const expected = ['unauthenticated', 'unauthenticated', 'unauthenticated', 'unauthenticated'];
    expect(await eventually(() => statesShown(page), expected)).toEqual(expected);
    const reported = (await mpEvents(page)).filter((event) => event.type === 'mp-error');
    expect(reported.length).toBeGreaterThanOrEqual(4);
    expect(new Set(reported.map((event) => event.detail.code))).toEqual(new Set(['UNAUTHENTICATED']));
    expect(new Set(reported.map((event) => event.detail.source))).toEqual(
      new Set(['mp-cycle-card', 'mp-usage-chart', 'mp-utilization-pie', 'mp-utilization-details']),
    );
    expect(errors).toEqual([]);
    await context.close();
  });

  test('getToken is asked again once when the API refuses its token', async () => {
    const expired = await api.token({ roles: ['admin'], expiresIn: '1s' });
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    const { page, context, errors } = await openPage(
      browser,
      api.url,
      hostPage({
        scripts: ['/widgets/mp-cycle-card.js'],
        body: `<mp-cycle-card locale="en-US"></mp-cycle-card>
          <script type="module">
            window.tokenCalls = [];
            const card = document.querySelector('mp-cycle-card');
            card.getToken = async (options) => {
              window.tokenCalls.push(Boolean(options && options.forceRefresh));
              return options && options.forceRefresh ? ${JSON.stringify(adminToken)} : ${JSON.stringify(expired)};
            };
          </script>`,
      }),
    );
    await page.locator('mp-cycle-card [data-figure="New Users"]').waitFor();
    expect(await page.locator('mp-cycle-card [data-figure="New Users"]').innerText()).toBe(
      formatCount(figures.current.newUsers, 'en-US'),
    );
    expect(await page.evaluate(() => (window as any).tokenCalls)).toEqual([false, true]);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a role that may not read sees the forbidden message', async () => {
    const ingestToken = await api.token({ roles: ['ingest'] });
    const { page, context, errors } = await openPage(
      browser,
      api.url,
      hostPage({ scripts: SCRIPTS, body: everyWidget(`token="${ingestToken}"`) }),
    );
    const expected = ['forbidden', 'forbidden', 'forbidden', 'forbidden'];
    expect(await eventually(() => statesShown(page), expected)).toEqual(expected);
    await expect(page.locator('mp-usage-chart [role="alert"]').innerText()).resolves.toContain('No access');
    // Nothing to retry: the answer will not change.
    await expect(page.locator('mp-usage-chart [part="retry-button"]').count()).resolves.toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('an organization outside the token shows not found', async () => {
    const { page, context, errors } = await openPage(
      browser,
      api.url,
      hostPage({ scripts: SCRIPTS, body: everyWidget(`token="${adminToken}" organization-id="987654"`) }),
    );
    const expected = ['not-found', 'not-found', 'not-found', 'not-found'];
    expect(await eventually(() => statesShown(page), expected)).toEqual(expected);
    await expect(page.locator('mp-utilization-pie [role="alert"]').innerText()).resolves.toContain(
      'Organization not found',
    );
    expect(errors).toEqual([]);
    await context.close();
  });

  test('an operator token without organization-id asks for one; with it, the figures show', async () => {
    const operatorToken = await api.token({ roles: ['operator'], org: null });
    const { page, context, errors } = await openPage(
      browser,
      api.url,
      hostPage({
        scripts: ['/widgets/mp-cycle-card.js'],
        body:
          `<mp-cycle-card id="without" token="${operatorToken}"></mp-cycle-card>
               <mp-cycle-card id="with" token="${operatorToken}" organization-id="${api.demoOrgId}" ` +
          'locale="en-US"></mp-cycle-card>',
      }),
    );
    const alert = page.locator('#without [role="alert"]');
    await alert.waitFor();
    expect(await alert.getAttribute('data-state')).toBe('no-organization');
    expect(await alert.innerText()).toContain('organization-id');
    await page.locator('#with [data-figure="New Users"]').waitFor();
    expect(await page.locator('#with [data-figure="New Users"]').innerText()).toBe(
      formatCount(figures.current.newUsers, 'en-US'),
    );
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a network failure shows an error whose Retry recovers', async () => {
    const context = await browser.newContext({ reducedMotion: 'reduce' });
    const page = await context.newPage();
    let failing = true;
    await page.route('**/graphql', (route) => (failing ? route.abort('connectionrefused') : route.continue()));
    const url = `${api.url}/__widget-test.html`;
    await page.route(url, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: hostPage({
          scripts: ['/widgets/mp-cycle-card.js'],
          body: `<mp-cycle-card token="${adminToken}" locale="en-US"></mp-cycle-card>`,
        }),
      }),
    );
    await page.goto(url);
    const alert = page.locator('mp-cycle-card [role="alert"]');
    await alert.waitFor();
    expect(await alert.getAttribute('data-state')).toBe('network');
    expect(await alert.innerText()).toContain('Could not reach the dashboard service');
    failing = false;
    await page.locator('mp-cycle-card [part="retry-button"]').click();
    await page.locator('mp-cycle-card [data-figure="New Users"]').waitFor();
    expect(await page.locator('mp-cycle-card [data-figure="New Users"]').innerText()).toBe(
      formatCount(figures.current.newUsers, 'en-US'),
    );
    await context.close();
  });

  test('a slow answer shows a loading skeleton, still under reduced motion', async () => {
    const context = await browser.newContext({ reducedMotion: 'reduce' });
    const page = await context.newPage();
    let release!: () => void;
    const released = new Promise<void>((resolve) => (release = resolve));
    await page.route('**/graphql', async (route) => {
      await released;
      await route.continue();
    });
    const url = `${api.url}/__widget-test.html`;
    await page.route(url, (route) =>
      route.fulfill({
        contentType: 'text/html',
        body: hostPage({
          scripts: ['/widgets/mp-usage-chart.js'],
          body: `<mp-usage-chart token="${adminToken}"></mp-usage-chart>`,
        }),
      }),
    );
    await page.goto(url);
    const loading = page.locator('mp-usage-chart [role="status"][aria-busy="true"]');
    await loading.waitFor();
    expect(await page.locator('mp-usage-chart h2').innerText()).toBe('Voice Usage for The Current Cycle');
    expect(
      await page
        .locator('mp-usage-chart .skeleton')
        .first()
        .evaluate((element) => getComputedStyle(element).animationName),
    ).toBe('none');
    release();
    await page.locator('mp-usage-chart canvas').first().waitFor();
    expect(await loading.count()).toBe(0);
    await context.close();
  });

  test('an organization without usage or numbers shows empty states, never a blank box', async () => {
    const created = await api.query(
      `mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`,
      { input: { name: 'Empty Department', parentId: api.demoOrgId, adminEmails: ['empty-admin@acme.example'] } },
      adminToken,
    );
    expect(created.errors).toBeUndefined();
    const emptyId = created.data.createOrganization.id;
    const { page, context, errors } = await openPage(
      browser,
      api.url,
      hostPage({
        scripts: SCRIPTS,
        body: everyWidget(`token="${adminToken}" organization-id="${emptyId}" locale="en-US"`),
      }),
    );
    await page.locator('mp-usage-chart .state.empty').waitFor();
    expect(await page.locator('mp-usage-chart .state.empty').innerText()).toContain('No voice usage yet');
    await page.locator('mp-utilization-pie .state.empty').waitFor();
    expect(await page.locator('mp-utilization-pie .state.empty').innerText()).toContain('No numbers yet');
    await page.locator('mp-cycle-card [data-figure="Billable Voice"]').waitFor();
    expect(await page.locator('mp-cycle-card [data-figure="Billable Voice"]').innerText()).toBe(
      formatMinutes(0, 'en-US'),
    );
    expect(await page.locator('mp-utilization-details dialog [data-figure="Total"]').innerText()).toBe('0');
    expect(errors).toEqual([]);
    await context.close();
  });

  test('locale and dark theme apply; page custom properties win over the theme', async () => {
    const { page, context, errors } = await openPage(
      browser,
      api.url,
      hostPage({
        scripts: ['/widgets/mp-cycle-card.js'],
        head: '<style>#custom { --mp-surface-color: rgb(1, 2, 3); }</style>',
        body: `<mp-cycle-card id="dark" theme="dark" token="${adminToken}" locale="de-DE"></mp-cycle-card>
               <mp-cycle-card id="custom" theme="dark" token="${adminToken}"></mp-cycle-card>`,
      }),
    );
    const value = page.locator('#dark [data-figure="Billable Voice"]');
    await value.waitFor();
    expect((await value.innerText()).replace(/\s+/g, ' ')).toBe(
      formatVoiceSeconds(figures.current.voice.billableSeconds, 'de-DE').replace(/\s+/g, ' '),
    );
    const background = (selector: string) =>
      page.locator(`${selector} .card`).evaluate((element) => getComputedStyle(element).backgroundColor);
    expect(await background('#dark')).toBe('rgb(17, 24, 39)');
    expect(await background('#custom')).toBe('rgb(1, 2, 3)');
    expect(errors).toEqual([]);
    await context.close();
  });

  test('loading the same widget script twice does not throw', async () => {
    const { page, context, errors } = await openPage(
      browser,
      api.url,
      hostPage({
        scripts: [
          '/widgets/mp-cycle-card.js',
          '/widgets/mp-cycle-card.js?second-copy',
          '/widgets/mp-dashboard.js',
          '/widgets/mp-utilization-pie.js',
        ],
        body: `<mp-cycle-card token="${adminToken}" locale="en-US"></mp-cycle-card>`,
      }),
    );
    await page.locator('mp-cycle-card [data-figure="New Users"]').waitFor();
    await page.waitForFunction(() => customElements.get('mp-dashboard') !== undefined);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a page with one cycle card downloads only the card files, without the charting library', async () => {
    const report = JSON.parse(fs.readFileSync(path.join(__dirname, '..', 'dist', 'bundle-sizes.json'), 'utf8'));
    const cardPage = report.pages.find((entry: { page: string }) => entry.page === 'mp-cycle-card');
    expect(cardPage.loadsCharting).toBe(false);
    const downloaded: string[] = [];
    const { page, context, errors } = await openPage(
      browser,
      api.url,
      hostPage({
        scripts: ['/widgets/mp-cycle-card.js'],
        body: `<mp-cycle-card token="${adminToken}"></mp-cycle-card>`,
      }),
      {
        beforeLoad: (page) =>
          page.on(
            'request',
            (request) =>
              request.url().includes('/widgets/') &&
              downloaded.push(new URL(request.url()).pathname.replace('/widgets/', '')),
          ),
      },
    );
    await page.locator('mp-cycle-card [data-figure="New Users"]').waitFor();
    expect(downloaded.sort()).toEqual([...cardPage.files].sort());
    expect(errors).toEqual([]);
    await context.close();
  });
});
