/**
 * The widgets in headless Chromium against the real API with its demo data: figures equal the
 * API's, the chart follows its dropdown, the pie opens the details by mouse and keyboard, the
 * threshold editor validates and saves, and the request-more-numbers flow shows the contact.
 */
import type { Browser, Page } from 'playwright-core';
import { formatBytes, formatCount, formatMessages, formatPercent, formatVoiceSeconds } from '../src/shared/format';
import { DASHBOARD_FIGURES, startTestServer, type TestServer } from './support/api';
import { plottedPoints } from '../src/shared/usage';
import {
  deepActiveElement,
  describeInBrowser,
  eventually,
  hostPage,
  launchBrowser,
  mpEvents,
  openPage,
} from './support/browser';

const LOCALE = 'en-US';

describeInBrowser('widgets against the API (Chromium)', () => {
  let api: TestServer;
  let browser: Browser;
  let adminToken: string;
  let figures: any;

  const organizationFigures = async () => {
    const body = await api.query(DASHBOARD_FIGURES, { id: api.demoOrgId }, adminToken);
    expect(body.errors).toBeUndefined();
    return body.data.organization;
  };

  beforeAll(async () => {
    [api, browser] = await Promise.all([startTestServer({ demoData: true }), launchBrowser()]);
    adminToken = await api.token({ roles: ['admin'] });
    figures = await organizationFigures();
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  const dashboardPage = (token: string, attributes = '') =>
    openPage(
      browser,
      api.url,
      hostPage({
        scripts: ['/widgets/mp-dashboard.js'],
        body: `<mp-dashboard token="${token}" locale="${LOCALE}" ${attributes}></mp-dashboard>`,
      }),
    );

  const figureText = (page: Page, host: string, label: string) =>
    page.locator(`${host} [data-figure="${label}"]`).innerText();

  test('the dashboard shows the cycle figures the API reports', async () => {
    const { page, context, errors } = await dashboardPage(adminToken);
    const current = 'mp-cycle-card[period="current"]';
    await page.locator(`${current} [data-figure="New Users"]`).waitFor();

    expect(await figureText(page, current, 'New Users')).toBe(formatCount(figures.current.newUsers, LOCALE));
    expect(await figureText(page, current, 'Total Active Users')).toBe(
      formatCount(figures.current.activeUsers, LOCALE),
    );
    expect(await figureText(page, current, 'Billable Voice')).toBe(
      formatVoiceSeconds(figures.current.voice.billableSeconds, LOCALE),
    );
    expect(await figureText(page, current, 'Billable Message')).toBe(
      formatMessages(figures.current.message.billable, LOCALE),
    );
    expect(await figureText(page, current, 'Billable Data')).toBe(formatBytes(figures.current.data.billable, LOCALE));
    // The demo's top-level organization is billed 30/6 (DESIGN §8): the card names the rule.
    expect(await page.locator(`${current} [data-rating]`).innerText()).toBe('Voice billed 30/6');

    for (const [host, cycle] of [
      ['mp-cycle-card[period="past"]', figures.past],
      ['mp-cycle-card[period="all-time"]', figures.allTime],
    ] as const) {
      await page.locator(`${host} [data-figure="Total Voice"]`).waitFor();
      expect(await figureText(page, host, 'Total Voice')).toBe(formatVoiceSeconds(cycle.voice.totalSeconds, LOCALE));
      expect(await figureText(page, host, 'Total Message')).toBe(formatMessages(cycle.message.total, LOCALE));
      expect(await figureText(page, host, 'Total Data')).toBe(formatBytes(cycle.data.total, LOCALE));
    }

    expect(await eventually(() => page.locator('mp-dashboard h1').innerText(), `${figures.name} dashboard`)).toBe(
      `${figures.name} dashboard`,
    );
    expect(errors).toEqual([]);
    await context.close();
  });

  test('the chart dropdown changes the heading and the series', async () => {
    const { page, context, errors } = await dashboardPage(adminToken);
    const chart = page.locator('mp-usage-chart');
    const heading = chart.locator('h2');
    const plotted = async (column: 1 | 2) =>
      chart
        .locator(`table tbody tr td:nth-of-type(${column})`)
        .evaluateAll((cells) => cells.map((cell) => Number(cell.getAttribute('data-value'))));
    const dates = () =>
      chart.locator('table tbody tr').evaluateAll((rows) => rows.map((row) => row.getAttribute('data-date')));

    await chart.locator('table tbody tr').first().waitFor({ state: 'attached' });
    expect(await eventually(() => heading.innerText(), 'Voice Usage for The Current Cycle')).toBe(
      'Voice Usage for The Current Cycle',
    );
    expect(await dates()).toEqual(figures.current.voiceSeries.map((point: any) => point.date));
    // Voice is plotted in minutes from its rated seconds (the demo is billed 30/6).
    const voice = plottedPoints(figures.current.voiceSeries);
    expect(await plotted(1)).toEqual(voice.map((point: any) => point.billable));
    expect(await plotted(2)).toEqual(voice.map((point: any) => point.total));
    await expect(chart.locator('canvas').count()).resolves.toBeGreaterThan(0);

    for (const [value, label, series] of [
      ['MESSAGE', 'Message', figures.current.messageSeries],
      ['DATA', 'Data', figures.current.dataSeries],
      ['VOICE', 'Voice', plottedPoints(figures.current.voiceSeries)],
    ] as const) {
      await chart.locator('select').selectOption(value);
      expect(await eventually(() => heading.innerText(), `${label} Usage for The Current Cycle`)).toBe(
        `${label} Usage for The Current Cycle`,
      );
      const billable = series.map((point: any) => point.billable);
      expect(await eventually(() => plotted(1), billable)).toEqual(billable);
      expect(await plotted(2)).toEqual(series.map((point: any) => point.total));
    }
    await expect(chart.evaluate((element) => element.getAttribute('type'))).resolves.toBe('voice');
    const events = (await mpEvents(page)).filter((event) => event.type === 'mp-usage-type-change');
    expect(events.map((event) => event.detail.type)).toEqual(['MESSAGE', 'DATA', 'VOICE']);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('the pie shows In use and Available and opens the details on click', async () => {
    const { page, context, errors } = await dashboardPage(adminToken);
    const pie = page.locator('mp-utilization-pie');
    const utilization = figures.numberUtilization;
    await pie.locator('[data-figure="In use"]').waitFor();
    expect(await pie.locator('[data-figure="In use"]').innerText()).toBe(formatCount(utilization.inUse, LOCALE));
    expect(await pie.locator('[data-figure="Available"]').innerText()).toBe(formatCount(utilization.available, LOCALE));
    // The name starts with the text printed in the ring (label in name, WCAG 2.5.3).
    const share = formatPercent((100 * utilization.inUse) / utilization.total, LOCALE);
    const namePrefix =
      `${share} in use: ${formatCount(utilization.inUse, LOCALE)} ` +
      `of ${formatCount(utilization.total, LOCALE)} numbers,`;
    const name = await pie.locator('.open-details').getAttribute('aria-label');
    expect(name?.slice(0, namePrefix.length)).toBe(namePrefix);

    const hiddenTable = await pie
      .locator('table td[data-value]')
      .evaluateAll((cells) => cells.map((cell) => Number(cell.getAttribute('data-value'))));
    expect(hiddenTable).toEqual([utilization.inUse, utilization.available, utilization.total]);

    await pie.locator('.open-details canvas').first().click();
    const dialog = pie.locator('mp-utilization-details dialog');
    expect(await eventually(() => dialog.locator('h2').innerText(), 'Number Utilization Details')).toBe(
      'Number Utilization Details',
    );
    const detail = (label: string) => dialog.locator(`[data-figure="${label}"]`).innerText();
    await dialog.locator('[data-figure="Total"]').waitFor();
    expect(await detail('Total')).toBe(formatCount(utilization.total, LOCALE));
    expect(await detail('Allocated to Sub-Organizations')).toBe(
      formatCount(utilization.allocatedToSubOrganizations, LOCALE),
    );
    expect(await detail('Assigned')).toBe(formatCount(utilization.assigned, LOCALE));
    expect(await detail('Available')).toBe(formatCount(utilization.available, LOCALE));
    expect(await detail('Pending invitation')).toBe(formatCount(utilization.pendingInvitation, LOCALE));
    expect(await detail('Reserved')).toBe(formatCount(utilization.reserved, LOCALE));
    expect(await detail('Registered')).toBe(formatCount(utilization.registered, LOCALE));
    expect(await detail('Utilization Threshold')).toBe(formatPercent(figures.utilizationThreshold.percent, LOCALE));
    expect(await dialog.evaluate((element: HTMLDialogElement) => element.open && element.matches(':modal'))).toBe(true);

    await dialog.getByRole('button', { name: 'Close' }).click();
    expect(await eventually(() => dialog.evaluate((element: HTMLDialogElement) => element.open), false)).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('the details open by keyboard, trap focus, close on Escape and give focus back', async () => {
    const { page, context, errors } = await dashboardPage(adminToken);
    const pie = page.locator('mp-utilization-pie');
    const opener = pie.locator('.open-details');
    const dialog = pie.locator('mp-utilization-details dialog');
    await opener.waitFor();

    for (const key of ['Enter', ' ']) {
      await opener.focus();
      await page.keyboard.press(key);
      await dialog.locator('[data-figure="Total"]').waitFor();
      expect(await dialog.evaluate((element: HTMLDialogElement) => element.open)).toBe(true);

      // Tab and Shift+Tab cycle inside the modal, never reaching the page behind it.
      for (let press = 0; press < 6; press += 1) {
        await page.keyboard.press(press % 2 === 0 ? 'Tab' : 'Shift+Tab');
        await page.keyboard.press('Tab');
        expect(
          await dialog.evaluate((element) => element.contains((element.getRootNode() as ShadowRoot).activeElement)),
        ).toBe(true);
      }

      await page.keyboard.press('Escape');
      expect(await eventually(() => dialog.evaluate((element: HTMLDialogElement) => element.open), false)).toBe(false);
      expect(await deepActiveElement(page)).toContain('open-details');
    }
    const events = (await mpEvents(page)).map((event) => event.type).filter((type) => type.startsWith('mp-details'));
    expect(events).toEqual(['mp-details-open', 'mp-details-close', 'mp-details-open', 'mp-details-close']);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('Manage Threshold refuses 0 and 101 inline and saves a valid percentage', async () => {
    const { page, context, errors } = await dashboardPage(adminToken);
    const pie = page.locator('mp-utilization-pie');
    const dialog = pie.locator('mp-utilization-details dialog');
    await pie.locator('.open-details').click();
    await dialog.getByRole('button', { name: 'Edit utilization threshold' }).click();
    expect(await eventually(() => dialog.locator('h2').innerText(), 'Manage Threshold')).toBe('Manage Threshold');
    const input = dialog.locator('#threshold-input');
    expect(await deepActiveElement(page)).toContain('input#threshold-input');
    expect(await input.inputValue()).toBe(String(figures.utilizationThreshold.percent));

    for (const [value, message] of [
      ['0', 'The threshold must be at least 1%.'],
      ['101', 'The threshold can be at most 100%.'],
    ]) {
      await input.fill(value);
      await dialog.getByRole('button', { name: 'Save' }).click();
      expect(await eventually(() => dialog.locator('#threshold-error').innerText(), message)).toBe(message);
      expect(await input.getAttribute('aria-invalid')).toBe('true');
      expect(await eventually(() => dialog.locator('h2').innerText(), 'Manage Threshold')).toBe('Manage Threshold');
    }
    expect((await organizationFigures()).utilizationThreshold.percent).toBe(figures.utilizationThreshold.percent);

    const newPercent = figures.utilizationThreshold.percent === 65 ? 66 : 65;
    await input.fill(String(newPercent));
    expect(await input.getAttribute('aria-invalid')).toBe('false');
    await dialog.getByRole('button', { name: 'Save' }).click();
    expect(await eventually(() => dialog.locator('h2').innerText(), 'Number Utilization Details')).toBe(
      'Number Utilization Details',
    );
    expect(
      await eventually(
        () => dialog.locator('[data-figure="Utilization Threshold"]').innerText(),
        formatPercent(newPercent, LOCALE),
      ),
    ).toBe(formatPercent(newPercent, LOCALE));

    const saved = (await organizationFigures()).utilizationThreshold;
    expect(saved.percent).toBe(newPercent);
    const change = (await mpEvents(page)).find((event) => event.type === 'mp-threshold-change');
    expect(change?.detail).toEqual({ organizationId: api.demoOrgId, percent: newPercent, reached: saved.reached });
    // The pie behind the modal reads the same cache entry, so it follows without a refetch.
    const pieThreshold = () => pie.locator('p[part="threshold"]').innerText();
    expect(await eventually(async () => (await pieThreshold()).includes(formatPercent(newPercent, LOCALE)), true)).toBe(
      true,
    );
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a threshold the server refuses is shown in the form', async () => {
    const viewerToken = await api.token({ roles: ['viewer'] });
    const before = (await organizationFigures()).utilizationThreshold.percent;
    const { page, context, errors } = await dashboardPage(viewerToken);
    const dialog = page.locator('mp-utilization-pie mp-utilization-details dialog');
    await page.locator('mp-utilization-pie .open-details').click();
    await dialog.getByRole('button', { name: 'Edit utilization threshold' }).click();
    await dialog.locator('#threshold-input').fill('42');
    await dialog.getByRole('button', { name: 'Save' }).click();
    const refusal = dialog.locator('.form-error[role="alert"]');
    await refusal.waitFor();
    expect(await refusal.innerText()).toContain('No access');
    expect(await eventually(() => dialog.locator('h2').innerText(), 'Manage Threshold')).toBe('Manage Threshold');
    expect((await organizationFigures()).utilizationThreshold.percent).toBe(before);
    const reported = (await mpEvents(page)).find((event) => event.type === 'mp-error');
    expect(reported?.detail).toMatchObject({
      code: 'FORBIDDEN',
      kind: 'forbidden',
      operation: 'SetUtilizationThreshold',
      source: 'mp-utilization-details',
    });
    expect(errors).toEqual([]);
    await context.close();
  });

  test('Request More Numbers shows the message, then on OK the contact from the API', async () => {
    const { page, context, errors } = await dashboardPage(adminToken);
    const dialog = page.locator('mp-utilization-pie mp-utilization-details dialog');
    await page.locator('mp-utilization-pie .open-details').click();
    await dialog.getByRole('button', { name: 'Request More Numbers' }).click();
    expect(await eventually(() => dialog.locator('h2').innerText(), 'Request More Numbers')).toBe(
      'Request More Numbers',
    );
    const message = figures.numberRequestContact.message;
    const shown = await dialog.locator('.request-message').innerText();
    if (message) expect(shown).toBe(message);
    else expect(shown).not.toBe('');
    await dialog.locator('#quantity-input').fill('25');
    await dialog.locator('#note-input').fill('New sales team');
    await dialog.getByRole('button', { name: 'OK' }).click();

    expect(await eventually(() => dialog.locator('h2').innerText(), 'Contact for More Numbers')).toBe(
      'Contact for More Numbers',
    );
    const contact = figures.numberRequestContact;
    expect(
      await eventually(() => dialog.locator('[data-contact="email"]').innerText(), contact.email ?? 'Not provided'),
    ).toBe(contact.email ?? 'Not provided');
    expect(
      await eventually(() => dialog.locator('[data-contact="phone"]').innerText(), contact.phone ?? 'Not provided'),
    ).toBe(contact.phone ?? 'Not provided');
    const requested = (await mpEvents(page)).find((event) => event.type === 'mp-numbers-requested');
    expect(requested?.detail).toMatchObject({
      organizationId: api.demoOrgId,
      quantity: 25,
      note: 'New sales team',
      contact: { email: contact.email, phone: contact.phone },
    });
    expect(requested?.detail.requestId).toEqual(expect.any(String));

    await dialog.getByRole('button', { name: 'Done' }).click();
    expect(await eventually(() => dialog.locator('h2').innerText(), 'Number Utilization Details')).toBe(
      'Number Utilization Details',
    );
    expect(errors).toEqual([]);
    await context.close();
  });

  test('widgets on a page share one client: identical queries are sent once', async () => {
    const operations: string[] = [];
    const { page, context, errors } = await openPage(
      browser,
      api.url,
      hostPage({
        scripts: ['/widgets/mp-cycle-card.js', '/widgets/mp-dashboard.js'],
        body: `<mp-cycle-card period="past" token="${adminToken}"></mp-cycle-card>
               <mp-cycle-card period="past" token="${adminToken}"></mp-cycle-card>
               <mp-dashboard token="${adminToken}"></mp-dashboard>`,
      }),
      {
        beforeLoad: (page) =>
          page.on(
            'request',
            (request) =>
              request.url().endsWith('/graphql') &&
              // Live updates' version poll (live.test.ts) is asked every few seconds by design.
              !request.postDataJSON()?.operationName?.startsWith('LiveVersion') &&
              operations.push(
                `${request.postDataJSON()?.operationName}:${JSON.stringify(request.postDataJSON()?.variables ?? {})}`,
              ),
          ),
      },
    );
    await page.locator('mp-dashboard mp-cycle-card[period="all-time"] [data-figure="Total Voice"]').waitFor();
    await page.locator('mp-dashboard mp-utilization-pie [data-figure="In use"]').waitFor();
    await page.locator('mp-dashboard mp-usage-chart canvas').first().waitFor();
    // Three past-cycle cards (two on the page, one in the dashboard), one request.
    expect(operations.filter((operation) => operation.includes('"period":"PAST"'))).toHaveLength(1);
    expect(new Set(operations).size).toBe(operations.length);
    expect(errors).toEqual([]);
    await context.close();
  });

  test("the dashboard hands its settings to the inner widgets; an inner widget's own attribute wins", async () => {
    const { page, context, errors } = await dashboardPage(adminToken, `organization-id="${api.demoOrgId}"`);
    const past = 'mp-cycle-card[period="past"]';
    await page.locator(`${past} [data-figure="Total Voice"]`).waitFor();
    // Nothing was set on the inner widgets: endpoint, token, organization and locale came through context.
    const innerProperties = await page.locator('mp-dashboard').evaluate((dashboard) =>
      [...dashboard.shadowRoot!.querySelectorAll('mp-cycle-card, mp-usage-chart, mp-utilization-pie')].map((widget) => {
        const { token, organizationId, locale } = widget as unknown as Record<string, string>;
        return { token, organizationId, locale };
      }),
    );
    expect(new Set(innerProperties.map((properties) => JSON.stringify(properties)))).toEqual(
      new Set([JSON.stringify({ token: '', organizationId: '', locale: '' })]),
    );
    expect(await figureText(page, past, 'Total Voice')).toBe(
      formatVoiceSeconds(figures.past.voice.totalSeconds, LOCALE),
    );

    await page.locator(past).evaluate((card) => card.setAttribute('locale', 'de-DE'));
    const german = formatVoiceSeconds(figures.past.voice.totalSeconds, 'de-DE');
    const shown = () => figureText(page, past, 'Total Voice').then((text) => text.replace(/\s+/g, ' '));
    expect(await eventually(shown, german.replace(/\s+/g, ' '))).toBe(german.replace(/\s+/g, ' '));
    const allTime = 'mp-cycle-card[period="all-time"]';
    expect(await figureText(page, allTime, 'Total Voice')).toBe(
      formatVoiceSeconds(figures.allTime.voice.totalSeconds, LOCALE),
    );
    expect(errors).toEqual([]);
    await context.close();
  });

  test('the chart follows its container size and starts again after being moved', async () => {
    const { page, context, errors } = await openPage(
      browser,
      api.url,
      hostPage({
        scripts: ['/widgets/mp-usage-chart.js'],
        body:
          `<div id="box" style="width: 800px"><mp-usage-chart token="${adminToken}"></mp-usage-chart></div>` +
          '<div id="elsewhere"></div>',
      }),
    );
    const canvasWidth = () =>
      page
        .locator('mp-usage-chart canvas')
        .first()
        .evaluate((canvas) => canvas.getBoundingClientRect().width);
    await page.locator('mp-usage-chart canvas').first().waitFor();
    const wide = await canvasWidth();
    await page.evaluate(() => (document.getElementById('box')!.style.width = '400px'));
    const narrow = await eventually(async () => (await canvasWidth()) < wide - 300, true);
    expect(narrow).toBe(true);

    await page.evaluate(() => document.getElementById('elsewhere')!.append(document.querySelector('mp-usage-chart')!));
    await page.locator('#elsewhere mp-usage-chart canvas').first().waitFor();
    expect(
      await page
        .locator('mp-usage-chart canvas')
        .first()
        .evaluate((canvas) => canvas.getBoundingClientRect().width),
    ).toBeGreaterThan(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  test.each([320, 768, 1440])('the dashboard fits a %i px wide screen without horizontal scrolling', async (width) => {
    const { page, context, errors } = await openPage(
      browser,
      api.url,
      hostPage({
        scripts: ['/widgets/mp-dashboard.js'],
        head: '<style>body { margin: 0 }</style>',
        body: `<mp-dashboard token="${adminToken}"></mp-dashboard>`,
      }),
      { viewport: { width, height: 800 } },
    );
    await page.locator('mp-dashboard mp-usage-chart canvas').first().waitFor();
    await page.locator('mp-dashboard mp-cycle-card[period="all-time"] [data-figure="Total Data"]').waitFor();
    await page.locator('mp-dashboard mp-utilization-pie [data-figure="In use"]').waitFor();
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(width);
    const boxes = await page.locator('mp-dashboard').evaluate((dashboard) =>
      [...dashboard.shadowRoot!.querySelectorAll('mp-cycle-card, mp-usage-chart, mp-utilization-pie')].map((widget) => {
        const box = widget.getBoundingClientRect();
        return { left: box.left, right: box.right, width: box.width, height: box.height };
      }),
    );
    expect(boxes).toHaveLength(5);
    for (const box of boxes) {
      expect(box.left).toBeGreaterThanOrEqual(0);
      expect(box.right).toBeLessThanOrEqual(width);
      expect(box.height).toBeGreaterThan(50);
    }
    expect(errors).toEqual([]);
    await context.close();
  });
});
