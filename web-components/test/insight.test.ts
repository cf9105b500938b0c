/**
 * DESIGN §5 in the widgets, in headless Chromium against the real API with demo data and a pinned
 * clock (mid-cycle, so the current cycle has days still to come): the cards' change against the last
 * cycle and forecast, the chart's whole-cycle axis with no future points, its projection, past-cycle
 * toggle and freshness line, the pie's threshold mark and "Reached", and the details' history chart
 * and run-out sentence. The figures expected are the API's own, worded by the widgets' helpers.
 */
import type { Browser, Page } from 'playwright-core';
import { cycleDays } from '../src/shared/cycle-days';
import { formatInstant, formatPercent } from '../src/shared/format';
import { describeChange, describeForecast, describeRunOut } from '../src/shared/insight';
import { describeHistory } from '../src/shared/sparkline';
import { INSIGHT_FIGURES, startTestServer, type TestServer } from './support/api';
import { plottedPoints } from '../src/shared/usage';
import { describeInBrowser, eventually, hostPage, launchBrowser, openPage } from './support/browser';
import { drawnTooltip, hoverDay } from './support/chart';

const LOCALE = 'en-US';
// 12:00 in New York (the demo organization's timezone) on the 15th: day 15 of a 30-day cycle.
const NOW = new Date('2026-11-15T17:00:00Z');

const USAGE_FIGURES = [
  ['VOICE', 'voice', 'Voice'],
  ['MESSAGE', 'message', 'Message'],
  ['DATA', 'data', 'Data'],
] as const;

/** The ECharts option the chart drew, read from the element's chart controller (no public handle). */
function drawnOption(page: Page, selector: string): Promise<any> {
  return page.locator(selector).evaluate((element: any) => {
    const option = element.chart.chart.getOption();
    return {
      xAxis: option.xAxis?.[0]?.data ?? [],
      series: option.series.map((series: any) => ({
        name: series.name,
        data: series.data.map((item: any) => (item && typeof item === 'object' ? item.value : item)),
        dates: series.data.map((item: any) => (item && typeof item === 'object' ? (item.date ?? null) : null)),
        radius: series.radius,
        values: series.data.map((item: any) => item?.value ?? null),
        colors: series.data.map((item: any) => item?.itemStyle?.color ?? null),
      })),
    };
  });
}

