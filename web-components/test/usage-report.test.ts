/**
 * <mp-usage-report> in Chromium against the real API (DESIGN §6): range presets and a custom range,
 * rows by user and by day, sorting, paging, the unattributed and totals rows, and Download CSV saved
 * to disk and parsed. Figures worked out by hand below.
 *
 * Report Co (UTC, cycles from the 1st), queried on 2027-01-20: the current cycle is 01-01..01-20.
 * u1 10 min on 01-05 and 1 message on 01-07; u2 2 min on 01-06 and 1 min on 2026-12-20 (past cycle);
 * u3 5 min on 01-07 and 2,000 bytes on 01-08; 4 messages without a user on 01-08.
 */
import fs from 'node:fs';
import type { Browser, Page } from 'playwright-core';
import { startTestServer, type TestServer } from './support/api';
import { describeInBrowser, eventually, hostPage, launchBrowser, mpEvents, openPage } from './support/browser';

const NOW = new Date('2027-01-20T12:00:00Z');

describeInBrowser('mp-usage-report (Chromium)', () => {
  let api: TestServer;
  let browser: Browser;
  let token: string;
  const users: string[] = [];
  let orgId = '';

  beforeAll(async () => {
    [api, browser] = await Promise.all([startTestServer({ demoData: false, now: NOW }), launchBrowser()]);
    const operator = await api.token({ roles: ['operator'], org: null });
    const ok = async (query: string, variables: Record<string, unknown>, as = token) => {
      const body = await api.query(query, variables, as);
      if (body.errors) throw new Error(JSON.stringify(body.errors));
      return body.data;
    };
    orgId = (
      await ok(
        `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`,
        { i: { name: 'Report Co', adminEmails: ['a@x.example'] } },
        operator,
      )
    ).createOrganization.id;
    token = await api.token({ org: orgId, roles: ['admin'] });
    for (const n of [1, 2, 3]) {
      const added = await ok(
        `mutation($o: ID!, $n: [String!]!) { addNumbers(organizationId: $o, numbers: $n) { id } }`,
        {
          o: orgId,
          n: [`+1555000000${n}`],
        },
      );
      const assigned = await ok(
        `mutation($id: ID!, $e: String!) { assignNumber(numberId: $id, email: $e) { user { id } } }`,
        {
          id: added.addNumbers[0].id,
          e: `u${n}@x.example`,
        },
      );
      users.push(assigned.assignNumber.user.id);
    }
    const [u1, u2, u3] = users;
    const ev = (id: string, userId: string | null, type: string, day: string, quantity: number) => ({
      id,
      organizationId: orgId,
      userId,
      type,
      occurredAt: `${day}T10:00:00Z`,
      quantity,
    });
    await ok(`mutation($e: [UsageEventInput!]!) { recordUsage(events: $e) { accepted } }`, {
      e: [
        ev('a', u1, 'VOICE', '2027-01-05', 600),
        ev('b', u2, 'VOICE', '2027-01-06', 120),
        ev('c', u3, 'VOICE', '2027-01-07', 300),
        ev('d', u1, 'MESSAGE', '2027-01-07', 1),
        ev('e', u3, 'DATA', '2027-01-08', 2000),
        ev('f', null, 'MESSAGE', '2027-01-08', 4),
        ev('g', u2, 'VOICE', '2026-12-20', 60),
      ],
    });
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  const open = (attributes: string) =>
    openPage(
      browser,
      api.url,
      hostPage({
        scripts: ['/widgets/mp-usage-report.js'],
        body: `<mp-usage-report token="${token}" locale="en-US" ${attributes}></mp-usage-report>`,
      }),
      // The page's "today" is the server's pinned day.
      { beforeLoad: (page) => void page.clock.setFixedTime(NOW) },
    );
  /** Each body row as its cells' text. */
  const rows = (page: Page) =>
    page
      .locator('mp-usage-report tbody tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => (cell as HTMLElement).innerText.trim())));
  const footer = (page: Page) =>
    page
      .locator('mp-usage-report tfoot tr')
      .evaluateAll((trs) => trs.map((tr) => [...tr.children].map((cell) => (cell as HTMLElement).innerText.trim())));

  it('breaks the current cycle down by user, pages, sorts, and changes range', async () => {
    const { page, context, errors } = await open('by="user" page-size="2"');
    // Voice, descending: u1 10, u3 5; then u2 2 on the next page.
    expect(
      await eventually(
        () => rows(page),
        [
          ['u1@x.example', 'Report Co', '10', '1', '0 B'],
          ['u3@x.example', 'Report Co', '5', '0', '2 KB'],
        ],
      ),
    ).toEqual([
      ['u1@x.example', 'Report Co', '10', '1', '0 B'],
      ['u3@x.example', 'Report Co', '5', '0', '2 KB'],
    ]);
    expect(await footer(page)).toEqual([
      ['Without a user', '0', '4', '0 B'],
      ['Total', '17', '5', '2 KB'],
    ]);
    await page.getByRole('button', { name: 'Next page' }).click();
    expect(await eventually(() => rows(page), [['u2@x.example', 'Report Co', '2', '0', '0 B']])).toEqual([
      ['u2@x.example', 'Report Co', '2', '0', '0 B'],
    ]);
    await expect(page.getByRole('button', { name: 'Next page' }).isDisabled()).resolves.toBe(true);
    await page.getByRole('button', { name: 'Previous page' }).click();
    expect(
      (
        await eventually(
          () => rows(page),
          [
            ['u1@x.example', 'Report Co', '10', '1', '0 B'],
            ['u3@x.example', 'Report Co', '5', '0', '2 KB'],
          ],
        )
      ).length,
    ).toBe(2);

    // Messages, descending: u1 1, then the ties at 0 by id: u2.
    await page.getByRole('button', { name: 'Messages' }).click();
    expect(
      await eventually(() => rows(page).then((r) => r.map((c) => c[0])), ['u1@x.example', 'u2@x.example']),
    ).toEqual(['u1@x.example', 'u2@x.example']);
    expect(await page.locator('mp-usage-report th[data-column="MESSAGE"]').getAttribute('aria-sort')).toBe(
      'descending',
    );

    await page.locator('mp-usage-report select[name="range"]').selectOption('past-cycle');
    expect(await eventually(() => rows(page), [['u2@x.example', 'Report Co', '1', '0', '0 B']])).toEqual([
      ['u2@x.example', 'Report Co', '1', '0', '0 B'],
    ]);
    expect(await page.locator('mp-usage-report [part="range"]').innerText()).toBe('Dec 1, 2026 – Dec 31, 2026');

    await page.locator('mp-usage-report select[name="range"]').selectOption('custom');
    await page.locator('mp-usage-report input[name="from"]').fill('2027-01-07');
    await page.locator('mp-usage-report input[name="to"]').fill('2027-01-06');
    expect(await page.locator('mp-usage-report [role="alert"]').innerText()).toBe(
      'The end date is before the start date.',
    );
    await page.locator('mp-usage-report input[name="to"]').fill('2027-01-08');
    expect(await eventually(() => footer(page).then((f) => f[f.length - 1]), ['Total', '5', '5', '2 KB'])).toEqual([
      'Total',
      '5',
      '5',
      '2 KB',
    ]);
    expect(errors).toEqual([]);
    await context.close();
  });

  it('lists days, sorts them by usage, and pages them', async () => {
    const { page, context, errors } = await open('by="day" page-size="3" range="last-7-days"');
    // 01-14 .. 01-20: no usage at all, so the empty state.
    await page.locator('mp-usage-report [part~="empty"]').waitFor();
    expect(await page.locator('mp-usage-report [part~="empty"] .state-title').innerText()).toBe(
      'No usage in this range',
    );
    await page.locator('mp-usage-report select[name="range"]').selectOption('current-cycle');
    expect(
      await eventually(
        () => rows(page),
        [
          ['Jan 1, 2027', '0', '0', '0 B'],
          ['Jan 2, 2027', '0', '0', '0 B'],
          ['Jan 3, 2027', '0', '0', '0 B'],
        ],
      ),
    ).toHaveLength(3);
    await page.getByRole('button', { name: 'Voice (minutes)' }).click();
    expect(
      await eventually(
        () => rows(page),
        [
          ['Jan 5, 2027', '10', '0', '0 B'],
          ['Jan 7, 2027', '5', '1', '0 B'],
          ['Jan 6, 2027', '2', '0', '0 B'],
        ],
      ),
    ).toEqual([
      ['Jan 5, 2027', '10', '0', '0 B'],
      ['Jan 7, 2027', '5', '1', '0 B'],
      ['Jan 6, 2027', '2', '0', '0 B'],
    ]);
    await page.getByRole('button', { name: 'Next page' }).click();
    expect(await eventually(() => rows(page).then((r) => r[0]), ['Jan 1, 2027', '0', '0', '0 B'])).toEqual([
      'Jan 1, 2027',
      '0',
      '0',
      '0 B',
    ]);
    expect(await page.locator('mp-usage-report .pager [role="status"]').innerText()).toBe('Page 2');
    expect(errors).toEqual([]);
    await context.close();
  });

  it('downloads the CSV with the token, saved as a file', async () => {
    const { page, context, errors } = await open('by="user"');
    await page.locator('mp-usage-report tbody tr').first().waitFor();
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      page.getByRole('button', { name: 'Download CSV' }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(`usage-${orgId}-2027-01-01-2027-01-20-user.csv`);
    const file = await download.path();
    const lines = fs.readFileSync(file, 'utf8').split('\r\n');
    const [u1, u2, u3] = users;
    // The rated seconds follow the minute columns (issue 18).
    expect(lines).toEqual([
      'user_id,email,organization_id,voice_billable_minutes,voice_total_minutes,voice_billable_seconds,' +
        'voice_total_seconds,messages_billable,messages_total,data_billable_bytes,data_total_bytes',
      `${u1},u1@x.example,${orgId},10,10,600,600,1,1,0,0`,
      `${u2},u2@x.example,${orgId},2,2,120,120,0,0,0,0`,
      `${u3},u3@x.example,${orgId},5,5,300,300,0,0,2000,2000`,
      '',
    ]);
    const events = await eventually(
      () => mpEvents(page).then((e) => e.filter((x) => x.type === 'mp-report-download').length),
      1,
    );
    expect(events).toBe(1);
    expect(errors).toEqual([]);
    await context.close();
  });
});
