/**
 * Headless Chromium for the widget tests: Debian's /usr/bin/chromium driven by playwright-core,
 * never a downloaded browser. Without it the browser suites skip with a warning, unless
 * REQUIRE_BROWSER=1, when they fail.
 */
import fs from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';

export const CHROMIUM_PATH = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
];

/** How to get Chromium, named in both messages below. */
const CHROMIUM_INSTALL = 'apt-get install -y chromium';

function browserAvailable(): boolean {
  if (fs.existsSync(CHROMIUM_PATH)) return true;
  if (process.env.REQUIRE_BROWSER === '1') {
    throw new Error(`REQUIRE_BROWSER=1 but there is no Chromium at ${CHROMIUM_PATH} (${CHROMIUM_INSTALL})`);
  }
  console.warn(
    `Widget browser tests skipped: no Chromium at ${CHROMIUM_PATH} (${CHROMIUM_INSTALL}, or set CHROMIUM_PATH).`,
  );
  return false;
}

/** `describe` when Chromium is there, else `describe.skip` (or a failure with REQUIRE_BROWSER=1). */
export const describeInBrowser: jest.Describe = browserAvailable() ? describe : describe.skip;

/** One browser per test file; playwright gives each launch a fresh temporary profile. */
export function launchBrowser(): Promise<Browser> {
  return chromium.launch({ executablePath: CHROMIUM_PATH, headless: true, args: CHROMIUM_ARGS });
}

/** Collects uncaught page errors so a test can assert there were none. */
export function trackPageErrors(page: Page): string[] {
  const errors: string[] = [];
  page.on('pageerror', (error) => errors.push(error.message));
  return errors;
}

/**
 * Serves `html` at `path` on the API's own origin (intercepted by the browser, so no test code runs
 * in the server) while scripts and /graphql still come from the real API.
 */
export async function openPage(
  browser: Browser,
  origin: string,
  html: string,
  options: {
    path?: string;
    viewport?: { width: number; height: number };
    reducedMotion?: 'reduce' | 'no-preference';
    /** The system colour scheme the page sees (prefers-color-scheme); default light. */
    colorScheme?: 'light' | 'dark';
    beforeLoad?: (page: Page) => void;
  } = {},
) {
  const context = await browser.newContext({
    viewport: options.viewport ?? { width: 1280, height: 900 },
    reducedMotion: options.reducedMotion ?? 'reduce',
    colorScheme: options.colorScheme ?? 'light',
  });
  const page = await context.newPage();
  const errors = trackPageErrors(page);
  const url = `${origin}${options.path ?? '/__widget-test.html'}`;
  await page.route(url, (route) => route.fulfill({ status: 200, contentType: 'text/html; charset=utf-8', body: html }));
  options.beforeLoad?.(page);
  await page.goto(url);
  return { page, context, errors };
}

/** Every mp- event the widgets fire: hostPage() logs them all. */
const MP_EVENT_TYPES = [
  'mp-threshold-change',
  'mp-numbers-requested',
  'mp-error',
  'mp-usage-type-change',
  'mp-details-open',
  'mp-details-close',
  'mp-report-download',
  'mp-alerts-change',
];

/** A minimal host page: the given scripts and body, and a log of every mp- event on window.mpEvents. */
export function hostPage(options: { scripts: string[]; body: string; head?: string }): string {
  const types = MP_EVENT_TYPES.map((type) => `'${type}'`).join(', ');
  const logEvent = 'window.mpEvents.push({ type, detail: event.detail, target: event.target.localName })';
  return `<!doctype html><html lang="en"><head><meta charset="utf-8"><title>widget test</title>${options.head ?? ''}
<script>
  window.mpEvents = [];
  for (const type of [${types}]) {
    document.addEventListener(type, (event) => ${logEvent});
  }
</script>
${options.scripts.map((src) => `<script type="module" src="${src}"></script>`).join('\n')}
</head><body>${options.body}</body></html>`;
}

/** The mp- events the page saw so far. */
export function mpEvents(page: Page): Promise<{ type: string; detail: any; target: string }[]> {
  return page.evaluate(
    () => (window as unknown as { mpEvents: { type: string; detail: any; target: string }[] }).mpEvents,
  );
}

/** The element that has focus, looking through shadow roots: its tag, id, class and part. */
export function deepActiveElement(page: Page): Promise<string> {
  return page.evaluate(() => {
    let active: Element | null = document.activeElement;
    while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
    if (!active) return '';
    return (
      `${active.localName}#${active.id}.${[...active.classList].join('.')}` +
      `[part=${active.getAttribute('part') ?? ''}]`
    );
  });
}

/**
 * Reads a value until it equals `expected` (or `timeout` passes) and returns the last reading, so
 * `expect(await eventually(...)).toEqual(expected)` waits for async renders and still fails readably.
 */
export async function eventually<T>(read: () => Promise<T>, expected: T, timeout = 10_000): Promise<T> {
  const deadline = Date.now() + timeout;
  let value = await read();
  while (JSON.stringify(value) !== JSON.stringify(expected) && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    value = await read();
  }
  return value;
}
