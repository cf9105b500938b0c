/**
 * DESIGN §9 in the widgets, in headless Chromium against the real API: a customer account with a USD
 * plan, priced from October (set then with CURRENT_CYCLE, so the past cycle has charges too), and one
 * without a plan. The current card shows each allowance's use on a meter, its forecast's percentage and
 * the charges line that opens the breakdown (by keyboard too); the past card its cycle's charges; in
 * English, Spanish and Brazilian Portuguese, with axe. Without a plan none of it shows. mp-alerts offers
 * "% of allowance" where the plan has one, checks 1–1000 and lists the alert with its measure.
 *
 * The figures are worked by hand (below) and checked against the API before the widgets are.
 */
import type { Browser, Locator, Page } from 'playwright-core';
import { startTestServer, type TestServer } from './support/api';
import { axeViolations } from './support/a11y';
import { describeInBrowser, hostPage, launchBrowser, openPage } from './support/browser';

const OCTOBER = new Date('2026-10-15T17:00:00Z');
// A Sunday, mid-cycle: the November cycle (UTC, starting on the 1st) has days still to come.
const NOVEMBER = new Date('2026-11-15T17:00:00Z');

/**
 * Usage of 2 Nov (a Monday): 412 minutes, 1,250 messages, 1.23 GB; of 15 Oct (a Thursday, more than four
 * Thursdays back): 500 minutes, 800 messages, 2 GB. The forecast (DESIGN §5): expected(Monday) = mean of the
 * Mondays 9 Nov, 2 Nov, 26 Oct, 19 Oct = X / 4, every other weekday 0; three Mondays left (16, 23, 30 Nov),
 * so forecast = X + 3X/4 = 1.75 X: 721 minutes, 2,187.5 → 2,188 messages, 2.1525 GB.
 */
const PLAN = `{ name: "Business 1000", currency: "USD", baseFee: "1000.00", perActiveUserFee: "2.50",
  voice: { included: 1000, overageRate: "0.05" }, message: { included: 1000, overageRate: "0.02" },
  data: { included: 1000000000, overageRate: "10" } }`;

/**
 * Charges, with no active user (fixed = $1,000.00) and allowances 1,000 minutes, 1,000 messages, 1 GB:
 * November so far: voice 0; messages 250 × 0.02 = $5.00; data 0.23 GB × $10 = $2.30; total $1,007.30.
 * On track for: voice 721 < 1,000: 0; messages 1,188 × 0.02 = $23.76; data 1.1525 GB × $10 = $11.525 →
 * $11.53 (half up); total $1,035.29. October: data 1 GB × $10 = $10.00; total $1,010.00.
 */
const API_FIGURES = {
  current: {
    voice: { billable: 412, allowance: 1000, percentUsed: 41.2, forecast: 721, forecastPercent: 72.1 },
    message: { billable: 1250, allowance: 1000, percentUsed: 125, forecast: 2188, forecastPercent: 218.8 },
    data: {
      billable: 1_230_000_000,
      allowance: 1_000_000_000,
      percentUsed: 123,
      forecast: 2_152_500_000,
      forecastPercent: 215.3,
    },
    charges: {
      currency: 'USD',
      fixed: { amount: '1000.00' },
      voice: { amount: '0.00' },
      message: { amount: '5.00' },
      data: { amount: '2.30' },
      total: { amount: '1007.30' },
      forecastTotal: { amount: '1035.29' },
    },
  },
  past: {
    charges: {
      currency: 'USD',
      fixed: { amount: '1000.00' },
      voice: { amount: '0.00' },
      message: { amount: '0.00' },
      data: { amount: '10.00' },
      total: { amount: '1010.00' },
      forecastTotal: null,
    },
  },
};

interface Words {
  /** Per figure (Billable Voice, Message, Data): its label, printed words, meter words, forecast. */
  allowances: [label: string, text: string, spoken: string, forecast: string][];
  current: string;
  currentRows: string[][];
  past: string;
  pastRows: string[][];
}

