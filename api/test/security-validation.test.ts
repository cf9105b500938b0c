import { startTestServer, TestServer, testDatabases } from './harness';

const NOW = new Date('2026-11-26T12:00:00Z');
const HOUR = 3600_000;

interface Case {
  name: string;
  query: string;
  variables: Record<string, unknown>;
  field: string;
  message?: RegExp;
}

describe.each(testDatabases())('input validation on %s', (database) => {
  let api: TestServer;
  let admin: string;
  let org: string;
  let numberId: string;

  async function ok(query: string, variables: Record<string, unknown> = {}) {
    const body = await api.query(query, variables, admin);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  }

  async function counts(): Promise<Record<string, number>> {
    const { dataSource } = api.server.deps.db;
    const result: Record<string, number> = {};
    for (const m of dataSource.entityMetadatas)
      result[m.tableName] = Number((await dataSource.query(`SELECT COUNT(*) AS n FROM ${m.tableName}`))[0].n);
    return result;
  }

  beforeAll(async () => {
    api = await startTestServer({ database, demoData: false, now: NOW });
    const operator = await api.token({ roles: ['operator'], org: null });
    const created = await api.query(
      'mutation { createOrganization(input: { name: "Valid Co", adminEmails: ["admin@valid.example"] }) { id } }',
      {},
      operator,
    );
    org = created.data.createOrganization.id;
    admin = await api.token({ org, roles: ['admin'] });
    numberId = (await ok(`mutation { addNumbers(organizationId: "${org}", numbers: ["+14155550100"]) { id } }`))
      .addNumbers[0].id;
  });
  afterAll(async () => api?.close());

  const CREATE = 'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }';
  const RECORD = 'mutation($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted } }';
  const event = (extra: Record<string, unknown> = {}) => ({
    id: `evt-${Math.random()}`,
    organizationId: org,
    type: 'VOICE',
    occurredAt: new Date(NOW.getTime() - HOUR).toISOString(),
    quantity: 60,
    ...extra,
  });
  const sub = (extra: Record<string, unknown>) => ({
    input: { name: 'Dept', parentId: org, adminEmails: ['dept@valid.example'], ...extra },
  });

  const cases = (): Case[] => [
    {
      name: 'a number that is not E.164',
      query: 'mutation($o: ID!, $n: [String!]!) { addNumbers(organizationId: $o, numbers: $n) { id } }',
      variables: { o: org, n: ['+14155550101', '4155550102'] },
      field: 'numbers[1]',
      message: /E\.164/,
    },
    {
      name: 'an E.164 number of 16 digits',
      query: 'mutation($o: ID!, $n: [String!]!) { addNumbers(organizationId: $o, numbers: $n) { id } }',
      variables: { o: org, n: ['+1234567890123456'] },
      field: 'numbers[0]',
    },
    {
      name: 'a number with a leading zero country code',
      query: 'mutation($o: ID!, $n: [String!]!) { addNumbers(organizationId: $o, numbers: $n) { id } }',
      variables: { o: org, n: ['+0155550100'] },
      field: 'numbers[0]',
    },
    {
      name: 'an email without a domain',
      query: 'mutation($id: ID!, $e: String!) { assignNumber(numberId: $id, email: $e) { id } }',
      variables: { id: numberId, e: 'someone@' },
      field: 'email',
    },
    {
      name: 'an overlong email',
      query: 'mutation($id: ID!, $e: String!) { assignNumber(numberId: $id, email: $e) { id } }',
      variables: { id: numberId, e: `${'a'.repeat(250)}@x.example` },
      field: 'email',
    },
    {
      name: 'admin emails that are not emails',
      query: CREATE,
      variables: sub({ adminEmails: ['not-an-email'] }),
      field: 'adminEmails',
    },
    {
      name: 'a time zone that is not IANA',
      query: CREATE,
      variables: sub({ timezone: 'Mars/Olympus_Mons' }),
      field: 'timezone',
      message: /IANA/,
    },
    {
      name: 'cycle start day 0',
      query: CREATE,
      variables: sub({ cycleStartDay: 0 }),
      field: 'cycleStartDay',
      message: /1 to 28/,
    },
    {
      name: 'cycle start day 29',
      query: CREATE,
      variables: sub({ cycleStartDay: 29 }),
      field: 'cycleStartDay',
      message: /1 to 28/,
    },
    {
      name: 'a threshold of 101 at creation',
      query: CREATE,
      variables: sub({ utilizationThresholdPercent: 101 }),
      field: 'utilizationThresholdPercent',
    },
    {
      name: 'a name of 201 characters',
      query: CREATE,
      variables: sub({ name: 'n'.repeat(201) }),
      field: 'name',
      message: /200/,
    },
    { name: 'a blank name', query: CREATE, variables: sub({ name: '   ' }), field: 'name' },
    {
      name: 'a contact phone that is not E.164',
      query: CREATE,
      variables: sub({ numberRequestContact: { phone: '555-0100' } }),
      field: 'numberRequestContact.phone',
    },
    {
      name: 'a contact message over 2,000 characters',
      query: CREATE,
      variables: sub({ numberRequestContact: { message: 'm'.repeat(2001) } }),
      field: 'numberRequestContact.message',
    },
    {
      name: 'a parent id that is not an id',
      query: CREATE,
      variables: sub({ parentId: '1 OR 1=1' }),
      field: 'parentId',
    },
    {
      name: 'a note over 2,000 characters',
      query: 'mutation($o: ID!, $n: String) { requestMoreNumbers(organizationId: $o, note: $n) { id } }',
      variables: { o: org, n: 'n'.repeat(2001) },
      field: 'note',
      message: /2000/,
    },
    {
      name: 'a request for 0 numbers',
      query: 'mutation($o: ID!) { requestMoreNumbers(organizationId: $o, quantity: 0) { id } }',
      variables: { o: org },
      field: 'quantity',
    },
    {
      name: 'a threshold of 0',
      query: 'mutation($o: ID!) { setUtilizationThreshold(organizationId: $o, percent: 0) { percent } }',
      variables: { o: org },
      field: 'percent',
    },
    {
      name: 'an organization id that is not an id',
      query: 'mutation($o: ID!) { setUtilizationThreshold(organizationId: $o, percent: 50) { percent } }',
      variables: { o: "1'; DROP TABLE organization; --" },
      field: 'organizationId',
    },
    {
      name: 'a number id beyond the id range',
      query: 'mutation($id: ID!) { reserveNumber(numberId: $id) { id } }',
      variables: { id: '99999999999999999999' },
      field: 'numberId',
    },
    {
      name: 'a user id of -1',
      query: 'mutation($id: ID!) { registerUser(userId: $id) { id } }',
      variables: { id: '-1' },
      field: 'userId',
    },
    {
      name: 'a negative quantity',
      query: RECORD,
      variables: { events: [event(), event({ quantity: -1 })] },
      field: 'events[1].quantity',
      message: /0 to 2\^53-1/,
    },
    {
      name: 'a quantity of 2^53',
      query: RECORD,
      variables: { events: [event({ quantity: 2 ** 53 })] },
      field: 'events[0].quantity',
      message: /SafeInt/,
    },
    {
      name: 'a fractional quantity',
      query: RECORD,
      variables: { events: [event({ quantity: 1.5 })] },
      field: 'events[0].quantity',
    },
    {
      name: 'an event more than a day ahead',
      query: RECORD,
      variables: { events: [event({ occurredAt: new Date(NOW.getTime() + 25 * HOUR).toISOString() })] },
      field: 'events[0].occurredAt',
      message: /one day in the future/,
    },
    {
      name: 'an instant without a zone',
      query: RECORD,
      variables: { events: [event({ occurredAt: '2026-11-26 10:00' })] },
      field: 'events[0].occurredAt',
      message: /DateTime cannot represent an invalid date-time-string 2026-11-26 10:00/,
    },
    {
      name: 'an event id of 101 characters',
      query: RECORD,
      variables: { events: [event({ id: 'e'.repeat(101) })] },
      field: 'events[0].id',
    },
    {
      name: 'an event organization id that is not an id',
      query: RECORD,
      variables: { events: [event({ organizationId: 'org-1' })] },
      field: 'events[0].organizationId',
    },
    {
      name: 'an unknown usage type',
      query: RECORD,
      variables: { events: [event({ type: 'FAX' })] },
      field: 'events[0].type',
    },
  ];

  it('refuses every malformed input with BAD_USER_INPUT naming the field, and changes nothing', async () => {
    const before = await counts();
    const answers = [];
    for (const c of cases()) {
      const body = await api.query(c.query, c.variables, admin);
      const error = body.errors?.[0];
      answers.push({
        case: c.name,
        code: error?.extensions?.code,
        field: error?.extensions?.field,
        data: body.data ?? null,
        message: c.message && error ? c.message.test(error.message) : undefined,
      });
    }
    expect(answers).toEqual(
      cases().map((c) => ({
        case: c.name,
        code: 'BAD_USER_INPUT',
        field: c.field,
        data: null,
        message: c.message ? true : undefined,
      })),
    );
    expect(await counts()).toEqual(before);
  });

  it('accepts the edges: quantity 0 and 2^53-1, an event 23 hours ahead, day 28, names of 200', async () => {
    const recorded = await ok(RECORD, {
      events: [
        event({ quantity: 0 }),
        event({ quantity: Number.MAX_SAFE_INTEGER, type: 'DATA' }),
        event({ occurredAt: new Date(NOW.getTime() + 23 * HOUR).toISOString() }),
      ],
    });
    expect(recorded.recordUsage.accepted).toBe(3);
    const created = await ok(
      CREATE,
      sub({ name: 'n'.repeat(200), cycleStartDay: 28, timezone: 'America/Argentina/Buenos_Aires' }),
    );
    expect(created.createOrganization.id).toMatch(/^\d+$/);
    const note = await ok(
      'mutation($o: ID!, $n: String) { requestMoreNumbers(organizationId: $o, note: $n, quantity: 5) { note } }',
      { o: org, n: 'n'.repeat(2000) },
    );
    expect(note.requestMoreNumbers.note).toHaveLength(2000);
  });
});
