import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { createDataSource } from '../src/data-model';
import { MIGRATIONS } from '../src/db/migrations';
import { RatingRetention1764820000000 } from '../src/db/migrations/1764820000000-rating-retention';
import { importUsageCsv } from '../src/ingestion/usage-import';
import { UsagePurgeJob } from '../src/usage/usage-purge';
import { freshDatabase, startTestServer, testDatabases, TestServer } from './harness';

const DAY_MS = 86_400_000;
// Wednesday 2027-03-10 12:00 UTC: CURRENT is 2027-03-01 .. 2027-03-31 for a UTC organization.
const NOW = new Date('2027-03-10T12:00:00Z');
const CALLS = [0, 1, 29, 30, 31, 36, 37, 3601];

const CREATE = `mutation($input: CreateOrganizationInput!) {
  createOrganization(input: $input) { id rating { voiceInitialSeconds voiceIncrementSeconds dataIncrementBytes } } }`;
const RECORD = `mutation($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted duplicates } }`;
const VOICE = (id: string, sub: boolean) =>
  `{ organization(id: "${id}") { cycle(period: CURRENT, includeSubOrganizations: ${sub}) {
      voice { unit billable total billableSeconds totalSeconds previous forecast }
      data { billable total billableSeconds totalSeconds }
      series(type: VOICE) { date billable total billableSeconds totalSeconds } } } }`;

