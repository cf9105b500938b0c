import { startTestServer, TestServer, testDatabases } from './harness';

/**
 * DESIGN §6 end to end, every figure worked out by hand in the comments.
 *
 * Tokyo Co (Asia/Tokyo, UTC+9) with users u1, u2; its sub-organizations East (America/New_York,
 * UTC−5 in winter) with u3, and South (Asia/Tokyo) with u4. Ranges are Tokyo days for Tokyo Co:
 * R = 2026-12-16 (a Wednesday, mid-month) .. 2027-01-05 (21 days; ISO weeks 51, 52, 53 of 2026 and 1
 * of 2027: the week of 2026-12-28 crosses both a month and a year).
 */
const jst = (local: string) => `${local}:00+09:00`;
const R = { from: '2026-12-16', to: '2027-01-05' };

const TOTALS = 'voice { billable total } message { billable total } data { billable total }';
const BREAKDOWN = `query($id: ID!, $from: String!, $to: String!, $by: BreakdownBy!, $orderBy: UsageType, $first: Int,
    $after: String) {
  organization(id: $id) { usageBreakdown(from: $from, to: $to, by: $by, orderBy: $orderBy, first: $first,
      after: $after) {
    rows { user { id email } organization { id name } ${TOTALS} }
    nextCursor
    unattributed { type unit billable total previous changePercent forecast } } } }`;

