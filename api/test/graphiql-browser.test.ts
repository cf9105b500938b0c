/**
 * GraphiQL at /graphql in headless Chromium, on a demo server: the editor comes up with the example
 * tabs and the demo token in the headers editor, a typed query runs and shows its result, the docs
 * explorer shows the schema's types, autocomplete offers the schema's fields, and no request the
 * page (or its workers) makes leaves 127.0.0.1.
 */
import fs from 'node:fs';
import type { Browser, BrowserContext, Page } from 'playwright-core';
import {
  describeInBrowser,
  eventually,
  launchBrowser,
  trackPageErrors,
} from '../../web-components/test/support/browser';
import { GRAPHIQL_PAGE } from '../src/common/paths';
import { startTestServer, type TestServer } from './harness';

/** The visible text of the Monaco editor inside `section`, with Monaco's non-breaking spaces as spaces. */
const editorText = (page: Page, section: string) =>
  page
    .locator(`${section} .monaco-editor .view-lines`)
    .first()
    .innerText()
    .then((text) => text.replace(/\u00a0/g, ' '));

/** What the autocomplete test types, as the editor holds it once Monaco has closed the braces. */
const TYPED_FOR_AUTOCOMPLETE = '{ organization(id: "1") { numberU}}';
/** The typed operation as it appears inside GraphiQL's stored (JSON) tab state. */
const TYPED_JSON = JSON.stringify(TYPED_FOR_AUTOCOMPLETE).slice(1, -1);

