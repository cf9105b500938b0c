import mysql from 'mysql2/promise';
import { createDataSource } from '../src/data-model';
import { freshDatabase, mysqlUrl, startTestServer, TestServer, testDatabases } from './harness';

const NOW = new Date('2027-03-14T12:00:00Z');
const onMysql = testDatabases().includes('mysql') ? describe : describe.skip;

/**
 * DATABASE_REPLICA_URLS: the dashboard's usage reads go to a replica. Here the "replica" is a second
 * database on the same server that the test copies rows into, standing in for replication lag.
 */
onMysql('read replicas (DATABASE_REPLICA_URLS) on mysql', () => {
  let api: TestServer;
  let replica: { url: string; drop(): Promise<void> };
  let admin: mysql.Connection;
  let primaryName: string;
  let replicaName: string;
  let org: string;

  const TOTAL = (id: string) => `{ organization(id: "${id}") { cycle(period: ALL_TIME) { voice { total } } } }`;

  /** Replication catching up: the replica receives the primary's rows of a table. */
  async function replicate(table: string): Promise<void> {
    await admin.query(`DELETE FROM \`${replicaName}\`.${table}`);
    await admin.query(`INSERT INTO \`${replicaName}\`.${table} SELECT * FROM \`${primaryName}\`.${table}`);
  }

  beforeAll(async () => {
    replica = await freshDatabase('mysql');
    const replicaSource = createDataSource({ databaseUrl: replica.url });
    await replicaSource.initialize();
    await replicaSource.runMigrations({ transaction: 'each' });
    await replicaSource.destroy();
    api = await startTestServer({
      database: 'mysql',
      demoData: false,
      now: NOW,
      config: { databaseReplicaUrls: [replica.url] },
    });
    primaryName = new URL(api.server.config.databaseUrl).pathname.slice(1);
    replicaName = new URL(replica.url).pathname.slice(1);
    const base = new URL(mysqlUrl()!);
    admin = await mysql.createConnection({
      host: base.hostname,
      port: Number(base.port || 3306),
      user: decodeURIComponent(base.username),
      password: decodeURIComponent(base.password),
    });

    const operator = await api.token({ roles: ['operator'], org: null });
    const created = await api.query(
      `mutation { createOrganization(input: { name: "Replicated", adminEmails: ["r@x.example"] }) { id } }`,
      {},
      operator,
    );
    org = created.data.createOrganization.id;
    await replicate('organization');
  });

  afterAll(async () => {
    await admin?.end();
    await api?.close();
    await replica?.drop();
  });

  it('answers usage figures from the replica, lagging the primary until it catches up', async () => {
    const token = await api.token({ org, roles: ['admin'] });
    const recorded = await api.query(
      `mutation($e: [UsageEventInput!]!) { recordUsage(events: $e) { accepted } }`,
      { e: [{ id: 'r-1', organizationId: org, type: 'VOICE', occurredAt: '2027-03-01T00:00:00Z', quantity: 600 }] },
      token,
    );
    expect(recorded.data.recordUsage.accepted).toBe(1);

    // Written on the primary, not yet on the replica: the dashboard shows the replica's (older) figures.
    expect((await api.query(TOTAL(org), {}, token)).data.organization.cycle.voice.total).toBe(0);
    await replicate('usage_rollup');
    expect((await api.query(TOTAL(org), {}, token)).data.organization.cycle.voice.total).toBe(10);
  });
});
