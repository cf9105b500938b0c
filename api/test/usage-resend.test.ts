import { startTestServer, TestServer, testDatabases } from './harness';

const NOW = new Date('2027-03-14T12:00:00Z');

/**
 * Issue 17: a batch of new ids goes in without a lookup first; a known id makes the insert undo to
 * its savepoint and the call look its ids up. Either way nothing counts twice.
 */
describe.each(testDatabases())('recordUsage resends on %s', (database) => {
  let api: TestServer;
  let org: string;
  let ingest: string;
  let viewer: string;

  const RECORD = `mutation($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted duplicates } }`;
  const TOTALS = (id: string) =>
    `{ organization(id: "${id}") { cycle(period: ALL_TIME) { message { billable total } data { billable total } } } }`;

  async function ok<T = any>(query: string, variables: Record<string, unknown> = {}, token = ingest): Promise<T> {
    const body = await api.query<T>(query, variables, token);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data as T;
  }

  const message = (id: string, quantity: number) => ({
    id,
    organizationId: org,
    type: 'MESSAGE',
    occurredAt: '2027-03-10T10:00:00Z',
    quantity,
  });

  beforeAll(async () => {
    api = await startTestServer({ database, demoData: false, now: NOW });
    const operator = await api.token({ roles: ['operator'], org: null });
    const created = await ok(
      `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`,
      { input: { name: 'Resender', adminEmails: ['a@resender.example'] } },
      operator,
    );
    org = created.createOrganization.id;
    ingest = await api.token({ org, roles: ['ingest'] });
    viewer = await api.token({ org, roles: ['viewer'] });
  });

  afterAll(async () => {
    await api?.close();
  });

  it('records only the new ids of a call that mixes new and known ones, in any order', async () => {
    expect((await ok(RECORD, { events: [message('r-2', 20)] })).recordUsage).toEqual({ accepted: 1, duplicates: 0 });
    // r-1 goes in before the known r-2 refuses the insert: it must not count as known afterwards.
    const mixed = [message('r-1', 1), message('r-2', 20), message('r-3', 300), message('r-1', 1)];
    expect((await ok(RECORD, { events: mixed })).recordUsage).toEqual({ accepted: 2, duplicates: 2 });
    expect((await ok(TOTALS(org), {}, viewer)).organization.cycle.message).toEqual({ billable: 321, total: 321 });
    const count = await api.server.deps.db.manager.query("SELECT COUNT(*) AS n FROM usage_event WHERE id LIKE 'r-%'");
    expect(Number(count[0].n)).toBe(3);
  });

  it('undoes every statement of the insert when a known id comes late in a big call', async () => {
    // SQLite binds 1,000 events a statement: the first goes in before the second meets the known id.
    const events = [...Array.from({ length: 1100 }, (_, i) => message(`b-${i}`, 1)), message('r-3', 300)];
    expect((await ok(RECORD, { events })).recordUsage).toEqual({ accepted: 1100, duplicates: 1 });
    expect((await ok(TOTALS(org), {}, viewer)).organization.cycle.message).toEqual({ billable: 1421, total: 1421 });
  });

  it('counts a batch once when it is sent several times at once', async () => {
    const events = Array.from({ length: 50 }, (_, i) => ({
      id: `c-${i}`,
      organizationId: org,
      type: 'DATA',
      occurredAt: '2027-03-11T10:00:00Z',
      quantity: 1000 + i,
    }));
    const answers = await Promise.all(Array.from({ length: 4 }, () => ok(RECORD, { events })));
    const accepted = answers.reduce((sum, a) => sum + a.recordUsage.accepted, 0);
    const duplicates = answers.reduce((sum, a) => sum + a.recordUsage.duplicates, 0);
    expect({ accepted, duplicates }).toEqual({ accepted: 50, duplicates: 150 });
    const bytes = 50 * 1000 + (49 * 50) / 2;
    expect((await ok(TOTALS(org), {}, viewer)).organization.cycle.data).toEqual({ billable: bytes, total: bytes });
  });
});
