import fs from 'node:fs';
import path from 'node:path';
import { NotificationDispatcher } from '../src/notifications/dispatcher';
import { DatabaseKind, startTestServer, TestServer, testDatabases } from './harness';
import { client, phoneNumbers, PORTAL_URL, serverWithSmtpSink, until } from './notification-helpers';
import { decodedText, SmtpSink } from './smtp-sink';

describe.each(testDatabases())('threshold emails over SMTP on %s', (database: DatabaseKind) => {
  let sink: SmtpSink;
  let api: TestServer;
  let gql: ReturnType<typeof client>;
  let operator: string;
  const server = serverWithSmtpSink(database, { portalUrl: PORTAL_URL, notificationPollMs: 250 });
  beforeAll(() => ({ sink, api, gql, operator } = server));

  it(
    'sends exactly one email per rule: crossing, every further number taken down to the last, ' +
      'saves that are reached, re-arming; nothing otherwise',
    async () => {
      const org = await gql.createOrganization(operator, {
        name: 'Rules Co',
        utilizationThresholdPercent: 80,
        adminEmails: ['ops@rules.example', 'cfo@rules.example'],
      });
      const admin = await api.token({ org, roles: ['admin'], sub: 'rules-admin' });
      const ids = await gql.addNumbers(admin, org, phoneNumbers(10));
      const users: string[] = [];
      const step = async (expectedTotal: number, action: () => Promise<unknown>) => {
        await action();
        // Each email leaves right after its commit; wait for it (or for nothing) before the next step.
        await sink.waitFor(expectedTotal, 5000);
        expect(await sink.settle(60)).toBe(expectedTotal);
      };

      // 10% … 70%
      for (let i = 0; i < 7; i++)
        await step(0, async () => users.push((await gql.assign(admin, ids[i], `user${i}@rules.example`)).userId));
      await step(1, () => gql.reserve(admin, ids[7])); // 80%: crossing (reservation of an available number)
      await step(1, () => gql.assign(admin, ids[7], 'user7@rules.example')); // reserved → assigned: nothing
      await step(1, () => gql.register(admin, users[0])); // registering: nothing
      await step(2, () => gql.assign(admin, ids[8], 'user8@rules.example')); // 90%, still reached: one more
      await step(2, () => gql.release(admin, ids[8])); // back to 80%: nothing
      await step(2, () => gql.release(admin, ids[7])); // 70%: below
      await step(3, () => gql.assign(admin, ids[7], 'again7@rules.example')); // 80% again: a new crossing
      await step(4, () => gql.threshold(admin, org, 75)); // saved and already reached
      await step(4, () => gql.threshold(admin, org, 95)); // saved, not reached: nothing
      await step(5, () => gql.threshold(admin, org, 80)); // saved and reached (exactly 8/10)
      await step(6, () => gql.assign(admin, ids[8], 'user8b@rules.example')); // 9/10
      await step(7, () => gql.assign(admin, ids[9], 'user9@rules.example')); // 10/10: the last number
      const none = await api.query(
        `mutation($n: ID!) { assignNumber(numberId: $n, email: "late@rules.example") { id } }`,
        { n: ids[9] },
        admin,
      );
      expect(none.errors?.[0].extensions?.code).toBe('BAD_USER_INPUT');
      expect(await sink.settle(300)).toBe(7);

      expect(sink.received.map((m) => m.subject)).toEqual([
        'Rules Co: 80% of numbers in use (threshold 80%)',
        'Rules Co: 90% of numbers in use (threshold 80%)',
        'Rules Co: 80% of numbers in use (threshold 80%)',
        'Rules Co: 80% of numbers in use (threshold 75%)',
        'Rules Co: 80% of numbers in use (threshold 80%)',
        'Rules Co: 90% of numbers in use (threshold 80%)',
        'Rules Co: 100% of numbers in use (threshold 80%)',
      ]);
      for (const mail of sink.received) expect(mail.to).toEqual(['ops@rules.example', 'cfo@rules.example']);
      const last = decodedText(sink.received[6].raw);
      expect(last).toContain('Rules Co took more numbers into use above its utilization threshold.');
      expect(last).toContain('Utilization: 10 of 10 numbers in use (100%).');
      expect(last).toContain('Threshold: 80%.');
      expect(last).toContain('Numbers left: 0');
      expect(last).toContain(PORTAL_URL);
      expect(last).toContain(`href="${PORTAL_URL}"`);
      expect(decodedText(sink.received[0].raw)).toContain('Rules Co has reached its number utilization threshold.');
      expect(decodedText(sink.received[0].raw)).toContain('Utilization: 8 of 10 numbers in use (80%).');
      expect(decodedText(sink.received[0].raw)).toContain('Numbers left: 2.');

      const notifications = await gql.notifications(admin, org);
      expect(notifications.map((n) => n.cause).reverse()).toEqual([
        'THRESHOLD_REACHED',
        'NUMBERS_TAKEN_WHILE_REACHED',
        'THRESHOLD_REACHED',
        'THRESHOLD_SAVED_REACHED',
        'THRESHOLD_SAVED_REACHED',
        'NUMBERS_TAKEN_WHILE_REACHED',
        'NUMBERS_TAKEN_WHILE_REACHED',
      ]);
      for (const n of notifications)
        expect(n).toMatchObject({ sentAt: expect.any(String), attempts: 1, lastError: null });
      // Newest first, paged by id.
      const page =
        'query($id: ID!, $after: ID) { ' + 'organization(id: $id) { notifications(first: 3, after: $after) { id } } }';
      const first = (await gql.ok(page, { id: org }, admin)).organization.notifications.map(
        (n: { id: string }) => n.id,
      );
      const next = (await gql.ok(page, { id: org, after: first[2] }, admin)).organization.notifications.map(
        (n: { id: string }) => n.id,
      );
      expect([...first, ...next]).toEqual(notifications.slice(0, 6).map((n) => n.id));
      const viewer = await api.token({ org, roles: ['viewer'] });
      expect(await gql.notifications(viewer, org)).toHaveLength(7);
      // One email per outbox row, each carrying its row's cause key.
      expect(new Set(sink.received.map((m) => m.causeKey)).size).toBe(7);
      expect(new Set(sink.received.map((m) => m.messageId)).size).toBe(7);
    },
  );

  it(
    'emails a parent for allocations to its sub-organization (one per operation) ' +
      'and the sub-organization for its own pool',
    async () => {
      const parent = await gql.createOrganization(operator, {
        name: 'Parent Co',
        utilizationThresholdPercent: 50,
        adminEmails: ['boss@parent.example'],
      });
      const admin = await api.token({ org: parent, roles: ['admin'], sub: 'parent-admin' });
      const dept = await gql.createOrganization(admin, {
        name: 'Dept',
        parentId: parent,
        utilizationThresholdPercent: 80,
        adminEmails: ['lead@dept.example'],
      });
      await gql.addNumbers(admin, parent, phoneNumbers(10));
      await gql.allocate(admin, parent, dept, 4); // parent 40%
      await gql.allocate(admin, parent, dept, 1); // parent 50%: crossing
      await sink.waitFor(1, 5000);
      await gql.allocate(admin, parent, dept, 3); // parent 80%, one operation of three numbers: one email
      await sink.waitFor(2, 5000);
      const deptNumbers: Array<{ id: string }> = (
        await gql.ok(`query($id: ID!) { organization(id: $id) { numbers(first: 100) { id } } }`, { id: dept }, admin)
      ).organization.numbers;
      expect(deptNumbers).toHaveLength(8);
      for (let i = 0; i < 6; i++) await gql.assign(admin, deptNumbers[i].id, `d${i}@dept.example`); // dept 75%
      expect(await sink.settle(100)).toBe(2);
      // dept 87.5%: crossing for the dept, nothing for the parent
      await gql.assign(admin, deptNumbers[6].id, 'd6@dept.example');
      await sink.waitFor(3, 5000);
      // parent 10/12 in use, but none of its available numbers taken
      await gql.addNumbers(admin, dept, phoneNumbers(2));
      // dept gives back an unused number: 7/9 for the dept, the parent's in-use falls
      await gql.withdraw(admin, dept, 1);
      expect(await sink.settle(200)).toBe(3);
      // the dept's pool shrinks to 7/7: a crossing, though nothing was taken into use
      await gql.withdraw(admin, dept, 2);
      await sink.waitFor(4, 5000);
      expect(await sink.settle(200)).toBe(4);

      expect(sink.received.map((m) => [m.to, m.subject])).toEqual([
        [['boss@parent.example'], 'Parent Co: 50% of numbers in use (threshold 50%)'],
        [['boss@parent.example'], 'Parent Co: 80% of numbers in use (threshold 50%)'],
        [['lead@dept.example'], 'Dept: 87.5% of numbers in use (threshold 80%)'],
        [['lead@dept.example'], 'Dept: 100% of numbers in use (threshold 80%)'],
      ]);
      expect(decodedText(sink.received[1].raw)).toContain('Numbers left: 2.');
    },
  );

  it(
    'keeps emails while SMTP is down, records attempts and the last error, ' + 'and sends them once it is back',
    async () => {
      const org = await gql.createOrganization(operator, {
        name: 'Outage Co',
        utilizationThresholdPercent: 60,
        adminEmails: ['noc@outage.example'],
      });
      const admin = await api.token({ org, roles: ['admin'] });
      const ids = await gql.addNumbers(admin, org, phoneNumbers(5));
      await sink.down();
      try {
        // 60% crossing, then 80% and 100%
        for (let i = 0; i < 5; i++) await gql.assign(admin, ids[i], `o${i}@outage.example`);
        const failing = await until('two failed attempts of each email', async () => {
          const rows = await gql.notifications(admin, org);
          return rows.length === 3 && rows.every((n) => n.attempts >= 2 && n.lastError) && rows;
        });
        for (const n of failing) {
          expect(n.sentAt).toBeNull();
          expect(n.lastError).toMatch(/ECONNREFUSED|connect/i);
        }
        expect(sink.received).toHaveLength(0);
      } finally {
        await sink.up();
      }
      const back = Date.now();
      await sink.waitFor(3, 20_000);
      expect(await sink.settle(500)).toBe(3);
      // Each row backs off on its own schedule, so they may arrive in any order.
      expect(sink.received.map((m) => m.subject).sort()).toEqual([
        'Outage Co: 100% of numbers in use (threshold 60%)',
        'Outage Co: 60% of numbers in use (threshold 60%)',
        'Outage Co: 80% of numbers in use (threshold 60%)',
      ]);
      const rows = await gql.notifications(admin, org);
      for (const n of rows) {
        expect(n.sentAt).not.toBeNull();
        expect(n.attempts).toBeGreaterThanOrEqual(2); // at least one failure, then the success
        expect(n.lastError).toMatch(/ECONNREFUSED|connect/i);
      }
      console.log(
        `[${database}] SMTP outage: ${rows.map((n) => n.attempts).join('/')} attempts; ` +
          `delivered ${Math.max(...sink.received.map((m) => m.receivedAt)) - back} ms after SMTP came back`,
      );
    },
  );

  it('survives database errors in its loop and delivers once the database answers again', async () => {
    const org = await gql.createOrganization(operator, {
      name: 'Flaky Co',
      utilizationThresholdPercent: 50,
      adminEmails: ['noc@flaky.example'],
    });
    const admin = await api.token({ org, roles: ['admin'] });
    const ids = await gql.addNumbers(admin, org, phoneNumbers(2));
    const db = api.server.deps.db;
    const transaction = db.transaction.bind(db);
    let failures = 0;
    // The dispatcher's claims fail as if the database were unreachable; the API's own transactions go through.
    const spy = jest.spyOn(db, 'transaction').mockImplementation(((fn: any, options?: any) => {
      if (new Error().stack!.includes('NotificationDispatcher')) {
        failures++;
        return Promise.reject(
          Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:3306'), { code: 'ECONNREFUSED' }),
        );
      }
      return transaction(fn, options);
    }) as typeof db.transaction);
    try {
      await gql.assign(admin, ids[0], 'f0@flaky.example');
      await until('failed dispatcher passes', async () => failures >= 2);
      expect(sink.received).toHaveLength(0);
    } finally {
      spy.mockRestore();
    }
    await sink.waitFor(1, 10_000);
    expect(await sink.settle(200)).toBe(1);
    expect(sink.received[0].subject).toBe('Flaky Co: 50% of numbers in use (threshold 50%)');
  });

  it('shares the outbox between several dispatchers on one database without sending an email twice', async () => {
    const org = await gql.createOrganization(operator, {
      name: 'Busy Co',
      utilizationThresholdPercent: 1,
      adminEmails: ['noc@busy.example'],
    });
    const admin = await api.token({ org, roles: ['admin'] });
    const ids = await gql.addNumbers(admin, org, phoneNumbers(12));
    // Three more dispatchers, as if three more API processes ran on this database (own connections on MySQL).
    const others = [1, 2, 3].map(() => new NotificationDispatcher(api.server.deps, { pollMs: 20 }));
    others.forEach((d) => d.start());
    try {
      // 1% threshold: every assignment owes one
      await Promise.all(ids.map((id, i) => gql.assign(admin, id, `b${i}@busy.example`)));
      await sink.waitFor(12, 10_000);
      expect(await sink.settle(500)).toBe(12);
    } finally {
      await Promise.all(others.map((d) => d.stop()));
    }
    expect(new Set(sink.received.map((m) => m.causeKey)).size).toBe(12);
    const rows = await gql.notifications(admin, org);
    expect(rows).toHaveLength(12);
    for (const n of rows) expect(n).toMatchObject({ attempts: 1, lastError: null, sentAt: expect.any(String) });
  });

  it('is woken by a commit that wrote a notification, never by one that rolled back', async () => {
    const org = await gql.createOrganization(operator, { name: 'Wake Co', adminEmails: ['noc@wake.example'] });
    const { enqueueNotification } = await import('../src/notifications/outbox');
    const dispatcher = api.server.dispatcher!;
    const poke = jest.spyOn(dispatcher, 'poke');
    const db = api.server.deps.db;
    const entry = (key: string) => ({
      organizationId: Number(org),
      cause: 'THRESHOLD_REACHED' as never,
      causeKey: key,
      recipients: ['noc@wake.example'],
      email: { subject: `wake ${key}`, text: 'text', html: '<p>html</p>' },
      now: new Date(),
    });
    try {
      await expect(
        db.transaction(async (manager) => {
          await enqueueNotification(manager, entry(`wake:${org}:rolled-back`));
          throw new Error('the change failed');
        }),
      ).rejects.toThrow('the change failed');
      await db.transaction(async (manager) => manager.query('SELECT 1'));
      expect(poke).not.toHaveBeenCalled();
      await db.transaction((manager) => enqueueNotification(manager, entry(`wake:${org}:committed`)));
      expect(poke).toHaveBeenCalledTimes(1);
    } finally {
      poke.mockRestore();
    }
    const [mail] = await sink.waitFor(1, 5000);
    expect(mail.subject).toBe(`wake wake:${org}:committed`);
    expect(await sink.settle(200)).toBe(1);
  });

  it('does not write or send a second notification for a cause that is already in the outbox', async () => {
    const org = await gql.createOrganization(operator, {
      name: 'Once Co',
      utilizationThresholdPercent: 50,
      adminEmails: ['noc@once.example'],
    });
    const admin = await api.token({ org, roles: ['admin'] });
    const ids = await gql.addNumbers(admin, org, phoneNumbers(2));
    await gql.assign(admin, ids[0], 'x@once.example');
    await sink.waitFor(1, 5000);
    const [row] = await api.server.deps.db.manager.query(
      `SELECT cause_key FROM notification WHERE organization_id = ?`,
      [Number(org)],
    );
    const { enqueueNotification } = await import('../src/notifications/outbox');
    await expect(
      api.server.deps.db.transaction((manager) =>
        enqueueNotification(manager, {
          organizationId: Number(org),
          cause: 'THRESHOLD_REACHED' as never,
          causeKey: row.cause_key,
          recipients: ['noc@once.example'],
          email: { subject: 'duplicate', text: 'duplicate', html: 'duplicate' },
          now: new Date(),
        }),
      ),
    ).rejects.toThrow();
    expect(await sink.settle(300)).toBe(1);
    expect(await gql.notifications(admin, org)).toHaveLength(1);
  });
});

