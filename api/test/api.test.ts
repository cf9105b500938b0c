import { startTestServer, TestServer, testDatabases } from './harness';

// Pinned "now": Sunday 2027-03-14 21:00 in Tokyo (UTC+9, no DST).
const NOW = new Date('2027-03-14T12:00:00Z');

const CYCLE_FIELDS = `start end newUsers activeUsers
  voice { type unit billable total } message { type unit billable total } data { type unit billable total }`;

describe.each(testDatabases())('GraphQL API on %s', (database) => {
  let api: TestServer;
  let operator: string;
  let admin: string; // admin of Tokyo Co
  let otherAdmin: string; // admin of the second tree
  let tokyo: string;
  let deptA: string;
  let deptB: string;
  let other: string;
  let numbers: Array<{ id: string; number: string }>;

  async function ok<T = any>(
    query: string,
    variables: Record<string, unknown> = {},
    token: string | null = admin,
  ): Promise<T> {
    const body = await api.query<T>(query, variables, token);
    if (body.errors) throw new Error(`unexpected errors: ${JSON.stringify(body.errors)}`);
    return body.data as T;
  }

  async function failure(query: string, variables: Record<string, unknown> = {}, token: string | null = admin) {
    const body = await api.query(query, variables, token);
    expect(body.errors).toBeDefined();
    return body.errors![0];
  }

  const CREATE =
    'mutation($input: CreateOrganizationInput!) { ' +
    'createOrganization(input: $input) { id name timezone cycleStartDay } }';

  beforeAll(async () => {
    api = await startTestServer({ database, demoData: false, now: NOW });
    operator = await api.token({ roles: ['operator'], org: null, sub: 'carrier-staff' });
    const created = await ok(
      CREATE,
      {
        input: {
          name: 'Tokyo Co',
          timezone: 'Asia/Tokyo',
          cycleStartDay: 5,
          adminEmails: ['admin@tokyo.example'],
          numberRequestContact: { email: 'sales@carrier.example', phone: '+81312345678' },
        },
      },
      operator,
    );
    tokyo = created.createOrganization.id;
    admin = await api.token({ org: tokyo, roles: ['admin'], sub: 'tokyo-admin' });
    deptA = (
      await ok(CREATE, {
        input: {
          name: 'Dept A',
          parentId: tokyo,
          timezone: 'Asia/Tokyo',
          cycleStartDay: 5,
          adminEmails: ['a@tokyo.example'],
        },
      })
    ).createOrganization.id;
    deptB = (
      await ok(CREATE, {
        input: {
          name: 'Dept B',
          parentId: tokyo,
          timezone: 'Asia/Tokyo',
          cycleStartDay: 5,
          adminEmails: ['b@tokyo.example'],
        },
      })
    ).createOrganization.id;
    other = (await ok(CREATE, { input: { name: 'Other Inc', adminEmails: ['admin@other.example'] } }, operator))
      .createOrganization.id;
    otherAdmin = await api.token({ org: other, roles: ['admin'], sub: 'other-admin' });
  });

  afterAll(async () => {
    await api?.close();
  });

  describe('organizations', () => {
    it('answers the tree, defaults and the viewer', async () => {
      const data = await ok(
        `{ viewer { subject roles organization { id name } }
        organization(id: "${tokyo}") { id name timezone cycleStartDay parent { id } ` +
          'subOrganizations { id name parent { id } } } }',
      );
      expect(data.viewer).toEqual({
        subject: 'tokyo-admin',
        roles: ['admin'],
        organization: { id: tokyo, name: 'Tokyo Co' },
      });
      expect(data.organization).toEqual({
        id: tokyo,
        name: 'Tokyo Co',
        timezone: 'Asia/Tokyo',
        cycleStartDay: 5,
        parent: null,
        subOrganizations: [
          { id: deptA, name: 'Dept A', parent: { id: tokyo } },
          { id: deptB, name: 'Dept B', parent: { id: tokyo } },
        ],
      });
      const otherOrg = await ok(
        `{ organization(id: "${other}") { timezone cycleStartDay utilizationThreshold { percent reached } } }`,
        {},
        otherAdmin,
      );
      expect(otherOrg.organization).toEqual({
        timezone: 'UTC',
        cycleStartDay: 1,
        utilizationThreshold: { percent: 80, reached: false },
      });
    });

    it('hides the parent above the token and answers an operator without an organization', async () => {
      const deptAdmin = await api.token({ org: deptA, roles: ['viewer'] });
      const data = await ok(`{ organization(id: "${deptA}") { parent { id } } }`, {}, deptAdmin);
      expect(data.organization.parent).toBeNull();
      const viewer = await ok(`{ viewer { subject roles organization { id } } organizations { name } }`, {}, operator);
      expect(viewer.viewer).toEqual({ subject: 'carrier-staff', roles: ['operator'], organization: null });
      expect(viewer.organizations.map((o: { name: string }) => o.name)).toEqual(['Other Inc', 'Tokyo Co']);
      const firstPage = await ok(`{ organizations(first: 1) { id name } }`, {}, operator);
      expect(firstPage.organizations).toEqual([{ id: other, name: 'Other Inc' }]);
      const nextPage = await ok(
        `query($after: ID) { organizations(first: 1, after: $after) { name } }`,
        { after: other },
        operator,
      );
      expect(nextPage.organizations).toEqual([{ name: 'Tokyo Co' }]);
      const tooMany = await failure(`{ organizations(first: 501) { id } }`, {}, operator);
      expect(tooMany.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
    });

    it('stores a time zone by its canonical IANA name', async () => {
      const created = await ok(CREATE, {
        input: { name: 'Zone check', parentId: deptB, timezone: 'america/new_york', adminEmails: ['z@tokyo.example'] },
      });
      expect(created.createOrganization).toMatchObject({ timezone: 'America/New_York', cycleStartDay: 1 });
    });

    it('inherits the number-request contact from the nearest ancestor, else the server default', async () => {
      const data = await ok(`{ a: organization(id: "${deptA}") { numberRequestContact { email phone message } } }`);
      expect(data.a.numberRequestContact).toMatchObject({ email: 'sales@carrier.example', phone: '+81312345678' });
      const o = await ok(
        `{ organization(id: "${other}") { numberRequestContact { email phone message } } }`,
        {},
        otherAdmin,
      );
      expect(o.organization.numberRequestContact).toEqual({
        email: api.server.config.defaultContact.email,
        phone: api.server.config.defaultContact.phone,
        message: api.server.config.defaultContact.message,
      });
    });
  });

  describe('usage and cycles', () => {
    const RECORD = `mutation($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted duplicates } }`;
    let ingest: string;

    beforeAll(async () => {
      ingest = await api.token({ org: tokyo, roles: ['ingest'], sub: 'mediation' });
    });

    it('records events idempotently, duplicates within a call included', async () => {
      const events = [
        // One second before the current cycle (2027-03-05 00:00 JST = 2027-03-04T15:00Z): PAST.
        { id: 'call-1', organizationId: tokyo, type: 'VOICE', occurredAt: '2027-03-04T14:59:59Z', quantity: 61 },
        // The cycle's first second: CURRENT.
        { id: 'call-2', organizationId: tokyo, type: 'VOICE', occurredAt: '2027-03-04T15:00:00Z', quantity: 60 },
        {
          id: 'call-3',
          organizationId: tokyo,
          type: 'VOICE',
          occurredAt: '2027-03-10T00:00:00Z',
          quantity: 1,
          billable: false,
        },
        { id: 'call-2', organizationId: tokyo, type: 'VOICE', occurredAt: '2027-03-04T15:00:00Z', quantity: 60 },
        {
          id: 'data-1',
          organizationId: deptA,
          type: 'DATA',
          occurredAt: '2027-03-06T01:00:00Z',
          quantity: 3_000_000_000,
        },
        {
          id: 'data-2',
          organizationId: deptA,
          type: 'DATA',
          occurredAt: '2027-03-06T02:00:00Z',
          quantity: 3_000_000_000,
        },
        { id: 'msg-1', organizationId: deptB, type: 'MESSAGE', occurredAt: '2026-12-01T00:00:00Z', quantity: 3 },
        {
          id: 'msg-2',
          organizationId: tokyo,
          type: 'MESSAGE',
          occurredAt: '2027-02-20T00:00:00Z',
          quantity: 2,
          billable: false,
        },
      ];
      expect((await ok(RECORD, { events }, ingest)).recordUsage).toEqual({ accepted: 7, duplicates: 1 });
      expect((await ok(RECORD, { events: events.slice(0, 2) }, ingest)).recordUsage).toEqual({
        accepted: 0,
        duplicates: 2,
      });
    });

    it('answers CURRENT with sub-organizations by default, to the second in the org time zone', async () => {
      const data = await ok(`{ organization(id: "${tokyo}") { cycle(period: CURRENT) { period ${CYCLE_FIELDS} } } }`);
      expect(data.organization.cycle).toEqual({
        period: 'CURRENT',
        start: '2027-03-04T15:00:00.000Z',
        end: '2027-04-04T15:00:00.000Z',
        newUsers: 0,
        activeUsers: 0,
        voice: { type: 'VOICE', unit: 'minutes', billable: 1, total: 2 },
        message: { type: 'MESSAGE', unit: 'messages', billable: 0, total: 0 },
        data: { type: 'DATA', unit: 'bytes', billable: 6_000_000_000, total: 6_000_000_000 },
      });
    });

    it('narrows to the organization alone with includeSubOrganizations: false', async () => {
      const data = await ok(
        `{ organization(id: "${tokyo}") { cycle(period: CURRENT, includeSubOrganizations: false) { ` +
          'data { billable total } voice { billable total } } } }',
      );
      expect(data.organization.cycle).toEqual({ data: { billable: 0, total: 0 }, voice: { billable: 1, total: 2 } });
      const dept = await ok(`{ organization(id: "${deptA}") { cycle(period: CURRENT) { data { billable } } } }`);
      expect(dept.organization.cycle.data.billable).toBe(6_000_000_000);
    });

    it('answers PAST and rounds each call up to the minute', async () => {
      const data = await ok(`{ organization(id: "${tokyo}") { cycle(period: PAST) { period ${CYCLE_FIELDS} } } }`);
      expect(data.organization.cycle).toMatchObject({
        period: 'PAST',
        start: '2027-02-04T15:00:00.000Z',
        end: '2027-03-04T15:00:00.000Z',
        voice: { billable: 2, total: 2 },
        message: { billable: 0, total: 2 },
        data: { billable: 0, total: 0 },
      });
    });

    it('answers ALL_TIME with one series point per cycle', async () => {
      const data = await ok(
        `{ organization(id: "${tokyo}") { cycle(period: ALL_TIME) { ` +
          `start end voice { billable total } message { billable total } data { total }
        series(type: MESSAGE) { date billable total } } } }`,
      );
      expect(data.organization.cycle).toEqual({
        start: '2026-11-04T15:00:00.000Z',
        end: '2027-04-04T15:00:00.000Z',
        voice: { billable: 3, total: 4 },
        message: { billable: 3, total: 5 },
        data: { total: 6_000_000_000 },
        series: [
          { date: '2026-11-05', billable: 3, total: 3 },
          { date: '2026-12-05', billable: 0, total: 0 },
          { date: '2027-01-05', billable: 0, total: 0 },
          { date: '2027-02-05', billable: 0, total: 2 },
          { date: '2027-03-05', billable: 0, total: 0 },
        ],
      });
    });

    it('answers a daily series for the current cycle through today, zeros included', async () => {
      const data = await ok(
        `{ organization(id: "${tokyo}") { cycle(period: CURRENT) { ` +
          'voice: series(type: VOICE) { date billable total } data: series(type: DATA) { date total } } } }',
      );
      const { voice, data: bytes } = data.organization.cycle;
      // From the cycle's start (2027-03-05) through today in Tokyo (2027-03-14): no future days.
      expect(voice).toHaveLength(10);
      expect(voice[0]).toEqual({ date: '2027-03-05', billable: 1, total: 1 });
      expect(voice[5]).toEqual({ date: '2027-03-10', billable: 0, total: 1 });
      expect(voice[9].date).toBe('2027-03-14');
      expect(bytes[1]).toEqual({ date: '2027-03-06', total: 6_000_000_000 });
      expect(voice.filter((p: { total: number }) => p.total > 0)).toHaveLength(2);
    });

    it('rejects a whole call with one bad event and records nothing of it', async () => {
      const events = [
        { id: 'bad-batch-1', organizationId: tokyo, type: 'VOICE', occurredAt: '2027-03-10T00:00:00Z', quantity: 600 },
        { id: 'bad-batch-2', organizationId: tokyo, type: 'VOICE', occurredAt: '2027-03-10T00:00:00Z', quantity: -1 },
      ];
      const error = await failure(RECORD, { events }, ingest);
      expect(error.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'events[1].quantity' });
      const future = await failure(
        RECORD,
        { events: [{ id: 'f', organizationId: tokyo, type: 'DATA', occurredAt: '2027-03-16T12:00:01Z', quantity: 1 }] },
        ingest,
      );
      expect(future.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'events[0].occurredAt' });
      const foreign = await failure(
        RECORD,
        {
          events: [
            { ...events[0], id: 'x1' },
            { ...events[0], id: 'x2', organizationId: other },
          ],
        },
        ingest,
      );
      expect(foreign.extensions?.code).toBe('NOT_FOUND');
      const data = await ok(`{ organization(id: "${tokyo}") { cycle(period: CURRENT) { voice { billable total } } } }`);
      expect(data.organization.cycle.voice).toEqual({ billable: 1, total: 2 });
      expect((await ok(RECORD, { events: [events[0]] }, ingest)).recordUsage).toEqual({ accepted: 1, duplicates: 0 });
      const after = await ok(
        `{ organization(id: "${tokyo}") { cycle(period: CURRENT) { voice { billable total } } } }`,
      );
      expect(after.organization.cycle.voice).toEqual({ billable: 11, total: 12 });
    });

    it('keeps quantities beyond 2^31 exact and refuses unsafe integers', async () => {
      const big = 2 ** 40 + 7;
      await ok(
        RECORD,
        {
          events: [
            { id: 'big-data', organizationId: deptB, type: 'DATA', occurredAt: '2027-03-12T00:00:00Z', quantity: big },
          ],
        },
        ingest,
      );
      const data = await ok(`{ organization(id: "${deptB}") { cycle(period: CURRENT) { data { billable total } } } }`);
      expect(data.organization.cycle.data).toEqual({ billable: big, total: big });
      const unsafe = await api.query(
        RECORD,
        {
          events: [
            { id: 'u', organizationId: deptB, type: 'DATA', occurredAt: '2027-03-12T00:00:00Z', quantity: 2 ** 53 },
          ],
        },
        ingest,
      );
      expect(unsafe.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
    });
  });

  describe('numbers, users and utilization', () => {
    const NUMBER = `id number state organization { id } user { id email invitationPending registeredAt deactivatedAt }`;
    const UTIL =
      'numberUtilization { total inUse available allocatedToSubOrganizations ' +
      'assigned pendingInvitation reserved registered percentInUse }';

    async function utilization(orgId: string, token = admin) {
      return (
        await ok(`{ organization(id: "${orgId}") { ${UTIL} utilizationThreshold { percent reached } } }`, {}, token)
      ).organization;
    }

    it('adds numbers AVAILABLE and refuses bad or taken ones', async () => {
      const list = ['+81300000001', '+81300000002', '+81300000003', '+81300000004', '+81300000005', '+81300000006'];
      const data = await ok(
        `mutation($org: ID!, $n: [String!]!) { addNumbers(organizationId: $org, numbers: $n) { ${NUMBER} } }`,
        { org: tokyo, n: list },
      );
      numbers = data.addNumbers;
      expect(numbers.map((n: any) => [n.number, n.state, n.organization.id, n.user])).toEqual(
        list.map((n) => [n, 'AVAILABLE', tokyo, null]),
      );
      const bad = await failure(
        `mutation { addNumbers(organizationId: "${tokyo}", numbers: ["+81300000007", "0801234"]) { id } }`,
      );
      expect(bad.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'numbers[1]' });
      const taken = await failure(
        `mutation { addNumbers(organizationId: "${other}", numbers: ["+81300000001"]) { id } }`,
        {},
        otherAdmin,
      );
      expect(taken.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'numbers[0]' });
      expect((await utilization(tokyo)).numberUtilization).toEqual({
        total: 6,
        inUse: 0,
        available: 6,
        allocatedToSubOrganizations: 0,
        assigned: 0,
        pendingInvitation: 0,
        reserved: 0,
        registered: 0,
        percentInUse: 0,
      });
    });

    it('walks a number through reserve, assign, register, deactivate and release', async () => {
      const [n1, n2, n3, n4] = numbers;
      const reserved = await ok(`mutation { reserveNumber(numberId: "${n1.id}") { state } }`);
      expect(reserved.reserveNumber.state).toBe('RESERVED');
      const again = await failure(`mutation { reserveNumber(numberId: "${n1.id}") { state } }`);
      expect(again.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'numberId' });

      const assigned = await ok(
        `mutation { assignNumber(numberId: "${n1.id}", email: "Ann@Tokyo.example") { ${NUMBER} } }`,
      );
      expect(assigned.assignNumber).toMatchObject({
        state: 'ASSIGNED',
        user: { email: 'ann@tokyo.example', invitationPending: true, registeredAt: null, deactivatedAt: null },
      });
      const badEmail = await failure(`mutation { assignNumber(numberId: "${n2.id}", email: "not-an-email") { id } }`);
      expect(badEmail.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'email' });
      const taken = await failure(`mutation { assignNumber(numberId: "${n1.id}", email: "bob@tokyo.example") { id } }`);
      expect(taken.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'numberId' });

      const bob = (
        await ok(`mutation { assignNumber(numberId: "${n2.id}", email: "bob@tokyo.example") { user { id } } }`)
      ).assignNumber.user.id;
      const cid = (
        await ok(`mutation { assignNumber(numberId: "${n3.id}", email: "cid@tokyo.example") { user { id } } }`)
      ).assignNumber.user.id;
      const ann = assigned.assignNumber.user.id;

      const registered = await ok(`mutation { registerUser(userId: "${ann}") { id registeredAt invitationPending } }`);
      expect(registered.registerUser).toEqual({ id: ann, registeredAt: NOW.toISOString(), invitationPending: false });
      await ok(`mutation { registerUser(userId: "${bob}") { id } }`);
      const twice = await failure(`mutation { registerUser(userId: "${bob}") { id } }`);
      expect(twice.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'userId' });

      const gone = await ok(`mutation { deactivateUser(userId: "${bob}") { deactivatedAt } }`);
      expect(gone.deactivateUser.deactivatedAt).toBe(NOW.toISOString());
      const freed = await ok(`{ organization(id: "${tokyo}") { numbers(state: AVAILABLE) { number } } }`);
      expect(freed.organization.numbers.map((n: any) => n.number)).toContain(n2.number);

      await ok(`mutation { reserveNumber(numberId: "${n4.id}") { id } }`);
      // n1 REGISTERED (ann), n3 ASSIGNED (cid, pending), n4 RESERVED, n2 n5 n6 AVAILABLE.
      const u = await utilization(tokyo);
      expect(u.numberUtilization).toEqual({
        total: 6,
        inUse: 3,
        available: 3,
        allocatedToSubOrganizations: 0,
        assigned: 1,
        pendingInvitation: 1,
        reserved: 1,
        registered: 1,
        percentInUse: 50,
      });
      void cid;

      const cycle = await ok(
        `{ organization(id: "${tokyo}") { current: cycle(period: CURRENT) { newUsers activeUsers } ` +
          'past: cycle(period: PAST) { newUsers activeUsers } ' +
          'all: cycle(period: ALL_TIME) { newUsers activeUsers } } }',
      );
      expect(cycle.organization).toEqual({
        current: { newUsers: 3, activeUsers: 1 },
        past: { newUsers: 0, activeUsers: 0 },
        all: { newUsers: 3, activeUsers: 1 },
      });

      const released = await ok(`mutation { releaseNumber(numberId: "${n1.id}") { state user { id } } }`);
      expect(released.releaseNumber).toEqual({ state: 'AVAILABLE', user: null });
      const users = await ok(
        `{ organization(id: "${tokyo}") { users { email deactivatedAt } cycle(period: CURRENT) { activeUsers } } }`,
      );
      expect(users.organization.users.find((x: any) => x.email === 'ann@tokyo.example').deactivatedAt).toBe(
        NOW.toISOString(),
      );
      expect(users.organization.cycle.activeUsers).toBe(0);
      const releaseAgain = await failure(`mutation { releaseNumber(numberId: "${n1.id}") { id } }`);
      expect(releaseAgain.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'numberId' });
    });

    it('allocates to a sub-organization and withdraws back to the parent', async () => {
      // Tokyo now: n3 ASSIGNED, n4 RESERVED, four AVAILABLE.
      const moved = await ok(
        `mutation { allocateNumbers(fromOrganizationId: "${tokyo}", toOrganizationId: "${deptA}", count: 3) ` +
          '{ number state organization { id } } }',
      );
      expect(moved.allocateNumbers.map((n: any) => n.organization.id)).toEqual([deptA, deptA, deptA]);
      expect(moved.allocateNumbers.every((n: any) => n.state === 'AVAILABLE')).toBe(true);
      expect((await utilization(tokyo)).numberUtilization).toMatchObject({
        total: 6,
        inUse: 5,
        available: 1,
        allocatedToSubOrganizations: 3,
      });
      expect((await utilization(deptA)).numberUtilization).toMatchObject({
        total: 3,
        inUse: 0,
        available: 3,
        allocatedToSubOrganizations: 0,
      });
      const tooMany = await failure(
        `mutation { allocateNumbers(fromOrganizationId: "${tokyo}", toOrganizationId: "${deptA}", count: 2) { id } }`,
      );
      expect(tooMany.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'count' });
      const notChild = await failure(
        `mutation { allocateNumbers(fromOrganizationId: "${deptA}", toOrganizationId: "${deptB}", count: 1) { id } }`,
      );
      expect(notChild.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'toOrganizationId' });

      const back = await ok(
        `mutation { withdrawNumbers(fromOrganizationId: "${deptA}", count: 2) { organization { id } } }`,
      );
      expect(back.withdrawNumbers.map((n: any) => n.organization.id)).toEqual([tokyo, tokyo]);
      expect((await utilization(deptA)).numberUtilization).toMatchObject({ total: 1, available: 1 });
      expect((await utilization(tokyo)).numberUtilization).toMatchObject({
        total: 6,
        available: 3,
        allocatedToSubOrganizations: 1,
      });
      const deptAdmin = await api.token({ org: deptA, roles: ['admin'] });
      const upward = await failure(
        `mutation { withdrawNumbers(fromOrganizationId: "${deptA}", count: 1) { id } }`,
        {},
        deptAdmin,
      );
      expect(upward.extensions?.code).toBe('FORBIDDEN');
      const top = await failure(`mutation { withdrawNumbers(fromOrganizationId: "${tokyo}", count: 1) { id } }`);
      expect(top.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'fromOrganizationId' });
    });

    it('saves the threshold, reports reached and writes the notification to the outbox', async () => {
      // Tokyo: 6 numbers, 3 available → 50%.
      const low = await ok(
        `mutation { setUtilizationThreshold(organizationId: "${tokyo}", percent: 60) { percent reached } }`,
      );
      expect(low.setUtilizationThreshold).toEqual({ percent: 60, reached: false });
      const high = await ok(
        `mutation { setUtilizationThreshold(organizationId: "${tokyo}", percent: 50) { percent reached } }`,
      );
      expect(high.setUtilizationThreshold).toEqual({ percent: 50, reached: true });
      for (const percent of [0, 101]) {
        const refused = await failure(
          `mutation { setUtilizationThreshold(organizationId: "${tokyo}", percent: ${percent}) { percent } }`,
        );
        expect(refused.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'percent' });
      }
      const data = await ok(
        `{ organization(id: "${tokyo}") { utilizationThreshold { percent reached } ` +
          'notifications { cause recipients subject sentAt attempts } } }',
      );
      expect(data.organization.utilizationThreshold).toEqual({ percent: 50, reached: true });
      // Newest first; the allocation of 3 earlier took Tokyo from 2/6 to 5/6 in use, across 80%.
      expect(data.organization.notifications).toEqual([
        {
          cause: 'THRESHOLD_SAVED_REACHED',
          recipients: ['admin@tokyo.example'],
          subject: 'Tokyo Co: 50% of numbers in use (threshold 50%)',
          sentAt: null,
          attempts: 0,
        },
        {
          cause: 'THRESHOLD_REACHED',
          recipients: ['admin@tokyo.example'],
          subject: 'Tokyo Co: 83.3% of numbers in use (threshold 80%)',
          sentAt: null,
          attempts: 0,
        },
      ]);
    });

    it('records a request for more numbers with the contact to use', async () => {
      const data = await ok(
        `mutation { requestMoreNumbers(organizationId: "${deptA}", quantity: 25, note: "New hires in April") ` +
          '{ id createdAt quantity note requestedBy contact { email phone message } } }',
      );
      expect(data.requestMoreNumbers).toMatchObject({
        createdAt: NOW.toISOString(),
        quantity: 25,
        note: 'New hires in April',
        requestedBy: 'tokyo-admin',
        contact: { email: 'sales@carrier.example', phone: '+81312345678' },
      });
      const list = await ok(`{ organization(id: "${deptA}") { numberRequests { id quantity } } }`);
      expect(list.organization.numberRequests).toEqual([{ id: data.requestMoreNumbers.id, quantity: 25 }]);
      const bad = await failure(`mutation { requestMoreNumbers(organizationId: "${deptA}", quantity: 0) { id } }`);
      expect(bad.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'quantity' });
    });
  });

  describe('authentication, roles and tenant isolation', () => {
    it('is UNAUTHENTICATED without a token, with a bad signature, or an expired one', async () => {
      const none = await failure(`{ viewer { subject } }`, {}, null);
      expect(none.extensions?.code).toBe('UNAUTHENTICATED');
      const forged = `${admin.slice(0, -4)}AAAA`;
      expect((await failure(`{ viewer { subject } }`, {}, forged)).extensions?.code).toBe('UNAUTHENTICATED');
      const expired = await api.token({ org: tokyo, roles: ['admin'], expiresIn: '-1 minute' } as any);
      const error = await failure(`{ organization(id: "${tokyo}") { name } }`, {}, expired);
      expect(error).toMatchObject({ message: 'The token has expired', extensions: { code: 'UNAUTHENTICATED' } });
    });

    it('is FORBIDDEN for a role that may not act', async () => {
      const viewer = await api.token({ org: tokyo, roles: ['viewer'] });
      const ingest = await api.token({ org: tokyo, roles: ['ingest'] });
      expect(
        (
          await failure(
            `mutation { setUtilizationThreshold(organizationId: "${tokyo}", percent: 70) { percent } }`,
            {},
            viewer,
          )
        ).extensions?.code,
      ).toBe('FORBIDDEN');
      expect((await failure(`{ organization(id: "${tokyo}") { name } }`, {}, ingest)).extensions?.code).toBe(
        'FORBIDDEN',
      );
      expect((await failure(CREATE, { input: { name: 'Rogue', adminEmails: ['x@y.example'] } })).extensions?.code).toBe(
        'FORBIDDEN',
      );
      const viewerReads = await ok(`{ organization(id: "${tokyo}") { utilizationThreshold { percent } } }`, {}, viewer);
      expect(viewerReads.organization.utilizationThreshold.percent).toBe(50);
    });

    it('answers ids outside the token tree exactly as missing ones', async () => {
      const outside = await failure(`{ organization(id: "${tokyo}") { name } }`, {}, otherAdmin);
      const missing = await failure(`{ organization(id: "999999") { name } }`, {}, otherAdmin);
      expect(outside.extensions?.code).toBe('NOT_FOUND');
      expect(missing.extensions?.code).toBe('NOT_FOUND');
      expect(outside.message.replace(tokyo, 'X')).toBe(missing.message.replace('999999', 'X'));
      const n = numbers[5];
      for (const mutation of [
        `reserveNumber(numberId: "${n.id}") { id }`,
        `assignNumber(numberId: "${n.id}", email: "spy@other.example") { id }`,
        `releaseNumber(numberId: "${numbers[2].id}") { id }`,
        `setUtilizationThreshold(organizationId: "${tokyo}", percent: 1) { percent }`,
        `addNumbers(organizationId: "${tokyo}", numbers: ["+81399999999"]) { id }`,
        `requestMoreNumbers(organizationId: "${tokyo}") { id }`,
        `allocateNumbers(fromOrganizationId: "${tokyo}", toOrganizationId: "${deptA}", count: 1) { id }`,
        `withdrawNumbers(fromOrganizationId: "${deptA}", count: 1) { id }`,
      ]) {
        const error = await failure(`mutation { ${mutation} }`, {}, otherAdmin);
        expect([mutation, error.extensions?.code]).toEqual([mutation, 'NOT_FOUND']);
      }
      const createUnder = await failure(
        CREATE,
        { input: { name: 'Mole', parentId: tokyo, adminEmails: ['m@other.example'] } },
        otherAdmin,
      );
      expect(createUnder.extensions?.code).toBe('NOT_FOUND');
      // Nothing changed in Tokyo Co.
      const data = await ok(
        `{ organization(id: "${tokyo}") { subOrganizations { name } utilizationThreshold { percent } ` +
          'numberUtilization { total available reserved } } }',
      );
      expect(data.organization).toEqual({
        subOrganizations: [{ name: 'Dept A' }, { name: 'Dept B' }],
        utilizationThreshold: { percent: 50 },
        numberUtilization: { total: 6, available: 3, reserved: 1 },
      });
      // And the other tree saw none of Tokyo's data.
      const theirs = await ok(
        `{ organization(id: "${other}") { cycle(period: ALL_TIME) { voice { total } data { total } } ` +
          'numberUtilization { total } } }',
        {},
        otherAdmin,
      );
      expect(theirs.organization).toEqual({
        cycle: { voice: { total: 0 }, data: { total: 0 } },
        numberUtilization: { total: 0 },
      });
    });

    it('validates organization input and names the field', async () => {
      const cases: Array<[Record<string, unknown>, string]> = [
        [{ name: 'Bad tz', timezone: 'Mars/Olympus', adminEmails: ['a@b.example'] }, 'timezone'],
        [{ name: 'Bad day', cycleStartDay: 29, adminEmails: ['a@b.example'] }, 'cycleStartDay'],
        [{ name: 'Bad day', cycleStartDay: 0, adminEmails: ['a@b.example'] }, 'cycleStartDay'],
        [
          { name: 'Bad threshold', utilizationThresholdPercent: 0, adminEmails: ['a@b.example'] },
          'utilizationThresholdPercent',
        ],
        [{ name: 'Bad email', adminEmails: ['nobody'] }, 'adminEmails'],
        [{ name: 'x'.repeat(201), adminEmails: ['a@b.example'] }, 'name'],
        [
          { name: 'Bad phone', adminEmails: ['a@b.example'], numberRequestContact: { phone: '12345' } },
          'numberRequestContact.phone',
        ],
      ];
      for (const [input, field] of cases) {
        const error = await failure(CREATE, { input: { parentId: tokyo, ...input } });
        expect([field, error.extensions?.code, error.extensions?.field]).toEqual([field, 'BAD_USER_INPUT', field]);
      }
      const malformedId = await failure(`{ organization(id: "abc") { name } }`);
      expect(malformedId.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'id' });
      const data = await ok(`{ organization(id: "${tokyo}") { subOrganizations { name } } }`);
      expect(data.organization.subOrganizations).toHaveLength(2);
      const tz = await failure(CREATE, {
        input: { name: 'Offset', parentId: tokyo, timezone: '+05:00', adminEmails: ['a@b.example'] },
      });
      expect(tz.extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'timezone' });
    });
  });
});
