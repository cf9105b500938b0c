import { startTestServer, TestServer, testDatabases } from './harness';
import { client } from './notification-helpers';

/**
 * DESIGN §11 "CSV safety": formula escaping of the CSV's text cells, and the download limits (the
 * rate limits GraphQL counts by, and CSV_CONCURRENCY downloads streaming at once per process).
 */

const RANGE = { from: '2027-01-01', to: '2027-01-10' };
const RECORD = `mutation($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted duplicates } }`;
const EVIL_NAME = '=HYPERLINK("http://evil.example","x")';
const USAGE_COLUMNS =
  'voice_billable_minutes,voice_total_minutes,voice_billable_seconds,voice_total_seconds,' +
  'messages_billable,messages_total,data_billable_bytes,data_total_bytes';

async function download(api: TestServer, params: Record<string, string>, token: string | null) {
  const query = new URLSearchParams({ ...RANGE, by: 'day', ...params });
  return fetch(`${api.url}/reports/usage.csv?${query}`, {
    headers: token ? { authorization: `Bearer ${token}` } : {},
  });
}

describe.each(testDatabases())('usage CSV formula escaping on %s', (database) => {
  let api: TestServer;
  let admin: string;
  const ids = { safe: '', evil: '', sum: '', plusUser: '', minusUser: '' };

  beforeAll(async () => {
    api = await startTestServer({ database, demoData: false, now: new Date('2027-01-20T03:00:00Z') });
    const gql = client(api);
    const operator = await api.token({ roles: ['operator'], org: null });
    ids.safe = await gql.createOrganization(operator, {
      name: 'Safe Co',
      timezone: 'UTC',
      adminEmails: ['a@x.example'],
    });
    admin = await api.token({ org: ids.safe, roles: ['admin'] });
    const child = (name: string) =>
      gql.createOrganization(admin, { name, parentId: ids.safe, timezone: 'UTC', adminEmails: ['a@x.example'] });
    ids.evil = await child(EVIL_NAME);
    ids.sum = await child('@SUM(A1:A9)');
    const [minusNumber] = await gql.addNumbers(admin, ids.safe, ['+12125550101']);
    const [plusNumber] = await gql.addNumbers(admin, ids.evil, ['+12125550102']);
    ids.minusUser = (await gql.assign(admin, minusNumber, '-1+1@x.example')).userId;
    ids.plusUser = (await gql.assign(admin, plusNumber, '+ringme@x.example')).userId;
    const ingest = await api.token({ org: ids.safe, roles: ['ingest'] });
    const at = '2027-01-05T12:00:00Z';
    const events = [
      { id: 'v1', organizationId: ids.evil, userId: ids.plusUser, type: 'VOICE', occurredAt: at, quantity: 61 },
      { id: 'm1', organizationId: ids.sum, userId: null, type: 'MESSAGE', occurredAt: at, quantity: 3 },
      { id: 'd1', organizationId: ids.safe, userId: ids.minusUser, type: 'DATA', occurredAt: at, quantity: 1000 },
    ];
    expect((await gql.ok(RECORD, { events }, ingest)).recordUsage).toEqual({ accepted: 3, duplicates: 0 });
  });
  afterAll(() => api?.close());

  it("writes a name that starts like a formula with a leading ' and quotes it as RFC 4180 asks", async () => {
    const res = await download(api, { organizationId: ids.safe, by: 'sub-organization' }, admin);
    expect(res.status).toBe(200);
    // A 61 s call rates to 2 minutes (120 rated seconds).
    expect(await res.text()).toBe(
      `organization_id,name,${USAGE_COLUMNS}\r\n` +
        `${ids.evil},"'=HYPERLINK(""http://evil.example"",""x"")",2,2,120,120,0,0,0,0\r\n` +
        `${ids.sum},'@SUM(A1:A9),0,0,0,0,3,3,0,0\r\n`,
    );
    // Only the file is escaped: the name itself is stored and answered as it was given.
    const answer = await api.query('query($id: ID!) { organization(id: $id) { name } }', { id: ids.evil }, admin);
    expect(answer.data?.organization.name).toBe(EVIL_NAME);
  });

  it("writes emails that start with + or - with a leading ', and leaves the numeric columns alone", async () => {
    const res = await download(api, { organizationId: ids.safe, by: 'user' }, admin);
    expect(await res.text()).toBe(
      `user_id,email,organization_id,${USAGE_COLUMNS}\r\n` +
        `${ids.minusUser},'-1+1@x.example,${ids.safe},0,0,0,0,0,0,1000,1000\r\n` +
        `${ids.plusUser},'+ringme@x.example,${ids.evil},2,2,120,120,0,0,0,0\r\n`,
    );
  });
});