describe.each(testDatabases())('threshold emails without SMTP_URL on %s', (database: DatabaseKind) => {
  it('writes each email as an .eml file into OUTBOX_DIR and marks it sent', async () => {
    const api = await startTestServer({
      database,
      demoData: false,
      dispatcher: true,
      config: { smtpUrl: null, portalUrl: PORTAL_URL, notificationPollMs: 250 },
    });
    try {
      const gql = client(api);
      const operator = await api.token({ roles: ['operator'], org: null });
      const org = await gql.createOrganization(operator, {
        name: 'Offline Co',
        utilizationThresholdPercent: 50,
        adminEmails: ['noc@offline.example'],
      });
      const admin = await api.token({ org, roles: ['admin'] });
      const ids = await gql.addNumbers(admin, org, phoneNumbers(2));
      await gql.assign(admin, ids[0], 'o@offline.example');
      const row = await until('the email to be written', async () =>
        (await gql.notifications(admin, org)).find((n) => n.sentAt),
      );
      const file = path.join(api.server.config.outboxDir, `notification-${row.id}.eml`);
      const eml = decodedText(fs.readFileSync(file, 'utf8'));
      expect(eml).toContain('Subject: Offline Co: 50% of numbers in use (threshold 50%)');
      expect(eml).toContain('To: noc@offline.example');
      expect(eml).toContain('Utilization: 1 of 2 numbers in use (50%).');
      expect(eml).toContain(PORTAL_URL);
      expect(fs.readdirSync(api.server.config.outboxDir)).toEqual([`notification-${row.id}.eml`]);
    } finally {
      await api.close();
    }
  });
});
