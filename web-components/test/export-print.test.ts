/**
 * DESIGN §10 "Export" and the chart's heading and projection, in headless Chromium against the real
 * API with demo data and a pinned clock: "Download PNG" on the chart and the pie (file name, 2× pixel
 * size, an opaque background, the pie's centre figure included, from the keyboard too); the dashboard
 * on paper (no controls, one column, no card split, charts at the printed width); the Spanish heading;
 * the projection drawn day by day as DESIGN §5's expected(d), which the test computes from the series;
 * and the pie's centre text inside its hole in every locale at several widths.
 */
import fs from 'node:fs';
import type { Browser, Download, Locator, Page } from 'playwright-core';
import { addDays, cycleDays } from '../src/shared/cycle-days';
import { formatPercent } from '../src/shared/format';
import { startTestServer, type TestServer } from './support/api';
import { describeInBrowser, eventually, hostPage, launchBrowser, openPage } from './support/browser';

// 12:00 in New York (the demo organization's timezone) on Sunday 2026-11-15: mid-cycle.
const NOW = new Date('2026-11-15T17:00:00Z');

/** Width and height from a PNG's IHDR chunk (big-endian, at bytes 16 and 20). */
function pngSize(bytes: Buffer): { width: number; height: number } {
  expect(bytes.subarray(1, 4).toString('ascii')).toBe('PNG');
  return { width: bytes.readUInt32BE(16), height: bytes.readUInt32BE(20) };
}

/** The chart container's size in CSS pixels, as ECharts sizes its canvas. */
function chartSize(widget: Locator): Promise<{ width: number; height: number }> {
  return widget.evaluate((element: Element) => {
    const chart = element.shadowRoot!.querySelector<HTMLElement>('.chart')!;
    return { width: chart.clientWidth, height: chart.clientHeight };
  });
}

/**
 * Decodes the PNG in the page and reads it: the top-left pixel's RGBA, and how many pixels inside a
 * centred circle of `radius` image pixels differ from that background.
 */
function readPng(page: Page, bytes: Buffer, radius: number): Promise<{ corner: number[]; inked: number }> {
  return page.evaluate(
    async ({ base64, radius }) => {
      const image = new Image();
      image.src = `data:image/png;base64,${base64}`;
      await image.decode();
      const canvas = document.createElement('canvas');
      canvas.width = image.width;
      canvas.height = image.height;
      const context = canvas.getContext('2d')!;
      context.drawImage(image, 0, 0);
      const pixels = context.getImageData(0, 0, image.width, image.height).data;
      const corner = [...pixels.subarray(0, 4)];
      let inked = 0;
      const [cx, cy] = [image.width / 2, image.height / 2];
      for (let y = Math.floor(cy - radius); y < cy + radius; y++) {
        for (let x = Math.floor(cx - radius); x < cx + radius; x++) {
          if (Math.hypot(x - cx, y - cy) > radius) continue;
          const at = 4 * (y * image.width + x);
          if (Math.abs(pixels[at] - corner[0]) + Math.abs(pixels[at + 1] - corner[1]) > 60) inked += 1;
        }
      }
      return { corner, inked };
    },
    { base64: bytes.toString('base64'), radius },
  );
}

async function savedBytes(download: Download): Promise<Buffer> {
  return fs.readFileSync((await download.path())!);
}

