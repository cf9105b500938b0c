import { ChildProcess } from 'node:child_process';
import { signToken } from '../src/auth/token';
import { exited, queryAt, startApiProcess } from './api-process';
import { DatabaseKind, freshDatabase, TEST_JWT_SECRET, testDatabases } from './harness';
import { client, phoneNumbers, PORTAL_URL, until } from './notification-helpers';
import { SmtpSink, startSilentSmtp } from './smtp-sink';

describe.each(testDatabases())('an API process killed with an email owed, on %s', (database: DatabaseKind) => {
  const children: ChildProcess[] = [];

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(children.map(exited));
  });

  it(
    'sends each owed email exactly once after a restart: the one the killed process was sending, ' +
      'and one it had not claimed yet',
    async () => {
      const db = await freshDatabase(database);
      const silent = await startSilentSmtp();
      const sink = await SmtpSink.start();
      try {
        const common = { DATABASE_URL: db.url, NOTIFICATION_LEASE_SECONDS: '2', PORTAL_URL };
        // A long greeting timeout (in the URL's query) holds the first process in that send however slow the machine.
        const first = await startApiProcess(children, { ...common, SMTP_URL: `${silent.url}?greetingTimeout=120000` });
        const gql = client({ query: queryAt(first.url) });
        const operator = await signToken(TEST_JWT_SECRET, { sub: 'carrier-staff', org: null, roles: ['operator'] });
        const org = await gql.createOrganization(operator, {
          name: 'Crash Co',
          utilizationThresholdPercent: 80,
          adminEmails: ['noc@crash.example'],
        });
        const admin = await signToken(TEST_JWT_SECRET, { sub: 'crash-admin', org: Number(org), roles: ['admin'] });
        const ids = await gql.addNumbers(admin, org, phoneNumbers(5));
        // 4/5 = 80%: the first email owed
        for (let i = 0; i < 4; i++) await gql.assign(admin, ids[i], `c${i}@crash.example`);
        // The first process claims it and hangs on the silent SMTP server …
        await until('the first process to start sending', async () => silent.connections() > 0);
        // … while the last number owes a second email that the busy process has not claimed yet: kill it there.
        await gql.assign(admin, ids[4], 'c4@crash.example');
        first.child.kill('SIGKILL');
        await exited(first.child);
        const killedAt = Date.now();
        expect(sink.received).toHaveLength(0);

        const second = await startApiProcess(children, { ...common, SMTP_URL: sink.url });
        const listening = Date.now();
        const mails = await sink.waitFor(2, 15_000);
        expect(await sink.settle(1000)).toBe(2); // and nobody sends either again
        const bySubject = new Map(mails.map((m) => [m.subject, m]));
        expect([...bySubject.keys()].sort()).toEqual([
          'Crash Co: 100% of numbers in use (threshold 80%)',
          'Crash Co: 80% of numbers in use (threshold 80%)',
        ]);
        for (const m of mails) expect(m.to).toEqual(['noc@crash.example']);
        const rows = await client({ query: queryAt(second.url) }).notifications(admin, org);
        expect(rows.map(({ cause, attempts, lastError }) => ({ cause, attempts, lastError }))).toEqual([
          { cause: 'NUMBERS_TAKEN_WHILE_REACHED', attempts: 1, lastError: null }, // owed, never claimed: sent at once
          { cause: 'THRESHOLD_REACHED', attempts: 2, lastError: expect.stringMatching(/did not finish/) }, // its lease ran out first
        ]);
        for (const row of rows) expect(row.sentAt).not.toBeNull();
        const crossing = bySubject.get('Crash Co: 80% of numbers in use (threshold 80%)')!;
        const unclaimed = bySubject.get('Crash Co: 100% of numbers in use (threshold 80%)')!;
        console.log(
          `[${database}] killed mid-send: both emails delivered exactly once; after the new process listened: ` +
            `unclaimed ${unclaimed.receivedAt - listening} ms, ` +
            `interrupted ${crossing.receivedAt - listening} ms (lease 2 s; ${listening - killedAt} ms to restart)`,
        );
        second.child.kill('SIGTERM');
        await exited(second.child);
      } finally {
        await silent.close();
        await sink.down();
        await db.drop();
      }
    },
  );
});
