import { DatabaseKind, TestServer, testDatabases } from './harness';
import { client, serverWithSmtpSink } from './notification-helpers';
import { SmtpSink } from './smtp-sink';

const ASSIGN =
  'mutation($n: ID!, $e: String!) { ' + 'assignNumber(numberId: $n, email: $e) { id state user { id email } } }';

describe.each(testDatabases())('racing number operations on %s', (database: DatabaseKind) => {
  let sink: SmtpSink;
  let api: TestServer;
  let operator: string;
  let ok: ReturnType<typeof client>['ok'];
  const server = serverWithSmtpSink(database);
  beforeAll(
    () =>
      ({
        sink,
        api,
        operator,
        gql: { ok },
      } = server),
  );

  async function organizationWithNumbers(name: string, count: number, firstNumber: number, threshold: number) {
    const org = (
      await ok(
        `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`,
        {
          i: {
            name,
            utilizationThresholdPercent: threshold,
            adminEmails: [`admin@${name.toLowerCase().replace(/\W+/g, '-')}.example`],
          },
        },
        operator,
      )
    ).createOrganization.id as string;
    const admin = await api.token({ org, roles: ['admin'], sub: `${name} admin` });
    const numbers = Array.from({ length: count }, (_, i) => `+1212555${String(firstNumber + i).padStart(4, '0')}`);
    const ids = (
      await ok(
        `mutation($o: ID!, $n: [String!]!) { addNumbers(organizationId: $o, numbers: $n) { id } }`,
        { o: org, n: numbers },
        admin,
      )
    ).addNumbers.map((n: { id: string }) => n.id) as string[];
    return { org, admin, ids };
  }

  it(
    '40 assignments racing for 20 numbers (two per number): ' +
      '20 winners, 20 BAD_USER_INPUT, exactly 5 emails, nothing lost',
    async () => {
      const { org, admin, ids } = await organizationWithNumbers('Race Co', 20, 1000, 80);
      // Two requests per number, interleaved so both halves race across the whole pool at once.
      const attempts = [
        ...ids.map((id, i) => ({ id, email: `first${i}@race.example` })),
        ...ids.map((id, i) => ({ id, email: `second${i}@race.example` })),
      ];
      const started = Date.now();
      const results = await Promise.all(
        attempts.map(async (a) => {
          const body = await api.query(ASSIGN, { n: a.id, e: a.email }, admin);
          return { ...a, body, answeredAt: Date.now() };
        }),
      );
      const raceMs = Date.now() - started;
      const winners = results.filter((r) => !r.body.errors);
      const losers = results.filter((r) => r.body.errors);
      expect(winners).toHaveLength(20);
      expect(losers).toHaveLength(20);
      expect(new Set(winners.map((w) => w.id)).size).toBe(20); // one winner per number
      for (const l of losers) {
        expect(l.body.errors).toHaveLength(1);
        expect(l.body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'numberId' });
      }
      for (const w of winners)
        expect(w.body.data.assignNumber).toMatchObject({ id: w.id, state: 'ASSIGNED', user: { email: w.email } });

      // 16/20 crosses 80%; the 17th … 20th are each one more email: 5, each for a distinct in-use figure.
      const mails = await sink.waitFor(5, 5000);
      expect(await sink.settle(500)).toBe(5);
      expect(mails.map((m) => m.subject).sort()).toEqual([
        'Race Co: 100% of numbers in use (threshold 80%)',
        'Race Co: 80% of numbers in use (threshold 80%)',
        'Race Co: 85% of numbers in use (threshold 80%)',
        'Race Co: 90% of numbers in use (threshold 80%)',
        'Race Co: 95% of numbers in use (threshold 80%)',
      ]);

      // No lost update: every figure adds up.
      const data = await ok(
        `query($id: ID!) { organization(id: $id) {
        numberUtilization { total inUse available assigned pendingInvitation reserved registered }
        cycle(period: CURRENT) { newUsers }
        notifications(first: 100) { cause sentAt attempts }
        numbers(first: 100) { state user { email } } } }`,
        { id: org },
        admin,
      );
      const o = data.organization;
      expect(o.numberUtilization).toEqual({
        total: 20,
        inUse: 20,
        available: 0,
        assigned: 20,
        pendingInvitation: 20,
        reserved: 0,
        registered: 0,
      });
      expect(o.cycle.newUsers).toBe(20);
      expect(o.numbers.map((n: { user: { email: string } }) => n.user.email).sort()).toEqual(
        winners.map((w) => w.email).sort(),
      );
      expect(o.notifications.map((n: { cause: string }) => n.cause)).toEqual([
        'NUMBERS_TAKEN_WHILE_REACHED',
        'NUMBERS_TAKEN_WHILE_REACHED',
        'NUMBERS_TAKEN_WHILE_REACHED',
        'NUMBERS_TAKEN_WHILE_REACHED',
        'THRESHOLD_REACHED',
      ]);
      for (const n of o.notifications) expect(n).toMatchObject({ sentAt: expect.any(String), attempts: 1 });
      const db = api.server.deps.db.manager;
      const [{ users }] = await db.query(`SELECT COUNT(*) AS users FROM app_user WHERE organization_id = ?`, [
        Number(org),
      ]);
      const [{ seq }] = await db.query(`SELECT number_operation_seq AS seq FROM organization WHERE id = ?`, [
        Number(org),
      ]);
      expect(Number(users)).toBe(20);
      expect(Number(seq)).toBe(1 + 20); // addNumbers + one per winner; losers rolled back
      const keys: Array<{ cause_key: string; created_at: Date | string }> = await db.query(
        `SELECT cause_key, created_at FROM notification WHERE organization_id = ? ORDER BY id`,
        [Number(org)],
      );
      expect(keys.map((k) => k.cause_key)).toEqual(
        [17, 18, 19, 20, 21].map(
          (s, i) => `org:${org}:op:${s}:${i === 0 ? 'THRESHOLD_REACHED' : 'NUMBERS_TAKEN_WHILE_REACHED'}`,
        ),
      );

      // Cause (the outbox row's creation, in its transaction) to receipt by the SMTP server.
      const createdAt = (v: Date | string) =>
        v instanceof Date ? v.getTime() : new Date(`${v.replace(' ', 'T')}Z`).getTime();
      const latencies = mails.map(
        (m) => m.receivedAt - createdAt(keys.find((k) => k.cause_key === m.causeKey)!.created_at),
      );
      expect(Math.max(...latencies)).toBeLessThan(5000);
      console.log(
        `[${database}] race: 40 assignNumber requests for 20 numbers in ${raceMs} ms → ` +
          `${winners.length} winners, ${losers.length} BAD_USER_INPUT, ${mails.length} emails; ` +
          `cause→SMTP receipt ${latencies.sort((a, b) => a - b).join('/')} ms`,
      );
    },
  );

  it('10 assignments racing for one number: exactly one wins', async () => {
    const { admin, ids } = await organizationWithNumbers('Single Co', 2, 2000, 100);
    const results = await Promise.all(
      Array.from({ length: 10 }, (_, i) => api.query(ASSIGN, { n: ids[0], e: `u${i}@single.example` }, admin)),
    );
    expect(results.filter((r) => !r.errors)).toHaveLength(1);
    expect(results.filter((r) => r.errors?.[0].extensions?.code === 'BAD_USER_INPUT')).toHaveLength(9);
    const [{ users }] = await api.server.deps.db.manager.query(
      `SELECT COUNT(*) AS users FROM app_user WHERE email LIKE '%@single.example'`,
    );
    expect(Number(users)).toBe(1);
    expect(await sink.settle(200)).toBe(0); // 1/2 is below 100%
  });

  it(
    'mixed operations racing on one pool (assign, reserve, allocate) keep the figures exact ' +
      'and owe one email per operation from the crossing on',
    async () => {
      const { org, admin, ids } = await organizationWithNumbers('Mixed Co', 10, 3000, 50);
      const dept = (
        await ok(
          `mutation($i: CreateOrganizationInput!) { createOrganization(input: $i) { id } }`,
          { i: { name: 'Mixed Dept', parentId: org, adminEmails: ['dept@mixed.example'] } },
          admin,
        )
      ).createOrganization.id;
      // Numbers 4-7 assigned, 8-9 reserved, and 3 numbers allocated to the dept, all at once:
      // 9 of 10 in use at the end.
      // The allocation takes the lowest available numbers, 0-2, which nothing else touches: had it taken a
      // number about to be reserved, the reservation would have landed in the dept instead.
      const ops = [
        ...ids.slice(4, 8).map((id, i) => api.query(ASSIGN, { n: id, e: `m${i}@mixed.example` }, admin)),
        ...ids
          .slice(8, 10)
          .map((id) => api.query(`mutation($n: ID!) { reserveNumber(numberId: $n) { id } }`, { n: id }, admin)),
        api.query(
          'mutation($f: ID!, $t: ID!) { ' +
            'allocateNumbers(fromOrganizationId: $f, toOrganizationId: $t, count: 3) { id } }',
          { f: org, t: dept },
          admin,
        ),
      ];
      const results = await Promise.all(ops);
      // The allocation takes 3 of whatever is AVAILABLE when it runs; it may lose a number to a racing assignment
      // only if the pool runs short, which it cannot here.
      for (const r of results) expect(r.errors).toBeUndefined();
      const u = (
        await ok(
          'query($id: ID!) { organization(id: $id) { ' +
            'numberUtilization { total inUse available assigned reserved allocatedToSubOrganizations } } }',
          { id: org },
          admin,
        )
      ).organization.numberUtilization;
      expect(u).toEqual({
        total: 10,
        inUse: 9,
        available: 1,
        assigned: 4,
        reserved: 2,
        allocatedToSubOrganizations: 3,
      });
      // Seven operations, each taking numbers into use, ran one after another (operation seq 2 … 8 after
      // addNumbers' 1): the one that brought in-use to 5 or more crossed 50%, and each later one owes one more email.
      // How many depends only on where the allocation of 3 fell in that order (3, 4 or 5), never on a miscount.
      const rows: Array<{ cause: string; cause_key: string }> = await api.server.deps.db.manager.query(
        `SELECT cause, cause_key FROM notification WHERE organization_id = ? ORDER BY id`,
        [Number(org)],
      );
      const seqs = rows.map((r) => Number(/:op:(\d+):/.exec(r.cause_key)![1]));
      expect([3, 4, 5]).toContain(rows.length);
      // contiguous, ending with the last operation
      expect(seqs).toEqual(Array.from({ length: rows.length }, (_, i) => 9 - rows.length + i));
      expect(rows.map((r) => r.cause)).toEqual([
        'THRESHOLD_REACHED',
        ...Array(rows.length - 1).fill('NUMBERS_TAKEN_WHILE_REACHED'),
      ]);
      const mails = await sink.waitFor(rows.length, 5000);
      expect(await sink.settle(200)).toBe(rows.length);
      expect(mails.map((m) => m.causeKey).sort()).toEqual(rows.map((r) => r.cause_key).sort());
      expect(mails.some((m) => m.subject === 'Mixed Co: 90% of numbers in use (threshold 50%)')).toBe(true);
    },
  );

  it(
    'the same new numbers added to several organizations at once: ' +
      'one gets them, the others BAD_USER_INPUT and nothing added',
    async () => {
      const orgs = await Promise.all([0, 1, 2, 3].map((i) => organizationWithNumbers(`Adder ${i}`, 1, 5000 + i, 100)));
      // Large enough batches that the transactions overlap between the existence check and the insert.
      const batch = Array.from({ length: 1500 }, (_, i) => `+1646${String(5_000_000 + i)}`);
      const results = await Promise.all(
        orgs.map((o) =>
          api.query(
            `mutation($o: ID!, $n: [String!]!) { addNumbers(organizationId: $o, numbers: $n) { id } }`,
            { o: o.org, n: batch },
            o.admin,
          ),
        ),
      );
      expect(results.filter((r) => !r.errors)).toHaveLength(1);
      for (const loser of results.filter((r) => r.errors)) {
        expect(loser.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT' });
        expect(loser.errors![0].extensions!.field).toMatch(/^numbers/);
      }
      const [{ n }] = await api.server.deps.db.manager.query(
        `SELECT COUNT(*) AS n FROM phone_number WHERE number LIKE '+16465%'`,
      );
      expect(Number(n)).toBe(1500);
    },
  );

  it('measures cause → SMTP receipt for one email on a quiet server', async () => {
    const { admin, ids } = await organizationWithNumbers('Quiet Co', 1, 4000, 100);
    const latencies: number[] = [];
    for (let round = 0; round < 5; round++) {
      sink.received.length = 0;
      const sentAt = Date.now();
      await ok(ASSIGN, { n: ids[0], e: `q${round}@quiet.example` }, admin); // 1/1: crossing
      const [mail] = await sink.waitFor(1, 5000);
      latencies.push(mail.receivedAt - sentAt);
      // back below: re-armed
      await ok(`mutation($n: ID!) { releaseNumber(numberId: $n) { id } }`, { n: ids[0] }, admin);
    }
    expect(Math.max(...latencies)).toBeLessThan(5000);
    console.log(`[${database}] quiet: assignNumber request sent → SMTP receipt ${latencies.join('/')} ms`);
  });
});
