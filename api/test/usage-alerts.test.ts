import { startTestServer, TestServer, testDatabases } from './harness';

/**
 * DESIGN §7 usage alerts, end to end with a pinned clock. Alerts Co runs on UTC with calendar-month
 * cycles. 2026-03-01 is a Sunday; "now" is 2026-03-10 12:00 UTC (a Tuesday) unless a test moves it.
 */
const RECORD = `mutation($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted duplicates } }`;
const CREATE_ALERT = `mutation($o: ID!, $t: UsageType!, $th: SafeInt!, $b: AlertBasis) {
  createUsageAlert(organizationId: $o, type: $t, threshold: $th, basis: $b) { id type threshold basis enabled } }`;
const NOTIFICATIONS = `query($id: ID!) { organization(id: $id) { notifications(first: 100) { cause subject } } }`;

describe.each(testDatabases())('usage alerts (DESIGN §7) on %s', (database) => {
  let api: TestServer;
  let clock = new Date('2026-03-10T12:00:00Z');
  let operator: string;
  let admin: string;
  let viewer: string;
  let org = '';
  let eventSeq = 0;

  async function ok<T = any>(query: string, variables: Record<string, unknown> = {}, token = admin): Promise<T> {
    const body = await api.query<T>(query, variables, token);
    if (body.errors) throw new Error(`unexpected errors: ${JSON.stringify(body.errors)}`);
    return body.data as T;
  }
  const event = (organizationId: string, type: string, occurredAt: string, quantity: number, id?: string) => ({
    id: id ?? `alert-${database}-${++eventSeq}`,
    organizationId,
    type,
    occurredAt,
    quantity,
  });
  const record = (events: unknown[], token = admin) => ok(RECORD, { events }, token);
  const alertNotifications = async (id = org, token = admin) =>
    (await ok(NOTIFICATIONS, { id }, token)).organization.notifications
      .filter((n: { cause: string }) => n.cause === 'USAGE_ALERT')
      .map((n: { subject: string }) => ({ subject: n.subject })) as Array<{ subject: string }>;
  const createOrg = async (name: string) =>
    (
      await ok(
        `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`,
        { input: { name, adminEmails: ['ops@alerts.example'] } },
        operator,
      )
    ).createOrganization.id as string;

  beforeAll(async () => {
    api = await startTestServer({ database, demoData: false, now: () => clock });
    operator = await api.token({ roles: ['operator'], org: null, sub: 'carrier' });
    org = await createOrg('Alerts Co');
    admin = await api.token({ org, roles: ['admin'] });
    viewer = await api.token({ org, roles: ['viewer'] });
  });
  afterAll(() => api?.close());

  it('lists, creates, updates and deletes alerts (admin); viewers read; bad input, foreign ids refused', async () => {
    const created = (await ok(CREATE_ALERT, { o: org, t: 'DATA', th: 5_000_000_000 })).createUsageAlert;
    expect(created).toEqual({ id: created.id, type: 'DATA', threshold: 5_000_000_000, basis: 'ACTUAL', enabled: true });
    const read = await ok(
      `query($id: ID!) { organization(id: $id) { usageAlerts { id threshold } } }`,
      { id: org },
      viewer,
    );
    expect(read.organization.usageAlerts).toEqual([{ id: created.id, threshold: 5_000_000_000 }]);

    const forbidden = await api.query(CREATE_ALERT, { o: org, t: 'DATA', th: 1 }, viewer);
    expect(forbidden.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const zero = await api.query(CREATE_ALERT, { o: org, t: 'DATA', th: 0 }, admin);
    expect(zero.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'threshold' });
    const other = await createOrg('Elsewhere Co');
    const foreign = await api.query(CREATE_ALERT, { o: other, t: 'DATA', th: 1 }, admin);
    expect(foreign.errors?.[0].extensions?.code).toBe('NOT_FOUND');

    const UPDATE = `mutation($id: ID!, $th: SafeInt, $b: AlertBasis, $e: Boolean) {
      updateUsageAlert(id: $id, threshold: $th, basis: $b, enabled: $e) { id threshold basis enabled } }`;
    expect((await ok(UPDATE, { id: created.id, th: 7_000_000_000, e: false })).updateUsageAlert).toEqual({
      id: created.id,
      threshold: 7_000_000_000,
      basis: 'ACTUAL',
      enabled: false,
    });
    expect((await ok(UPDATE, { id: created.id, b: 'FORECAST' })).updateUsageAlert.basis).toBe('FORECAST');
    const DELETE = `mutation($id: ID!) { deleteUsageAlert(id: $id) }`;
    const operatorAlert = (await ok(CREATE_ALERT, { o: other, t: 'VOICE', th: 1 }, operator)).createUsageAlert.id;
    expect((await api.query(DELETE, { id: operatorAlert }, admin)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    expect((await ok(DELETE, { id: created.id })).deleteUsageAlert).toBe(true);
    expect((await api.query(DELETE, { id: created.id }, admin)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it('fires ACTUAL once a cycle, decided at ingestion (duplicates, parallel calls), again next cycle', async () => {
    const sub = (
      await ok(`mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`, {
        input: { name: 'Alerts West', parentId: org, adminEmails: ['west@alerts.example'] },
      })
    ).createOrganization.id;
    const alert = (await ok(CREATE_ALERT, { o: org, t: 'VOICE', th: 10 })).createUsageAlert;
    // Calls of 61 s: 2 minutes each (rounded up per call); the fifth makes 10 minutes.
    await record([event(org, 'VOICE', '2026-03-02T10:00:00Z', 61), event(sub, 'VOICE', '2026-03-03T10:00:00Z', 61)]);
    await record([event(sub, 'VOICE', '2026-03-04T10:00:00Z', 61), event(org, 'VOICE', '2026-03-05T10:00:00Z', 61)]);
    expect(await alertNotifications()).toEqual([]);
    // The sub-organization's usage counts toward its parent's alert, as the bill does: 10 minutes.
    const last = event(sub, 'VOICE', '2026-03-09T10:00:00Z', 61, 'alert-last-call-' + database);
    await record([last]);
    expect(await alertNotifications()).toEqual([{ subject: 'Alerts Co: Voice usage alert at 10 minutes reached' }]);
    await record([last]); // a duplicate changes nothing
    await Promise.all(
      Array.from({ length: 6 }, (_, i) => record([event(i % 2 ? org : sub, 'VOICE', '2026-03-10T09:00:00Z', 600)])),
    );
    expect(await alertNotifications()).toHaveLength(1);
    const cycle = await ok(
      `query($id: ID!) { organization(id: $id) { cycle(period: CURRENT) { voice { billable } } } }`,
      {
        id: org,
      },
    );
    expect(cycle.organization.cycle.voice.billable).toBe(70);

    clock = new Date('2026-04-02T12:00:00Z'); // the next cycle
    await Promise.all(Array.from({ length: 4 }, () => record([event(sub, 'VOICE', '2026-04-01T09:00:00Z', 300)])));
    expect(await alertNotifications()).toHaveLength(2);
    const email = (
      await ok(`query($id: ID!) { organization(id: $id) { notifications(first: 1) { cause subject recipients } } }`, {
        id: org,
      })
    ).organization.notifications[0];
    expect(email).toEqual({
      cause: 'USAGE_ALERT',
      subject: 'Alerts Co: Voice usage alert at 10 minutes reached',
      recipients: ['ops@alerts.example'],
    });
    await ok(`mutation($id: ID!) { deleteUsageAlert(id: $id) }`, { id: alert.id });
    clock = new Date('2026-03-10T12:00:00Z');
  });

  it('fires FORECAST on the forecast of §5 at ingestion, names the usage so far and the forecast', async () => {
    const forecastOrg = await createOrg('Forecast Co');
    const forecastAdmin = await api.token({ org: forecastOrg, roles: ['admin'] });
    const high = (await ok(CREATE_ALERT, { o: forecastOrg, t: 'MESSAGE', th: 311, b: 'FORECAST' }, forecastAdmin))
      .createUsageAlert;
    const low = (await ok(CREATE_ALERT, { o: forecastOrg, t: 'MESSAGE', th: 300, b: 'FORECAST' }, forecastAdmin))
      .createUsageAlert;
    expect([high.basis, low.basis]).toEqual(['FORECAST', 'FORECAST']);
    // 10 messages on each of 03-01 … 03-09: every weekday's expected day is 10, today has none yet, so
    // forecast = 90 + 10 (today) + 21 × 10 (03-11 … 03-31) = 310.
    await record(
      Array.from({ length: 9 }, (_, i) => event(forecastOrg, 'MESSAGE', `2026-03-0${i + 1}T08:00:00Z`, 10)),
      forecastAdmin,
    );
    const forecast = await ok(
      `query($id: ID!) { organization(id: $id) { cycle(period: CURRENT) { message { billable forecast } } } }`,
      { id: forecastOrg },
      forecastAdmin,
    );
    expect(forecast.organization.cycle.message).toEqual({ billable: 90, forecast: 310 });
    const fired = await alertNotifications(forecastOrg, forecastAdmin);
    expect(fired).toEqual([{ subject: 'Forecast Co: Message forecast usage alert at 300 messages reached' }]);
    const text = await api.server.deps.db.manager.query(
      `SELECT body_text FROM notification WHERE cause = 'USAGE_ALERT' AND organization_id = ?`,
      [Number(forecastOrg)],
    );
    expect(text[0].body_text).toBe(
      [
        'Forecast Co is on track to reach 300 messages of billable message usage this cycle.',
        '',
        `Alert: Message forecast usage alert at 300 messages (alert ${low.id})`,
        'Usage so far: 90 messages',
        'Forecast for the cycle: 310 messages',
        'Cycle started: 2026-03-01',
        '',
        `Management portal: ${api.server.config.portalUrl}`,
      ].join('\n'),
    );
    // The scheduler's hourly check sees the same forecast: nothing more.
    await api.server.services.usageAlerts.checkForecasts(clock);
    expect(await alertNotifications(forecastOrg, forecastAdmin)).toHaveLength(1);
    // A day later (Wed 03-11), 03-10 complete with 0: expected Tue = (10 + 0) / 2 = 5, every other
    // weekday 10. 40 messages today (above its expected 10): forecast = 130 + 17 × 10 + 3 Tuesdays × 5 = 315.
    clock = new Date('2026-03-11T12:00:00Z');
    await record([event(forecastOrg, 'MESSAGE', '2026-03-11T08:00:00Z', 40)], forecastAdmin);
    const later = await ok(
      `query($id: ID!) { organization(id: $id) { cycle(period: CURRENT) { message { billable forecast } } } }`,
      { id: forecastOrg },
      forecastAdmin,
    );
    expect(later.organization.cycle.message).toEqual({ billable: 130, forecast: 315 });
    await api.server.services.usageAlerts.checkForecasts(clock);
    expect((await alertNotifications(forecastOrg, forecastAdmin)).map((n) => n.subject)).toEqual([
      'Forecast Co: Message forecast usage alert at 311 messages reached',
      'Forecast Co: Message forecast usage alert at 300 messages reached',
    ]);
    // The scheduler's check fires an alert that no ingestion or save looked at (written behind the API's back).
    await api.server.deps.db.manager.query(
      `INSERT INTO usage_alert (organization_id, type, threshold, basis, enabled, created_at)
       VALUES (?, 'MESSAGE', 315, 'FORECAST', 1, '2026-03-11 12:00:00')`,
      [Number(forecastOrg)],
    );
    await api.server.services.usageAlerts.checkForecasts(clock);
    await api.server.services.usageAlerts.checkForecasts(clock);
    expect((await alertNotifications(forecastOrg, forecastAdmin)).map((n) => n.subject)[0]).toBe(
      'Forecast Co: Message forecast usage alert at 315 messages reached',
    );
    expect(await alertNotifications(forecastOrg, forecastAdmin)).toHaveLength(3);
    clock = new Date('2026-03-10T12:00:00Z');
  });
});