const WORDS: Record<'en-US' | 'es-MX' | 'pt-BR', Words> = {
  'en-US': {
    allowances: [
      ['Billable Voice', '412 of 1,000 minutes (41%)', '412 of 1,000 minutes used, 41%', 'on track for 72%'],
      [
        'Billable Message',
        '1,250 of 1,000 messages (125%, over allowance)',
        '1,250 of 1,000 messages used, 125%, over allowance',
        'on track for 219%',
      ],
      [
        'Billable Data',
        '1.23 GB of 1 GB (123%, over allowance)',
        '1.23 GB of 1 GB used, 123%, over allowance',
        'on track for 215%',
      ],
    ],
    current: 'Charges so far $1,007.30 · on track for $1,035.29',
    currentRows: [
      ['Fixed fees', '$1,000.00'],
      ['Voice', '$0.00'],
      ['Messages', '$5.00'],
      ['Data', '$2.30'],
      ['Total', '$1,007.30'],
    ],
    past: 'Charges $1,010.00',
    pastRows: [
      ['Fixed fees', '$1,000.00'],
      ['Voice', '$0.00'],
      ['Messages', '$0.00'],
      ['Data', '$10.00'],
      ['Total', '$1,010.00'],
    ],
  },
  'es-MX': {
    allowances: [
      [
        'Minutos facturables',
        '412 de 1,000 minutos (41%)',
        '412 de 1,000 minutos usados, 41%',
        'se proyecta llegar a 72%',
      ],
      [
        'Mensajes facturables',
        '1,250 de 1,000 mensajes (125%, excede lo incluido)',
        '1,250 de 1,000 mensajes usados, 125%, excede lo incluido',
        'se proyecta llegar a 219%',
      ],
      [
        'Datos facturables',
        '1.23 GB de 1 GB (123%, excede lo incluido)',
        '1.23 GB de 1 GB usados, 123%, excede lo incluido',
        'se proyecta llegar a 215%',
      ],
    ],
    current: 'Cargos hasta ahora: USD 1,007.30 · se proyecta llegar a USD 1,035.29',
    currentRows: [
      ['Cargos fijos', 'USD 1,000.00'],
      ['Minutos', 'USD 0.00'],
      ['Mensajes', 'USD 5.00'],
      ['Datos', 'USD 2.30'],
      ['Total', 'USD 1,007.30'],
    ],
    past: 'Cargos: USD 1,010.00',
    pastRows: [
      ['Cargos fijos', 'USD 1,000.00'],
      ['Minutos', 'USD 0.00'],
      ['Mensajes', 'USD 0.00'],
      ['Datos', 'USD 10.00'],
      ['Total', 'USD 1,010.00'],
    ],
  },
  'pt-BR': {
    allowances: [
      [
        'Minutos faturáveis',
        '412 de 1.000 minutos (41%)',
        '412 de 1.000 minutos usados, 41%',
        'previsão de chegar a 72%',
      ],
      [
        'Mensagens faturáveis',
        '1.250 de 1.000 mensagens (125%, acima da franquia)',
        '1.250 de 1.000 mensagens usados, 125%, acima da franquia',
        'previsão de chegar a 219%',
      ],
      [
        'Dados faturáveis',
        '1,23 GB de 1 GB (123%, acima da franquia)',
        '1,23 GB de 1 GB usados, 123%, acima da franquia',
        'previsão de chegar a 215%',
      ],
    ],
    current: 'Cobranças até agora: US$ 1.007,30 · previsão de chegar a US$ 1.035,29',
    currentRows: [
      ['Tarifas fixas', 'US$ 1.000,00'],
      ['Minutos', 'US$ 0,00'],
      ['Mensagens', 'US$ 5,00'],
      ['Dados', 'US$ 2,30'],
      ['Total', 'US$ 1.007,30'],
    ],
    past: 'Cobranças: US$ 1.010,00',
    pastRows: [
      ['Tarifas fixas', 'US$ 1.000,00'],
      ['Minutos', 'US$ 0,00'],
      ['Mensagens', 'US$ 0,00'],
      ['Dados', 'US$ 10,00'],
      ['Total', 'US$ 1.010,00'],
    ],
  },
};

const FIGURE_KEYS = ['Billable Voice', 'Billable Message', 'Billable Data'];

/** Text as read, with Intl's no-break and narrow spaces as plain ones and the disclosure's arrow left out. */
const norm = (text: string | null) => (text ?? '').replace(/[▸▾]/g, '').replace(/\s+/g, ' ').trim();

const usage = (organizationId: string, id: string, occurredAt: string, amounts: [number, number, number]) =>
  (['VOICE', 'MESSAGE', 'DATA'] as const).map((type, index) => ({
    id: `${id}-${type}`,
    organizationId,
    type,
    occurredAt,
    quantity: amounts[index],
  }));

