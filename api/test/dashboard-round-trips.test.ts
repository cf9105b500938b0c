import { DASHBOARD_QUERY } from '../bench/dashboard-query';
import { freshDatabase, startTestServer, TestServer, testDatabases } from './harness';
import { StatementCounter } from './statement-counter';

const NOW = new Date('2027-03-14T12:00:00Z');
/**
 * Every statement of a dashboard request with a viewer token of the organization, the token's scope
 * included. The first read after a write: the organization with its ancestors and rollup versions
 * (its stamps: whether a kept answer holds; it also shows the token's organization exists), its
 * utilization counts, its rollup rows and its utilization log.
 */
const COLD_STATEMENTS = 4;
/**
 * The same query of the same session again, nothing written since: the organization's row, whose
 * stamps (rollup version, numberOperationSeq, …) say the answer this process kept still holds.
 * Requests at once share that statement (common/coalesced-reads.ts); one alone sends it.
 */
const ANSWER_KEPT = 1;
/**
 * An answer made anew from what this process keeps for the current rollup version and
 * numberOperationSeq (rollup rows, figures, utilization, its log): the organization's row alone.
 */
const WARM_STATEMENTS = 1;
const ORGANIZATION_READ =
  /^SELECT o\.\*, v\.version AS usage_version FROM organization o LEFT JOIN usage_rollup_version v/;
const UTILIZATION_COUNTS = /FROM phone_number p LEFT JOIN app_user/;
const RECORD = `mutation($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted } }`;
const ADD_NUMBERS = `mutation($org: ID!, $n: [String!]!) { addNumbers(organizationId: $org, numbers: $n) { id } }`;

