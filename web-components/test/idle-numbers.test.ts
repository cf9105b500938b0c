/**
 * DESIGN §10 idle numbers in the details, in headless Chromium against the real API with a pinned clock:
 * the sentence beside Request More Numbers and the list, against figures this test works out from the
 * users it adds and the events it records. Lima Co runs on America/Lima (UTC−5): at 2027-03-31 10:00
 * local the last 30 days began at 2027-03-02 00:00 local (05:00 UTC).
 */
import type { Browser } from 'playwright-core';
import { startTestServer, type TestServer } from './support/api';
import { describeInBrowser, hostPage, launchBrowser, openPage } from './support/browser';

const ZONE = 'America/Lima';
const QUERY_TIME = new Date('2027-03-31T15:00:00Z');
const ADDED_BEFORE = '2027-01-10T12:00:00Z';
/** 54 users added before the window, one inside it; the details list 50 of the 51 idle ones. */
const USERS_BEFORE = 54;

interface RecordedEvent {
  user: number;
  type: 'VOICE' | 'MESSAGE' | 'DATA';
  occurredAt: string;
  quantity: number;
  billable: boolean;
}

/** Used in the window: a call, a message of quantity 0, non-billable data; used just before it (23:55 local). */
const EVENTS: RecordedEvent[] = [
  { user: 0, type: 'VOICE', occurredAt: '2027-03-15T12:00:00Z', quantity: 120, billable: true },
  { user: 1, type: 'MESSAGE', occurredAt: '2027-03-20T12:00:00Z', quantity: 0, billable: true },
  { user: 2, type: 'DATA', occurredAt: '2027-03-31T13:00:00Z', quantity: 5000, billable: false },
  { user: 3, type: 'VOICE', occurredAt: '2027-03-02T04:55:00Z', quantity: 60, billable: true },
];

const localDay = (at: string | Date) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(new Date(at));