describe.each(testDatabases())('carrier rating on %s', (database) => {
  let api: TestServer;
  let operator: string;
  let clock = NOW;

  async function ok<T = any>(query: string, variables: Record<string, unknown> = {}, token = operator): Promise<T> {
    const body = await api.query<T>(query, variables, token);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data as T;
  }

  const createTop = async (name: string, rating: Record<string, number> | null) =>
    (await ok(CREATE, { input: { name, adminEmails: ['a@rated.example'], rating } })).createOrganization;

  /** The calls of CALLS on 2027-03-05, all billable but the 3,601-second one. */
  const recordCalls = (org: string, prefix: string, seconds = CALLS) =>
    ok(RECORD, {
      events: seconds.map((s, i) => ({
        id: `${prefix}-${i}`,
        organizationId: org,
        type: 'VOICE',
        occurredAt: `2027-03-05T10:00:${String(i).padStart(2, '0')}Z`,
        quantity: s,
        billable: s !== 3601,
      })),
    });

  beforeAll(async () => {
    api = await startTestServer({ database, demoData: false, now: () => clock });
    operator = await api.token({ roles: ['operator'], org: null });
  });
  afterAll(() => api?.close());

  it.each([
    // [rule, total rated seconds, total minutes, billable seconds (without the 3,601 s call), billable minutes]
    // 60/60: 0 + 6 × 60 + 3660 = 4020 s = 67 min; billable 360 s = 6 min.
    [60, 60, 4020, 67, 360, 6],
    // 30/6: 0 + 30 + 30 + 30 + 36 + 36 + 42 + 3606 = 3810 s, 63.5 → 64 min; billable 204 s, 3.4 → 3.
    [30, 6, 3810, 64, 204, 3],
    // 6/6: 0 + 6 + 30 + 30 + 36 + 36 + 42 + 3606 = 3786 s, 63.1 → 63; billable 180 s = 3.
    [6, 6, 3786, 63, 180, 3],
    // 1/1: the seconds themselves, 3765 s, 62.75 → 63; billable 164 s, 2.73 → 3.
    [1, 1, 3765, 63, 164, 3],
  ])(
    'rates 0, 1, 29, 30, 31, 36, 37 and 3,601 s calls under %d/%d',
    async (initial, increment, totalSeconds, total, billableSeconds, billable) => {
      const rating = { voiceInitialSeconds: initial, voiceIncrementSeconds: increment, dataIncrementBytes: 1 };
      const org = await createTop(`Rated ${initial}/${increment}`, rating);
      expect(org.rating).toEqual(rating);
      expect(await recordCalls(org.id, `r${initial}-${increment}`)).toEqual({
        recordUsage: { accepted: 8, duplicates: 0 },
      });
      const { cycle } = (await ok(VOICE(org.id, true))).organization;
      expect(cycle.voice).toEqual({
        unit: 'minutes',
        billable,
        total,
        billableSeconds,
        totalSeconds,
        previous: 0,
        forecast: expect.any(Number),
      });
      expect(cycle.series.find((p: { date: string }) => p.date === '2027-03-05')).toEqual({
        date: '2027-03-05',
        billable,
        total,
        billableSeconds,
        totalSeconds,
      });
      expect(cycle.series.find((p: { date: string }) => p.date === '2027-03-04')).toEqual({
        date: '2027-03-04',
        billable: 0,
        total: 0,
        billableSeconds: 0,
        totalSeconds: 0,
      });
      expect(cycle.data).toEqual({ billable: 0, total: 0, billableSeconds: null, totalSeconds: null });
    },
  );

  it("defaults to 60/60 by the byte, and a sub-organization uses its top-level organization's rating", async () => {
    const plain = await createTop('Unrated', null);
    expect(plain.rating).toEqual({ voiceInitialSeconds: 60, voiceIncrementSeconds: 60, dataIncrementBytes: 1 });
    const top = await createTop('Wholesale', { voiceInitialSeconds: 30, voiceIncrementSeconds: 6 });
    expect(top.rating).toEqual({ voiceInitialSeconds: 30, voiceIncrementSeconds: 6, dataIncrementBytes: 1 });
    const admin = await api.token({ org: top.id, roles: ['admin'] });
    const dept = (await ok(CREATE, { input: { name: 'Dept', parentId: top.id, adminEmails: ['d@r.example'] } }, admin))
      .createOrganization;
    const team = (await ok(CREATE, { input: { name: 'Team', parentId: dept.id, adminEmails: ['t@r.example'] } }, admin))
      .createOrganization;
    expect(team.rating).toEqual(top.rating);
    // In the team: 31 s → 36, 37 s → 42 under 30/6: 78 s, 1.3 → 1 minute. In the top alone: 29 s → 30 s.
    await recordCalls(team.id, 'team', [31, 37]);
    await recordCalls(top.id, 'top', [29]);
    const teamCycle = (await ok(VOICE(team.id, true), {}, admin)).organization.cycle;
    expect(teamCycle.voice).toMatchObject({ billable: 1, total: 1, billableSeconds: 78, totalSeconds: 78 });
    // The tree: 78 + 30 = 108 s, 1.8 → 2 minutes; the top alone 30 s, 0.5 → 1.
    const tree = (await ok(VOICE(top.id, true), {}, admin)).organization.cycle.voice;
    expect(tree).toMatchObject({ billable: 2, total: 2, billableSeconds: 108, totalSeconds: 108 });
    const alone = (await ok(VOICE(top.id, false), {}, admin)).organization.cycle.voice;
    expect(alone).toMatchObject({ billable: 1, total: 1, billableSeconds: 30, totalSeconds: 30 });
  });

  it('refuses a rating on a sub-organization and one outside the limits, naming the field', async () => {
    const top = await createTop('Parent', null);
    const sub = await api.query(
      CREATE,
      {
        input: {
          name: 'Sub',
          parentId: top.id,
          adminEmails: ['s@r.example'],
          rating: { voiceInitialSeconds: 60, voiceIncrementSeconds: 60 },
        },
      },
      operator,
    );
    expect(sub.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'rating' });
    const cases: Array<[Record<string, number>, string]> = [
      [{ voiceInitialSeconds: 30, voiceIncrementSeconds: 31 }, 'rating.voiceIncrementSeconds'],
      [{ voiceInitialSeconds: 3601, voiceIncrementSeconds: 60 }, 'rating.voiceInitialSeconds'],
      [{ voiceInitialSeconds: 60, voiceIncrementSeconds: 60, dataIncrementBytes: 0 }, 'rating.dataIncrementBytes'],
    ];
    for (const [rating, field] of cases) {
      const body = await api.query(CREATE, { input: { name: 'Bad', adminEmails: ['b@r.example'], rating } }, operator);
      expect(body.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field });
    }
  });

  it('rounds each data event up to the increment: 1 byte and 1,024 bytes', async () => {
    const sizes = [0, 1, 1023, 1024, 1025];
    const events = (org: string, prefix: string) =>
      sizes.map((b, i) => ({
        id: `${prefix}-${i}`,
        organizationId: org,
        type: 'DATA',
        occurredAt: '2027-03-06T08:00:00Z',
        quantity: b,
        billable: b !== 1025,
      }));
    const bytes = await createTop('Bytes', {
      voiceInitialSeconds: 60,
      voiceIncrementSeconds: 60,
      dataIncrementBytes: 1,
    });
    const kib = await createTop('KiB', {
      voiceInitialSeconds: 60,
      voiceIncrementSeconds: 60,
      dataIncrementBytes: 1024,
    });
    await ok(RECORD, { events: events(bytes.id, 'b') });
    await ok(RECORD, { events: events(kib.id, 'k') });
    // By the byte: 0 + 1 + 1023 + 1024 + 1025 = 3073, billable (all but 1025) 2048.
    // By the KiB: 0 + 3 × 1024 + 2048 = 5120, billable 3072.
    expect((await ok(VOICE(bytes.id, true))).organization.cycle.data).toMatchObject({ billable: 2048, total: 3073 });
    expect((await ok(VOICE(kib.id, true))).organization.cycle.data).toMatchObject({ billable: 3072, total: 5120 });
  });

  it('refuses an event older than the retention window, at its edge, in recordUsage and the import', async () => {
    const org = await createTop('Window', null);
    const edge = new Date(NOW.getTime() - 400 * DAY_MS); // 2026-02-03T12:00:00.000Z
    expect(edge.toISOString()).toBe('2026-02-03T12:00:00.000Z');
    const event = (id: string, at: Date) => ({
      id,
      organizationId: org.id,
      type: 'VOICE',
      occurredAt: at,
      quantity: 1,
    });
    expect(await ok(RECORD, { events: [event('edge', edge)] })).toEqual({
      recordUsage: { accepted: 1, duplicates: 0 },
    });
    const older = new Date(edge.getTime() - 1);
    const refused = await api.query(RECORD, { events: [event('ok', NOW), event('older', older)] }, operator);
    expect(refused.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'events[1].occurredAt' });
    expect(refused.errors?.[0].message).toMatch(/retention window/);
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpd-rating-'));
    try {
      const file = path.join(dir, 'old.csv');
      fs.writeFileSync(
        file,
        'id,occurredAt,type,quantity\ni-1,2026-02-03T12:00:00Z,DATA,1\ni-2,2026-02-03T11:59:59Z,DATA,1\n',
      );
      await expect(
        importUsageCsv(api.server.deps, api.server.services, { organizationId: Number(org.id), file, chunkSize: 10 }),
      ).rejects.toMatchObject({
        line: 3,
        message: expect.stringMatching(/^line 3: occurredAt is older than the retention/),
      });
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  it('purges events past the window in batches, keeping every figure, once a day across processes', async () => {
    const org = await createTop('Purged', { voiceInitialSeconds: 30, voiceIncrementSeconds: 6 });
    const at = (daysAgo: number, i: number) => new Date(NOW.getTime() - daysAgo * DAY_MS + i * 1000);
    const events = [
      ...[31, 37, 3601, 0, 1].map((s, i) => ({
        id: `old-${i}`,
        organizationId: org.id,
        type: 'VOICE',
        occurredAt: at(399, i),
        quantity: s,
      })),
      { id: 'old-data', organizationId: org.id, type: 'DATA', occurredAt: at(399, 9), quantity: 1500 },
      { id: 'new-1', organizationId: org.id, type: 'VOICE', occurredAt: at(1, 0), quantity: 31 },
    ];
    await ok(RECORD, { events });
    const ALL = `{ organization(id: "${org.id}") { cycle(period: ALL_TIME) {
      voice { billable total billableSeconds totalSeconds } message { billable total } data { billable total }
      series(type: VOICE) { date billable total billableSeconds totalSeconds } } } }`;
    const before = (await ok(ALL)).organization.cycle;
    // 36 + 42 + 3606 + 0 + 30 = 3714 s then 36 s: 3750 s, 62.5 → 63 minutes.
    expect(before.voice).toEqual({ billable: 63, total: 63, billableSeconds: 3750, totalSeconds: 3750 });
    const count = async () =>
      Number(
        (
          await api.server.deps.db.manager.query('SELECT COUNT(*) AS n FROM usage_event WHERE organization_id = ?', [
            org.id,
          ])
        )[0].n,
      );
    expect(await count()).toBe(7);

    clock = new Date(NOW.getTime() + 2 * DAY_MS); // the old events are now 401 days old
    try {
      // Every event of the database before 2027-03-12 12:00 − 400 days − 1 hour: this test's 6, and the edge test's.
      const expired = Number(
        (
          await api.server.deps.db.manager.query('SELECT COUNT(*) AS n FROM usage_event WHERE occurred_at < ?', [
            '2026-02-05 11:00:00',
          ])
        )[0].n,
      );
      expect(expired).toBeGreaterThanOrEqual(6);
      const jobs = [0, 1].map(() => new UsagePurgeJob(api.server.deps, { batchSize: 2, pauseMs: 0 }));
      const outcomes = await Promise.all(jobs.map((job) => job.runOnce()));
      // One process claims the day's purge; the other finds it held.
      expect(outcomes.map((o) => o.ran).sort()).toEqual([false, true]);
      expect(outcomes.find((o) => o.ran)!.deleted).toBe(expired); // in batches of 2
      expect(await count()).toBe(1);
      expect(await jobs[0].runOnce()).toEqual({ ran: false, deleted: 0 }); // done for today
      expect((await ok(ALL)).organization.cycle).toEqual(before);
      // A purged id cannot come back as a new event: it is older than the window.
      const again = await api.query(RECORD, { events: [events[0]] }, operator);
      expect(again.errors?.[0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'events[0].occurredAt' });
      clock = new Date(clock.getTime() + DAY_MS + 1000); // a day later it is due again, with nothing left to do
      expect(await jobs[1].runOnce()).toEqual({ ran: true, deleted: 0 });
    } finally {
      clock = NOW;
    }
  });
});