describe.each(testDatabases())('SQL round trips per dashboard request on %s', (database) => {
  let api: TestServer;
  /** A second API process's server on the same database: its caches must follow writes made through the first. */
  let other: TestServer;
  let shared: { url: string; drop(): Promise<void> };
  const counter = new StatementCounter();
  const ids: Record<'parent' | 'dept' | 'team' | 'lonely', string> = { parent: '', dept: '', team: '', lonely: '' };

  const CREATE = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`;

  async function ok<T = any>(query: string, variables: Record<string, unknown>, token: string, on = api): Promise<T> {
    const body = await on.query<T>(query, variables, token);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data as T;
  }

  interface Dashboard {
    organization: { allTime: { message: { total: number } }; numberUtilization: { total: number } };
  }

  /** The dashboard of `orgId` read with a viewer token of it, and the statements it took. */
  async function dashboard(orgId: string, on = api): Promise<{ statements: string[]; data: Dashboard }> {
    const token = await on.token({ org: orgId, roles: ['viewer'] });
    let data: Dashboard | undefined;
    const statements = await counter.during(async () => {
      data = await ok<Dashboard>(DASHBOARD_QUERY, { id: orgId }, token, on);
    });
    return { statements, data: data! };
  }

  const dashboardStatements = async (orgId: string) => (await dashboard(orgId)).statements;

  async function recordMessages(orgId: string, id: string, quantity: number, admin: string, on = api): Promise<void> {
    const at = new Date(NOW.getTime() - 3_600_000).toISOString();
    await ok(RECORD, { events: [{ id, organizationId: orgId, type: 'MESSAGE', occurredAt: at, quantity }] }, admin, on);
  }

  beforeAll(async () => {
    counter.install();
    shared = await freshDatabase(database);
    api = await startTestServer({ database, demoData: false, now: NOW, config: { databaseUrl: shared.url } });
    other = await startTestServer({ database, demoData: false, now: NOW, config: { databaseUrl: shared.url } });
    const operator = await api.token({ roles: ['operator'], org: null });
    ids.parent = (
      await ok(
        CREATE,
        { input: { name: 'Parent', adminEmails: ['p@x.example'], numberRequestContact: { email: 'n@x.example' } } },
        operator,
      )
    ).createOrganization.id;
    const admin = await api.token({ org: ids.parent, roles: ['admin'] });
    ids.lonely = (
      await ok(CREATE, { input: { name: 'Lonely', adminEmails: ['l@x.example'] } }, operator)
    ).createOrganization.id;
    // A parent over many sub-organizations, two levels deep, each with usage and numbers.
    for (let d = 0; d < 4; d++) {
      const dept = (
        await ok(
          CREATE,
          {
            input: { name: `Dept ${d}`, parentId: ids.parent, timezone: 'Europe/Berlin', adminEmails: ['d@x.example'] },
          },
          admin,
        )
      ).createOrganization.id;
      ids.dept ||= dept;
      for (let t = 0; t < 5; t++) {
        const team = (
          await ok(
            CREATE,
            { input: { name: `Team ${d}.${t}`, parentId: dept, cycleStartDay: 15, adminEmails: ['t@x.example'] } },
            admin,
          )
        ).createOrganization.id;
        ids.team ||= team;
        await ok(ADD_NUMBERS, { org: team, n: [`+1555${d}${t}00001`, `+1555${d}${t}00002`] }, admin);
        const events = Array.from({ length: 40 }, (_, i) => ({
          id: `e-${d}-${t}-${i}`,
          organizationId: team,
          type: ['VOICE', 'MESSAGE', 'DATA'][i % 3],
          occurredAt: new Date(NOW.getTime() - i * 5 * 86_400_000).toISOString(),
          quantity: 100 + i,
        }));
        await ok(RECORD, { events }, admin);
      }
    }
  });

  afterAll(async () => {
    counter.uninstall();
    await other?.close();
    await api?.close();
    await shared?.drop();
  });

  it('answers { __typename } with a viewer token in no statement, even for an organization never seen', async () => {
    const token = await api.token({ org: ids.lonely, roles: ['viewer'] });
    const missing = await api.token({ org: '987654', roles: ['viewer'] });
    const statements = await counter.during(async () => {
      expect(await api.query('{ __typename }', {}, token)).toEqual({ data: { __typename: 'Query' } });
      expect(await other.query('{ __typename }', {}, missing)).toEqual({ data: { __typename: 'Query' } });
    });
    expect(statements).toEqual([]);
  });

  it('refuses a token whose organization does not exist, with the reason, once a field needs the token', async () => {
    const missing = await api.token({ org: '987654', roles: ['viewer'] });
    const body = await api.query(DASHBOARD_QUERY, { id: '987654' }, missing);
    expect(body.data).toBeNull();
    expect(body.errors).toEqual([
      expect.objectContaining({
        message: "The token's organization does not exist",
        extensions: expect.objectContaining({ code: 'UNAUTHENTICATED' }),
      }),
    ]);
  });

  it.each(['team', 'dept', 'parent', 'lonely'] as const)(
    `answers the whole dashboard of a %s in ${COLD_STATEMENTS} statements, then in ${ANSWER_KEPT}`,
    async (which) => {
      const first = await dashboardStatements(ids[which]);
      const later = await dashboardStatements(ids[which]);
      // Another session (an admin of it) gets its own answer, from the rows this process keeps.
      const admin = await api.token({ org: ids[which], roles: ['admin'] });
      const otherSession = await counter.during(() => ok(DASHBOARD_QUERY, { id: ids[which] }, admin));
      if (process.env.SHOW_STATEMENTS)
        process.stdout.write(`${which}: first ${first.length}, later ${later.length}\n${first.join('\n')}\n`);
      expect(first).toHaveLength(COLD_STATEMENTS);
      expect(first[0]).toMatch(ORGANIZATION_READ);
      expect(first.filter((sql) => UTILIZATION_COUNTS.test(sql))).toHaveLength(1);
      // One statement for all usage rows of the request, whatever the number of cycles and usage types.
      expect(first.filter((sql) => /FROM usage_rollup /.test(sql))).toHaveLength(1);
      expect(first.filter((sql) => /FROM usage_event/.test(sql))).toHaveLength(0);
      // History and run-out share one read of the utilization log, and never count numbers per day.
      expect(first.filter((sql) => /FROM number_utilization_day/.test(sql))).toHaveLength(1);
      // Then only the organization's row, whose stamps say the kept answer still holds.
      expect(later).toHaveLength(ANSWER_KEPT);
      expect(later[0]).toMatch(ORGANIZATION_READ);
      expect(otherSession).toHaveLength(WARM_STATEMENTS);
      // Another session's answer is made anew, from what this process keeps: the row alone.
      expect(otherSession[0]).toMatch(ORGANIZATION_READ);
    },
  );

  it('costs a parent over 25 organizations no more statements than a lone organization', async () => {
    await dashboardStatements(ids.parent);
    await dashboardStatements(ids.lonely);
    expect((await dashboardStatements(ids.parent)).length).toBeLessThanOrEqual(
      (await dashboardStatements(ids.lonely)).length,
    );
  });

  it("follows its own writes without reading the rollups again, and reads them after another process's", async () => {
    const admin = await api.token({ org: ids.parent, roles: ['admin'] });
    const before = {
      team: (await dashboard(ids.team)).data,
      parent: (await dashboard(ids.parent)).data,
      teamOther: (await dashboard(ids.team, other)).data,
    };
    // Kept on both processes now.
    expect((await dashboard(ids.team, other)).statements).toHaveLength(ANSWER_KEPT);
    await recordMessages(ids.team, 'cache-1', 7, admin);
    // This process wrote the rows: the ones it keeps moved with its write (usage/kept-rollup-rows.ts).
    const team = await dashboard(ids.team);
    expect(team.statements).toHaveLength(WARM_STATEMENTS);
    expect(team.statements.filter((sql) => /FROM usage_rollup /.test(sql))).toHaveLength(0);
    expect(team.data.organization.allTime.message.total).toBe(before.team.organization.allTime.message.total + 7);
    const parent = await dashboard(ids.parent);
    expect(parent.data.organization.allTime.message.total).toBe(before.parent.organization.allTime.message.total + 7);
    // The other process had the team's rows for the previous version: it reads them again, and both
    // answer the same figures to the last one (dataAsOf included).
    const teamOther = await dashboard(ids.team, other);
    expect(teamOther.statements).toHaveLength(WARM_STATEMENTS + 1);
    expect(teamOther.statements.filter((sql) => /FROM usage_rollup /.test(sql))).toHaveLength(1);
    expect(teamOther.data).toEqual(team.data);
    // A write through the other process leaves a gap in this one's versions: it reads the rows again.
    await recordMessages(ids.team, 'cache-2', 5, admin, other);
    const afterOther = await dashboard(ids.team);
    expect(afterOther.statements.filter((sql) => /FROM usage_rollup /.test(sql))).toHaveLength(1);
    expect(afterOther.data.organization.allTime.message.total).toBe(
      before.team.organization.allTime.message.total + 12,
    );
    expect((await dashboard(ids.team, other)).data).toEqual(afterOther.data);
    // The lone organization's rows did not move: its answer is still kept.
    expect(await dashboardStatements(ids.lonely)).toHaveLength(ANSWER_KEPT);
  });

  it('reads the utilization log again after a number operation, through either process', async () => {
    const admin = await api.token({ org: ids.parent, roles: ['admin'] });
    const before = (await dashboard(ids.team, other)).data.organization.numberUtilization.total;
    expect((await dashboard(ids.team, other)).statements).toHaveLength(ANSWER_KEPT);
    await ok(ADD_NUMBERS, { org: ids.team, n: ['+15559990001'] }, admin);
    const after = await dashboard(ids.team, other);
    // The numberOperationSeq moved: the utilization counts and its log are read again.
    expect(after.statements).toHaveLength(WARM_STATEMENTS + 2);
    expect(after.statements.filter((sql) => UTILIZATION_COUNTS.test(sql))).toHaveLength(1);
    expect(after.statements.filter((sql) => /FROM number_utilization_day/.test(sql))).toHaveLength(1);
    expect(after.data.organization.numberUtilization.total).toBe(before + 1);
  });

  it("keeps an answer per session: a viewer of a sub-organization never gets the parent's kept answer", async () => {
    const parentAdmin = await api.token({ org: ids.parent, roles: ['admin'] });
    await ok(DASHBOARD_QUERY, { id: ids.parent }, parentAdmin);
    await ok(DASHBOARD_QUERY, { id: ids.parent }, parentAdmin);
    const deptViewer = await api.token({ org: ids.dept, roles: ['viewer'] });
    const body = await api.query(DASHBOARD_QUERY, { id: ids.parent }, deptViewer);
    expect(body.data).toBeNull();
    expect(body.errors?.[0].extensions?.code).toBe('NOT_FOUND');
  });

  it.each([
    ['users', 'users(first: 5) { email }', /FROM ["`]?app_user/],
    ['numbers', 'numbers(first: 5) { number }', /FROM ["`]?phone_number/],
  ])('runs a query reaching a field it cannot stamp (%s) in full every time', async (_field, selection, read) => {
    const admin = await api.token({ org: ids.team, roles: ['admin'] });
    const query =
      `query($id: ID!) { organization(id: $id) { ` + `cycle(period: CURRENT) { voice { total } } ${selection} } }`;
    await ok(query, { id: ids.team }, admin);
    const again = await counter.during(() => ok(query, { id: ids.team }, admin));
    expect(again.filter((sql) => read.test(sql))).toHaveLength(1);
  });

  it("keeps the token's organization asked through viewer (no organization-id) until it moves", async () => {
    const viewer = await api.token({ org: ids.team, roles: ['viewer'] });
    const admin = await api.token({ org: ids.team, roles: ['admin'] });
    const query = '{ viewer { organization { id numberUtilization { total } } } }';
    const total = async () => (await ok(query, {}, viewer)).viewer.organization.numberUtilization.total as number;
    const before = await total();
    expect(await counter.during(total)).toHaveLength(ANSWER_KEPT);
    await ok(ADD_NUMBERS, { org: ids.team, n: ['+15559990002'] }, admin, other);
    expect(await total()).toBe(before + 1);
  });

  it('answers a threshold saved through the other process at once', async () => {
    const admin = await api.token({ org: ids.lonely, roles: ['admin'] });
    const viewer = await api.token({ org: ids.lonely, roles: ['viewer'] });
    const threshold = `query($id: ID!) { organization(id: $id) { utilizationThreshold { percent reached } } }`;
    const read = async () => (await ok(threshold, { id: ids.lonely }, viewer)).organization.utilizationThreshold;
    const before = await read();
    expect(await counter.during(read)).toHaveLength(ANSWER_KEPT);
    const percent = before.percent === 55 ? 65 : 55;
    await ok(
      `mutation($id: ID!, $p: Int!) { setUtilizationThreshold(organizationId: $id, percent: $p) { percent } }`,
      { id: ids.lonely, p: percent },
      admin,
      other,
    );
    expect(await read()).toEqual({ percent, reached: before.reached });
  });
});

