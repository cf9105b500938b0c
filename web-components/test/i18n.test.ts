/**
 * Translations in headless Chromium against the real API with its demo data: the dashboard rendered in
 * English, Spanish and Brazilian Portuguese, picked by `locale` (es-MX → es, pt → pt-BR, anything else →
 * en), numbers and dates in the full locale, DESIGN §1's chart headings translated like every other string, each
 * language's words loaded as a chunk of their own only when needed, a locale changed at run time,
 * two widgets in two languages on one page, and the demo page's language switch.
 */
import type { Browser, Page, Request } from 'playwright-core';
import { DASHBOARD_FIGURES, startTestServer, type TestServer } from './support/api';
import { describeInBrowser, eventually, hostPage, launchBrowser, openPage } from './support/browser';

interface Words {
  title: (name: string) => string;
  cards: [string, string, string];
  newUsers: string;
  options: string[];
  /** The chart heading for Voice, Message and Data. */
  chartHeadings: [string, string, string];
  viewDetails: string;
  detailsHeading: string;
  total: string;
}

const WORDS: Record<'en' | 'es' | 'pt-BR', Words> = {
  en: {
    title: (name) => `${name} dashboard`,
    cards: ['Current Cycle', 'Past Cycle', 'All Time'],
    newUsers: 'New Users',
    options: ['Voice', 'Message', 'Data'],
    chartHeadings: [
      'Voice Usage for The Current Cycle',
      'Message Usage for The Current Cycle',
      'Data Usage for The Current Cycle',
    ],
    viewDetails: 'View details',
    detailsHeading: 'Number Utilization Details',
    total: 'Total',
  },
  es: {
    title: (name) => `Panel de ${name}`,
    cards: ['Ciclo actual', 'Ciclo anterior', 'Desde el inicio'],
    newUsers: 'Usuarios nuevos',
    options: ['Minutos', 'Mensajes', 'Datos'],
    chartHeadings: [
      'Uso de minutos del ciclo actual',
      'Uso de mensajes del ciclo actual',
      'Uso de datos del ciclo actual',
    ],
    viewDetails: 'Ver detalle',
    detailsHeading: 'Detalle de utilización de números',
    total: 'Total',
  },
  'pt-BR': {
    title: (name) => `Painel de ${name}`,
    cards: ['Ciclo atual', 'Ciclo anterior', 'Desde o início'],
    newUsers: 'Novos usuários',
    options: ['Minutos', 'Mensagens', 'Dados'],
    chartHeadings: ['Uso de minutos do ciclo atual', 'Uso de mensagens do ciclo atual', 'Uso de dados do ciclo atual'],
    viewDetails: 'Ver detalhes',
    detailsHeading: 'Detalhes de utilização de números',
    total: 'Total',
  },
};

const text = (page: Page, selector: string) =>
  page
    .locator(selector)
    .first()
    .evaluate((element) => (element.textContent ?? '').replace(/\s+/g, ' ').trim());

