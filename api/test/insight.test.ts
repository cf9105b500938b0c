import { startTestServer, TestServer, testDatabases } from './harness';

/**
 * DESIGN §5 end to end, every figure worked out by hand below. The server's clock is moved by the
 * test, so recordUsage and the number operations happen at chosen moments.
 *
 * Kolkata Co: Asia/Kolkata (UTC+05:30), cycles start on the 15th. Queried at 2027-02-24 12:00 IST, a
 * Wednesday: CURRENT is 2027-02-15..2027-03-14 (28 days), PAST 2027-01-15..2027-02-14 (31 days, longer
 * than CURRENT), and 2026-12-15..2027-01-14 the cycle before. Its sub-organization West runs on
 * America/Los_Angeles (UTC−8).
 */
const QUERY_TIME = new Date('2027-02-24T06:30:00Z');
const ist = (local: string) => `${local}:00+05:30`;
const la = (local: string) => `${local}:00-08:00`;

const TOTAL = 'billable previous changePercent forecast';
const CYCLE = `dataAsOf voice { ${TOTAL} } message { ${TOTAL} } data { ${TOTAL} }`;

describe.each(testDatabases())('insight (DESIGN §5) on %s', (database) => {
  let api: TestServer;
  let clock = new Date('2027-01-01T00:00:00Z');
  let operator: string;
  let admin: string;
  const ids = { kolkata: '', west: '', empty: '', fresh: '' };
  const numberIds: string[] = [];

  async function ok<T = any>(query: string, variables: Record<string, unknown> = {}, token = admin): Promise<T> {
    const body = await api.query<T>(query, variables, token);
    if (body.errors) throw new Error(`unexpected errors: ${JSON.stringify(body.errors)}`);
    return body.data as T;
  }
  const at = (iso: string) => (clock = new Date(iso));
  const CREATE = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`;
  const RECORD = `mutation($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted duplicates } }`;
  const voice = (id: string, organizationId: string, occurredAt: string, seconds: number, billable = true) => ({
    id,
    organizationId,
    type: 'VOICE',
    occurredAt,
    quantity: seconds,
    billable,
  });
  const cycle = async (id: string, period: string, includeSubOrganizations = true) =>
    (
      await ok(
        `query($id: ID!, $subs: Boolean) { organization(id: $id) {
          cycle(period: ${period}, includeSubOrganizations: $subs) {
            ${CYCLE} series(type: VOICE) { date billable } } } }`,
        { id, subs: includeSubOrganizations },
        operator,
      )
    ).organization.cycle;

  beforeAll(async () => {
    api = await startTestServer({ database, demoData: false, now: () => clock });
    operator = await api.token({ roles: ['operator'], org: null });
    const create = async (input: Record<string, unknown>, token = operator) =>
      (await ok(CREATE, { input: { adminEmails: ['a@x.example'], ...input } }, token)).createOrganization.id;
    ids.kolkata = await create({ name: 'Kolkata Co', timezone: 'Asia/Kolkata', cycleStartDay: 15 });
    admin = await api.token({ org: ids.kolkata, roles: ['admin'] });
    ids.west = await create({ name: 'West', parentId: ids.kolkata, timezone: 'America/Los_Angeles' }, admin);
    ids.empty = await create({ name: 'Empty' });
    ids.fresh = await create({ name: 'Fresh' });

    // Numbers: 4 added on 01-10, one reserved on 01-20, one assigned on 01-26 IST (01-25 in UTC), one
    // assigned on 02-20.
    at('2027-01-10T12:00:00Z');
    const added = await ok(
      `mutation($org: ID!, $n: [String!]!) { addNumbers(organizationId: $org, numbers: $n) { id } }`,
      {
        org: ids.kolkata,
        n: ['+919800000001', '+919800000002', '+919800000003', '+919800000004'],
      },
    );
    numberIds.push(...added.addNumbers.map((n: { id: string }) => n.id));
    at('2027-01-20T12:00:00Z');
    await ok(`mutation { reserveNumber(numberId: "${numberIds[0]}") { id } }`);
    at('2027-01-25T20:00:00Z');
    await ok(`mutation { assignNumber(numberId: "${numberIds[1]}", email: "b@x.example") { id } }`);
    at('2027-02-20T10:00:00Z');
    await ok(`mutation { assignNumber(numberId: "${numberIds[2]}", email: "c@x.example") { id } }`);

    // Usage, recorded at T1 (Kolkata) and T2 (West); minutes in the comments.
    at('2027-02-24T06:00:00Z');
    const k = ids.kolkata;
    await ok(RECORD, {
      events: [
        voice('k-0', k, ist('2027-01-10T10:00'), 600), // 10, the cycle before PAST
        voice('k-1', k, ist('2027-01-15T00:10'), 120), // 2, PAST day 1 (still 01-14 in UTC)
        voice('k-2', k, ist('2027-01-20T10:00'), 300), // 5
        voice('k-3', k, ist('2027-01-24T10:00'), 60), // 1, PAST day 10
        voice('k-4', k, ist('2027-01-25T10:00'), 6000), // 100, PAST day 11
        voice('k-5', k, ist('2027-02-14T23:50'), 60), // 1, PAST's last day, a Sunday
        voice('k-6', k, ist('2027-02-15T10:00'), 600), // 10, Monday
        voice('k-7', k, ist('2027-02-16T10:00'), 1200), // 20, Tuesday
        voice('k-8', k, ist('2027-02-22T10:00'), 1800), // 30, Monday
        voice('k-9', k, ist('2027-02-23T10:00'), 2400), // 40, Tuesday
        voice('k-10', k, ist('2027-02-24T09:00'), 300), // 5, today
        voice('k-11', k, ist('2027-02-24T09:30'), 600, false), // not billable
      ],
    });
    at('2027-02-24T06:10:00Z');
    await ok(RECORD, {
      events: [
        // 2 minutes on Sunday 01-17 in Kolkata (still Saturday 01-16 in Los Angeles): PAST's first days.
        voice('w-1', ids.west, la('2027-01-16T12:00'), 120),
        // 1 minute today in Kolkata (02-24 10:30 IST), yesterday in Los Angeles.
        voice('w-2', ids.west, la('2027-02-23T21:00'), 60),
      ],
    });
    // Fresh (UTC, cycles on the 1st): usage on Monday 02-22 and Tuesday 02-23 only.
    await ok(
      RECORD,
      {
        events: [
          voice('f-1', ids.fresh, '2027-02-22T10:00:00Z', 60),
          voice('f-2', ids.fresh, '2027-02-23T10:00:00Z', 120),
          { id: 'f-3', organizationId: ids.fresh, type: 'MESSAGE', occurredAt: '2027-02-23T11:00:00Z', quantity: 3 },
        ],
      },
      operator,
    );
    at('2027-02-24T06:20:00Z');
    const duplicates = await ok(RECORD, { events: [voice('k-9', k, ist('2027-02-23T10:00'), 2400)] });
    expect(duplicates.recordUsage).toEqual({ accepted: 0, duplicates: 1 });
    at(QUERY_TIME.toISOString());
  });

  afterAll(async () => {
    await api?.close();
  });

  it('compares CURRENT with the same days of PAST in the organization’s zone, sub-organizations included', async () => {
    const current = await cycle(ids.kolkata, 'CURRENT');
    // 10 + 20 + 30 + 40 + 5 + West's 1 = 106; PAST's first 10 days (01-15..01-24): 2 + 5 + 1 + West's 2 = 10.
    expect(current.voice).toMatchObject({ billable: 106, previous: 10, changePercent: 960 });
    // No message of any kind: 0 against 0, and a forecast of 0 since usage of another type exists.
    expect(current.message).toEqual({ billable: 0, previous: 0, changePercent: null, forecast: 0 });
    // West's events were stored at T2, after Kolkata's own; the duplicate at T3 moved nothing.
    expect(current.dataAsOf).toBe('2027-02-24T06:10:00.000Z');
  });

  it('narrows the comparison, forecast and freshness to the organization alone', async () => {
    const current = await cycle(ids.kolkata, 'CURRENT', false);
    // 105 against 8: 100 × 97 / 8 = 1212.5.
    expect(current.voice).toMatchObject({ billable: 105, previous: 8, changePercent: 1212.5 });
    expect(current.dataAsOf).toBe('2027-02-24T06:00:00.000Z');
  });

  it('forecasts the current cycle from each weekday of the last 4 weeks', async () => {
    // Complete days 01-27..02-23: Monday's mean (30 + 10 + 0 + 0) / 4 = 10, Tuesday's (40 + 20) / 4 = 15,
    // Sunday's (0 + 1 + 0 + 0) / 4 = 0.25 (02-14), every other weekday 0. Today (Wednesday) expects 0,
    // already exceeded. The 18 days after today hold Mondays 03-01 and 03-08, Tuesdays 03-02 and 03-09,
    // Sundays 02-28, 03-07 and 03-14: 20 + 30 + 0.75 = 50.75.
    expect((await cycle(ids.kolkata, 'CURRENT', false)).voice.forecast).toBe(156); // 105 + 50.75 = 155.75
    expect((await cycle(ids.kolkata, 'CURRENT')).voice.forecast).toBe(157); // 106 + 50.75 = 156.75
  });

  it('answers expected(d) of each day after today, which the forecast sums, on CURRENT only', async () => {
    const expectedDays = async (period: string) =>
      (
        await ok(
          `query($id: ID!) { organization(id: $id) { cycle(period: ${period}, includeSubOrganizations: false) {
            voice { expectedDays { date expected } } message { expectedDays { date expected } } } } }`,
          { id: ids.kolkata },
          operator,
        )
      ).organization.cycle;
    const current = await expectedDays('CURRENT');
    // The same weekday means as the forecast above: Monday 10, Tuesday 15, Sunday 0.25, other days 0.
    const byWeekday = [0.25, 10, 15, 0, 0, 0, 0];
    const days = Array.from({ length: 18 }, (_, index) => new Date(Date.UTC(2027, 1, 25 + index)));
    expect(current.voice.expectedDays).toEqual(
      days.map((day) => ({ date: day.toISOString().slice(0, 10), expected: byWeekday[day.getUTCDay()] })),
    );
    expect(current.voice.expectedDays[17]).toEqual({ date: '2027-03-14', expected: 0.25 });
    // No message on any complete day: every later day expects 0 (the forecast is 0, not null).
    expect(current.message.expectedDays).toHaveLength(18);
    expect(current.message.expectedDays.every((day: { expected: number }) => day.expected === 0)).toBe(true);
    const past = await expectedDays('PAST');
    expect(past.voice.expectedDays).toBeNull();
    // Without a complete day of usage there is no forecast, and no expected day either.
    const empty = await ok(
      `{ organization(id: "${ids.empty}") { cycle(period: CURRENT) { voice { forecast expectedDays { date } } } } }`,
      {},
      operator,
    );
    expect(empty.organization.cycle.voice).toEqual({ forecast: null, expectedDays: null });
  });

  it('compares PAST with the whole cycle before it, and has no forecast', async () => {
    const past = await cycle(ids.kolkata, 'PAST', false);
    // 2 + 5 + 1 + 100 + 1 = 109 against 10: 990 %.
    expect(past.voice).toEqual({ billable: 109, previous: 10, changePercent: 990, forecast: null });
    expect(past.series).toHaveLength(31);
    expect(past.series[0]).toEqual({ date: '2027-01-15', billable: 2 });
    expect(past.series[30]).toEqual({ date: '2027-02-14', billable: 1 });
    const withWest = await cycle(ids.kolkata, 'PAST');
    expect(withWest.voice).toMatchObject({ billable: 111, previous: 10, changePercent: 1010 });
  });

  it('ends the CURRENT series today, and leaves ALL_TIME without comparison or forecast', async () => {
    const current = await cycle(ids.kolkata, 'CURRENT');
    expect(current.series.map((p: { date: string }) => p.date)).toEqual([
      '2027-02-15',
      '2027-02-16',
      '2027-02-17',
      '2027-02-18',
      '2027-02-19',
      '2027-02-20',
      '2027-02-21',
      '2027-02-22',
      '2027-02-23',
      '2027-02-24',
    ]);
    expect(current.series[9]).toEqual({ date: '2027-02-24', billable: 6 });
    const allTime = await cycle(ids.kolkata, 'ALL_TIME');
    expect(allTime.voice).toEqual({ billable: 227, previous: null, changePercent: null, forecast: null });
    expect(allTime.dataAsOf).toBe('2027-02-24T06:10:00.000Z');
  });

  it('forecasts a history shorter than a week from the mean of its complete days', async () => {
    const current = await cycle(ids.fresh, 'CURRENT');
    // Monday 1, Tuesday 2, every other weekday (1 + 2) / 2 = 1.5. Today (Wednesday) 0 so far: 1.5 owed, then
    // 02-25..02-28 at 1.5 each: 3 + 1.5 + 6 = 10.5, rounded half up.
    expect(current.voice).toEqual({ billable: 3, previous: 0, changePercent: null, forecast: 11 });
    // Messages: Monday 0, Tuesday 3, other weekdays (0 + 3) / 2: 3 + 1.5 (today) + 4 × 1.5 = 10.5.
    expect(current.message).toEqual({ billable: 3, previous: 0, changePercent: null, forecast: 11 });
  });

  it('answers an organization without any usage', async () => {
    const current = await cycle(ids.empty, 'CURRENT');
    expect(current.dataAsOf).toBeNull();
    expect(current.voice).toEqual({ billable: 0, previous: 0, changePercent: null, forecast: null });
    const utilization = await ok(
      `{ organization(id: "${ids.empty}") { numberUtilization {
        history(days: 2) { date inUse total } runOut { perDay daysLeft date } } } }`,
      {},
      operator,
    );
    expect(utilization.organization.numberUtilization).toEqual({
      history: [
        { date: '2027-02-23', inUse: 0, total: 0 },
        { date: '2027-02-24', inUse: 0, total: 0 },
      ],
      runOut: { perDay: 0, daysLeft: null, date: null },
    });
  });

  const UTILIZATION = `query($id: ID!, $days: Int) { organization(id: $id) { numberUtilization {
    inUse available history(days: $days) { date inUse total } runOut { perDay daysLeft date } } } }`;

  it('answers the utilization history day by day in the organization’s time zone', async () => {
    const { numberUtilization: u } = (await ok(UTILIZATION, { id: ids.kolkata, days: 60 })).organization;
    expect(u.history).toHaveLength(60);
    const point = (date: string) => u.history.find((p: { date: string }) => p.date === date);
    expect(u.history[0]).toEqual({ date: '2026-12-27', inUse: 0, total: 0 });
    expect(point('2027-01-09')).toEqual({ date: '2027-01-09', inUse: 0, total: 0 });
    expect(point('2027-01-10')).toEqual({ date: '2027-01-10', inUse: 0, total: 4 });
    expect(point('2027-01-20')).toEqual({ date: '2027-01-20', inUse: 1, total: 4 });
    expect(point('2027-01-25')).toEqual({ date: '2027-01-25', inUse: 1, total: 4 }); // assigned 01-26 01:30 IST
    expect(point('2027-01-26')).toEqual({ date: '2027-01-26', inUse: 2, total: 4 });
    expect(point('2027-02-19')).toEqual({ date: '2027-02-19', inUse: 2, total: 4 });
    expect(u.history[59]).toEqual({ date: '2027-02-24', inUse: 3, total: 4 });
    const byDefault = await ok(`{ organization(id: "${ids.kolkata}") { numberUtilization { history { date } } } }`);
    expect(byDefault.organization.numberUtilization.history).toHaveLength(90);
  });

  it('forecasts the run-out from the last 30 days', async () => {
    const { numberUtilization: u } = (await ok(UTILIZATION, { id: ids.kolkata, days: 1 })).organization;
    // 30 days before 02-24 is 01-25, which ended with 1 in use: 2 more in 30 days; 1 available lasts
    // ceil(30 × 1 / 2) = 15 days.
    expect(u.runOut).toEqual({ perDay: 2 / 30, daysLeft: 15, date: '2027-03-11' });
  });

  it('refuses a history of 0 or more than 400 days, naming days', async () => {
    for (const days of [0, 401]) {
      const body = await api.query(UTILIZATION, { id: ids.kolkata, days }, admin);
      expect(body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'days' });
    }
    const longest = (await ok(UTILIZATION, { id: ids.kolkata, days: 400 })).organization.numberUtilization;
    expect(longest.history).toHaveLength(400);
  });

  describe('later', () => {
    it('answers 0 days left once no number is available, and logs the sub-organization in its own zone', async () => {
      at('2027-02-24T06:40:00Z');
      await ok(
        `mutation($from: ID!, $to: ID!) {
          allocateNumbers(fromOrganizationId: $from, toOrganizationId: $to, count: 1) { id } }`,
        { from: ids.kolkata, to: ids.west },
      );
      at('2027-02-24T06:45:00Z');
      const kolkata = (await ok(UTILIZATION, { id: ids.kolkata, days: 1 })).organization.numberUtilization;
      expect(kolkata).toMatchObject({ inUse: 4, available: 0 });
      expect(kolkata.runOut).toEqual({ perDay: 0.1, daysLeft: 0, date: '2027-02-24' });
      const west = (await ok(UTILIZATION, { id: ids.west, days: 2 })).organization.numberUtilization;
      // Los Angeles is still on 02-23.
      expect(west.history).toEqual([
        { date: '2027-02-22', inUse: 0, total: 0 },
        { date: '2027-02-23', inUse: 0, total: 1 },
      ]);
      expect(west.runOut).toEqual({ perDay: 0, daysLeft: null, date: null });
    });

    it('caps the comparable span at the past cycle’s length when the current cycle is longer', async () => {
      // 2027-04-13 12:00 IST: CURRENT 03-15..04-14 (31 days, 30 elapsed), PAST 02-15..03-14 (28 days).
      at('2027-04-13T06:00:00Z');
      await ok(RECORD, { events: [voice('k-12', ids.kolkata, ist('2027-03-15T10:00'), 60)] });
      at('2027-04-13T06:30:00Z');
      const current = await cycle(ids.kolkata, 'CURRENT', false);
      // The whole past cycle (105), never the current cycle's own first days: 100 × (1 − 105) / 105 = −99.05.
      // Nothing in the last 4 weeks (03-16..04-12): the forecast is what is there.
      expect(current.voice).toEqual({ billable: 1, previous: 105, changePercent: -99, forecast: 1 });
      expect(current.dataAsOf).toBe('2027-04-13T06:00:00.000Z');
      const past = await cycle(ids.kolkata, 'PAST', false);
      // 105 against 109: −3.67 → −3.7.
      expect(past.voice).toEqual({ billable: 105, previous: 109, changePercent: -3.7, forecast: null });
    });
  });
});