describe.each(testDatabases())('figures a process keeps, on %s', (database) => {
  let api: TestServer;
  let now = new Date('2027-03-14T12:00:00Z');
  const counter = new StatementCounter();

  beforeAll(async () => {
    counter.install();
    api = await startTestServer({ database, demoData: false, now: () => now });
  });

  afterAll(async () => {
    counter.uninstall();
    await api?.close();
  });

  it('follow the day: next day the CURRENT series has one more point, the rollups not read again', async () => {
    const operator = await api.token({ roles: ['operator'], org: null });
    const created = await api.query(
      `mutation { createOrganization(input: { name: "Daily", adminEmails: ["d@x.example"] }) { id } }`,
      {},
      operator,
    );
    const id = created.data.createOrganization.id as string;
    const admin = await api.token({ org: id, roles: ['admin'] });
    await api.query(
      `mutation($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted } }`,
      { events: [{ id: 'd1', organizationId: id, type: 'MESSAGE', occurredAt: '2027-03-14T08:00:00Z', quantity: 3 }] },
      admin,
    );
    const viewer = await api.token({ org: id, roles: ['viewer'] });
    const read = async () => {
      let body: any;
      const statements = await counter.during(async () => {
        body = await api.query(DASHBOARD_QUERY, { id }, viewer);
      });
      expect(body.errors).toBeUndefined();
      const current = body.data.organization.current;
      return { statements, days: current.messageSeries.map((p: { date: string }) => p.date), current };
    };
    await read();
    const sameDay = await read();
    expect(sameDay.statements).toHaveLength(ANSWER_KEPT);
    // The cycle started on March 1st (UTC): 14 days through today.
    expect(sameDay.days).toHaveLength(14);
    expect(sameDay.days.at(-1)).toBe('2027-03-14');
    expect(sameDay.current.message.total).toBe(3);

    now = new Date('2027-03-15T12:00:00Z');
    const nextDay = await read();
    expect(nextDay.days).toHaveLength(15);
    expect(nextDay.days.at(-1)).toBe('2027-03-15');
    expect(nextDay.current.message.total).toBe(3);
    // The same rollup version and the same past cycle: the rollup rows this process holds still serve;
    // the utilization log's 90-day window moved on a day, so it is read once.
    expect(nextDay.statements).toHaveLength(WARM_STATEMENTS + 1);
    expect(nextDay.statements.filter((sql) => /FROM usage_rollup /.test(sql))).toHaveLength(0);
    expect(nextDay.statements.filter((sql) => /FROM number_utilization_day/.test(sql))).toHaveLength(1);
    // A kept answer lasts a minute of the clock at most (an invitation may expire without a write).
    expect((await read()).statements).toHaveLength(ANSWER_KEPT);
    now = new Date('2027-03-15T12:01:00Z');
    expect((await read()).statements).toHaveLength(WARM_STATEMENTS);
  });
});

