import { AlertScheduler } from '../src/alerts/alert-scheduler';
import { DigestSender } from '../src/numbers/utilization-digest';
import { startTestServer, TestServer, testDatabases } from './harness';
import { client, phoneNumbers } from './notification-helpers';

/**
 * DESIGN §7 re-alert policy DAILY_DIGEST with an injected clock. Digest Co runs on America/New_York
 * (UTC−4 in June): local day 2026-06-10 runs from 04:00 UTC on the 10th to 04:00 UTC on the 11th.
 */
const NOTIFICATIONS = `query($id: ID!) { organization(id: $id) { notifications(first: 100) { cause subject } } }`;

describe.each(testDatabases())('daily digest (DESIGN §7) on %s', (database) => {
  let api: TestServer;
  let clock = new Date('2026-06-10T14:00:00Z');
  let gql: ReturnType<typeof client>;

  beforeAll(async () => {
    api = await startTestServer({
      database,
      demoData: false,
      now: () => clock,
      config: { webhookAllowPrivate: true },
    });
    gql = client(api);
  });
  afterAll(() => api?.close());

  it('notifies the crossing and reached saves at once, collects further takes into a digest a local day', async () => {
    const operator = await api.token({ roles: ['operator'], org: null });
    const org = await gql.createOrganization(operator, {
      name: 'Digest Co',
      timezone: 'America/New_York',
      utilizationThresholdPercent: 50,
      adminEmails: ['ops@digest.example'],
    });
    const admin = await api.token({ org, roles: ['admin'] });
    await gql.ok(
      `mutation($o: ID!, $u: String!) { createWebhook(organizationId: $o, url: $u) { secret } }`,
      { o: org, u: 'http://127.0.0.1:9/digest' },
      admin,
    );
    const saved = await gql.ok(
      `mutation($o: ID!) { setUtilizationThreshold(organizationId: $o, percent: 50, policy: DAILY_DIGEST) {
        percent reached policy } }`,
      { o: org },
      admin,
    );
    expect(saved.setUtilizationThreshold).toEqual({ percent: 50, reached: false, policy: 'DAILY_DIGEST' });
    const notified = async () =>
      (await gql.ok(NOTIFICATIONS, { id: org }, admin)).organization.notifications
        .map((n: { cause: string; subject: string }) => `${n.cause}: ${n.subject}`)
        .reverse() as string[];
    const digests = new DigestSender(api.server.deps);

    const ids = await gql.addNumbers(admin, org, phoneNumbers(10));
    for (let i = 0; i < 5; i++) await gql.assign(admin, ids[i], `u${i}@digest.example`); // 50%: the crossing
    await gql.assign(admin, ids[5], 'u5@digest.example'); // 60%: collected
    clock = new Date('2026-06-10T15:30:00Z');
    await gql.reserve(admin, ids[6]); // 70%: collected
    await gql.threshold(admin, org, 50); // a reached save: at once
    clock = new Date('2026-06-11T03:30:00Z'); // 23:30 on the 10th in New York
    await gql.assign(admin, ids[7], 'u7@digest.example'); // 80%: collected
    expect(await notified()).toEqual([
      'THRESHOLD_REACHED: Digest Co: 50% of numbers in use (threshold 50%)',
      'THRESHOLD_SAVED_REACHED: Digest Co: 70% of numbers in use (threshold 50%)',
    ]);
    const utilization = await gql.ok(
      `query($id: ID!) { organization(id: $id) { utilizationThreshold { percent reached policy } } }`,
      { id: org },
      admin,
    );
    expect(utilization.organization.utilizationThreshold).toEqual({
      percent: 50,
      reached: true,
      policy: 'DAILY_DIGEST',
    });

    expect(await digests.sendDue(new Date('2026-06-11T03:59:59Z'))).toBe(0); // the day has not ended there
    clock = new Date('2026-06-11T04:00:01Z');
    expect(await digests.sendDue(clock)).toBe(1);
    expect(await new DigestSender(api.server.deps).sendDue(clock)).toBe(0); // once, whoever runs it again
    const all = await notified();
    expect(all).toHaveLength(3);
    expect(all[2]).toBe('UTILIZATION_DIGEST: Digest Co: 3 more number operations above the threshold on 2026-06-10');
    const [email] = await api.server.deps.db.manager.query(
      `SELECT body_text, recipients FROM notification WHERE cause = 'UTILIZATION_DIGEST'`,
    );
    expect(email.body_text.split('\n').slice(0, 6)).toEqual([
      'On 2026-06-10 (America/New_York), 3 operations took numbers into use while utilization stayed at or above ' +
        'the 50% threshold.',
      '',
      '14:00 UTC: 6 of 10 in use, 4 available',
      '15:30 UTC: 7 of 10 in use, 3 available',
      '03:30 UTC: 8 of 10 in use, 2 available',
      '',
    ]);

    // A later day while still reached: its takes go into that day's digest.
    clock = new Date('2026-06-11T16:00:00Z');
    await gql.assign(admin, ids[8], 'u8@digest.example');
    expect(await notified()).toHaveLength(3);
    clock = new Date('2026-06-12T04:00:00Z');
    // This time through the scheduler every API process runs (digests, then FORECAST alerts).
    await new AlertScheduler(api.server.deps, api.server.services.usageAlerts).runOnce();
    expect((await notified())[3]).toBe(
      'UTILIZATION_DIGEST: Digest Co: 1 more number operation above the threshold on 2026-06-11',
    );

    // The webhook got the same notifications, the digest as utilization.digest.
    const events: Array<{ event_type: string; body: string }> = await api.server.deps.db.manager.query(
      'SELECT event_type, body FROM webhook_delivery ORDER BY id',
    );
    expect(events.map((e) => e.event_type)).toEqual([
      'utilization.threshold',
      'utilization.threshold',
      'utilization.digest',
      'utilization.digest',
    ]);
    expect(JSON.parse(events[2].body).data).toEqual({
      date: '2026-06-10',
      operations: [
        { at: '2026-06-10T14:00:00.000Z', inUse: 6, total: 10, available: 4 },
        { at: '2026-06-10T15:30:00.000Z', inUse: 7, total: 10, available: 3 },
        { at: '2026-06-11T03:30:00.000Z', inUse: 8, total: 10, available: 2 },
      ],
      thresholdPercent: 50,
      percentInUse: 80,
      inUse: 8,
      total: 10,
      available: 2,
    });
  });
});
