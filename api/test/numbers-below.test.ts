import { startTestServer, TestServer, testDatabases } from './harness';

/**
 * allocatedToSubOrganizations comes from organization.numbers_below, a counter the number
 * operations keep; after any sequence of them it must equal a count over phone_number.
 */
describe.each(testDatabases())('numbers held below an organization (counter) on %s', (database) => {
  let api: TestServer;
  let admin: string;
  const org: Record<'top' | 'mid' | 'leaf' | 'side', string> = { top: '', mid: '', leaf: '', side: '' };

  async function ok<T = any>(query: string, variables: Record<string, unknown> = {}, token = admin): Promise<T> {
    const body = await api.query<T>(query, variables, token);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data as T;
  }

  const CREATE = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`;
  const add = (id: string, numbers: string[]) =>
    ok(`mutation($o: ID!, $n: [String!]!) { addNumbers(organizationId: $o, numbers: $n) { id } }`, {
      o: id,
      n: numbers,
    });
  const allocate = (from: string, to: string, count: number) =>
    ok(
      `mutation { allocateNumbers(fromOrganizationId: "${from}", toOrganizationId: "${to}", count: ${count}) { id } }`,
    );
  const withdraw = (from: string, count: number) =>
    ok(`mutation { withdrawNumbers(fromOrganizationId: "${from}", count: ${count}) { id } }`);
  const below = async (id: string) =>
    (await ok(`{ organization(id: "${id}") { numberUtilization { allocatedToSubOrganizations } } }`)).organization
      .numberUtilization.allocatedToSubOrganizations;

  /** What a subtree count over phone_number says, for every organization. */
  async function counted(): Promise<Record<string, number>> {
    const rows: Array<{ id: number; n: number | string }> = await api.server.deps.db.manager.query(
      'SELECT o.id AS id, (SELECT COUNT(*) FROM phone_number p WHERE p.org_path > o.path AND p.org_path < ' +
        `${database === 'sqlite' ? `o.path || '~'` : `CONCAT(o.path, '~')`}) AS n FROM organization o`,
    );
    return Object.fromEntries(rows.map((r) => [String(r.id), Number(r.n)]));
  }

  beforeAll(async () => {
    api = await startTestServer({ database, demoData: false });
    const operator = await api.token({ roles: ['operator'], org: null });
    org.top = (
      await ok(CREATE, { input: { name: 'Top', adminEmails: ['t@x.example'] } }, operator)
    ).createOrganization.id;
    admin = await api.token({ org: org.top, roles: ['admin'] });
    org.mid = (
      await ok(CREATE, { input: { name: 'Mid', parentId: org.top, adminEmails: ['m@x.example'] } })
    ).createOrganization.id;
    org.side = (
      await ok(CREATE, { input: { name: 'Side', parentId: org.top, adminEmails: ['s@x.example'] } })
    ).createOrganization.id;
    org.leaf = (
      await ok(CREATE, { input: { name: 'Leaf', parentId: org.mid, adminEmails: ['l@x.example'] } })
    ).createOrganization.id;
  });

  afterAll(async () => {
    await api?.close();
  });

  it('follows additions, allocations and withdrawals at every level', async () => {
    await add(org.top, ['+15550000001', '+15550000002', '+15550000003', '+15550000004']);
    await add(org.leaf, ['+15550000011', '+15550000012']);
    expect([await below(org.top), await below(org.mid), await below(org.leaf)]).toEqual([2, 2, 0]);

    await allocate(org.top, org.mid, 3);
    await allocate(org.mid, org.leaf, 2);
    await allocate(org.top, org.side, 1);
    expect([await below(org.top), await below(org.mid), await below(org.side), await below(org.leaf)]).toEqual([
      6, 4, 0, 0,
    ]);

    await withdraw(org.leaf, 1);
    await withdraw(org.side, 1);
    expect([await below(org.top), await below(org.mid), await below(org.leaf)]).toEqual([5, 3, 0]);

    // A refused move changes nothing.
    expect(
      (await api.query(`mutation { withdrawNumbers(fromOrganizationId: "${org.side}", count: 1) { id } }`, {}, admin))
        .errors?.[0].extensions?.code,
    ).toBe('BAD_USER_INPUT');

    const counts = await counted();
    for (const id of Object.values(org)) expect({ id, below: await below(id) }).toEqual({ id, below: counts[id] });
  });
});