describeInBrowser('insight in the widgets (Chromium)', () => {
  let api: TestServer;
  let browser: Browser;
  let adminToken: string;
  let insight: any;

  beforeAll(async () => {
    [api, browser] = await Promise.all([startTestServer({ demoData: true, now: NOW }), launchBrowser()]);
    adminToken = await api.token({ roles: ['admin'] });
  });

  /** The API's insight figures, read once; the pie's test needs none of them. */
  const insightFigures = async () => {
    if (!insight) {
      const body = await api.query(INSIGHT_FIGURES, { id: api.demoOrgId }, adminToken);
      expect(body.errors).toBeUndefined();
      insight = body.data.organization;
    }
    return insight;
  };

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  const widgetPage = (script: string, body: string) =>
    openPage(browser, api.url, hostPage({ scripts: [`/widgets/${script}.js`], body }));

  test('current and past usage figures carry their change, in words too; current ones their forecast', async () => {
    await insightFigures();
    const { page, context, errors } = await widgetPage(
      'mp-cycle-card',
      `<mp-cycle-card period="current" token="${adminToken}" locale="${LOCALE}"></mp-cycle-card>
       <mp-cycle-card period="past" token="${adminToken}" locale="${LOCALE}"></mp-cycle-card>
       <mp-cycle-card period="all-time" token="${adminToken}" locale="${LOCALE}"></mp-cycle-card>`,
    );
    const current = page.locator('mp-cycle-card[period="current"]');
    const past = page.locator('mp-cycle-card[period="past"]');
    await current.locator('[data-figure="Billable Voice"]').waitFor();
    await past.locator('[data-figure="Total Voice"]').waitFor();

    for (const [type, field, label] of USAGE_FIGURES) {
      for (const [card, period, figure] of [
        [current, 'CURRENT', `Billable ${label}`],
        [past, 'PAST', `Total ${label}`],
      ] as const) {
        const cycle = period === 'CURRENT' ? insight.current : insight.past;
        const expected = describeChange(cycle[field].changePercent, period, LOCALE);
        const change = card.locator(`[data-change="${figure}"]`);
        if (!expected) {
          expect(await change.count()).toBe(0);
          continue;
        }
        expect(await change.locator('[aria-hidden="true"]').innerText()).toBe(expected.text);
        expect(await change.locator('.visually-hidden').textContent()).toBe(expected.spoken);
        // Never colour alone: the direction is in the arrow and in the words.
        expect(expected.text).toMatch(/▲|▼|No (billable )?change/);
        expect(expected.spoken).toMatch(/\b(up|down|no)\b/);
      }
      const forecast = describeForecast(type, insight.current[field].forecast, LOCALE);
      const shown = current.locator(`[data-forecast="Billable ${label}"]`);
      if (forecast) expect(await shown.innerText()).toBe(forecast);
      else expect(await shown.count()).toBe(0);
    }
    // The demo organization has usage in both cycles, so the comparison and forecast are there.
    expect(insight.current.voice.changePercent).not.toBeNull();
    expect(insight.current.voice.forecast).not.toBeNull();
    // All time has no comparison.
    const allTime = page.locator('mp-cycle-card[period="all-time"]');
    await allTime.locator('[data-figure="Total Voice"]').waitFor();
    expect(await allTime.locator('[data-change], [data-forecast]').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('the chart spans the whole cycle, plots no future day, and projects to the cycle end', async () => {
    await insightFigures();
    const { page, context, errors } = await widgetPage(
      'mp-usage-chart',
      `<mp-usage-chart token="${adminToken}" locale="${LOCALE}"></mp-usage-chart>`,
    );
    const chart = page.locator('mp-usage-chart');
    await chart.locator('canvas').first().waitFor();
    expect(await chart.locator('h2').innerText()).toBe('Voice Usage for The Current Cycle');

    const days = cycleDays(insight.current.start, insight.current.end, insight.timezone);
    // Voice is plotted in minutes from its rated seconds (the demo is billed 30/6).
    const series: any[] = plottedPoints(insight.current.voiceSeries);
    const today = series.at(-1).date;
    // The API's CURRENT series ends today, mid-cycle at the pinned clock.
    expect(today).toBe('2026-11-15');
    expect(days).toHaveLength(30);
    const todayIndex = days.indexOf(today);

    const option = await eventually(
      async () => (await drawnOption(page, 'mp-usage-chart')).xAxis.length,
      days.length,
    ).then(() => drawnOption(page, 'mp-usage-chart'));
    expect(option.xAxis).toHaveLength(days.length);
    const [billable, total, projection] = option.series;
    expect(billable.name).toBe('Billable');
    expect(billable.data.slice(0, todayIndex + 1)).toEqual(series.map((point: any) => point.billable));
    expect(total.data.slice(0, todayIndex + 1)).toEqual(series.map((point: any) => point.total));
    // No future day is plotted, not even as 0.
    expect(billable.data.slice(todayIndex + 1).every((value: unknown) => value === null || value === undefined)).toBe(
      true,
    );
    expect(total.data.slice(todayIndex + 1).every((value: unknown) => value === null || value === undefined)).toBe(
      true,
    );
    // The projection starts at today's measured point (its weekday shape: export-print.test.ts).
    expect(projection.name).toBe('Projected billable');
    expect(projection.data.slice(0, todayIndex).every((value: unknown) => value === null || value === undefined)).toBe(
      true,
    );
    expect(projection.data[todayIndex]).toBe(series.at(-1).billable);
    expect(projection.data.slice(todayIndex + 1).every((value: unknown) => typeof value === 'number')).toBe(true);

    // A future day's tooltip shows the projection alone, never a measured 0: hover it as a user would.
    await hoverDay(page, chart, todayIndex + 3);
    const tooltip = await eventually(async () => (await drawnTooltip(chart)).includes('Projected billable'), true);
    expect(tooltip).toBe(true);
    const tooltipText = await drawnTooltip(chart);
    expect(tooltipText).not.toMatch(/^Billable:|\nBillable:|Total:/);

    // Screen readers get the measured days only, and the forecast in words.
    const rows = await chart
      .locator('table tbody tr')
      .evaluateAll((cells) => cells.map((row) => row.getAttribute('data-date')));
    expect(rows).toEqual(series.map((point: any) => point.date));
    expect(await chart.locator('[data-forecast]').innerText()).toContain(
      describeForecast('VOICE', insight.current.voice.forecast, LOCALE)!,
    );
    expect(await chart.locator('[data-projection]').textContent()).toContain('on track for');

    expect(await chart.locator('[part="freshness"]').innerText()).toBe(
      insight.current.dataAsOf
        ? `Data as of ${formatInstant(insight.current.dataAsOf, LOCALE, insight.timezone)}`
        : 'No usage recorded yet',
    );
    expect(insight.current.dataAsOf).not.toBeNull();
    expect(errors).toEqual([]);
    await context.close();
  });

  test('the past cycle can be shown alongside, aligned by day of cycle', async () => {
    await insightFigures();
    const { page, context, errors } = await widgetPage(
      'mp-usage-chart',
      `<mp-usage-chart token="${adminToken}" locale="${LOCALE}"></mp-usage-chart>`,
    );
    const chart = page.locator('mp-usage-chart');
    await chart.locator('canvas').first().waitFor();
    const names = async () => (await drawnOption(page, 'mp-usage-chart')).series.map((series: any) => series.name);
    expect(await names()).not.toContain('Last cycle, billable');

    await chart.getByRole('checkbox', { name: 'Show last cycle' }).check();
    expect(await eventually(async () => (await names()).includes('Last cycle, billable'), true)).toBe(true);
    expect(await chart.evaluate((element) => element.hasAttribute('show-past-cycle'))).toBe(true);
    const past = (await drawnOption(page, 'mp-usage-chart')).series.find(
      (series: any) => series.name === 'Last cycle, billable',
    );
    const pastSeries: any[] = plottedPoints(insight.past.voiceSeries);
    const length = past.data.length;
    expect(past.data.filter((value: unknown) => value !== null && value !== undefined)).toEqual(
      pastSeries.slice(0, length).map((point: any) => point.billable),
    );
    expect(past.dates[0]).toBe(pastSeries[0].date);
    // The table gains the same day of the last cycle for each measured day.
    expect(await chart.locator('table thead th').allInnerTexts()).toContain('Last cycle, same day of cycle, billable');

    await chart.getByRole('checkbox', { name: 'Show last cycle' }).uncheck();
    expect(await eventually(async () => (await names()).includes('Last cycle, billable'), false)).toBe(false);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('the pie marks the threshold on its ring and says "Reached" in text and colour', async () => {
    const { page, context, errors } = await widgetPage(
      'mp-utilization-pie',
      `<mp-utilization-pie token="${adminToken}" locale="${LOCALE}"></mp-utilization-pie>`,
    );
    const pie = page.locator('mp-utilization-pie');
    await pie.locator('.open-details canvas').first().waitFor();
    const thresholdBody = await api.query(
      `query ($id: ID!) { organization(id: $id) { utilizationThreshold { percent reached } } }`,
      { id: api.demoOrgId },
      adminToken,
    );
    const threshold = thresholdBody.data.organization.utilizationThreshold;
    const option = await eventually(async () => (await drawnOption(page, 'mp-utilization-pie')).series.length, 2).then(
      () => drawnOption(page, 'mp-utilization-pie'),
    );
    const mark = option.series[1];
    expect(mark.name).toBe('Utilization threshold');
    // The visible tick starts at the threshold's share of the ring (less half its width).
    expect(mark.values[0]).toBeCloseTo(Math.max(0, threshold.percent - 0.4), 3);

    const line = pie.locator('p[part="threshold"]');
    expect(await line.innerText()).toContain(`Utilization Threshold ${formatPercent(threshold.percent, LOCALE)}`);
    const state = threshold.reached ? 'reached' : 'not reached';
    expect(await pie.locator('.open-details').getAttribute('aria-label')).toContain(
      `${formatPercent(threshold.percent, LOCALE)}, marked on the ring, ${state}`,
    );
    if (threshold.reached) {
      const reached = pie.locator('[part="threshold-reached"]');
      expect(await reached.innerText()).toContain('Reached');
      expect(await reached.evaluate((element) => getComputedStyle(element).color)).toBe('rgb(185, 28, 28)');
      expect(mark.colors[1]).toBe('#b91c1c');
    } else {
      expect(await line.innerText()).toContain('not reached');
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  test('the details show the 90-day history as a small chart and the run-out sentence', async () => {
    await insightFigures();
    const { page, context, errors } = await widgetPage(
      'mp-utilization-details',
      `<mp-utilization-details open token="${adminToken}" locale="${LOCALE}"></mp-utilization-details>`,
    );
    const dialog = page.locator('mp-utilization-details dialog');
    await dialog.locator('[data-run-out]').waitFor();
    const { history, runOut, available } = insight.numberUtilization;
    expect(history).toHaveLength(90);
    expect(history.at(-1).date).toBe('2026-11-15');
    expect(await dialog.locator('[data-run-out]').innerText()).toBe(
      describeRunOut(runOut, available, LOCALE, history.at(-1).date),
    );
    const chart = dialog.locator('svg[part="history-chart"]');
    expect(await chart.getAttribute('role')).toBe('img');
    expect(await chart.getAttribute('aria-label')).toBe(describeHistory(history, LOCALE));
    expect(await chart.locator('path').count()).toBe(3);
    // The details page draws it without the charting library.
    expect(await page.locator('mp-utilization-details canvas').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('an organization without usage or numbers: empty states, no comparison, a run-out in words', async () => {
    const created = await api.query(
      `mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`,
      { input: { name: 'Quiet Department', parentId: api.demoOrgId, adminEmails: ['quiet-admin@acme.example'] } },
      adminToken,
    );
    expect(created.errors).toBeUndefined();
    const id = created.data.createOrganization.id;
    const attributes = `token="${adminToken}" organization-id="${id}" locale="${LOCALE}"`;
    const { page, context, errors } = await openPage(
      browser,
      api.url,
      hostPage({
        scripts: ['/widgets/mp-cycle-card.js', '/widgets/mp-usage-chart.js', '/widgets/mp-utilization-details.js'],
        body: `<mp-cycle-card ${attributes}></mp-cycle-card>
               <mp-usage-chart ${attributes}></mp-usage-chart>
               <mp-utilization-details open ${attributes}></mp-utilization-details>`,
      }),
    );
    await page.locator('mp-usage-chart .state.empty').waitFor();
    expect(await page.locator('mp-usage-chart [part="freshness"]').innerText()).toBe('No usage recorded yet');
    await page.locator('mp-cycle-card [data-figure="Billable Voice"]').waitFor();
    // previous is 0, so changePercent is null: no change line, and no forecast without a day of usage.
    expect(await page.locator('mp-cycle-card [data-change], mp-cycle-card [data-forecast]').count()).toBe(0);
    const runOut = page.locator('mp-utilization-details [data-run-out]');
    await runOut.waitFor();
    expect(await runOut.innerText()).toBe('Numbers are not being used up at the recent rate.');
    expect(errors).toEqual([]);
    await context.close();
  });
});
