/**
 * Organization.version, the widgets' live-update probe (DESIGN §10): it moves with every change a
 * dashboard shows (usage, its sub-organizations' usage, a number operation, the threshold) and with
 * nothing else, read the same through `viewer` and `organization(id:)`.
 */
import { startTestServer, type TestServer } from './harness';

describe('Organization.version', () => {
  let api: TestServer;
  let admin: string;
  let orgId: string;
  let childId: string;

  const ok = async (query: string, variables: Record<string, unknown> = {}, token = admin) => {
    const body = await api.query(query, variables, token);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  };
  const version = async (): Promise<string> =>
    (await ok(`query($id: ID!) { organization(id: $id) { version } }`, { id: orgId })).organization.version;
  const usage = (id: string, organizationId: string) =>
    ok(`mutation($e: [UsageEventInput!]!) { recordUsage(events: $e) { accepted } }`, {
      e: [{ id, organizationId, type: 'MESSAGE', occurredAt: new Date().toISOString(), quantity: 1 }],
    });

  beforeAll(async () => {
    api = await startTestServer({ demoData: false });
    const operator = await api.token({ roles: ['operator'], org: null });
    const create = `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`;
    orgId = (await ok(create, { i: { name: 'Version Co', adminEmails: ['a@v.example'] } }, operator)).createOrganization
      .id;
    admin = await api.token({ org: orgId, roles: ['admin'] });
    childId = (await ok(create, { i: { name: 'Version Dept', parentId: orgId, adminEmails: ['d@v.example'] } }))
      .createOrganization.id;
  });

  afterAll(() => api?.close());

  it('stays the same while nothing changes, and reads the same through viewer', async () => {
    const first = await version();
    expect(await version()).toBe(first);
    const viewer = await ok(`{ viewer { organization { version } } }`);
    expect(viewer.viewer.organization.version).toBe(first);
  });

  it('moves with its usage, a sub-organization’s usage, a number operation and the threshold', async () => {
    const seen = [await version()];
    await usage('own-1', orgId);
    seen.push(await version());
    await usage('child-1', childId);
    seen.push(await version());
    // A duplicate id records nothing, and moves nothing.
    await usage('child-1', childId);
    expect(await version()).toBe(seen[seen.length - 1]);
    await ok(`mutation($o: ID!) { addNumbers(organizationId: $o, numbers: ["+15550100001"]) { id } }`, { o: orgId });
    seen.push(await version());
    await ok(`mutation($o: ID!) { setUtilizationThreshold(organizationId: $o, percent: 55) { percent } }`, {
      o: orgId,
    });
    seen.push(await version());
    expect(new Set(seen).size).toBe(5);
  });
});
