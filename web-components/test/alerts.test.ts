/**
 * <mp-alerts> in headless Chromium against the real API (DESIGN §7): an admin adds, edits and deletes a
 * usage alert and adds a webhook (its secret shown once), sends a test that a real receiver gets and
 * the log then shows; a viewer reads only; keyboard use; axe finds nothing; the dashboard shows the
 * alerts to admins only; Manage Threshold saves the re-alert policy.
 */
import type { Browser, Page } from 'playwright-core';
import { WebhookReceiver } from '../../api/test/webhook-receiver';
import { startTestServer, type TestServer } from './support/api';
import { axeViolations } from './support/a11y';
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

describeInBrowser('mp-alerts (Chromium)', () => {
  let api: TestServer;
  let browser: Browser;
  let receiver: WebhookReceiver;
  let admin: string;
  let viewer: string;

  beforeAll(async () => {
    receiver = await WebhookReceiver.start();
    [api, browser] = await Promise.all([
      startTestServer({ demoData: true, dispatcher: true, config: { webhookAllowPrivate: true } }),
      launchBrowser(),
    ]);
    admin = await api.token({ roles: ['admin'] });
    viewer = await api.token({ roles: ['viewer'] });
  });
  afterAll(async () => {
    await browser?.close();
    await api?.close();
    await receiver?.close();
  });

  const open = (
    token: string,
    body = `<mp-alerts token="${token}" locale="${LOCALE}"></mp-alerts>`,
    script = 'mp-alerts',
  ) =>
    openPage(
      browser,
      api.url,
      hostPage({ scripts: [`/widgets/${script}.js`], body: `<main><h1>Test</h1>${body}</main>` }),
    );
  const texts = (page: Page, selector: string) => page.locator(selector).allInnerTexts();

  it('lets an admin add, edit and delete a usage alert, with inline errors and announcements', async () => {
    const { page, context, errors } = await open(admin);
    await page.getByText('No usage alerts yet.').waitFor();
    await page.getByRole('button', { name: 'Add usage alert' }).click();
    expect(await deepActiveElement(page)).toBe('input#alert-threshold.[part=]');
    await page.getByLabel('Threshold (minutes)').fill('ten');
    await page.getByRole('button', { name: 'Save alert' }).click();
    await page.getByText('Enter a whole number of 1 or more.').waitFor();
    expect(await page.locator('#alert-threshold').getAttribute('aria-invalid')).toBe('true');
    await page.getByLabel('Threshold (minutes)').fill('10000');
    await page.getByLabel('Compare with').selectOption('FORECAST');
    await page.getByRole('button', { name: 'Save alert' }).click();
    await page.getByText('Voice forecast reaches 10,000 minutes').waitFor();
    expect(await texts(page, 'mp-alerts [part="notice"]')).toEqual(['Usage alert added.']);

    await page.getByRole('button', { name: 'Edit alert: Voice forecast reaches 10,000 minutes' }).click();
    await page.getByLabel('Threshold (minutes)').fill('12000');
    await page.getByLabel('Enabled').uncheck();
    await page.getByRole('button', { name: 'Save alert' }).click();
    await page.getByText('Voice forecast reaches 12,000 minutes').waitFor();
    expect(await texts(page, 'mp-alerts [part="alert"] .badge')).toEqual(['Off']);
    const stored = await api.query(
      `query($id: ID!) { organization(id: $id) { usageAlerts { type threshold basis enabled } } }`,
      { id: api.demoOrgId },
      admin,
    );
    expect(stored.data.organization.usageAlerts).toEqual([
      { type: 'VOICE', threshold: 12000, basis: 'FORECAST', enabled: false },
    ]);

    await page.getByRole('button', { name: 'Delete alert: Voice forecast reaches 12,000 minutes' }).click();
    await page
      .getByRole('group', { name: 'Delete alert: Voice forecast reaches 12,000 minutes?' })
      .getByRole('button', { name: 'Delete' })
      .click();
    await page.getByText('No usage alerts yet.').waitFor();
    const events = (await mpEvents(page)).filter((e) => e.type === 'mp-alerts-change');
    expect(events.map((e) => `${e.detail.kind} ${e.detail.action}`)).toEqual([
      'usage-alert created',
      'usage-alert updated',
      'usage-alert deleted',
    ]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('adds a webhook showing its secret once, sends a test the receiver verifies, and logs it', async () => {
    const { page, context, errors } = await open(admin);
    await page.getByLabel('Webhook URL').fill('ftp://hooks.example.com');
    await page.getByRole('button', { name: 'Add webhook' }).click();
    await page.getByText('The URL must start with https://.').waitFor();
    const url = `${receiver.url}/widget-hook`;
    await page.getByLabel('Webhook URL').fill(url);
    await page.getByRole('button', { name: 'Add webhook' }).click();
    const secret = (await page.locator('mp-alerts [part="secret-value"]').innerText()).trim();
    expect(secret).toMatch(/^whsec_[A-Za-z0-9_-]{43}$/);
    receiver.secrets.set('/widget-hook', secret);
    expect(await texts(page, 'mp-alerts [part="webhook"] .muted >> nth=0')).toEqual([
      `Secret whsec_…${secret.slice(-4)}`,
    ]);
    await page.getByRole('button', { name: 'Done' }).click();
    expect(await page.locator('mp-alerts [part="secret"]').count()).toBe(0);

    await page.getByRole('button', { name: `Send test to ${url}` }).click();
    await page.getByText('Test event queued.').waitFor();
    await eventually(async () => receiver.received.filter((r) => r.path === '/widget-hook').length, 1);
    expect(receiver.rejected).toEqual([]);
    expect(receiver.received.find((r) => r.path === '/widget-hook')!.body.type).toBe('webhook.test');
    await page.getByRole('button', { name: `Edit webhook ${url}` }).click();
    await page.getByLabel('Send events to this webhook').uncheck();
    await page.getByRole('button', { name: 'Save webhook' }).click();
    await page.getByText('Webhook saved.').waitFor();
    expect(await page.getByRole('button', { name: `Send test to ${url}` }).isDisabled()).toBe(true);
    await page.getByRole('button', { name: `Edit webhook ${url}` }).click();
    await page.getByLabel('Send events to this webhook').check();
    await page.getByRole('button', { name: 'Save webhook' }).click();
    await page.getByText('Webhook saved.').waitFor();
    await page.reload();
    const row = page.locator('mp-alerts [part="delivery"]');
    await row.first().waitFor();
    expect((await row.first().locator('td').allInnerTexts()).slice(0, 4)).toEqual([
      'webhook.test',
      'Delivered',
      '1',
      '200',
    ]);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('is usable by keyboard alone', async () => {
    const { page, context } = await open(admin);
    await page.getByText('No usage alerts yet.').waitFor();
    await page.getByRole('button', { name: 'Add usage alert' }).focus();
    await page.keyboard.press('Enter');
    expect(await deepActiveElement(page)).toBe('input#alert-threshold.[part=]');
    await page.keyboard.type('500');
    await page.keyboard.press('Enter'); // submits the form
    await page.getByText('Voice usage reaches 500 minutes').waitFor();
    await context.close();
  });

  it('shows a viewer the alerts and webhooks without any control to change them', async () => {
    const { page, context, errors } = await open(viewer);
    await page.locator('mp-alerts [part="webhook"]').first().waitFor();
    expect(await page.getByText('Voice usage reaches 500 minutes').count()).toBe(1);
    for (const name of ['Add usage alert', 'Add webhook', 'Edit', 'Delete', 'Send test']) {
      expect(await page.getByRole('button', { name }).count()).toBe(0);
    }
    expect(errors).toEqual([]);
    await context.close();
  });

  it('shows the states: signed out and forbidden', async () => {
    const { page, context } = await open('', '<mp-alerts></mp-alerts>');
    await page.locator('mp-alerts [data-state="unauthenticated"]').waitFor();
    await context.close();
    const ingest = await api.token({ roles: ['ingest'] });
    const forbidden = await open(ingest);
    await forbidden.page.locator('mp-alerts [data-state="forbidden"]').waitFor();
    await forbidden.context.close();
  });

  it('sits in the dashboard for admins only', async () => {
    const asAdmin = await open(
      admin,
      `<mp-dashboard token="${admin}" locale="${LOCALE}"></mp-dashboard>`,
      'mp-dashboard',
    );
    await asAdmin.page.locator('mp-dashboard mp-alerts [part="webhooks"]').waitFor();
    await asAdmin.context.close();
    const asViewer = await open(
      viewer,
      `<mp-dashboard token="${viewer}" locale="${LOCALE}"></mp-dashboard>`,
      'mp-dashboard',
    );
    await asViewer.page.locator('mp-dashboard [part="title"]').waitFor();
    await asViewer.page.locator('mp-cycle-card[period="all-time"] [data-figure="Total Voice"]').waitFor();
    expect(await asViewer.page.locator('mp-dashboard mp-alerts').count()).toBe(0);
    await asViewer.context.close();
  });

  it('lets Manage Threshold choose the re-alert policy', async () => {
    const { page, context } = await open(
      admin,
      `<mp-utilization-details open token="${admin}" locale="${LOCALE}"></mp-utilization-details>`,
      'mp-utilization-details',
    );
    await page.locator('mp-utilization-details [part="edit-threshold-button"]').click();
    await page.getByLabel('One daily digest of further assignments').check();
    await page.getByRole('button', { name: 'Save' }).click();
    await page.locator('mp-utilization-details [part="edit-threshold-button"]').waitFor();
    const saved = await api.query(
      `query($id: ID!) { organization(id: $id) { utilizationThreshold { policy } } }`,
      { id: api.demoOrgId },
      admin,
    );
    expect(saved.data.organization.utilizationThreshold.policy).toBe('DAILY_DIGEST');
    await page.locator('mp-utilization-details [part="edit-threshold-button"]').click();
    expect(await page.getByLabel('One daily digest of further assignments').isChecked()).toBe(true);
    await context.close();
  });
});