describe.each(testDatabases())('usage reports (DESIGN §6) on %s', (database) => {
  let api: TestServer;
  let operator: string;
  let admin: string;
  const ids = { tokyo: '', east: '', south: '', other: '' };
  const users: Record<'u1' | 'u2' | 'u3' | 'u4', string> = { u1: '', u2: '', u3: '', u4: '' };

  async function ok<T = any>(query: string, variables: Record<string, unknown> = {}, token = admin): Promise<T> {
    const body = await api.query<T>(query, variables, token);
    if (body.errors) throw new Error(`unexpected errors: ${JSON.stringify(body.errors)}`);
    return body.data as T;
  }
  const RECORD = `mutation($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted duplicates } }`;
  const ev = (
    id: string,
    organizationId: string,
    userId: string | null,
    type: string,
    occurredAt: string,
    quantity: number,
    billable = true,
  ) => ({ id, organizationId, userId, type, occurredAt, quantity, billable });

  const usage = async (id: string, from: string, to: string, subs = true, granularity = 'DAY', type = 'VOICE') =>
    (
      await ok(
        `query($id: ID!, $from: String!, $to: String!, $subs: Boolean, $g: Granularity, $t: UsageType!) {
          organization(id: $id) { usage(from: $from, to: $to, includeSubOrganizations: $subs) {
            from to ${TOTALS} voice { unit previous changePercent forecast }
            series(type: $t, granularity: $g) { date billable total } } } }`,
        { id, from, to, subs, g: granularity, t: type },
      )
    ).organization.usage;
  const breakdown = async (vars: Record<string, unknown>, token = admin) =>
    (await ok(BREAKDOWN, { id: ids.tokyo, ...R, ...vars }, token)).organization.usageBreakdown;
  /** A row as [who, voice billable/total, message billable, data billable]. */
  const brief = (rows: any[]) =>
    rows.map((r) => [
      r.user ? r.user.email : r.organization.name,
      `${r.voice.billable}/${r.voice.total}`,
      r.message.billable,
      r.data.billable,
    ]);

  beforeAll(async () => {
    api = await startTestServer({ database, demoData: false, now: new Date('2027-01-20T03:00:00Z') });
    operator = await api.token({ roles: ['operator'], org: null });
    const create = async (input: Record<string, unknown>, token = operator) =>
      (
        await ok(
          `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`,
          { input: { adminEmails: ['a@x.example'], ...input } },
          token,
        )
      ).createOrganization.id;
    ids.tokyo = await create({ name: 'Tokyo Co', timezone: 'Asia/Tokyo' });
    admin = await api.token({ org: ids.tokyo, roles: ['admin'] });
    ids.east = await create({ name: 'East, "NY"', parentId: ids.tokyo, timezone: 'America/New_York' }, admin);
    ids.south = await create({ name: 'South', parentId: ids.tokyo, timezone: 'Asia/Tokyo' }, admin);
    ids.other = await create({ name: 'Other Co' });
    const addUser = async (org: string, number: string, email: string) => {
      const added = await ok(
        `mutation($o: ID!, $n: [String!]!) { addNumbers(organizationId: $o, numbers: $n) { id } }`,
        {
          o: org,
          n: [number],
        },
      );
      const assigned = await ok(
        `mutation($id: ID!, $e: String!) { assignNumber(numberId: $id, email: $e) { user { id } } }`,
        { id: added.addNumbers[0].id, e: email },
      );
      return assigned.assignNumber.user.id as string;
    };
    users.u1 = await addUser(ids.tokyo, '+81300000001', 'u1@x.example');
    users.u2 = await addUser(ids.tokyo, '+81300000002', 'u2@x.example');
    users.u3 = await addUser(ids.east, '+12125550003', 'u3@x.example');
    users.u4 = await addUser(ids.south, '+81300000004', 'u4@x.example');
    const { u1, u2, u3, u4 } = users;
    const { tokyo, east, south } = ids;
    const events = [
      ev('e10', south, u4, 'DATA', jst('2026-11-25T12:00'), 500), // November, before R
      ev('e0', east, u3, 'VOICE', jst('2026-12-15T23:59'), 60), // 1 min, the day before R (12-15 in NY too)
      ev('e1', tokyo, u1, 'VOICE', jst('2026-12-16T10:00'), 61), // 2 min, R's first day
      ev('e2', tokyo, u1, 'VOICE', jst('2026-12-31T23:30'), 30), // 1 min
      ev('e3', tokyo, u2, 'VOICE', jst('2027-01-01T00:10'), 120), // 2 min, 01-01 in Tokyo, 12-31 in UTC
      ev('e4', east, u3, 'VOICE', jst('2027-01-01T08:00'), 180), // 3 min, 01-01 Tokyo, 12-31 18:00 in NY
      ev('e5', south, u4, 'VOICE', jst('2027-01-02T12:00'), 300, false), // 5 min, not billable
      ev('e6', tokyo, null, 'MESSAGE', jst('2027-01-03T12:00'), 3), // no user
      ev('e7', east, null, 'DATA', jst('2027-01-04T12:00'), 1000), // no user; 01-03 22:00 in NY
      ev('e8', tokyo, u1, 'MESSAGE', jst('2027-01-05T09:00'), 2),
      ev('e9', tokyo, u2, 'MESSAGE', jst('2027-01-05T09:00'), 2),
      ev('e11', tokyo, u2, 'VOICE', jst('2027-01-06T00:00'), 45), // the day after R
    ];
    const ingest = await api.token({ org: ids.tokyo, roles: ['ingest'] });
    expect((await ok(RECORD, { events }, ingest)).recordUsage).toEqual({ accepted: 12, duplicates: 0 });
    // The same ids again, even with other figures, change nothing.
    const again = events.slice(0, 3).map((e) => ({ ...e, quantity: 99_999 }));
    expect((await ok(RECORD, { events: again }, ingest)).recordUsage).toEqual({ accepted: 0, duplicates: 3 });
  });

  afterAll(() => api?.close());

  it('totals a range with sub-organizations, in the queried organization’s days', async () => {
    const r = await usage(ids.tokyo, R.from, R.to);
    expect(r.from).toBe(R.from);
    expect(r.to).toBe(R.to);
    // VOICE: e1 2 + e2 1 + e3 2 + e4 3 billable, + e5 5 not billable. MESSAGE: e6 3 + e8 2 + e9 2. DATA: e7.
    expect(r.voice).toEqual({
      billable: 8,
      total: 13,
      unit: 'minutes',
      previous: null,
      changePercent: null,
      forecast: null,
    });
    expect(r.message).toEqual({ billable: 7, total: 7 });
    expect(r.data).toEqual({ billable: 1000, total: 1000 });
    expect(r.series).toHaveLength(21);
    expect(r.series[0]).toEqual({ date: '2026-12-16', billable: 2, total: 2 });
    expect(r.series.filter((p: any) => p.total > 0)).toEqual([
      { date: '2026-12-16', billable: 2, total: 2 },
      { date: '2026-12-31', billable: 1, total: 1 },
      { date: '2027-01-01', billable: 5, total: 5 },
      { date: '2027-01-02', billable: 0, total: 5 },
    ]);
    expect(r.series[20]).toEqual({ date: '2027-01-05', billable: 0, total: 0 });
  });

  it('groups by ISO week (crossing a month and a year) and by calendar month, dated inside the range', async () => {
    expect((await usage(ids.tokyo, R.from, R.to, true, 'WEEK')).series).toEqual([
      { date: '2026-12-16', billable: 2, total: 2 }, // week of Monday 12-14, starts in the range on 12-16
      { date: '2026-12-21', billable: 0, total: 0 },
      { date: '2026-12-28', billable: 6, total: 11 }, // 12-31 1, 01-01 2 + 3, 01-02 0 of 5
      { date: '2027-01-04', billable: 0, total: 0 },
    ]);
    expect((await usage(ids.tokyo, R.from, R.to, true, 'MONTH')).series).toEqual([
      { date: '2026-12-16', billable: 3, total: 3 },
      { date: '2027-01-01', billable: 5, total: 10 },
    ]);
    expect((await usage(ids.tokyo, R.from, R.to, true, 'WEEK', 'MESSAGE')).series.map((p: any) => p.total)).toEqual([
      0, 0, 3, 4,
    ]);
  });

  it('narrows to the organization alone, and reads a sub-organization in its own time zone', async () => {
    const own = await usage(ids.tokyo, R.from, R.to, false);
    expect([own.voice.billable, own.voice.total, own.message.total, own.data.total]).toEqual([5, 5, 7, 0]);
    // East on New York days: e4 falls on 12-31, e7 on 01-03, e0 on 12-15.
    const east = await usage(ids.east, '2026-12-31', '2026-12-31');
    expect([east.voice.billable, east.data.total]).toEqual([3, 0]);
    expect((await usage(ids.east, '2027-01-03', '2027-01-03')).data.total).toBe(1000);
    expect((await usage(ids.east, '2027-01-01', '2027-01-01')).voice.total).toBe(0);
  });

  it('breaks usage down by user, ordered by billable then id, paged, with unattributed usage', async () => {
    const first = await breakdown({ by: 'USER', first: 2 });
    // u1 3 (e1 2 + e2 1) ties u3 3 (e4): ids ascending; then u2 2, then u4 0 of 5.
    expect(brief(first.rows)).toEqual([
      ['u1@x.example', '3/3', 2, 0],
      ['u3@x.example', '3/3', 0, 0],
    ]);
    expect(first.rows.map((r: any) => r.organization.name)).toEqual(['Tokyo Co', 'East, "NY"']);
    expect(first.unattributed).toEqual([
      { type: 'VOICE', unit: 'minutes', billable: 0, total: 0, previous: null, changePercent: null, forecast: null },
      { type: 'MESSAGE', unit: 'messages', billable: 3, total: 3, previous: null, changePercent: null, forecast: null },
      { type: 'DATA', unit: 'bytes', billable: 1000, total: 1000, previous: null, changePercent: null, forecast: null },
    ]);
    expect(typeof first.nextCursor).toBe('string');
    const second = await breakdown({ by: 'USER', first: 2, after: first.nextCursor });
    expect(brief(second.rows)).toEqual([
      ['u2@x.example', '2/2', 2, 0],
      ['u4@x.example', '0/5', 0, 0],
    ]);
    expect(second.nextCursor).toBeNull();
    expect(second.unattributed).toEqual(first.unattributed);
    // MESSAGE: u1 2 and u2 2 tie, u3 and u4 0 tie: ids ascending within each.
    const byMessage = await breakdown({ by: 'USER', orderBy: 'MESSAGE' });
    expect(brief(byMessage.rows).map((r) => r[0])).toEqual([
      'u1@x.example',
      'u2@x.example',
      'u3@x.example',
      'u4@x.example',
    ]);
    expect(byMessage.nextCursor).toBeNull();
  });

  it('adds whole months and loose days, and leaves out users without usage in the range', async () => {
    // 2026-11-20 .. 2027-01-05: November's loose days, all of December, January's days.
    const wide = await breakdown({ by: 'USER', from: '2026-11-20' });
    // u3: e0 1 + e4 3 = 4; u1 3; u2 2; u4 0 of 5 and data 500.
    expect(brief(wide.rows)).toEqual([
      ['u3@x.example', '4/4', 0, 0],
      ['u1@x.example', '3/3', 2, 0],
      ['u2@x.example', '2/2', 2, 0],
      ['u4@x.example', '0/5', 0, 500],
    ]);
    const byData = await breakdown({ by: 'USER', from: '2026-11-01', to: '2026-11-30', orderBy: 'DATA' });
    expect(brief(byData.rows)).toEqual([['u4@x.example', '0/0', 0, 500]]);
    // One period (a day here, a calendar month above) is read without grouping: paged the same way.
    const jan1 = await breakdown({ by: 'USER', from: '2027-01-01', to: '2027-01-01', first: 1 });
    expect(brief(jan1.rows)).toEqual([['u3@x.example', '3/3', 0, 0]]);
    const jan1Next = await breakdown({
      by: 'USER',
      from: '2027-01-01',
      to: '2027-01-01',
      first: 1,
      after: jan1.nextCursor,
    });
    expect(brief(jan1Next.rows)).toEqual([['u2@x.example', '2/2', 0, 0]]);
    expect(jan1Next.nextCursor).toBeNull();
    const oneDay = await breakdown({ by: 'USER', from: '2026-12-31', to: '2026-12-31' });
    expect(brief(oneDay.rows)).toEqual([['u1@x.example', '1/1', 0, 0]]);
    // The sub-organization's own report, in New York days: e4 on 12-31.
    const east = (await ok(BREAKDOWN, { id: ids.east, from: '2026-12-31', to: '2026-12-31', by: 'USER' })).organization
      .usageBreakdown;
    expect(brief(east.rows)).toEqual([['u3@x.example', '3/3', 0, 0]]);
  });

  it('breaks usage down by direct sub-organization, each covering its subtree', async () => {
    const subs = await breakdown({ by: 'SUB_ORGANIZATION' });
    expect(brief(subs.rows)).toEqual([
      ['East, "NY"', '3/3', 0, 1000],
      ['South', '0/5', 0, 0],
    ]);
    expect(subs.rows.map((r: any) => r.user)).toEqual([null, null]);
    expect(subs.unattributed).toEqual([]);
    expect(subs.nextCursor).toBeNull();
    const page1 = await breakdown({ by: 'SUB_ORGANIZATION', orderBy: 'MESSAGE', first: 1 });
    expect(brief(page1.rows)).toEqual([['East, "NY"', '3/3', 0, 1000]]); // a tie at 0: the lower id first
    const page2 = await breakdown({ by: 'SUB_ORGANIZATION', orderBy: 'MESSAGE', first: 1, after: page1.nextCursor });
    expect(brief(page2.rows)).toEqual([['South', '0/5', 0, 0]]);
    expect(page2.nextCursor).toBeNull();
  });

  it('refuses bad ranges and pages with BAD_USER_INPUT naming the field', async () => {
    const refusal = async (vars: Record<string, unknown>) => {
      const body = await api.query(BREAKDOWN, { id: ids.tokyo, ...R, by: 'USER', ...vars }, admin);
      return [body.errors?.[0]?.extensions?.code, body.errors?.[0]?.extensions?.field];
    };
    expect(await refusal({ from: '2027-01-06', to: '2027-01-05' })).toEqual(['BAD_USER_INPUT', 'to']);
    expect(await refusal({ from: '2025-01-01', to: '2027-01-02' })).toEqual(['BAD_USER_INPUT', 'to']); // 732 days
    expect(await refusal({ from: '2027-02-30' })).toEqual(['BAD_USER_INPUT', 'from']);
    expect(await refusal({ to: '2027-1-5' })).toEqual(['BAD_USER_INPUT', 'to']);
    expect(await refusal({ first: 0 })).toEqual(['BAD_USER_INPUT', 'first']);
    expect(await refusal({ first: 501 })).toEqual(['BAD_USER_INPUT', 'first']);
    expect(await refusal({ after: 'nonsense' })).toEqual(['BAD_USER_INPUT', 'after']);
    // 731 days, both included, is allowed.
    expect((await usage(ids.tokyo, '2025-01-06', '2027-01-06')).series).toHaveLength(731);
    const reversed = await api.query(
      `{ organization(id: "${ids.tokyo}") { usage(from: "2027-01-02", to: "2027-01-01") { from } } }`,
      {},
      admin,
    );
    expect(reversed.errors?.[0]?.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
  });

  it('lets viewers read, refuses ingest tokens, and hides other organizations', async () => {
    const viewer = await api.token({ org: ids.tokyo, roles: ['viewer'] });
    expect(brief((await breakdown({ by: 'SUB_ORGANIZATION' }, viewer)).rows)).toHaveLength(2);
    const ingest = await api.token({ org: ids.tokyo, roles: ['ingest'] });
    const forbidden = await api.query(BREAKDOWN, { id: ids.tokyo, ...R, by: 'USER' }, ingest);
    expect(forbidden.errors?.[0]?.extensions?.code).toBe('FORBIDDEN');
    const foreign = await api.query(BREAKDOWN, { id: ids.other, ...R, by: 'USER' }, admin);
    expect(foreign.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
    const southAdmin = await api.token({ org: ids.south, roles: ['admin'] });
    const up = await api.query(BREAKDOWN, { id: ids.tokyo, ...R, by: 'USER' }, southAdmin);
    expect(up.errors?.[0]?.extensions?.code).toBe('NOT_FOUND');
  });

  it('rebuilds the same user rollups from the events when the migration runs again (backfill)', async () => {
    const before = await breakdown({ by: 'USER', from: '2026-11-20' });
    const dataSource = api.server.deps.db.dataSource;
    await dataSource.undoLastMigration({ transaction: 'each' });
    await dataSource.runMigrations({ transaction: 'each' });
    expect(await breakdown({ by: 'USER', from: '2026-11-20' })).toEqual(before);
    expect(brief((await breakdown({ by: 'SUB_ORGANIZATION' })).rows)).toEqual([
      ['East, "NY"', '3/3', 0, 1000],
      ['South', '0/5', 0, 0],
    ]);
  });
  describe('CSV export', () => {
    const csv = async (params: Record<string, string>, token: string | null = admin) => {
      const query = new URLSearchParams({ organizationId: ids.tokyo, ...R, ...params });
      const headers: Record<string, string> = token ? { authorization: `Bearer ${token}` } : {};
      const res = await fetch(`${api.url}/reports/usage.csv?${query}`, { headers });
      return { res, body: await res.text() };
    };

    it('answers one line per day of the range, every day present, no totals row', async () => {
      const { res, body } = await csv({ by: 'day' });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toBe('text/csv; charset=utf-8');
      expect(res.headers.get('content-disposition')).toBe(
        `attachment; filename="usage-${ids.tokyo}-2026-12-16-2027-01-05-day.csv"`,
      );
      expect(body.charCodeAt(0)).not.toBe(0xfeff);
      const lines = body.split('\r\n');
      expect(lines[0]).toBe(
        'date,voice_billable_minutes,voice_total_minutes,voice_billable_seconds,voice_total_seconds,' +
          'messages_billable,messages_total,' +
          'data_billable_bytes,data_total_bytes',
      );
      expect(lines).toHaveLength(1 + 21 + 1); // header, 21 days, and the empty string after the last CRLF
      expect(lines.slice(16, 22)).toEqual([
        '2026-12-31,1,1,60,60,0,0,0,0',
        '2027-01-01,5,5,300,300,0,0,0,0',
        '2027-01-02,0,5,0,300,0,0,0,0',
        '2027-01-03,0,0,0,0,3,3,0,0',
        '2027-01-04,0,0,0,0,0,0,1000,1000',
        '2027-01-05,0,0,0,0,4,4,0,0',
      ]);
      expect(lines[22]).toBe('');
    });

    it('answers one line per user with usage, by id, and the organization alone when asked', async () => {
      const { body } = await csv({ by: 'user' });
      const { u1, u2, u3, u4 } = users;
      expect(body).toBe(
        'user_id,email,organization_id,voice_billable_minutes,voice_total_minutes,' +
          'voice_billable_seconds,voice_total_seconds,messages_billable,messages_total,' +
          'data_billable_bytes,data_total_bytes\r\n' +
          `${u1},u1@x.example,${ids.tokyo},3,3,180,180,2,2,0,0\r\n` +
          `${u2},u2@x.example,${ids.tokyo},2,2,120,120,2,2,0,0\r\n` +
          `${u3},u3@x.example,${ids.east},3,3,180,180,0,0,0,0\r\n` +
          `${u4},u4@x.example,${ids.south},0,5,0,300,0,0,0,0\r\n`,
      );
      const alone = await csv({ by: 'user', includeSubOrganizations: 'false' });
      expect(
        alone.body
          .split('\r\n')
          .slice(1, -1)
          .map((l) => l.split(',')[0]),
      ).toEqual([u1, u2]);
    });

    it('quotes names with commas, quotes and line breaks (RFC 4180)', async () => {
      const created = await ok(
        `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`,
        { input: { name: 'Line\nBreak', parentId: ids.tokyo, adminEmails: ['a@x.example'] } },
      );
      const { body } = await csv({ by: 'sub-organization' });
      expect(body).toBe(
        'organization_id,name,voice_billable_minutes,voice_total_minutes,voice_billable_seconds,voice_total_seconds,' +
          'messages_billable,messages_total,' +
          'data_billable_bytes,data_total_bytes\r\n' +
          `${ids.east},"East, ""NY""",3,3,180,180,0,0,1000,1000\r\n` +
          `${ids.south},South,0,5,0,300,0,0,0,0\r\n` +
          `${created.createOrganization.id},"Line\nBreak",0,0,0,0,0,0,0,0\r\n`,
      );
    });

    it('reads users in slices of ids: id order across slices, an empty slice, a user without usage', async () => {
      // Ids 10,000 apart or more: several slices of the user CSV (one of them empty), each read ahead.
      const far = [40_000, 52_000, 60_500, 75_000];
      for (const id of far) {
        await api.server.deps.db.manager.query(
          'INSERT INTO app_user (id, organization_id, email, added_at, registered_at, deactivated_at, ' +
            'invitation_expires_at) VALUES (?, ?, ?, ?, ?, ?, ?)',
          [id, Number(ids.other), `far${id}@x.example`, '2026-01-01 00:00:00', null, null, '2026-01-08 00:00:00'],
        );
      }
      const ingest = await api.token({ org: ids.other, roles: ['ingest'] });
      const events = [40_000, 52_000, 75_000].map((id, i) =>
        ev(`far${i}`, ids.other, String(id), 'MESSAGE', jst('2026-12-20T12:00'), i + 1),
      );
      expect((await ok(RECORD, { events }, ingest)).recordUsage).toEqual({ accepted: 3, duplicates: 0 });
      const { body } = await csv({ by: 'user', organizationId: ids.other }, await api.token({ org: ids.other }));
      expect(body.split('\r\n').slice(1)).toEqual([
        `40000,far40000@x.example,${ids.other},0,0,0,0,1,1,0,0`,
        `52000,far52000@x.example,${ids.other},0,0,0,0,2,2,0,0`,
        `75000,far75000@x.example,${ids.other},0,0,0,0,3,3,0,0`,
        '',
      ]);
    });

    it('lets the reading go when the client leaves mid-file, even while a piece was being read', async () => {
      const reports = api.server.services.reports;
      const original = reports.csvText;
      let closed = false;
      let sent = 0;
      // Pieces that take a while to read, as a slow database's: the client leaves between two of them.
      reports.csvText = async function* () {
        try {
          for (;;) {
            yield `${'x'.repeat(64 * 1024)}\r\n`;
            sent++;
            await new Promise((resolve) => setTimeout(resolve, 50));
          }
        } finally {
          closed = true;
        }
      };
      try {
        const query = new URLSearchParams({ organizationId: ids.tokyo, ...R, by: 'user' });
        const abort = new AbortController();
        const res = await fetch(`${api.url}/reports/usage.csv?${query}`, {
          headers: { authorization: `Bearer ${admin}` },
          signal: abort.signal,
        });
        const reader = res.body!.getReader();
        await reader.read();
        abort.abort();
        const deadline = Date.now() + 2000;
        while (!closed && Date.now() < deadline) await new Promise((resolve) => setTimeout(resolve, 20));
        expect(closed).toBe(true);
        expect(sent).toBeLessThan(20);
      } finally {
        reports.csvText = original;
      }
    });

    it("keeps GraphQL's rules: 401 without a token, 403 for ingest, 404 outside, 400 naming the field", async () => {
      expect((await csv({ by: 'day' }, null)).res.status).toBe(401);
      expect((await csv({ by: 'day' }, await api.token({ org: ids.tokyo, roles: ['ingest'] }))).res.status).toBe(403);
      expect((await csv({ by: 'day', organizationId: ids.other })).res.status).toBe(404);
      const southAdmin = await api.token({ org: ids.south, roles: ['admin'] });
      expect((await csv({ by: 'day' }, southAdmin)).res.status).toBe(404);
      const viewer = await api.token({ org: ids.tokyo, roles: ['viewer'] });
      expect((await csv({ by: 'user' }, viewer)).res.status).toBe(200);
      const reversed = await csv({ by: 'day', from: '2027-01-06' });
      expect(reversed.res.status).toBe(400);
      expect(JSON.parse(reversed.body).error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'to' });
      const badBy = await csv({ by: 'week' });
      expect(JSON.parse(badBy.body).error).toMatchObject({ code: 'BAD_USER_INPUT', field: 'by' });
    });
  });
});

describe('the demo data’s usage report', () => {
  let api: TestServer;
  beforeAll(async () => {
    api = await startTestServer({ demoData: true, now: new Date('2026-11-20T12:00:00Z') });
  });
  afterAll(() => api?.close());

  it('attributes most usage to users, and rows plus unattributed add up to the range’s total', async () => {
    const token = await api.token({ roles: ['viewer'] });
    const body = await api.query(
      `query($id: ID!) { organization(id: $id) {
        usage(from: "2026-10-01", to: "2026-10-31") { voice { billableSeconds } message { billable } }
        usageBreakdown(from: "2026-10-01", to: "2026-10-31", by: USER, first: 500) {
          rows { voice { billableSeconds } message { billable } } nextCursor
          unattributed { type billable billableSeconds } } } }`,
      { id: api.demoOrgId },
      token,
    );
    expect(body.errors).toBeUndefined();
    const { usage, usageBreakdown } = body.data.organization;
    expect(usageBreakdown.nextCursor).toBeNull();
    // The demo bills 30/6 (DESIGN §8): rated seconds add up exactly; each row's rounded minutes need not.
    const byUsers = usageBreakdown.rows.reduce((sum: number, r: any) => sum + r.voice.billableSeconds, 0);
    const loose = usageBreakdown.unattributed[0].billableSeconds;
    expect(usageBreakdown.rows.length).toBeGreaterThan(20);
    expect(byUsers + loose).toBe(usage.voice.billableSeconds);
    expect(byUsers).toBeGreaterThan(loose * 4);
  });
});