describeInBrowser('GraphiQL (Chromium)', () => {
  let api: TestServer;
  let browser: Browser;
  let context: BrowserContext;
  let page: Page;
  let errors: string[];
  const requested: string[] = [];

  beforeAll(async () => {
    if (!fs.existsSync(GRAPHIQL_PAGE)) throw new Error('GraphiQL is not built: npm test builds it first (pretest)');
    [api, browser] = await Promise.all([startTestServer({ demoData: true }), launchBrowser()]);
    context = await browser.newContext({ viewport: { width: 1400, height: 900 } });
    // Every request of every page and worker in this context, whatever its scheme.
    context.on('request', (request) => requested.push(request.url()));
    page = await context.newPage();
    errors = trackPageErrors(page);
    const schemaLoaded = page.waitForResponse(
      (response) =>
        response.url().endsWith('/graphql') && /IntrospectionQuery/.test(response.request().postData() ?? ''),
    );
    await page.goto(`${api.url}/graphql`);
    await page.locator('.graphiql-query-editor .monaco-editor').waitFor({ timeout: 30_000 });
    expect((await schemaLoaded).status()).toBe(200);
  });

  afterAll(async () => {
    await context?.close();
    await browser?.close();
    await api?.close();
  });

  it('opens the example operations as tabs, the demo token in the headers editor', async () => {
    expect(await page.locator('.graphiql-tab').allInnerTexts()).toEqual([
      'Dashboard',
      'UsageReport',
      'RecordUsage',
      'SetPlan',
    ]);
    expect(await editorText(page, '.graphiql-query-editor')).toContain('query Dashboard {');
    const headers = JSON.parse(await editorText(page, '.graphiql-editor-tool .graphiql-editor:not(.hidden)'));
    expect(headers).toEqual({ Authorization: `Bearer ${api.server.demoToken}` });
  });

  it('runs a typed query in a new tab and shows the result', async () => {
    await page.locator('.graphiql-tab-add').click();
    await eventually(() => page.locator('.graphiql-tab').count(), 5);
    const typed = 'query Me { viewer { roles organization { name } } }';
    // On a busy machine the new tab's editor may not take the first keystrokes: type until it holds them.
    const holdsTyped = async () => (await editorText(page, '.graphiql-query-editor')).trim() === typed;
    for (let attempt = 0; attempt < 5 && !(await holdsTyped()); attempt++) {
      await page.locator('.graphiql-query-editor .monaco-editor').click();
      await page.keyboard.press('ControlOrMeta+A');
      await page.keyboard.insertText(typed);
      await eventually(holdsTyped, true, 2000);
    }
    expect(await holdsTyped()).toBe(true);
    const result = page.locator('.result-window .monaco-editor .view-lines');
    // Monaco renders the answer in pieces; read it until it parses as the expected JSON.
    const expected = { data: { viewer: { roles: ['admin'], organization: { name: 'Acme Corporation' } } } };
    const answer = async () => {
      try {
        return JSON.stringify(JSON.parse((await result.innerText()).replace(/\u00a0/g, ' ')));
      } catch {
        return null;
      }
    };
    // A click while GraphiQL is still busy (loading the schema) can be dropped: run again until it answers.
    let shown: string | null = null;
    for (let attempt = 0; attempt < 4 && shown !== JSON.stringify(expected); attempt++) {
      await page.locator('.graphiql-execute-button').click();
      shown = await eventually(answer, JSON.stringify(expected), 5000);
    }
    expect(shown ?? (await result.innerText())).toBe(JSON.stringify(expected));
  });

  it('offers the schema: its fields in autocomplete, its types in the docs explorer', async () => {
    await page.locator('.graphiql-query-editor .monaco-editor').click();
    await page.keyboard.press('ControlOrMeta+A');
    await page.keyboard.insertText(TYPED_FOR_AUTOCOMPLETE.replace(/}+$/, ''));
    await page.keyboard.press('Control+Space');
    await page.locator('.suggest-widget .monaco-list-row', { hasText: 'numberUtilization' }).waitFor();

    await page.getByRole('button', { name: 'Show Documentation Explorer' }).click();
    const docs = page.locator('.graphiql-doc-explorer');
    await docs.getByText('Query', { exact: true }).click();
    await docs.getByText('Organization', { exact: true }).first().click();
    await docs.getByText('numberUtilization').first().waitFor();
    expect(await docs.locator('.graphiql-doc-explorer-title').innerText()).toBe('Organization');
  });

  it('after a reload keeps the tabs, each with the demo token, which is never stored', async () => {
    const tabs = await page.locator('.graphiql-tab').allInnerTexts();
    // GraphiQL stores the active operation a moment after the last keystroke (a reload before that
    // opens it again in a tab of its own): wait until it has.
    const storedOperation = () => page.evaluate(() => window.localStorage.getItem('graphiql:query'));
    expect(await eventually(storedOperation, TYPED_FOR_AUTOCOMPLETE)).toBe(TYPED_FOR_AUTOCOMPLETE);
    // The tabs are stored separately, also a moment later: wait until they hold the typed operation.
    const tabsStored = () =>
      page.evaluate((typed) => (window.localStorage.getItem('graphiql:tabState') ?? '').includes(typed), TYPED_JSON);
    expect(await eventually(tabsStored, true)).toBe(true);
    await page.reload();
    await page.locator('.graphiql-query-editor .monaco-editor').waitFor({ timeout: 30_000 });
    expect(await page.locator('.graphiql-tab').allInnerTexts()).toEqual(tabs);
    await page.locator('.graphiql-tab', { hasText: 'UsageReport' }).click();
    expect(await editorText(page, '.graphiql-query-editor')).toContain('query UsageReport {');
    await page.getByRole('button', { name: 'Headers' }).click();
    const headers = JSON.parse(await editorText(page, '.graphiql-editor-tool .graphiql-editor:not(.hidden)'));
    expect(headers).toEqual({ Authorization: `Bearer ${api.server.demoToken}` });
    const stored = await page.evaluate(() => JSON.stringify({ ...window.localStorage }));
    expect(stored).toContain('UsageReport');
    expect(stored).not.toContain(api.server.demoToken!);
  });

  it('made no request to another host, and threw nothing', async () => {
    const origin = new URL(api.url).origin;
    expect(new URL(api.url).hostname).toBe('127.0.0.1');
    const network = requested.filter((url) => !/^(data|blob):/.test(url));
    expect(network.filter((url) => new URL(url).origin !== origin)).toEqual([]);
    // The page, its bundle, Monaco's workers and GraphQL itself all came from the API.
    expect(network.some((url) => url.includes('/graphiql-assets/') && url.includes('.worker-'))).toBe(true);
    expect(errors).toEqual([]);
  });
});