describeInBrowser('the bill in the widgets (Chromium)', () => {
  let api: TestServer;
  let browser: Browser;
  let clock = OCTOBER;
  let operator: string;
  const planned = { id: '', admin: '' };
  const unplanned = { id: '', admin: '' };
  const huge = { id: '', admin: '' };

  const call = async (query: string, variables: Record<string, unknown> = {}, token = operator) => {
    const body = await api.query(query, variables, token);
    expect(body.errors).toBeUndefined();
    return body.data;
  };
  const createAccount = async (name: string) => {
    const data = await call(`mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`, {
      input: { name, timezone: 'UTC', cycleStartDay: 1, adminEmails: ['billing@example.com'] },
    });
    const id = data.createOrganization.id as string;
    return { id, admin: await api.token({ org: id, roles: ['admin'] }) };
  };
  const record = (events: unknown[]) =>
    call(`mutation($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted } }`, { events });

  beforeAll(async () => {
    [api, browser] = await Promise.all([startTestServer({ demoData: false, now: () => clock }), launchBrowser()]);
    operator = await api.token({ org: null, roles: ['operator'] });
    Object.assign(planned, await createAccount('Planned Co'));
    Object.assign(unplanned, await createAccount('Unplanned Co'));
    const setPlan = await call(
      `mutation($id: ID!) { setPlan(organizationId: $id, plan: ${PLAN}, effective: CURRENT_CYCLE) { effectiveFrom } }`,
      { id: planned.id },
    );
    expect(setPlan.setPlan.effectiveFrom).toBe('2026-10-01');
    await record(usage(planned.id, 'oct', '2026-10-15T10:00:00Z', [500 * 60, 800, 2_000_000_000]));
    clock = NOVEMBER;
    for (const account of [planned, unplanned]) {
      await record(usage(account.id, `nov-${account.id}`, '2026-11-02T10:00:00Z', [412 * 60, 1250, 1_230_000_000]));
    }
    Object.assign(huge, await createAccount('Huge Co'));
    await call(
      `mutation($id: ID!) { setPlan(organizationId: $id, effective: CURRENT_CYCLE, plan: { name: "Per message",
        currency: "USD", baseFee: "0.02", message: { overageRate: "999999999999.999999" } }) { name } }`,
      { id: huge.id },
    );
    await record(usage(huge.id, 'huge', '2026-11-02T10:00:00Z', [0, 9007, 0]));
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  const cardsPage = (account: { id: string; admin: string }, locale: string) =>
    openPage(
      browser,
      api.url,
      hostPage({
        scripts: ['/widgets/mp-cycle-card.js'],
        body:
          `<main><h1>Bill</h1>` +
          ['current', 'past']
            .map(
              (period) =>
                `<mp-cycle-card period="${period}" organization-id="${account.id}" token="${account.admin}" ` +
                `locale="${locale}"></mp-cycle-card>`,
            )
            .join('') +
          `</main>`,
      }),
    );

  test('the API answers the figures worked by hand', async () => {
    const totals = 'billable allowance percentUsed forecast forecastPercent';
    const money = 'currency fixed { amount } voice { amount } message { amount } data { amount } total { amount }';
    const data = await call(
      `query($id: ID!) { organization(id: $id) {
        current: cycle(period: CURRENT) { voice { ${totals} } message { ${totals} } data { ${totals} }
          charges { ${money} forecastTotal { amount } } }
        past: cycle(period: PAST) { charges { ${money} forecastTotal { amount } } } } }`,
      { id: planned.id },
      planned.admin,
    );
    expect(data.organization).toEqual(API_FIGURES);
  });

  test.each(Object.keys(WORDS) as (keyof typeof WORDS)[])(
    '%s: allowance meters, the charges line and its breakdown, by keyboard, with axe',
    async (locale) => {
      const words = WORDS[locale];
      const { page, context, errors } = await cardsPage(planned, locale);
      const current = page.locator('mp-cycle-card[period="current"]');
      const past = page.locator('mp-cycle-card[period="past"]');
      await current.locator('[part="charges-button"]').waitFor();
      await past.locator('[part="charges-button"]').waitFor();

      for (const [index, key] of FIGURE_KEYS.entries()) {
        const [label, text, spoken, forecast] = words.allowances[index];
        const allowance = current.locator(`[data-allowance="${key}"]`);
        expect(norm(await allowance.locator('span[aria-hidden="true"]').textContent())).toBe(text);
        const meter = allowance.getByRole('meter');
        expect(await meterAttributes(meter)).toEqual({
          label,
          min: '0',
          max: '100',
          now: String(Math.min(100, API_FIGURES.current[(['voice', 'message', 'data'] as const)[index]].percentUsed)),
          text: spoken,
        });
        expect(norm(await allowance.locator('span:not([aria-hidden])').textContent())).toBe(forecast);
      }
      // The past card shows its charges, no allowance and no forecast.
      expect(await past.locator('[part="allowance"], [role="meter"]').count()).toBe(0);

      await checkDisclosure(page, current, words.current, words.currentRows);
      await checkDisclosure(page, past, words.past, words.pastRows);
      expect(await axeViolations(page)).toEqual([]);
      expect(errors).toEqual([]);
      await context.close();
    },
  );

  test('without a plan nothing of the bill shows, and the figures are as before', async () => {
    const { page, context, errors } = await cardsPage(unplanned, 'en-US');
    const current = page.locator('mp-cycle-card[period="current"]');
    await current.locator('[data-figure="Billable Voice"]').waitFor();
    await page.locator('mp-cycle-card[period="past"] [data-figure="Total Voice"]').waitFor();
    expect(norm(await current.locator('[data-figure="Billable Voice"]').textContent())).toBe('412 minutes');
    // Its first usage is 2 Nov, so expected(Monday) = mean of 9 and 2 Nov = X / 2: 412 + 3 × 206 = 1,030.
    expect(norm(await current.locator('[data-forecast="Billable Voice"]').textContent())).toBe(
      'On track for 1,030 minutes',
    );
    expect(await page.locator('mp-cycle-card [part="allowance"], mp-cycle-card [part="charges"]').count()).toBe(0);
    expect(await page.getByRole('meter').count()).toBe(0);
    const bill = await call(
      `query($id: ID!) { organization(id: $id) { plan { name } cycle(period: CURRENT) {
        voice { allowance percentUsed forecastPercent } charges { currency } } } }`,
      { id: unplanned.id },
      unplanned.admin,
    );
    expect(bill.organization).toEqual({
      plan: null,
      cycle: { voice: { allowance: null, percentUsed: null, forecastPercent: null }, charges: null },
    });
    expect(errors).toEqual([]);
    await context.close();
  });

  test('amounts beyond a binary float’s exact range show every digit; an allowance of 0 shows no meter', async () => {
    // 9,007 messages × $999,999,999,999.999999 = $9,006,999,999,999,999.990993 → .99, plus $0.02: as a
    // number the total would print $9,007,000,000,000,000.00. On track for 22,518 messages (2.5 × 9,007:
    // its first usage is 2 Nov), $22,517,999,999,999,999.98 + $0.02.
    const { page, context, errors } = await cardsPage(huge, 'en-US');
    const button = page.locator('mp-cycle-card[period="current"] [part="charges-button"]');
    await button.waitFor();
    expect(norm(await button.textContent())).toBe(
      'Charges so far $9,007,000,000,000,000.01 · on track for $22,518,000,000,000,000.00',
    );
    await button.click();
    const messages = page.locator('mp-cycle-card[period="current"] [data-charge="message"] dd');
    expect(norm(await messages.textContent())).toBe('$9,006,999,999,999,999.99');
    // On paper no control shows: the line is printed as text, with the breakdown that was open.
    await page.emulateMedia({ media: 'print' });
    const printed = page.locator('mp-cycle-card[period="current"] [part="charges"] p');
    expect(await button.isVisible()).toBe(false);
    expect(norm(await printed.innerText())).toBe(
      'Charges so far $9,007,000,000,000,000.01 · on track for $22,518,000,000,000,000.00',
    );
    expect(await messages.isVisible()).toBe(true);
    await page.emulateMedia({ media: 'screen' });
    expect(await printed.isVisible()).toBe(false);
    // Nothing is included of any type: no allowance line, no meter.
    expect(await page.locator('mp-cycle-card [part="allowance"]').count()).toBe(0);
    // The past cycle had no plan yet (set with CURRENT_CYCLE in November): no charges there.
    await page.locator('mp-cycle-card[period="past"] [data-figure="Total Voice"]').waitFor();
    expect(await page.locator('mp-cycle-card[period="past"] [part="charges"]').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });

  const alertsPage = (account: { id: string; admin: string }, locale = 'en-US') =>
    openPage(
      browser,
      api.url,
      hostPage({
        scripts: ['/widgets/mp-alerts.js'],
        body:
          `<main><h1>Alerts</h1><mp-alerts organization-id="${account.id}" token="${account.admin}" ` +
          `locale="${locale}"></mp-alerts></main>`,
      }),
    );

  test('mp-alerts offers "% of allowance" where the plan has one, checks 1–1000, shows the measure', async () => {
    const { page, context, errors } = await alertsPage(planned);
    await page.getByText('No usage alerts yet.').waitFor();
    await page.getByRole('button', { name: 'Add usage alert' }).click();
    await page.getByLabel('Measure').selectOption('PERCENT_OF_ALLOWANCE');
    for (const refused of ['1001', '0', '80.5']) {
      await page.getByLabel('Threshold (% of allowance)').fill(refused);
      await page.getByRole('button', { name: 'Save alert' }).click();
      expect(norm(await page.locator('mp-alerts #alert-threshold-error').textContent())).toBe(
        'Enter a whole percentage from 1 to 1,000.',
      );
    }
    await page.getByLabel('Threshold (% of allowance)').fill('80');
    await page.getByRole('button', { name: 'Save alert' }).click();
    await page.getByText('Voice usage reaches 80% of allowance').waitFor();
    const stored = await call(
      `query($id: ID!) { organization(id: $id) { usageAlerts { type threshold basis measure enabled } } }`,
      { id: planned.id },
      planned.admin,
    );
    expect(stored.organization.usageAlerts).toEqual([
      { type: 'VOICE', threshold: 80, basis: 'ACTUAL', measure: 'PERCENT_OF_ALLOWANCE', enabled: true },
    ]);
    expect(await axeViolations(page)).toEqual([]);
    expect(errors).toEqual([]);
    await context.close();

    // Listed in the widget's language too.
    const spanish = await alertsPage(planned, 'es-MX');
    const row = spanish.page.locator('mp-alerts [part="alert"] .row-text');
    await row.waitFor();
    expect(norm(await row.textContent())).toBe('El uso de voz alcanza 80% de lo incluido');
    await spanish.context.close();
  });

  test('mp-alerts offers no "% of allowance" without a plan', async () => {
    const { page, context, errors } = await alertsPage(unplanned);
    await page.getByRole('button', { name: 'Add usage alert' }).click();
    await page.getByLabel('Threshold (minutes)').waitFor();
    expect(await page.locator('mp-alerts #alert-measure').count()).toBe(0);
    expect(errors).toEqual([]);
    await context.close();
  });
});

/** The meter's name and ARIA values. */
async function meterAttributes(meter: Locator) {
  const read = (name: string) => meter.getAttribute(name);
  return {
    label: await read('aria-label'),
    min: await read('aria-valuemin'),
    max: await read('aria-valuemax'),
    now: await read('aria-valuenow'),
    text: norm(await read('aria-valuetext')),
  };
}

/** The charges line, closed at first; Enter opens the breakdown, Space closes it again. */
async function checkDisclosure(page: Page, card: Locator, summary: string, rows: string[][]) {
  const button = card.locator('[part="charges-button"]');
  const breakdown = card.locator('[part="charges-breakdown"]');
  expect(norm(await button.textContent())).toBe(summary);
  expect(await button.getAttribute('aria-expanded')).toBe('false');
  expect(await button.getAttribute('aria-controls')).toBe(await breakdown.getAttribute('id'));
  expect(await breakdown.isVisible()).toBe(false);
  await button.focus();
  await page.keyboard.press('Enter');
  await breakdown.waitFor({ state: 'visible' });
  expect(await button.getAttribute('aria-expanded')).toBe('true');
  const shown = await breakdown
    .locator('[data-charge]')
    .evaluateAll((elements) =>
      elements.map((element) => [...element.children].map((child) => child.textContent ?? '')),
    );
  expect(shown.map((row) => row.map(norm))).toEqual(rows);
  await page.keyboard.press('Space');
  await breakdown.waitFor({ state: 'hidden' });
  expect(await button.getAttribute('aria-expanded')).toBe('false');
  await page.keyboard.press('Enter');
  await breakdown.waitFor({ state: 'visible' });
}
