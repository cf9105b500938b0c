import { DatabaseKind, startTestServer, TestServer, testDatabases } from './harness';
import { client } from './notification-helpers';
import { decodedText, SmtpSink } from './smtp-sink';

const NOW = new Date('2027-05-10T09:30:00.000Z');
const REQUEST =
  'mutation($o: ID!, $q: Int, $n: String) { requestMoreNumbers(organizationId: $o, quantity: $q, note: $n) ' +
  '{ id createdAt requestedBy quantity note contact { email phone message } } }';
const DEFAULT_MESSAGE =
  'To get more numbers for your organization, contact your account team. Your request has been recorded.';

describe.each(testDatabases())('Request More Numbers on %s', (database: DatabaseKind) => {
  let sink: SmtpSink;
  let api: TestServer;
  let gql: ReturnType<typeof client>;
  let operator: string;
  let carrier: string; // has its own contact
  let region: string; // inherits the carrier's contact, has its own message
  let team: string; // below region: inherits both
  let phoneOnly: string; // own contact without an email address
  let loner: string; // no contact anywhere above: the server default
  let admin: string;

  beforeAll(async () => {
    sink = await SmtpSink.start();
    api = await startTestServer({
      database,
      demoData: false,
      now: NOW,
      dispatcher: true,
      config: { smtpUrl: sink.url, emailNumberRequests: true, notificationPollMs: 250 },
    });
    gql = client(api);
    operator = await api.token({ roles: ['operator'], org: null, sub: 'carrier-staff' });
    carrier = await gql.createOrganization(operator, {
      name: 'Carrier Customer',
      adminEmails: ['admin@customer.example'],
      numberRequestContact: {
        email: 'sales@carrier.example',
        phone: '+14155550100',
        message: 'Your account manager will call you.',
      },
    });
    admin = await api.token({ org: carrier, roles: ['admin'], sub: 'jane@customer.example' });
    region = await gql.createOrganization(admin, {
      name: 'Region',
      parentId: carrier,
      adminEmails: ['region@customer.example'],
      numberRequestContact: { message: 'Ask the regional office first.' },
    });
    team = await gql.createOrganization(admin, {
      name: 'Team',
      parentId: region,
      adminEmails: ['team@customer.example'],
    });
    phoneOnly = await gql.createOrganization(admin, {
      name: 'Phone Only',
      parentId: carrier,
      adminEmails: ['p@customer.example'],
      numberRequestContact: { phone: '+14155550199' },
    });
    loner = await gql.createOrganization(operator, { name: 'Loner', adminEmails: ['admin@loner.example'] });
  });

  afterAll(async () => {
    await api?.close();
    await sink?.down();
  });

  beforeEach(() => {
    sink.received.length = 0;
    // EMAIL_NUMBER_REQUESTS is on for the server; only the email test keeps it on.
    api.server.deps.config.emailNumberRequests = false;
  });

  it('records who asked, when, how many and the note, and answers the contact', async () => {
    const data = await gql.ok(REQUEST, { o: carrier, q: 25, n: '  New hires in Q3  ' }, admin);
    expect(data.requestMoreNumbers).toEqual({
      id: expect.any(String),
      createdAt: NOW.toISOString(),
      requestedBy: 'jane@customer.example',
      quantity: 25,
      note: 'New hires in Q3',
      contact: {
        email: 'sales@carrier.example',
        phone: '+14155550100',
        message: 'Your account manager will call you.',
      },
    });
    const bare = await gql.ok(REQUEST, { o: carrier }, admin);
    expect(bare.requestMoreNumbers).toMatchObject({ quantity: null, note: null });
    const blankNote = await gql.ok(REQUEST, { o: carrier, n: '   ' }, admin);
    expect(blankNote.requestMoreNumbers.note).toBeNull();

    const listed = await gql.ok(
      'query($id: ID!) { organization(id: $id) { ' +
        'numberRequests(first: 2) { id requestedBy quantity note createdAt } } }',
      { id: carrier },
      admin,
    );
    expect(listed.organization.numberRequests.map((r: { id: string }) => r.id)).toEqual([
      blankNote.requestMoreNumbers.id,
      bare.requestMoreNumbers.id,
    ]);
    const older = await gql.ok(
      'query($id: ID!, $after: ID) { organization(id: $id) { ' +
        'numberRequests(first: 2, after: $after) { id quantity note } } }',
      { id: carrier, after: bare.requestMoreNumbers.id },
      admin,
    );
    expect(older.organization.numberRequests).toEqual([
      { id: data.requestMoreNumbers.id, quantity: 25, note: 'New hires in Q3' },
    ]);
  });

  it(
    'inherits the contact from the nearest organization that has one, else the server default, ' +
      'and the message from the nearest that set one',
    async () => {
      const contactOf = async (o: string, token = admin) =>
        (await gql.ok(REQUEST, { o, q: 1 }, token)).requestMoreNumbers.contact;
      expect(await contactOf(region)).toEqual({
        email: 'sales@carrier.example',
        phone: '+14155550100',
        message: 'Ask the regional office first.',
      });
      expect(await contactOf(team)).toEqual({
        email: 'sales@carrier.example',
        phone: '+14155550100',
        message: 'Ask the regional office first.',
      });
      // Its own contact holds a phone only: that phone, and the nearest message, the carrier's.
      expect(await contactOf(phoneOnly)).toEqual({
        email: null,
        phone: '+14155550199',
        message: 'Your account manager will call you.',
      });
      const lonerAdmin = await api.token({ org: loner, roles: ['admin'] });
      expect(await contactOf(loner, lonerAdmin)).toEqual({
        email: 'numbers@carrier.example',
        phone: '+18005550100',
        message: DEFAULT_MESSAGE,
      });
      // The query field answers the same contact as the mutation.
      const read = await gql.ok(
        `query($id: ID!) { organization(id: $id) { numberRequestContact { email phone message } } }`,
        { id: team },
        admin,
      );
      expect(read.organization.numberRequestContact).toEqual({
        email: 'sales@carrier.example',
        phone: '+14155550100',
        message: 'Ask the regional office first.',
      });
    },
  );

  it(
    'emails the contact address when EMAIL_NUMBER_REQUESTS is on, through the outbox; ' +
      'never without an address or when off',
    async () => {
      api.server.deps.config.emailNumberRequests = true;
      const teamAdmin = await api.token({ org: team, roles: ['admin'], sub: 'tom@customer.example' });
      await gql.ok(REQUEST, { o: team, q: 10, n: 'Warehouse & <night> shift' }, teamAdmin);
      const [mail] = await sink.waitFor(1, 5000);
      expect(mail.to).toEqual(['sales@carrier.example']);
      expect(mail.subject).toBe('Team requests 10 more numbers');
      const text = decodedText(mail.raw);
      expect(text).toContain('Requested by: tom@customer.example');
      expect(text).toContain('Note: Warehouse & <night> shift');
      expect(text).toContain('Note: Warehouse &amp; &lt;night&gt; shift'); // the HTML part, escaped
      const notifications = await gql.notifications(teamAdmin, team);
      expect(notifications).toEqual([
        expect.objectContaining({
          cause: 'NUMBERS_REQUESTED',
          recipients: ['sales@carrier.example'],
          subject: 'Team requests 10 more numbers',
          attempts: 1,
          lastError: null,
        }),
      ]);
      await until(async () => (await gql.notifications(teamAdmin, team))[0].sentAt !== null);

      await gql.ok(REQUEST, { o: phoneOnly, q: 3 }, admin); // a phone number only: nothing to email
      api.server.deps.config.emailNumberRequests = false;
      await gql.ok(REQUEST, { o: team, q: 4 }, teamAdmin); // switched off
      expect(await sink.settle(600)).toBe(1);
      expect(await gql.notifications(admin, phoneOnly)).toEqual([]);
      expect(await gql.notifications(teamAdmin, team)).toHaveLength(1);
    },
  );

  it('refuses bad input, viewers and organizations outside the token, recording nothing', async () => {
    const before = (
      await gql.ok(
        `query($id: ID!) { organization(id: $id) { numberRequests(first: 100) { id } } }`,
        { id: carrier },
        admin,
      )
    ).organization.numberRequests.length;
    const cases: Array<[Record<string, unknown>, string]> = [
      [{ o: carrier, q: 0 }, 'quantity'],
      [{ o: carrier, q: 100_001 }, 'quantity'], // the contract's limit, the same the widget checks
      [{ o: carrier, q: 1, n: 'x'.repeat(2001) }, 'note'],
    ];
    for (const [variables, field] of cases) {
      const body = await api.query(REQUEST, variables, admin);
      expect(body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
    const viewer = await api.token({ org: carrier, roles: ['viewer'] });
    expect((await api.query(REQUEST, { o: carrier, q: 1 }, viewer)).errors?.[0].extensions?.code).toBe('FORBIDDEN');
    expect((await api.query(REQUEST, { o: loner, q: 1 }, admin)).errors?.[0].extensions?.code).toBe('NOT_FOUND');
    const after = (
      await gql.ok(
        `query($id: ID!) { organization(id: $id) { numberRequests(first: 100) { id } } }`,
        { id: carrier },
        admin,
      )
    ).organization.numberRequests.length;
    expect(after).toBe(before);
    expect(await sink.settle(300)).toBe(0);
  });
});

async function until(probe: () => Promise<boolean>, timeoutMs = 5000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await probe())) {
    if (Date.now() > deadline) throw new Error('timed out');
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}