describe('usage CSV download limits', () => {
  let api: TestServer;
  let org: string;
  let readers = 0;
  /** An admin token of a subject of its own, so each download counts only against the limit a test spends. */
  const reader = (sub = `csv-reader-${++readers}`) => api.token({ sub, org, roles: ['admin'] });

  beforeAll(async () => {
    api = await startTestServer({
      demoData: false,
      config: { csvConcurrency: 1, rateLimit: { windowSeconds: 60, perIp: 0, perSubject: 3, redisUrl: null } },
    });
    const operator = await api.token({ sub: 'limits-operator', roles: ['operator'], org: null });
    org = await client(api).createOrganization(operator, { name: 'Limit Co', adminEmails: ['a@x.example'] });
  });
  afterAll(() => api?.close());

  /** Replaces the file's lines for one test: `pieces` of 64 KB, then a failure when `fail` is set. */
  async function withLines(pieces: number, fail: boolean, test: () => Promise<void>) {
    const reports = api.server.services.reports;
    const original = reports.csvText;
    reports.csvText = async function* () {
      for (let i = 0; i < pieces; i++) yield `${'x'.repeat(64 * 1024 - 2)}\r\n`;
      if (fail) throw new Error('the database went away');
    };
    try {
      await test();
    } finally {
      reports.csvText = original;
    }
  }

  it('counts downloads against the per-subject limit GraphQL counts by: 429 with Retry-After once spent', async () => {
    const token = await reader();
    for (let i = 0; i < 3; i++) expect((await download(api, { organizationId: org }, token)).status).toBe(200);
    const refused = await download(api, { organizationId: org }, token);
    expect(refused.status).toBe(429);
    expect(Number(refused.headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect(Number(refused.headers.get('retry-after'))).toBeLessThanOrEqual(60);
    const [error] = (await refused.json()).errors;
    expect(error.message).toMatch(/^Too many requests from this token subject: at most 3 every 60 s; retry in \d+ s$/);
    expect(error.extensions).toMatchObject({ code: 'RATE_LIMITED', limitedBy: 'subject', limit: 3 });
    // One count for both: GraphQL is refused to the same subject too, and another subject still downloads.
    expect((await api.query('{ __typename }', {}, token)).errors?.[0].extensions?.code).toBe('RATE_LIMITED');
    expect((await download(api, { organizationId: org }, await reader())).status).toBe(200);
  });

  it('streams CSV_CONCURRENCY downloads at once, refuses one more with 429, frees the slot at the end', async () => {
    await withLines(100, false, async () => {
      // 6.4 MB the client does not read: the server waits for it with the slot held.
      const held = await download(api, { organizationId: org }, await reader());
      expect(held.status).toBe(200);
      const refused = await download(api, { organizationId: org }, await reader());
      expect(refused.status).toBe(429);
      expect(refused.headers.get('retry-after')).toBe('2');
      expect(await refused.json()).toEqual({
        error: {
          code: 'RATE_LIMITED',
          message:
            'Too many usage CSV downloads at once on this server: at most 1 streams at a time (CSV_CONCURRENCY); ' +
            'retry in 2 s',
          retryAfter: 2,
        },
      });
      // Refused before anything else, even before the token is read (no token would be 401).
      expect((await download(api, { organizationId: org }, null)).status).toBe(429);
      const text = await held.text();
      expect(text.length).toBe(`date,${USAGE_COLUMNS}\r\n`.length + 100 * 64 * 1024);
      const next = await download(api, { organizationId: org }, await reader());
      expect(next.status).toBe(200);
      expect((await next.text()).length).toBe(text.length);
    });
  });

  it('frees the slot when the client goes away mid-file, and when the file fails mid-way', async () => {
    await withLines(100, false, async () => {
      const abort = new AbortController();
      const left = await fetch(
        `${api.url}/reports/usage.csv?${new URLSearchParams({ ...RANGE, organizationId: org })}`,
        {
          headers: { authorization: `Bearer ${await reader()}` },
          signal: abort.signal,
        },
      );
      expect(left.status).toBe(200);
      expect((await download(api, { organizationId: org }, await reader())).status).toBe(429);
      abort.abort();
      expect(await statusOnceFree()).toBe(200);
    });
    await withLines(3, true, async () => {
      const failed = await download(api, { organizationId: org }, await reader());
      expect(failed.status).toBe(200);
      await expect(failed.text()).rejects.toThrow();
    });
    await withLines(1, false, async () => {
      expect((await download(api, { organizationId: org }, await reader())).status).toBe(200);
    });
  });

  /** The status of a download tried until no longer refused for want of a slot (a gone client is noticed soon). */
  async function statusOnceFree(): Promise<number> {
    const deadline = Date.now() + 2000;
    for (;;) {
      const res = await download(api, { organizationId: org }, await reader());
      await res.arrayBuffer();
      if (res.status !== 429 || Date.now() > deadline) return res.status;
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
});