describeInBrowser('export, print and drawing (Chromium)', () => {
  let api: TestServer;
  let browser: Browser;
  let adminToken: string;

  beforeAll(async () => {
    [api, browser] = await Promise.all([startTestServer({ demoData: true, now: NOW }), launchBrowser()]);
    adminToken = await api.token({ roles: ['admin'] });
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  const widgetPage = (scripts: string[], body: string, viewport = { width: 1280, height: 900 }) =>
    openPage(browser, api.url, hostPage({ scripts: scripts.map((tag) => `/widgets/${tag}.js`), body }), { viewport });

  test('"Download PNG" saves the chart as drawn, at 2×, opaque, named after organization, type and cycle', async () => {
    const { page, context, errors } = await widgetPage(
      ['mp-usage-chart'],
      `<mp-usage-chart token="${adminToken}" locale="en-US"></mp-usage-chart>`,
    );
    const chart = page.locator('mp-usage-chart');
    await chart.locator('canvas').first().waitFor();
    const button = chart.getByRole('button', { name: 'Download PNG' });
    expect(await button.getAttribute('type')).toBe('button');

    const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
    expect(download.suggestedFilename()).toBe('acme-corporation-voice-current-cycle.png');
    const bytes = await savedBytes(download);
    const css = await chartSize(chart);
    expect(css.width).toBeGreaterThan(600);
    expect(pngSize(bytes)).toEqual({ width: 2 * css.width, height: 2 * css.height });
    // The card's surface (light theme: white), not a transparent background.
    expect((await readPng(page, bytes, 0)).corner).toEqual([255, 255, 255, 255]);

    // From the keyboard, after another type is chosen: the name follows the type.
    await chart.locator('select').selectOption('MESSAGE');
    await chart.locator('h2', { hasText: 'Message Usage for The Current Cycle' }).waitFor();
    await button.focus();
    const [messageDownload] = await Promise.all([page.waitForEvent('download'), page.keyboard.press('Enter')]);
    expect(messageDownload.suggestedFilename()).toBe('acme-corporation-message-current-cycle.png');
    expect(errors).toEqual([]);
    await context.close();
  });

  test('"Download PNG" on the pie saves the ring with its centre figure, at 2×', async () => {
    const { page, context, errors } = await widgetPage(
      ['mp-utilization-pie'],
      `<mp-utilization-pie token="${adminToken}" locale="en-US"></mp-utilization-pie>`,
    );
    const pie = page.locator('mp-utilization-pie');
    await pie.locator('.open-details canvas').first().waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      pie.getByRole('button', { name: 'Download PNG' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe('acme-corporation-number-utilization.png');
    const bytes = await savedBytes(download);
    const css = await chartSize(pie);
    expect(pngSize(bytes)).toEqual({ width: 2 * css.width, height: 2 * css.height });
    // Inside the hole only the centre figure is drawn: without it, these pixels would all be background.
    const holeRadius = 2 * 0.4 * (Math.min(css.width, css.height) / 2);
    const { corner, inked } = await readPng(page, bytes, holeRadius);
    expect(corner).toEqual([255, 255, 255, 255]);
    expect(inked).toBeGreaterThan(200);
    // The details modal did not open: the button is not the pie.
    expect(await pie.locator('mp-utilization-details dialog[open]').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('printed, the dashboard has no controls, one column, whole cards, and charts at the printed width', async () => {
    const { page, context, errors } = await widgetPage(
      ['mp-dashboard'],
      `<mp-dashboard token="${adminToken}" locale="en-US"></mp-dashboard>`,
    );
    await page.locator('mp-usage-chart canvas').first().waitFor();
    await page.locator('mp-utilization-pie .open-details canvas').first().waitFor();
    await page.locator('mp-usage-report [part="range"]').waitFor();
    await page.locator('mp-alerts').waitFor();
    const chart = page.locator('mp-usage-chart');
    const screenChartWidth = (await chartSize(chart)).width;

    /** Every control the widgets show (through their shadow roots), and each widget's box and card style. */
    const layout = () =>
      page.locator('mp-dashboard').evaluate((dashboard: Element) => {
        const controls: string[] = [];
        const walk = (root: Element | ShadowRoot) => {
          for (const element of root.querySelectorAll('*')) {
            if (element.matches('button, select, input, textarea') && element.checkVisibility()) {
              controls.push(`${element.localName}[${element.getAttribute('part') ?? ''}]`);
            }
            if (element.shadowRoot) walk(element.shadowRoot);
          }
        };
        walk(dashboard.shadowRoot!);
        const widgets = [...dashboard.shadowRoot!.querySelectorAll('.layout > [part]')].map((widget) => {
          const box = widget.getBoundingClientRect();
          const card = widget.shadowRoot?.querySelector('.card');
          return {
            part: widget.getAttribute('part'),
            left: box.left,
            width: box.width,
            top: box.top,
            bottom: box.bottom,
            breakInside: getComputedStyle(widget).breakInside,
            cardBreakInside: card ? getComputedStyle(card).breakInside : null,
          };
        });
        return { controls, widgets };
      });

    const onScreen = await layout();
    expect(onScreen.controls).toEqual(expect.arrayContaining(['button[download-button]', 'select[select]']));
    // On screen, at 1280 px, the pie sits beside the chart.
    const screenLefts = new Set(onScreen.widgets.map((widget) => widget.left));
    expect(screenLefts.size).toBeGreaterThan(1);

    await page.emulateMedia({ media: 'print' });
    const printed = await layout();
    expect(printed.controls).toEqual([]);
    const [header, ...widgets] = printed.widgets;
    expect(header.part).toBe('header');
    expect(widgets.map((widget) => widget.part)).toEqual([
      'current-cycle',
      'usage-chart',
      'utilization-pie',
      'past-cycle',
      'all-time',
      'usage-report',
      'alerts',
    ]);
    for (const [index, widget] of printed.widgets.entries()) {
      // One column: the same left edge and width, each below the one before.
      expect(widget.left).toBe(header.left);
      expect(widget.width).toBe(header.width);
      if (index > 0) expect(widget.top).toBeGreaterThanOrEqual(printed.widgets[index - 1].bottom);
      if (index > 0) expect(widget.breakInside).toBe('avoid');
      if (index > 0) expect(widget.cardBreakInside).toBe('avoid');
    }
    // The chart is redrawn at its printed width (the whole page's, wider than its screen column), not cut.
    expect((await chartSize(chart)).width).toBeGreaterThan(screenChartWidth);
    const canvasMatchesContainer = () =>
      chart.evaluate((element: Element) => {
        const container = element.shadowRoot!.querySelector<HTMLElement>('.chart')!;
        const canvas = container.querySelector('canvas')!;
        return Math.abs(canvas.getBoundingClientRect().width - container.clientWidth) <= 1;
      });
    expect(await eventually(canvasMatchesContainer, true)).toBe(true);

    await page.emulateMedia({ media: 'screen' });
    expect((await layout()).controls).toEqual(onScreen.controls);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('the chart heading and its button are in Spanish for es-MX', async () => {
    const { page, context, errors } = await widgetPage(
      ['mp-usage-chart'],
      `<mp-usage-chart token="${adminToken}" locale="es-MX"></mp-usage-chart>`,
    );
    const chart = page.locator('mp-usage-chart');
    await chart.locator('canvas').first().waitFor();
    expect(await chart.locator('h2').innerText()).toBe('Uso de minutos del ciclo actual');
    expect(await chart.locator('[part="download-button"]').innerText()).toBe('Descargar PNG');
    await chart.locator('select').selectOption('DATA');
    expect(await eventually(() => chart.locator('h2').innerText(), 'Uso de datos del ciclo actual')).toBe(
      'Uso de datos del ciclo actual',
    );
    // The file name stays the same in every language.
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      chart.locator('[part="download-button"]').click(),
    ]);
    expect(download.suggestedFilename()).toBe('acme-corporation-data-current-cycle.png');
    expect(errors).toEqual([]);
    await context.close();
  });

  test("the projection draws each later day's expected(d), so weekends look like weekends", async () => {
    const body = await api.query(
      `query ($id: ID!) { organization(id: $id) { timezone
        current: cycle(period: CURRENT) { start end voiceSeries: series(type: VOICE) { date billableSeconds } }
        past: cycle(period: PAST) { voiceSeries: series(type: VOICE) { date billableSeconds } } } }`,
      { id: api.demoOrgId },
      adminToken,
    );
    expect(body.errors).toBeUndefined();
    const { timezone, current, past } = body.data.organization;
    const minutesOn = new Map<string, number>(
      [...past.voiceSeries, ...current.voiceSeries].map((point: any) => [point.date, point.billableSeconds / 60]),
    );
    const today = current.voiceSeries.at(-1).date;
    expect(today).toBe('2026-11-15');
    // DESIGN §5: the mean of the 4 most recent complete days with d's weekday (the demo's usage began a
    // year ago, so all four exist, within the two cycles' series).
    const weekday = (day: string) => new Date(`${day}T00:00:00Z`).getUTCDay();
    const expected = (day: string) => {
      const fourWeeks = Array.from({ length: 28 }, (_, back) => addDays(today, -(back + 1)));
      const recent = fourWeeks.filter((complete) => weekday(complete) === weekday(day));
      expect(recent.every((complete) => minutesOn.has(complete))).toBe(true);
      return recent.reduce((sum, complete) => sum + minutesOn.get(complete)!, 0) / recent.length;
    };
    const days = cycleDays(current.start, current.end, timezone);
    const todayIndex = days.indexOf(today);
    const later = days.slice(todayIndex + 1);
    expect(later).toHaveLength(15);

    const { page, context, errors } = await widgetPage(
      ['mp-usage-chart'],
      `<mp-usage-chart token="${adminToken}" locale="en-US"></mp-usage-chart>`,
    );
    const chart = page.locator('mp-usage-chart');
    await chart.locator('canvas').first().waitFor();
    const projection = (): Promise<(number | null)[]> =>
      chart.evaluate((element: any) =>
        (
          element.chart.chart.getOption().series.find((series: any) => series.name === 'Projected billable')?.data ?? []
        ).map((value: unknown) => value ?? null),
      );
    expect(await eventually(async () => (await projection()).length, days.length)).toBe(days.length);
    const drawn = await projection();
    expect(drawn.slice(0, todayIndex)).toEqual(Array(todayIndex).fill(null));
    // It starts at today's measured point.
    expect(drawn[todayIndex]).toBeCloseTo(minutesOn.get(today)!, 9);
    later.forEach((day, index) => expect(drawn[todayIndex + 1 + index]).toBeCloseTo(expected(day), 9));
    // Demo usage is busier on weekdays: Saturday 11-21 and Sunday 11-22 sit well below Wednesday 11-18.
    const on = (day: string) => drawn[days.indexOf(day)]!;
    expect(on('2026-11-21')).toBeLessThan(on('2026-11-18') / 2);
    expect(on('2026-11-22')).toBeLessThan(on('2026-11-18') / 2);
    expect(errors).toEqual([]);
    await context.close();
  });

  // es-ES writes the widest share, "87,3 %" (a space before the sign).
  test.each(['en-US', 'es-MX', 'es-ES', 'pt-BR'])(
    "the pie's centre text fits inside its hole in %s",
    async (locale) => {
      const widths = [180, 240, 320, 640];
      const { page, context, errors } = await widgetPage(
        ['mp-utilization-pie'],
        widths
          .map(
            (width) =>
              `<div style="width:${width}px">` +
              `<mp-utilization-pie token="${adminToken}" locale="${locale}"></mp-utilization-pie></div>`,
          )
          .join(''),
      );
      await page
        .locator('mp-utilization-pie .open-details canvas')
        .nth(widths.length - 1)
        .waitFor();
      const figures = await api.query(
        `query ($id: ID!) { organization(id: $id) { numberUtilization { inUse total } } }`,
        { id: api.demoOrgId },
        adminToken,
      );
      const { inUse, total } = figures.data.organization.numberUtilization;
      const share = formatPercent((100 * inUse) / total, locale);
      const pies = page.locator('mp-utilization-pie');
      for (let index = 0; index < widths.length; index++) {
        const fit = await pies.nth(index).evaluate((element: any) => {
          const chart = element.renderRoot.querySelector('.chart').getBoundingClientRect();
          const option = element.chart.chart.getOption();
          // The hole: the smallest inner radius drawn (the threshold tick reaches further in than the ring).
          const innerPercent = Math.min(...option.series.map((series: any) => parseFloat(series.radius[0])));
          const radius = ((innerPercent / 100) * Math.min(chart.width, chart.height)) / 2;
          const [cx, cy] = [chart.left + chart.width / 2, chart.top + chart.height / 2];
          const texts = [...element.renderRoot.querySelectorAll('.center > *')].map((text: Element) => {
            const range = document.createRange();
            range.selectNodeContents(text);
            const box = range.getBoundingClientRect();
            const corners = [
              [box.left, box.top],
              [box.right, box.top],
              [box.left, box.bottom],
              [box.right, box.bottom],
            ];
            return {
              text: (text.textContent ?? '').trim(),
              farthest: Math.max(...corners.map(([x, y]) => Math.hypot(x - cx, y - cy))),
            };
          });
          return { radius, texts };
        });
        expect(fit.texts[0].text).toBe(share);
        expect(fit.radius).toBeGreaterThan(20);
        for (const text of fit.texts) {
          expect({ width: widths[index], text: text.text, inside: text.farthest <= fit.radius }).toEqual({
            width: widths[index],
            text: text.text,
            inside: true,
          });
        }
      }
      expect(errors).toEqual([]);
      await context.close();
    },
  );
});