describe.each(testDatabases())('the rating migration on %s', (database) => {
  it('turns minute rollups into seconds (× 60) and back, and rates existing organizations 60/60', async () => {
    const db = await freshDatabase(database);
    const dataSource = createDataSource({ databaseUrl: db.url });
    const undo = async () => {
      const count = MIGRATIONS.length - MIGRATIONS.indexOf(RatingRetention1764820000000);
      for (let i = 0; i < count; i++) await dataSource.undoLastMigration({ transaction: 'each' });
    };
    const plain = (rows: Array<Record<string, unknown>>) =>
      rows.map((r) => Object.values(r).map((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v)));
    try {
      await dataSource.initialize();
      await dataSource.runMigrations({ transaction: 'each' });
      await undo();
      await dataSource.query(
        `INSERT INTO organization (id, name, path, depth, timezone, cycle_start_day, utilization_threshold_percent,
          admin_emails, created_at) VALUES (1, 'Org', '/1/', 0, 'UTC', 1, 80, '[]', '2026-01-01 00:00:00')`,
      );
      const rollup = `INSERT INTO usage_rollup (organization_id, scope, grain, period_date, voice_billable, voice_total,
        message_billable, data_total) VALUES (1, ?, ?, ?, ?, ?, ?, ?)`;
      await dataSource.query(rollup, ['SELF', 'DAY', '2026-11-02', 3, 4, 5, 6000000000]);
      await dataSource.query(rollup, ['SELF', 'CYCLE', '2026-11-01', 150000000000, 150000000001, 5, 6000000000]);
      await dataSource.query(rollup, ['SUBS', 'CYCLE', '2026-11-01', 0, 2, 0, 1]);
      const read = () =>
        dataSource.query(
          `SELECT scope, grain, period_date, voice_billable, voice_total, message_billable, data_total
             FROM usage_rollup ORDER BY scope, grain, period_date`,
        );
      const minutes = plain(await read());
      await dataSource.runMigrations({ transaction: 'each' });
      expect(plain(await read())).toEqual([
        ['SELF', 'CYCLE', '2026-11-01', 9000000000000, 9000000000060, 5, 6000000000],
        ['SELF', 'DAY', '2026-11-02', 180, 240, 5, 6000000000],
        ['SUBS', 'CYCLE', '2026-11-01', 0, 120, 0, 1],
      ]);
      expect(
        plain(
          await dataSource.query(
            'SELECT voice_initial_seconds, voice_increment_seconds, data_increment_bytes FROM organization',
          ),
        ),
      ).toEqual([[60, 60, 1]]);
      expect(plain(await dataSource.query('SELECT name, holder FROM job_lease'))).toEqual([['usage-purge', null]]);
      await undo();
      expect(plain(await read())).toEqual(minutes);
      const columns = await dataSource.query('SELECT * FROM organization');
      expect(Object.keys(columns[0])).not.toContain('voice_initial_seconds');
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
      await db.drop();
    }
  });
});