describeInBrowser('translations (Chromium)', () => {
  let api: TestServer;
  let browser: Browser;
  let adminToken: string;
  let figures: any;

  beforeAll(async () => {
    [api, browser] = await Promise.all([startTestServer({ demoData: true }), launchBrowser()]);
    adminToken = await api.token({ roles: ['admin'] });
    const body = await api.query(DASHBOARD_FIGURES, { id: api.demoOrgId }, adminToken);
    figures = body.data.organization;
  });

  afterAll(async () => {
    await browser?.close();
    await api?.close();
  });

  /** The locale chunks the page downloaded: "es", "pt-BR". */
  const localeChunks = (requests: Request[]) =>
    requests
      .map((request) => /\/widgets\/chunks\/(es|pt-BR)-[A-Z0-9]+\.js$/i.exec(new URL(request.url()).pathname)?.[1])
      .filter(Boolean);

  const openDashboard = async (locale: string) => {
    const requests: Request[] = [];
    const opened = await openPage(
      browser,
      api.url,
      hostPage({
        scripts: ['/widgets/mp-dashboard.js'],
        body: `<mp-dashboard token="${adminToken}" locale="${locale}"></mp-dashboard>`,
      }),
      { beforeLoad: (page) => page.on('request', (request) => requests.push(request)) },
    );
    await opened.page.locator('mp-cycle-card[period="all-time"] [data-figure="Total Voice"]').waitFor();
    await opened.page.locator('mp-utilization-pie [part="details-button"]').waitFor();
    return { ...opened, requests };
  };

  test.each([
    ['en-US', 'en', 'en-US'],
    ['es-MX', 'es', 'es-MX'],
    ['pt', 'pt-BR', 'pt'],
    ['pt-BR', 'pt-BR', 'pt-BR'],
    ['de-DE', 'en', 'de-DE'],
  ] as const)('locale="%s": the dashboard in %s, numbers in %s', async (locale, language, numberLocale) => {
    const { page, context, errors, requests } = await openDashboard(locale);
    const words = WORDS[language];
    expect(await eventually(() => text(page, 'mp-dashboard [part="title"]'), words.title(figures.name))).toBe(
      words.title(figures.name),
    );
    const headings = await Promise.all(
      ['current', 'past', 'all-time'].map((period) => text(page, `mp-cycle-card[period="${period}"] h2`)),
    );
    expect(headings).toEqual(words.cards);
    expect(await text(page, 'mp-cycle-card[period="current"] dt')).toBe(words.newUsers);
    // The figure itself in the full locale: de-DE groups with ".", es-MX and en-US with ",".
    const newUsers = new Intl.NumberFormat(numberLocale, { maximumFractionDigits: 0 }).format(figures.current.newUsers);
    expect(await text(page, 'mp-cycle-card[period="current"] [data-figure="New Users"]')).toBe(newUsers);
    // DESIGN §1's heading is English in English and translated in the others, in the widget's language.
    expect(await text(page, 'mp-usage-chart h2')).toBe(words.chartHeadings[0]);
    expect(await page.locator('mp-usage-chart h2').getAttribute('lang')).toBeNull();
    expect(await page.locator('mp-usage-chart select option').allTextContents()).toEqual(words.options);
    expect(await text(page, 'mp-utilization-pie [part="details-button"]')).toBe(words.viewDetails);

    // Only the language in use is downloaded; English needs no chunk.
    expect(localeChunks(requests)).toEqual(language === 'en' ? [] : [language]);

    await page.locator('mp-utilization-pie [part="details-button"]').click();
    expect(await eventually(() => text(page, 'mp-utilization-details h2'), words.detailsHeading)).toBe(
      words.detailsHeading,
    );
    expect(await text(page, 'mp-utilization-details dt')).toBe(words.total);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('the Spanish chart heading follows the dropdown', async () => {
    const { page, context, errors } = await openDashboard('es-MX');
    for (const [value, heading] of [
      ['MESSAGE', 'Uso de mensajes del ciclo actual'],
      ['DATA', 'Uso de datos del ciclo actual'],
      ['VOICE', 'Uso de minutos del ciclo actual'],
    ]) {
      await page.locator('mp-usage-chart select').selectOption(value);
      expect(await eventually(() => text(page, 'mp-usage-chart h2'), heading)).toBe(heading);
    }
    expect(await text(page, 'mp-usage-chart label')).toContain('Tipo de uso');
    expect(errors).toEqual([]);
    await context.close();
  });

  test("messages made outside a render (form validation) are in the widget's language too", async () => {
    const { page, context, errors } = await openDashboard('pt-BR');
    const dialog = page.locator('mp-utilization-pie mp-utilization-details dialog');
    await page.locator('mp-utilization-pie [part="details-button"]').click();
    await dialog.getByRole('button', { name: 'Editar limite de utilização' }).click();
    await dialog.locator('#threshold-input').fill('0');
    expect(await eventually(() => text(page, '#threshold-error'), 'O limite deve ser de pelo menos 1%.')).toBe(
      'O limite deve ser de pelo menos 1%.',
    );
    await dialog.getByRole('button', { name: 'Cancelar' }).click();
    await dialog.getByRole('button', { name: 'Solicitar mais números' }).click();
    await dialog.locator('#quantity-input').fill('100001');
    await dialog.getByRole('button', { name: 'OK' }).click();
    const quantity = 'Informe uma quantidade de 1 a 100.000 ou deixe o campo vazio.';
    expect(await eventually(() => text(page, '#quantity-error'), quantity)).toBe(quantity);
    expect(errors).toEqual([]);
    await context.close();
  });

  test('a locale changed at run time re-renders the words; two widgets keep two languages', async () => {
    const { page, context, errors } = await openPage(
      browser,
      api.url,
      hostPage({
        scripts: ['/widgets/mp-cycle-card.js'],
        body:
          `<mp-cycle-card id="es" period="past" locale="es-AR" token="${adminToken}"></mp-cycle-card>` +
          `<mp-cycle-card id="pt" period="past" locale="pt-BR" token="${adminToken}"></mp-cycle-card>` +
          `<mp-cycle-card id="en" period="past" token="${adminToken}"></mp-cycle-card>`,
      }),
    );
    await page.locator('#en [data-figure="Total Voice"]').waitFor();
    expect(await eventually(() => text(page, '#es h2'), 'Ciclo anterior')).toBe('Ciclo anterior');
    expect(await text(page, '#es dt')).toBe('Total de minutos');
    expect(await text(page, '#pt dt')).toBe('Total de minutos');
    expect(await text(page, '#pt [part="label"] >> nth=1')).toBe('Total de mensagens');
    expect(await text(page, '#es [part="label"] >> nth=1')).toBe('Total de mensajes');
    expect(await text(page, '#en [part="label"] >> nth=1')).toBe('Total Message');
    // Each host names its words' language for screen readers, whatever the page's.
    const langs = () => page.locator('mp-cycle-card').evaluateAll((cards) => cards.map((c) => c.getAttribute('lang')));
    expect(await langs()).toEqual(['es', 'pt-BR', 'en']);

    await page.locator('#es').evaluate((card) => card.setAttribute('locale', 'pt'));
    expect(await eventually(() => text(page, '#es [part="label"] >> nth=1'), 'Total de mensagens')).toBe(
      'Total de mensagens',
    );
    await page.locator('#pt').evaluate((card) => card.setAttribute('locale', 'en-GB'));
    expect(await eventually(() => text(page, '#pt h2'), 'Past Cycle')).toBe('Past Cycle');
    expect(await langs()).toEqual(['pt-BR', 'en', 'en']);
    // A lang the page puts on the element itself is the page's to keep.
    await page.locator('#en').evaluate((card) => card.setAttribute('lang', 'en-GB'));
    await page.locator('#en').evaluate((card) => card.setAttribute('locale', 'es'));
    expect(await eventually(() => text(page, '#en h2'), 'Ciclo anterior')).toBe('Ciclo anterior');
    expect(await page.locator('#en').getAttribute('lang')).toBe('en-GB');
    expect(errors).toEqual([]);
    await context.close();
  });

  test("the demo page's language switch translates the dashboard and the page's lang follows", async () => {
    const context = await browser.newContext({ reducedMotion: 'reduce' });
    const page = await context.newPage();
    await page.goto(`${api.url}/`);
    await page.locator('mp-cycle-card[period="current"] [data-figure="New Users"]').waitFor();
    expect(await text(page, 'mp-cycle-card[period="current"] h2')).toBe('Current Cycle');
    await page.selectOption('#language', 'es-MX');
    expect(await eventually(() => text(page, 'mp-cycle-card[period="current"] h2'), 'Ciclo actual')).toBe(
      'Ciclo actual',
    );
    expect(await page.evaluate(() => document.documentElement.lang)).toBe('es-MX');
    await page.selectOption('#language', 'pt-BR');
    expect(await eventually(() => text(page, 'mp-cycle-card[period="current"] h2'), 'Ciclo atual')).toBe('Ciclo atual');
    expect(await text(page, 'mp-usage-chart h2')).toBe('Uso de minutos do ciclo atual');
    // The choice is kept for the session.
    await page.reload();
    expect(await eventually(() => text(page, 'mp-cycle-card[period="current"] h2'), 'Ciclo atual')).toBe('Ciclo atual');
    await context.close();
  });
});