describeInBrowser('idle numbers in the details (Chromium)', () => {
  let api: TestServer;
  let browser: Browser;
  let clock = new Date('2027-01-05T12:00:00Z');
  let admin: string;
  const ids = { lima: '', branch: '', empty: '' };
  /** User index → its number (id, E.164) and email, in number id order. */
  const users: Array<{ numberId: string; number: string; email: string; userId: string; addedAt: string }> = [];

  async function ok(query: string, variables: Record<string, unknown> = {}, token = admin): Promise<any> {
    const body = await api.query(query, variables, token);
    if (body.errors) throw new Error(`unexpected errors: ${JSON.stringify(body.errors)}`);
    return body.data;
  }
  const createOrganization = async (input: Record<string, unknown>, token = admin) =>
    (
      await ok(
        `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`,
        { input: { adminEmails: ['admin@lima.example'], ...input } },
        token,
      )
    ).createOrganization.id as string;
  const addNumbers = async (organizationId: string, numbers: string[]) =>
    (
      await ok(`mutation($org: ID!, $n: [String!]!) { addNumbers(organizationId: $org, numbers: $n) { id number } }`, {
        org: organizationId,
        n: numbers,
      })
    ).addNumbers as Array<{ id: string; number: string }>;
  const assign = async (numberId: string, email: string) =>
    (await ok(`mutation { assignNumber(numberId: "${numberId}", email: "${email}") { user { id } } }`)).assignNumber
      .user.id as string;

  /** The users idle over the last 30 local days at QUERY_TIME, from what was added and recorded. */
  function expectedIdle() {
    const today = localDay(QUERY_TIME);
    const firstDay = new Date(Date.parse(`${today}T00:00:00Z`) - 29 * 86_400_000).toISOString().slice(0, 10);
    const startsAt = Date.parse(`${firstDay}T00:00:00-05:00`);
    return users.filter(
      (u, i) =>
        Date.parse(u.addedAt) < startsAt &&
        !EVENTS.some((e) => e.user === i && localDay(e.occurredAt) >= firstDay && localDay(e.occurredAt) <= today),
    );
  }

  beforeAll(async () => {
    [api, browser] = await Promise.all([startTestServer({ demoData: false, now: () => clock }), launchBrowser()]);
    const operator = await api.token({ roles: ['operator'], org: null });
    ids.lima = await createOrganization({ name: 'Lima Co', timezone: ZONE }, operator);
    admin = await api.token({ org: ids.lima, roles: ['admin'] });
    ids.branch = await createOrganization({ name: 'Branch', parentId: ids.lima });
    ids.empty = await createOrganization({ name: 'Empty', parentId: ids.lima });
    const numbers = await addNumbers(
      ids.lima,
      Array.from({ length: USERS_BEFORE + 1 }, (_, i) => `+1415555${String(1000 + i)}`),
    );
    const [branchNumber] = await addNumbers(ids.branch, ['+14155559900']);
    clock = new Date(ADDED_BEFORE);
    for (const [i, n] of numbers.entries()) {
      if (i === USERS_BEFORE) clock = new Date('2027-03-20T12:00:00Z');
      const email = `user${i}@lima.example`;
      users.push({
        numberId: n.id,
        number: n.number,
        email,
        userId: await assign(n.id, email),
        addedAt: clock.toISOString(),
      });
    }
    clock = new Date(ADDED_BEFORE);
    await assign(branchNumber.id, 'branch@lima.example');
    clock = QUERY_TIME;
    await ok(`mutation($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted } }`, {
      events: EVENTS.map((e, i) => ({
        id: `event-${i}`,
        organizationId: ids.lima,
        userId: users[e.user].userId,
        type: e.type,
        occurredAt: e.occurredAt,
        quantity: e.quantity,
        billable: e.billable,
      })),
    });
  }, 120_000);

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  const detailsPage = (organizationId: string, locale: string) =>
    openPage(
      browser,
      api.url,
      hostPage({
        scripts: ['/widgets/mp-utilization-details.js'],
        body: `<mp-utilization-details open token="${admin}" organization-id="${organizationId}" locale="${locale}">
          </mp-utilization-details>`,
      }),
    );

  test('says how many assigned numbers went unused for 30 days, beside Request More Numbers; lists them', async () => {
    const idle = expectedIdle();
    expect(idle).toHaveLength(51);
    expect(idle[0].email).toBe('user3@lima.example');
    const { page, context, errors } = await detailsPage(ids.lima, 'en-US');
    const actions = page.locator('mp-utilization-details dialog .actions');
    const summary = actions.locator('[part="idle-summary"]');
    await summary.waitFor();
    expect(await summary.innerText()).toBe('51 assigned numbers unused for 30 days');
    expect(await actions.locator('[part~="request-button"]').innerText()).toBe('Request More Numbers');
    const list = actions.locator('[part="idle-numbers"]');
    expect(await list.isVisible()).toBe(false);
    await summary.click();
    await list.waitFor();
    const shown = idle.slice(0, 50);
    expect(
      await list.locator('li').evaluateAll((items) => items.map((li) => li.getAttribute('data-number-id'))),
    ).toEqual(shown.map((u) => u.numberId));
    expect(await list.locator('.idle-number').allInnerTexts()).toEqual(shown.map((u) => u.number));
    expect(await list.locator('.muted').allInnerTexts()).toEqual(shown.map((u) => u.email));
    expect(await actions.locator('[data-idle-more]').innerText()).toBe('and 1 more');
    expect(errors).toEqual([]);
    await context.close();
  });

  test('one idle number, in Spanish: the singular; none: the sentence alone', async () => {
    const branch = await detailsPage(ids.branch, 'es');
    const summary = branch.page.locator('mp-utilization-details [part="idle-summary"]');
    await summary.waitFor();
    expect(await summary.innerText()).toBe('1 número asignado sin uso en 30 días');
    await summary.click();
    expect(await branch.page.locator('mp-utilization-details [part="idle-numbers"] li').allInnerTexts()).toEqual([
      '+14155559900 branch@lima.example',
    ]);
    expect(await branch.page.locator('mp-utilization-details [data-idle-more]').count()).toBe(0);
    expect(branch.errors).toEqual([]);
    await branch.context.close();

    const empty = await detailsPage(ids.empty, 'en-US');
    const sentence = empty.page.locator('mp-utilization-details [part="idle"]');
    await sentence.waitFor();
    expect(await sentence.innerText()).toBe('No assigned numbers unused for 30 days');
    expect(await empty.page.locator('mp-utilization-details [part="idle-numbers"]').count()).toBe(0);
    expect(empty.errors).toEqual([]);
    await empty.context.close();
  });
});
