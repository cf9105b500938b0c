/**
 * A host page that rotates short-lived tokens: the widgets keep one Apollo client and its cache,
 * refetch nothing when the token changes, and send the newest token with their next request. A
 * token of another identity gets its own client, never the previous one's cache.
 */
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from './support/api';
import { describeInBrowser, eventually, hostPage, launchBrowser, openPage } from './support/browser';

interface SentRequest {
  operation: string;
  authorization: string | undefined;
}

describeInBrowser('token rotation (Chromium)', () => {
  let api: TestServer;
  let browser: Browser;

  beforeAll(async () => {
    [api, browser] = await Promise.all([startTestServer({ demoData: true }), launchBrowser()]);
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  /** Distinct tokens of the same admin: the expiry differs, so each one is a new string. */
  const rotatedTokens = (count: number) =>
    Promise.all(
      Array.from({ length: count }, (_, index) => api.token({ roles: ['admin'], expiresIn: `${index + 1}h` })),
    );

  const openRecording = async (body: string, scripts: string[]) => {
    const sent: SentRequest[] = [];
    const opened = await openPage(browser, api.url, hostPage({ scripts, body }), {
      beforeLoad: (page) =>
        page.on('request', (request) => {
          if (!request.url().endsWith('/graphql')) return;
          // Live updates' version poll (live.test.ts) runs on its own clock: these tests count queries.
          if (request.postDataJSON()?.operationName?.startsWith('LiveVersion')) return;
          sent.push({
            operation: request.postDataJSON()?.operationName,
            authorization: request.headers().authorization,
          });
        }),
    });
    return { ...opened, sent };
  };

  /**
   * Every widget element on the page, the dashboard's inner ones included, in a stable order; the details
   * modal once its code is loaded (on its first opening), so a list taken before holds one element less.
   */
  const WIDGETS = `(() => {
    const dashboard = document.querySelector('mp-dashboard');
    const inner = [...dashboard.shadowRoot.querySelectorAll('mp-cycle-card, mp-usage-chart, mp-utilization-pie')];
    const details = inner
      .map((widget) => widget.shadowRoot.querySelector('mp-utilization-details'))
      .filter((element) => element && customElements.get('mp-utilization-details') === element.constructor);
    return [dashboard, ...inner, ...details];
  })()`;

  /** Remembers each widget's client under `name`, and answers how many distinct clients they hold. */
  const rememberClients = (page: Page, name: string) =>
    page.evaluate(
      ([widgets, key]) => {
        const clients = (eval(widgets) as { apolloClient: unknown }[]).map((widget) => widget.apolloClient);
        (window as any)[key] = clients;
        return new Set(clients).size;
      },
      [WIDGETS, name] as const,
    );

  const sameClientsAs = (page: Page, name: string) =>
    page.evaluate(
      ([widgets, key]) => {
        const before = (window as any)[key] as unknown[];
        const now = (eval(widgets) as { apolloClient: unknown }[]).map((widget) => widget.apolloClient);
        // The details modal, when opened since, comes last and must hold the same client as the others.
        const opened = now.slice(before.length);
        return now.length >= before.length && [...before, ...opened.map(() => before[0])].every((c, i) => c === now[i]);
      },
      [WIDGETS, name] as const,
    );

  const loaded = async (page: Page) => {
    await page.locator('mp-dashboard mp-cycle-card[period="all-time"] [data-figure="Total Voice"]').waitFor();
    await page.locator('mp-dashboard mp-utilization-pie [data-figure="In use"]').waitFor();
    await page.locator('mp-dashboard mp-usage-chart canvas').first().waitFor();
  };

  test('rotating the dashboard token keeps one client, refetches nothing and sends the new token next', async () => {
    const tokens = await rotatedTokens(4);
    const { page, context, errors, sent } = await openRecording(
      `<mp-dashboard locale="en-US"></mp-dashboard>
       <script type="module">document.querySelector('mp-dashboard').token = ${JSON.stringify(tokens[0])};</script>`,
      ['/widgets/mp-dashboard.js'],
    );
    await loaded(page);
    expect(await rememberClients(page, 'firstClients')).toBe(1);
    const sentBeforeRotation = sent.length;
    expect(sent.every((request) => request.authorization === `Bearer ${tokens[0]}`)).toBe(true);

    for (const token of tokens.slice(1)) {
      await page.evaluate((next) => ((document.querySelector('mp-dashboard') as any).token = next), token);
      await page.waitForTimeout(300);
      expect(await sameClientsAs(page, 'firstClients')).toBe(true);
    }
    // Three rotations later: no query was sent again, and the figures are still shown.
    expect(sent.slice(sentBeforeRotation)).toEqual([]);
    await expect(
      page.locator('mp-dashboard mp-cycle-card[period="current"] [data-figure="New Users"]').count(),
    ).resolves.toBe(1);

    // The next request (the details' query, on opening them) carries the newest token.
    await page.locator('mp-dashboard mp-utilization-pie .open-details').click();
    await page.locator('mp-dashboard mp-utilization-pie mp-utilization-details [data-figure="Total"]').waitFor();
    const next = sent.slice(sentBeforeRotation);
    expect(next.map((request) => request.operation)).toEqual(['UtilizationDetailsForViewer']);
    expect(next[0].authorization).toBe(`Bearer ${tokens[3]}`);
    expect(await sameClientsAs(page, 'firstClients')).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a standalone widget whose token attribute rotates keeps its client and cache', async () => {
    const tokens = await rotatedTokens(3);
    const { page, context, errors, sent } = await openRecording(
      `<mp-cycle-card period="past" locale="en-US" token="${tokens[0]}"></mp-cycle-card>`,
      ['/widgets/mp-cycle-card.js'],
    );
    const card = page.locator('mp-cycle-card');
    await card.locator('[data-figure="Total Voice"]').waitFor();
    await page.evaluate(
      () => ((window as any).cardClient = (document.querySelector('mp-cycle-card') as any).apolloClient),
    );
    for (const token of tokens.slice(1)) {
      await card.evaluate((element, next) => element.setAttribute('token', next), token);
      await page.waitForTimeout(300);
    }
    const sameClient = () =>
      page.evaluate(() => (document.querySelector('mp-cycle-card') as any).apolloClient === (window as any).cardClient);
    expect(await sameClient()).toBe(true);
    expect(sent.map((request) => request.operation)).toEqual(['CycleFiguresForViewer']);

    // The next query (another period) carries the token the page set last.
    await card.evaluate((element) => element.setAttribute('period', 'all-time'));
    expect(await eventually(async () => sent.length, 2)).toBe(2);
    expect(sent[1].authorization).toBe(`Bearer ${tokens[2]}`);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a token of another identity gets a new client: the previous one is not reused', async () => {
    const adminToken = await api.token({ roles: ['admin'] });
    const viewerToken = await api.token({ roles: ['viewer'] });
    const { page, context, errors, sent } = await openRecording(
      `<mp-dashboard locale="en-US" token="${adminToken}"></mp-dashboard>`,
      ['/widgets/mp-dashboard.js'],
    );
    await loaded(page);
    await rememberClients(page, 'adminClients');
    const sentAsAdmin = sent.length;
    await page.evaluate((next) => ((document.querySelector('mp-dashboard') as any).token = next), viewerToken);
    await loaded(page);
    const newClient = () =>
      page.evaluate(
        () => (document.querySelector('mp-dashboard') as any).apolloClient !== (window as any).adminClients[0],
      );
    expect(await eventually(newClient, true)).toBe(true);
    expect(await rememberClients(page, 'viewerClients')).toBe(1);
    // The viewer's widgets asked the API again, with the viewer's token.
    await eventually(async () => sent.length > sentAsAdmin, true);
    expect(sent.slice(sentAsAdmin).length).toBeGreaterThan(0);
    const asViewer = sent.slice(sentAsAdmin);
    expect(asViewer.every((request) => request.authorization === `Bearer ${viewerToken}`)).toBe(true);
    expect(errors).toEqual([]);
    await context.close();
  });
});