describe.each(testDatabases())('utilization a process keeps, on %s', (database) => {
  let api: TestServer;
  let now = new Date('2027-03-14T12:00:00Z');
  const counter = new StatementCounter();
  const UTILIZATION = `query($id: ID!) { organization(id: $id) { numberUtilization { assigned pendingInvitation } } }`;

  beforeAll(async () => {
    counter.install();
    // No kept answers: the utilization the process keeps is what is under test.
    api = await startTestServer({ database, demoData: false, now: () => now, config: { responseCacheMb: 0 } });
  });

  afterAll(async () => {
    counter.uninstall();
    await api?.close();
  });

  it('is read again the moment a pending invitation expires, and not before', async () => {
    const operator = await api.token({ roles: ['operator'], org: null });
    const created = await api.query(
      `mutation { createOrganization(input: { name: "Invites", adminEmails: ["i@x.example"] }) { id } }`,
      {},
      operator,
    );
    const id = created.data.createOrganization.id as string;
    const admin = await api.token({ org: id, roles: ['admin'] });
    const added = await api.query(ADD_NUMBERS, { org: id, n: ['+15558880001'] }, admin);
    const assign = `mutation($n: ID!) { assignNumber(numberId: $n, email: "new@x.example") { id } }`;
    expect((await api.query(assign, { n: added.data.addNumbers[0].id }, admin)).errors).toBeUndefined();
    const viewer = await api.token({ org: id, roles: ['viewer'] });
    const read = async () => {
      let body: any;
      const statements = await counter.during(async () => {
        body = await api.query(UTILIZATION, { id }, viewer);
      });
      return { utilization: body.data.organization.numberUtilization, statements };
    };
    const assignedAt = now.getTime();
    expect((await read()).utilization).toEqual({ assigned: 1, pendingInvitation: 1 });
    // Kept: the organization's row alone says nothing moved.
    now = new Date(assignedAt + 30 * 86_400_000 - 1);
    const justBefore = await read();
    expect(justBefore.utilization).toEqual({ assigned: 1, pendingInvitation: 1 });
    expect(justBefore.statements).toHaveLength(WARM_STATEMENTS);
    // INVITATION_TTL_DAYS (30) after the assignment the invitation is no longer pending: counted again.
    now = new Date(assignedAt + 30 * 86_400_000);
    const atExpiry = await read();
    expect(atExpiry.utilization).toEqual({ assigned: 1, pendingInvitation: 0 });
    expect(atExpiry.statements.filter((sql) => UTILIZATION_COUNTS.test(sql))).toHaveLength(1);
  });
});
