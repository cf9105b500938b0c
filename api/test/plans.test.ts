/**
 * DESIGN §9, end to end on SQLite and MySQL: price plans kept per cycle, allowances and their use,
 * charges so far and at the cycle's end, the refusals, kept answers following a plan change on every
 * process, and alerts on a percentage of the allowance. Two API processes share one database; the
 * clock is pinned and moved by the tests. "Now" is Wednesday 2027-03-10 12:00 UTC unless a test moves
 * it: CURRENT is 2027-03-01 … 03-31 for a UTC organization with calendar-month cycles.
 */
import { cacheLookups } from '../src/common/cache-stats';
import { freshDatabase, startTestServer, TestServer, testDatabases } from './harness';
import { StatementCounter } from './statement-counter';

const NOW = new Date('2027-03-10T12:00:00Z');
const CREATE = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`;
const RECORD = `mutation($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted } }`;
const SET_PLAN = `mutation($o: ID!, $p: PlanInput!, $e: PlanEffective) {
  setPlan(organizationId: $o, plan: $p, effective: $e) {
    name currency effectiveFrom baseFee { amount currency } perActiveUserFee { amount currency }
    voice { included includedPerActiveUser overageRate } message { included includedPerActiveUser overageRate }
    data { included includedPerActiveUser overageRate } } }`;
const CLEAR_PLAN = `mutation($o: ID!, $e: PlanEffective) { clearPlan(organizationId: $o, effective: $e) }`;
const CHARGES = `charges { currency fixed { amount currency } voice { amount } message { amount } data { amount }
  total { amount } forecastTotal { amount } }`;
const USE = `billable allowance percentUsed forecast forecastPercent`;
const BILL = (period: string, sub = true) => `cycle(period: ${period}, includeSubOrganizations: ${sub}) {
  activeUsers voice { ${USE} billableSeconds } message { ${USE} } data { ${USE} } ${CHARGES} }`;
const PLANS = `query($id: ID!) { organization(id: $id) { version
  plan { name effectiveFrom baseFee { amount } } nextPlan { name effectiveFrom baseFee { amount } }
  current: cycle(period: CURRENT) { charges { fixed { amount } } }
  past: cycle(period: PAST) { charges { fixed { amount } } } } }`;
const CREATE_ALERT = `mutation($o: ID!, $t: UsageType!, $th: SafeInt!, $b: AlertBasis, $m: AlertMeasure) {
  createUsageAlert(organizationId: $o, type: $t, threshold: $th, basis: $b, measure: $m) {
    id type threshold basis measure enabled } }`;

/** The USD example of docs/billing.md: 30/6 rating, a pooled plan, three active users in three organizations. */
const USD_PLAN = {
  name: 'Business Pooled',
  currency: 'USD',
  baseFee: '49.00',
  perActiveUserFee: '12.50',
  voice: { included: 100, includedPerActiveUser: 30, overageRate: '0.0375' },
  message: { included: 200, overageRate: '0.01' },
  data: { included: 2_000_000_000, includedPerActiveUser: 1_000_000_000, overageRate: '4.3' },
};

describe.each(testDatabases())('price plans, allowances and charges (DESIGN §9) on %s', (database) => {
  let shared: { url: string; drop(): Promise<void> };
  let api: TestServer;
  /** A second API process on the same database: its kept answers must follow plan changes made through the first. */
  let other: TestServer;
  let clock = NOW;
  let operator: string;
  let eventSeq = 0;
  const usd = { top: '', sales: '', east: '' };
  const counter = new StatementCounter();

  async function ok<T = any>(query: string, variables: Record<string, unknown>, token: string, on = api): Promise<T> {
    const body = await on.query<T>(query, variables, token);
    if (body.errors) throw new Error(`unexpected errors: ${JSON.stringify(body.errors)}`);
    return body.data as T;
  }
  const create = async (input: Record<string, unknown>, token = operator): Promise<string> =>
    (await ok(CREATE, { input: { adminEmails: ['billing@plans.example'], ...input } }, token)).createOrganization.id;
  const setPlan = async (o: string, p: Record<string, unknown>, e?: string) =>
    (await ok(SET_PLAN, { o, p, e }, operator)).setPlan;
  const event = (organizationId: string, type: string, occurredAt: string, quantity: number, billable = true) => ({
    id: `plan-${database}-${++eventSeq}`,
    organizationId,
    type,
    occurredAt,
    quantity,
    billable,
  });
  const record = (events: unknown[]) => ok(RECORD, { events }, operator);
  const bill = async (id: string, period: string, sub = true, on = api) =>
    (await ok(`query($id: ID!) { organization(id: $id) { ${BILL(period, sub)} } }`, { id }, operator, on)).organization
      .cycle;
  const plans = async (id: string) => (await ok(PLANS, { id }, operator)).organization;
  const refusal = async (query: string, variables: Record<string, unknown>, token = operator) => {
    const body = await api.query(query, variables, token);
    return { code: body.errors?.[0]?.extensions?.code, field: body.errors?.[0]?.extensions?.field };
  };

  /** Registered users holding numbers of `org` (active from now on), and one invited who never registered. */
  async function users(org: string, numbers: string[], registered: number): Promise<void> {
    const added = await ok(
      `mutation($o: ID!, $n: [String!]!) { addNumbers(organizationId: $o, numbers: $n) { id } }`,
      { o: org, n: numbers },
      operator,
    );
    for (const [i, { id }] of added.addNumbers.entries()) {
      const assigned = await ok(
        `mutation($n: ID!, $e: String!) { assignNumber(numberId: $n, email: $e) { user { id } } }`,
        { n: id, e: `user${i}.${org}@plans.example` },
        operator,
      );
      if (i < registered) {
        await ok(
          `mutation($u: ID!) { registerUser(userId: $u) { id } }`,
          { u: assigned.assignNumber.user.id },
          operator,
        );
      }
    }
  }

  beforeAll(async () => {
    counter.install();
    shared = await freshDatabase(database);
    const options = { database, demoData: false, now: () => clock };
    const config = { databaseUrl: shared.url, webhookAllowPrivate: true };
    api = await startTestServer({ ...options, config });
    other = await startTestServer({ ...options, config });
    operator = await api.token({ roles: ['operator'], org: null, sub: 'carrier-billing' });
  });
  afterAll(async () => {
    counter.uninstall();
    await other?.close();
    await api?.close();
    await shared?.drop();
  });

  it('prices a USD account with sub-organizations and a 30/6 rating, exactly as worked by hand', async () => {
    clock = NOW;
    usd.top = await create({ name: 'Pooled Co', rating: { voiceInitialSeconds: 30, voiceIncrementSeconds: 6 } });
    usd.sales = await create({ name: 'Pooled Sales', parentId: usd.top });
    usd.east = await create({ name: 'Pooled Sales East', parentId: usd.sales });
    // Active users: two in the account's own organization, one in Sales; Sales' second never registered.
    await users(usd.top, ['+15550300001', '+15550300002'], 2);
    await users(usd.sales, ['+15550300003', '+15550300004'], 1);
    // The same every day from Monday 03-01 to Tuesday 03-09 (none yet today), so each weekday expects it.
    // Calls rated 30/6: 1,000 s → 30 + 162 × 6 = 1,002 s; 455 s → 30 + 71 × 6 = 456 s; 31 s → 36 s: 1,494 s
    // a day; the 600 s call is not billable. Messages 15 + 10 = 25 a day; data 400 + 250 MB = 650 MB a day.
    const events = [];
    for (let d = 1; d <= 9; d++) {
      const at = `2027-03-0${d}T10:00:00Z`;
      events.push(
        event(usd.top, 'VOICE', at, 1000),
        event(usd.top, 'VOICE', at, 455),
        event(usd.sales, 'VOICE', at, 31),
        event(usd.sales, 'VOICE', at, 600, false),
        event(usd.top, 'MESSAGE', at, 15),
        event(usd.sales, 'MESSAGE', at, 10),
        event(usd.top, 'DATA', at, 400_000_000),
        event(usd.east, 'DATA', at, 250_000_000),
      );
    }
    await record(events);
    const plan = await setPlan(usd.top, USD_PLAN, 'CURRENT_CYCLE');
    expect(plan).toEqual({
      name: 'Business Pooled',
      currency: 'USD',
      effectiveFrom: '2027-03-01',
      baseFee: { amount: '49.00', currency: 'USD' },
      perActiveUserFee: { amount: '12.50', currency: 'USD' },
      voice: { included: 100, includedPerActiveUser: 30, overageRate: '0.0375' },
      message: { included: 200, includedPerActiveUser: 0, overageRate: '0.01' },
      data: { included: 2_000_000_000, includedPerActiveUser: 1_000_000_000, overageRate: '4.3' },
    });

    const current = await bill(usd.top, 'CURRENT');
    expect(current).toEqual({
      activeUsers: 3,
      voice: {
        // 9 days × 1,494 s = 13,446 s (224.1 → 224 minutes). Allowance 100 + 30 × 3 = 190 minutes = 11,400 s:
        // 100 × 13,446 / 11,400 = 117.947… → 117.9. Forecast: 13,446 s so far + 1,494 s expected today + 21 days
        // × 1,494 s (03-11 … 03-31) = 46,314 s = 771.9 → 772 minutes; 100 × 772 / 190 = 406.315… → 406.3.
        billable: 224,
        billableSeconds: 13_446,
        allowance: 190,
        percentUsed: 117.9,
        forecast: 772,
        forecastPercent: 406.3,
      },
      // 9 × 25 = 225 of 200: 112.5%; forecast 31 × 25 = 775: 387.5%.
      message: { billable: 225, allowance: 200, percentUsed: 112.5, forecast: 775, forecastPercent: 387.5 },
      // 9 × 650 MB = 5.85 GB of 2 + 1 × 3 = 5 GB: 117%; forecast 31 × 650 MB = 20.15 GB: 403%.
      data: {
        billable: 5_850_000_000,
        allowance: 5_000_000_000,
        percentUsed: 117,
        forecast: 20_150_000_000,
        forecastPercent: 403,
      },
      charges: {
        currency: 'USD',
        fixed: { amount: '86.50', currency: 'USD' }, // 49.00 + 12.50 × 3
        voice: { amount: '1.28' }, // 13,446 − 11,400 = 2,046 s = 34.1 min × 0.0375 = 1.27875 → 1.28
        message: { amount: '0.25' }, // (225 − 200) × 0.01
        data: { amount: '3.66' }, // (5.85 − 5) GB × 4.3 = 3.655 → 3.66 (half up)
        total: { amount: '91.69' }, // 86.50 + 1.28 + 0.25 + 3.66
        // 86.50 + (772 × 60 − 11,400 = 34,920 s = 582 min × 0.0375 = 21.825 → 21.83) + (775 − 200) × 0.01 = 5.75
        // + (20.15 − 5 = 15.15 GB × 4.3 = 65.145 → 65.15) = 179.23
        forecastTotal: { amount: '179.23' },
      },
    });

    // The organization alone: its own usage, the whole account's allowance, use and charges.
    const alone = await bill(usd.top, 'CURRENT', false);
    // 9 × (1,002 + 456) = 13,122 s (218.7 → 219 minutes); forecast 31 × 1,458 = 45,198 s = 753.3 → 753.
    expect(alone.voice).toEqual({ ...current.voice, billable: 219, billableSeconds: 13_122, forecast: 753 });
    expect(alone.data.billable).toBe(3_600_000_000);
    expect([alone.message.allowance, alone.message.percentUsed, alone.data.percentUsed]).toEqual([200, 112.5, 117]);
    expect(alone.charges).toEqual(current.charges);
    expect(alone.activeUsers).toBe(2);

    // Sub-organizations share the account's plan and show none of it; PAST (no plan then) and ALL_TIME neither.
    const NONE = { allowance: null, percentUsed: null, forecastPercent: null };
    for (const sub of [usd.sales, usd.east]) {
      const figures = await bill(sub, 'CURRENT');
      expect([figures.voice, figures.message, figures.data]).toEqual([
        expect.objectContaining(NONE),
        expect.objectContaining(NONE),
        expect.objectContaining(NONE),
      ]);
      expect(figures.charges).toBeNull();
      expect(await plans(sub)).toMatchObject({ plan: null, nextPlan: null, current: { charges: null } });
    }
    for (const period of ['PAST', 'ALL_TIME']) {
      const figures = await bill(usd.top, period);
      expect([figures.charges, figures.voice.allowance, figures.message.percentUsed]).toEqual([null, null, null]);
    }
  });

  it('rounds to whole yen, and 6-decimal rates to the three digits of the dinar', async () => {
    clock = NOW;
    const yen = await create({ name: 'Yen Co', timezone: 'Asia/Tokyo' });
    const dinar = await create({ name: 'Dinar Co', timezone: 'Asia/Bahrain' });
    const jpy = await setPlan(
      yen,
      {
        name: 'Yen Flex',
        currency: 'JPY',
        baseFee: '5000',
        voice: { overageRate: '3.3333' },
        message: { included: 10, overageRate: '1.5' },
        data: { overageRate: '0.1' },
      },
      'CURRENT_CYCLE',
    );
    expect([jpy.baseFee, jpy.perActiveUserFee, jpy.voice.overageRate]).toEqual([
      { amount: '5000', currency: 'JPY' },
      { amount: '0', currency: 'JPY' },
      '3.3333',
    ]);
    const bhd = await setPlan(
      dinar,
      {
        name: 'Dinar Metered',
        currency: 'BHD',
        baseFee: '2.5',
        voice: { overageRate: '0.004567' },
        message: { overageRate: '0.012345' },
        data: { overageRate: '0.123456' },
      },
      'CURRENT_CYCLE',
    );
    expect([bhd.baseFee.amount, bhd.data.overageRate]).toEqual(['2.500', '0.123456']);
    // Today only (17:00 in Tokyo, 11:00 in Bahrain): no complete day, so no forecast. No active users.
    const at = '2027-03-10T08:00:00Z';
    await record([
      event(yen, 'VOICE', at, 90),
      event(yen, 'MESSAGE', at, 17),
      event(yen, 'DATA', at, 2_500_000_000),
      event(dinar, 'VOICE', at, 3600),
      event(dinar, 'MESSAGE', at, 100),
      event(dinar, 'DATA', at, 10_500_000_000),
    ]);
    const yenBill = await bill(yen, 'CURRENT');
    // 90 s → 2 minutes (60/60) × 3.3333 = 6.6666 → 7; (17 − 10) × 1.5 = 10.5 → 11; 2.5 GB × 0.1 = 0.25 → 0.
    expect(yenBill.charges).toEqual({
      currency: 'JPY',
      fixed: { amount: '5000', currency: 'JPY' },
      voice: { amount: '7' },
      message: { amount: '11' },
      data: { amount: '0' },
      total: { amount: '5018' },
      forecastTotal: null,
    });
    // Nothing included of voice: an allowance of 0 has no percentage.
    expect(yenBill.voice).toMatchObject({ allowance: 0, percentUsed: null, forecastPercent: null });
    expect(yenBill.message).toMatchObject({ allowance: 10, percentUsed: 170, forecastPercent: null });
    const dinarBill = await bill(dinar, 'CURRENT');
    // 60 min × 0.004567 = 0.27402 → 0.274; 100 × 0.012345 = 1.2345 → 1.235; 10.5 GB × 0.123456 = 1.296288 → 1.296.
    expect(dinarBill.charges).toEqual({
      currency: 'BHD',
      fixed: { amount: '2.500', currency: 'BHD' },
      voice: { amount: '0.274' },
      message: { amount: '1.235' },
      data: { amount: '1.296' },
      total: { amount: '5.305' },
      forecastTotal: null,
    });
  });

  it('prices each cycle by the plan in effect at its start: NEXT_CYCLE, CURRENT_CYCLE, cleared', async () => {
    // New York, cycles from the 15th: at 2027-02-20 the current cycle started 02-15, the next starts 03-15.
    clock = new Date('2027-02-20T12:00:00Z');
    const org = await create({ name: 'Schedule Co', timezone: 'America/New_York', cycleStartDay: 15 });
    const named = (name: string, baseFee: string) => ({ name, currency: 'USD', baseFee });
    const versions = [(await plans(org)).version];
    const state = async () => {
      const o = await plans(org);
      versions.push(o.version);
      const fee = (cycle: { charges: { fixed: { amount: string } } | null }) => cycle.charges?.fixed.amount ?? null;
      return [o.plan?.name ?? null, o.nextPlan?.name ?? null, fee(o.current), fee(o.past), o.plan?.effectiveFrom];
    };
    expect(await state()).toEqual([null, null, null, null, undefined]);

    expect((await setPlan(org, named('A', '10'), 'CURRENT_CYCLE')).effectiveFrom).toBe('2027-02-15');
    // Without `effective`: NEXT_CYCLE.
    expect((await setPlan(org, named('B', '20'))).effectiveFrom).toBe('2027-03-15');
    expect(await state()).toEqual(['A', 'B', '10.00', null, '2027-02-15']);

    // The cycle turns: B is current, the past cycle keeps A.
    clock = new Date('2027-03-20T12:00:00Z');
    expect(await state()).toEqual(['B', null, '20.00', '10.00', '2027-03-15']);
    expect((await setPlan(org, named('C', '30'), 'CURRENT_CYCLE')).effectiveFrom).toBe('2027-03-15');
    expect(await state()).toEqual(['C', null, '30.00', '10.00', '2027-03-15']);

    // NEXT_CYCLE clears only what is scheduled: nothing here, then D.
    expect((await ok(CLEAR_PLAN, { o: org }, operator)).clearPlan).toBe(false);
    await setPlan(org, named('D', '40'), 'NEXT_CYCLE');
    expect(await state()).toEqual(['C', 'D', '30.00', '10.00', '2027-03-15']);
    expect((await ok(CLEAR_PLAN, { o: org, e: 'NEXT_CYCLE' }, operator)).clearPlan).toBe(true);
    expect(await state()).toEqual(['C', null, '30.00', '10.00', '2027-03-15']);

    // C continues into the next cycle, then CURRENT_CYCLE clears it and what was scheduled.
    clock = new Date('2027-04-20T12:00:00Z');
    expect(await state()).toEqual(['C', null, '30.00', '30.00', '2027-03-15']);
    await setPlan(org, named('E', '50'));
    expect(await state()).toEqual(['C', 'E', '30.00', '30.00', '2027-03-15']);
    expect((await ok(CLEAR_PLAN, { o: org, e: 'CURRENT_CYCLE' }, operator)).clearPlan).toBe(true);
    expect(await state()).toEqual([null, null, null, '30.00', undefined]);
    expect((await ok(CLEAR_PLAN, { o: org, e: 'CURRENT_CYCLE' }, operator)).clearPlan).toBe(false);
    clock = new Date('2027-05-20T12:00:00Z');
    expect(await state()).toEqual([null, null, null, null, undefined]);

    // Organization.version (the widgets' live poll) moved with every change and with nothing else.
    const changes = versions.filter((v, i) => i > 0 && v !== versions[i - 1]);
    expect(changes).toHaveLength(6); // A and B, C, D, D withdrawn, E, cleared
    clock = NOW;
  });

  it('refuses bad plans (BAD_USER_INPUT naming the field) and other roles (FORBIDDEN), changing nothing', async () => {
    clock = NOW;
    const org = await create({ name: 'Refusal Co' });
    const dept = await create({ name: 'Refusal Dept', parentId: org });
    await setPlan(org, { name: 'Now', currency: 'USD', baseFee: '10' }, 'CURRENT_CYCLE');
    await setPlan(org, { name: 'Later', currency: 'USD', baseFee: '20' }, 'NEXT_CYCLE');
    const before = await plans(org);
    const rows = async () =>
      (await api.server.deps.db.manager.query('SELECT COUNT(*) AS n FROM organization_plan WHERE organization_id = ?', [
        Number(org),
      ])) as Array<{ n: number | string }>;
    const rowsBefore = Number((await rows())[0].n);
    const base = { name: 'Bad', currency: 'USD' };
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ ...base, currency: 'XYZ' }, 'plan.currency'],
      [{ ...base, currency: 'usd' }, 'plan.currency'],
      [{ ...base, baseFee: '10.001' }, 'plan.baseFee'],
      [{ ...base, currency: 'JPY', baseFee: '100.5' }, 'plan.baseFee'],
      [{ ...base, currency: 'BHD', perActiveUserFee: '1.2345' }, 'plan.perActiveUserFee'],
      [{ ...base, voice: { overageRate: '0.0000001' } }, 'plan.voice.overageRate'],
      [{ ...base, perActiveUserFee: '-1' }, 'plan.perActiveUserFee'],
      [{ ...base, message: { included: -1 } }, 'plan.message.included'],
      [{ ...base, data: { overageRate: '-0.5' } }, 'plan.data.overageRate'],
      [{ ...base, baseFee: '1000000000000.01' }, 'plan.baseFee'],
      [{ ...base, data: { overageRate: '1000000000001' } }, 'plan.data.overageRate'],
      [{ ...base, data: { includedPerActiveUser: 1_000_000_000_001 } }, 'plan.data.includedPerActiveUser'],
      [{ ...base, name: '  ' }, 'plan.name'],
      [{ ...base, name: 'x'.repeat(101) }, 'plan.name'],
    ];
    for (const [plan, field] of cases) {
      for (const e of ['CURRENT_CYCLE', 'NEXT_CYCLE']) {
        expect([field, await refusal(SET_PLAN, { o: org, p: plan, e })]).toEqual([
          field,
          { code: 'BAD_USER_INPUT', field },
        ]);
      }
    }
    const good = { name: 'Fine', currency: 'USD' };
    expect(await refusal(SET_PLAN, { o: dept, p: good })).toEqual({ code: 'BAD_USER_INPUT', field: 'organizationId' });
    expect(await refusal(CLEAR_PLAN, { o: dept, e: 'CURRENT_CYCLE' })).toEqual({
      code: 'BAD_USER_INPUT',
      field: 'organizationId',
    });
    for (const roles of [['admin'], ['viewer']] as const) {
      const token = await api.token({ org, roles: [...roles] });
      expect(await refusal(SET_PLAN, { o: org, p: good, e: 'CURRENT_CYCLE' }, token)).toEqual({
        code: 'FORBIDDEN',
        field: undefined,
      });
      expect((await refusal(CLEAR_PLAN, { o: org, e: 'CURRENT_CYCLE' }, token)).code).toBe('FORBIDDEN');
    }
    expect((await refusal(SET_PLAN, { o: '987654', p: good })).code).toBe('NOT_FOUND');
    expect(await plans(org)).toEqual(before);
    expect(Number((await rows())[0].n)).toBe(rowsBefore);
  });

  it("keeps every process's cached dashboards in step with plan changes and the cycle's turn", async () => {
    clock = new Date('2027-03-31T23:59:00Z');
    const org = await create({ name: 'Cached Co' });
    await record([event(org, 'MESSAGE', '2027-03-31T09:00:00Z', 30)]);
    const viewer = await other.token({ org, roles: ['viewer'] });
    const DASHBOARD = `query CachedBill($id: ID!) { organization(id: $id) { name
      plan { name baseFee { amount } } nextPlan { name }
      current: cycle(period: CURRENT) { message { billable allowance percentUsed } ${CHARGES} }
      past: cycle(period: PAST) { message { allowance } charges { total { amount } } }
      allTime: cycle(period: ALL_TIME) { message { allowance } charges { total { amount } } } } }`;
    const planReads = async () => {
      const statements = await counter.during(() => ok(DASHBOARD, { id: org }, viewer, other));
      return statements.filter((sql) => /organization_plan/.test(sql)).length;
    };
    /** The dashboard from the second process, asked until it is served from what it kept (the third ask). */
    const kept = async () => {
      const first = await ok(DASHBOARD, { id: org }, viewer, other);
      await ok(DASHBOARD, { id: org }, viewer, other);
      const hits = cacheLookups().response?.hits ?? 0;
      const third = await ok(DASHBOARD, { id: org }, viewer, other);
      expect(third).toEqual(first);
      expect(cacheLookups().response.hits).toBe(hits + 1);
      return third.organization;
    };
    expect(await kept()).toMatchObject({ plan: null, nextPlan: null, current: { charges: null } });
    // Never a plan: no statement reads plans (a number operation first, so the answer is made anew, not kept).
    await ok(
      `mutation($o: ID!) { addNumbers(organizationId: $o, numbers: ["+15550400001"]) { id } }`,
      { o: org },
      operator,
    );
    expect(await planReads()).toBe(0);

    await setPlan(
      org,
      { name: 'March', currency: 'EUR', baseFee: '5', message: { included: 20, overageRate: '0.5' } },
      'CURRENT_CYCLE',
    );
    // Set through the first process, shown at once by the second, which reads the plans once for the
    // whole dashboard (plan, three periods), then keeps them for the account's plan_seq.
    expect(await planReads()).toBe(1);
    expect(await planReads()).toBe(0);
    const now = (await ok(DASHBOARD, { id: org }, viewer, other)).organization;
    expect(now.plan).toEqual({ name: 'March', baseFee: { amount: '5.00' } });
    expect(now.current.message).toEqual({ billable: 30, allowance: 20, percentUsed: 150 });
    expect(now.current.charges).toMatchObject({
      currency: 'EUR',
      message: { amount: '5.00' },
      total: { amount: '10.00' },
    });

    await setPlan(org, { name: 'April', currency: 'EUR', baseFee: '7' });
    expect(await kept()).toMatchObject({ plan: { name: 'March' }, nextPlan: { name: 'April' } });
    // A minute later the cycle has turned: the kept answer is not served, April prices the new cycle.
    clock = new Date('2027-04-01T00:00:00Z');
    const turned = (await ok(DASHBOARD, { id: org }, viewer, other)).organization;
    expect(turned).toMatchObject({
      plan: { name: 'April', baseFee: { amount: '7.00' } },
      nextPlan: null,
      current: { message: { billable: 0, allowance: 0, percentUsed: null }, charges: { total: { amount: '7.00' } } },
    });
    clock = NOW;
  });

  it('alerts on a percentage of the allowance once a cycle (email, webhook), refuses one without it', async () => {
    clock = NOW;
    const org = await create({ name: 'Allowance Alerts Co' });
    const dept = await create({ name: 'Allowance Alerts Dept', parentId: org });
    const unplanned = await create({ name: 'Unplanned Co' });
    await setPlan(
      org,
      { name: 'Messages', currency: 'USD', message: { included: 100, overageRate: '0.05' } },
      'CURRENT_CYCLE',
    );
    const admin = await api.token({ org, roles: ['admin'] });
    await ok(
      `mutation($o: ID!, $u: String!) { createWebhook(organizationId: $o, url: $u) { webhook { id } } }`,
      { o: org, u: 'http://127.0.0.1:9/hooks/allowance' },
      admin,
    );
    const percent = { t: 'MESSAGE', m: 'PERCENT_OF_ALLOWANCE' };
    const alert = (await ok(CREATE_ALERT, { o: org, th: 80, ...percent }, admin)).createUsageAlert;
    expect(alert).toEqual({
      id: alert.id,
      type: 'MESSAGE',
      threshold: 80,
      basis: 'ACTUAL',
      measure: 'PERCENT_OF_ALLOWANCE',
      enabled: true,
    });
    // Refused: no allowance of the type, no plan, a sub-organization, a percentage outside 1-1000.
    const refused = (variables: Record<string, unknown>) => refusal(CREATE_ALERT, variables, operator);
    const REFUSED = (field: string) => ({ code: 'BAD_USER_INPUT', field });
    expect(await refused({ o: org, th: 80, ...percent, t: 'VOICE' })).toEqual(REFUSED('measure'));
    expect(await refused({ o: unplanned, th: 80, ...percent })).toEqual(REFUSED('measure'));
    expect(await refused({ o: dept, th: 80, ...percent })).toEqual(REFUSED('measure'));
    expect(await refused({ o: org, th: 1001, ...percent })).toEqual(REFUSED('threshold'));
    expect(await refused({ o: org, th: 0, ...percent })).toEqual(REFUSED('threshold'));
    const units = (await ok(CREATE_ALERT, { o: org, t: 'VOICE', th: 5000 }, admin)).createUsageAlert;
    expect(units.measure).toBe('UNITS');
    const UPDATE = `mutation($id: ID!, $th: SafeInt, $m: AlertMeasure) {
      updateUsageAlert(id: $id, threshold: $th, measure: $m) { threshold measure } }`;
    expect(await refusal(UPDATE, { id: units.id, m: 'PERCENT_OF_ALLOWANCE' }, admin)).toEqual(REFUSED('threshold'));
    expect(await refusal(UPDATE, { id: units.id, th: 90, m: 'PERCENT_OF_ALLOWANCE' }, admin)).toEqual(
      REFUSED('measure'),
    );
    expect(await refusal(UPDATE, { id: alert.id, th: 5000 }, admin)).toEqual(REFUSED('threshold'));
    const list = await ok(
      `query($id: ID!) { organization(id: $id) { usageAlerts { measure threshold } } }`,
      { id: org },
      admin,
    );
    expect(list.organization.usageAlerts).toEqual([
      { measure: 'PERCENT_OF_ALLOWANCE', threshold: 80 },
      { measure: 'UNITS', threshold: 5000 },
    ]);

    const fired = async (id = org) =>
      (await api.server.deps.db.manager.query(
        `SELECT subject, body_text FROM notification WHERE cause = 'USAGE_ALERT' AND organization_id = ? ORDER BY id`,
        [Number(id)],
      )) as Array<{ subject: string; body_text: string }>;
    // 79 messages: 79% of 100. One more (in the sub-organization, which the account's plan covers): 80%.
    await record([event(org, 'MESSAGE', '2027-03-10T09:00:00Z', 79)]);
    expect(await fired()).toEqual([]);
    await record([event(dept, 'MESSAGE', '2027-03-10T09:05:00Z', 1)]);
    await record([event(org, 'MESSAGE', '2027-03-10T09:10:00Z', 30)]);
    const emails = await fired();
    expect(emails.map((e) => e.subject)).toEqual([
      'Allowance Alerts Co: Message usage alert at 80% of the message allowance reached',
    ]);
    expect(emails[0].body_text).toBe(
      [
        "Allowance Alerts Co's billable message usage this cycle has reached 80% of the message allowance " +
          '(100 messages).',
        '',
        `Alert: Message usage alert at 80% of the message allowance (alert ${alert.id})`,
        'Allowance this cycle: 100 messages',
        'Usage so far: 80 messages (80% of the allowance)',
        'Forecast for the cycle: not available yet',
        'Cycle started: 2027-03-01',
        '',
        `Management portal: ${api.server.config.portalUrl}`,
      ].join('\n'),
    );
    const hooks: Array<{ body: string }> = await api.server.deps.db.manager.query(
      `SELECT body FROM webhook_delivery WHERE organization_id = ? AND event_type = 'usage.alert'`,
      [Number(org)],
    );
    expect(hooks.map((h) => JSON.parse(h.body).data)).toEqual([
      {
        alertId: alert.id,
        usageType: 'MESSAGE',
        threshold: 80,
        basis: 'ACTUAL',
        measure: 'PERCENT_OF_ALLOWANCE',
        value: 80,
        usage: 80,
        forecast: null,
        allowance: 100,
        cycleStart: '2027-03-01',
      },
    ]);

    // FORECAST compares forecastPercent: the USD account's messages are on track for 387.5% of theirs.
    const usdAdmin = await api.token({ org: usd.top, roles: ['admin'] });
    await ok(CREATE_ALERT, { o: usd.top, th: 400, b: 'FORECAST', ...percent }, usdAdmin);
    await ok(CREATE_ALERT, { o: usd.top, th: 300, b: 'FORECAST', ...percent }, usdAdmin);
    await api.server.services.usageAlerts.checkForecasts(clock);
    expect((await fired(usd.top)).map((e) => e.subject)).toEqual([
      'Pooled Co: Message forecast usage alert at 300% of the message allowance reached',
    ]);
  });
});
