import { BetterSqlite3QueryRunner } from 'typeorm/driver/better-sqlite3/BetterSqlite3QueryRunner';
import { MysqlQueryRunner } from 'typeorm/driver/mysql/MysqlQueryRunner';
import { DASHBOARD_QUERY } from '../bench/dashboard-query';
import { startTestServer, TestServer, testDatabases } from './harness';

const NOW = new Date('2027-03-14T12:00:00Z');
/** DESIGN §5 added comparison, forecast, freshness, utilization history and run-out: one more statement. */
const MAX_ROUND_TRIPS = 5;

/** Counts every statement sent to the database while `counting` is on, on both drivers. */
class StatementCounter {
  statements: string[] = [];
  counting = false;
  private readonly restore: Array<() => void> = [];

  install(): void {
    for (const runner of [MysqlQueryRunner, BetterSqlite3QueryRunner]) {
      const proto = runner.prototype as { query: (...args: unknown[]) => Promise<unknown> };
      const original = proto.query;
      // eslint-disable-next-line @typescript-eslint/no-this-alias
      const counter = this;
      proto.query = function (this: unknown, ...args: unknown[]) {
        if (counter.counting) counter.statements.push(String(args[0]).replace(/\s+/g, ' ').slice(0, 400));
        return original.apply(this, args);
      };
      this.restore.push(() => (proto.query = original));
    }
  }

  uninstall(): void {
    this.restore.forEach((undo) => undo());
  }

  async during(fn: () => Promise<unknown>): Promise<string[]> {
    this.statements = [];
    this.counting = true;
    try {
      await fn();
    } finally {
      this.counting = false;
    }
    return this.statements;
  }
}

describe.each(testDatabases())('SQL round trips per dashboard request on %s', (database) => {
  let api: TestServer;
  const counter = new StatementCounter();
  const ids: Record<'parent' | 'dept' | 'team' | 'lonely', string> = { parent: '', dept: '', team: '', lonely: '' };

  const CREATE = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`;
  const RECORD = `mutation($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted } }`;

  async function ok<T = any>(query: string, variables: Record<string, unknown>, token: string): Promise<T> {
    const body = await api.query<T>(query, variables, token);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data as T;
  }

  async function dashboardStatements(orgId: string): Promise<string[]> {
    const token = await api.token({ org: orgId, roles: ['viewer'] });
    return counter.during(() => ok(DASHBOARD_QUERY, { id: orgId }, token));
  }

  beforeAll(async () => {
    counter.install();
    api = await startTestServer({ database, demoData: false, now: NOW });
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
        await ok(
          `mutation($org: ID!, $n: [String!]!) { addNumbers(organizationId: $org, numbers: $n) { id } }`,
          { org: team, n: [`+1555${d}${t}00001`, `+1555${d}${t}00002`] },
          admin,
        );
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
    await api?.close();
  });

  it.each(['team', 'dept', 'parent', 'lonely'] as const)(
    `answers the whole dashboard of a %s in at most ${MAX_ROUND_TRIPS} statements, first request and later ones`,
    async (which) => {
      const first = await dashboardStatements(ids[which]);
      const later = await dashboardStatements(ids[which]);
      if (process.env.SHOW_STATEMENTS)
        process.stdout.write(`${which}: first ${first.length}, later ${later.length}\n${later.join('\n')}\n`);
      expect(first.length).toBeGreaterThan(0);
      expect(first.length).toBeLessThanOrEqual(MAX_ROUND_TRIPS);
      expect(later.length).toBeLessThanOrEqual(first.length);
      // One statement for all usage rows of the request, whatever the number of cycles and usage types.
      expect(later.filter((sql) => /FROM usage_rollup/.test(sql))).toHaveLength(1);
      expect(later.filter((sql) => /FROM usage_event/.test(sql))).toHaveLength(0);
      // History and run-out share one read of the utilization log, and never count numbers per day.
      expect(later.filter((sql) => /FROM number_utilization_day/.test(sql))).toHaveLength(1);
    },
  );

  it('costs a parent over 25 organizations no more statements than a lone organization', async () => {
    await dashboardStatements(ids.parent);
    await dashboardStatements(ids.lonely);
    expect((await dashboardStatements(ids.parent)).length).toBeLessThanOrEqual(
      (await dashboardStatements(ids.lonely)).length,
    );
  });
});
