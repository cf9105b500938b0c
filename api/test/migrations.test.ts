import 'reflect-metadata';
import { createDataSource } from '../src/data-model';
import { runMigrationsOnce } from '../src/db/data-source';
import { freshDatabase, testDatabases } from './harness';
import { MIGRATIONS } from '../src/db/migrations';
import { WideUsageRollup1764600000000 } from '../src/db/migrations/1764600000000-wide-usage-rollup';
import { Insight1764700000000 } from '../src/db/migrations/1764700000000-insight';

/** Undoes migrations until `migration` (and those after it) is reverted. */
async function undoThrough(dataSource: ReturnType<typeof createDataSource>, migration: unknown): Promise<void> {
  const count = MIGRATIONS.length - MIGRATIONS.indexOf(migration as (typeof MIGRATIONS)[number]);
  for (let i = 0; i < count; i++) await dataSource.undoLastMigration({ transaction: 'each' });
}

const undoThroughWideRollup = (dataSource: ReturnType<typeof createDataSource>) =>
  undoThrough(dataSource, WideUsageRollup1764600000000);

const TABLES = [
  'app_user',
  'job_lease',
  'notification',
  'number_request',
  'number_utilization_day',
  'organization',
  'organization_plan',
  'phone_number',
  'usage_alert',
  'usage_event',
  'usage_rollup',
  'usage_rollup_version',
  'user_usage_rollup',
  'utilization_digest_take',
  'webhook',
  'webhook_delivery',
];

async function tableNames(dataSource: ReturnType<typeof createDataSource>): Promise<string[]> {
  const rows: Array<{ name: string }> =
    dataSource.options.type === 'better-sqlite3'
      ? await dataSource.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
      : await dataSource.query(
          `SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()`,
        );
  return rows
    .map((r) => r.name)
    .filter((n) => n !== 'migrations' && n !== 'migration_lock')
    .sort();
}

describe.each(testDatabases())('migrations on %s', (database) => {
  it('run up, revert down, and run up again', async () => {
    const db = await freshDatabase(database);
    const dataSource = createDataSource({ databaseUrl: db.url });
    try {
      await dataSource.initialize();
      const ran = await dataSource.runMigrations({ transaction: 'each' });
      expect(ran.length).toBeGreaterThan(0);
      expect(await tableNames(dataSource)).toEqual(TABLES);
      expect(await dataSource.runMigrations()).toEqual([]);
      for (let i = 0; i < ran.length; i++) await dataSource.undoLastMigration({ transaction: 'each' });
      expect(await tableNames(dataSource)).toEqual([]);
      await dataSource.runMigrations({ transaction: 'each' });
      expect(await tableNames(dataSource)).toEqual(TABLES);
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
      await db.drop();
    }
  });
});

// Several API processes starting together on an empty database (a rolling deploy, a scaled-out
// start): each must come up, and each migration must run exactly once.
// MySQL only (SQLite has one writer); registered only when a MySQL server is configured, since jest
// refuses describe.each over an empty list.
for (const database of testDatabases().filter((kind) => kind === 'mysql'))
  describe(`concurrent starts on ${database}`, () => {
    it('run every migration once when four processes migrate at the same moment', async () => {
      const db = await freshDatabase(database);
      const sources = Array.from({ length: 4 }, () => createDataSource({ databaseUrl: db.url }));
      try {
        await Promise.all(sources.map((s) => s.initialize()));
        const ran = await Promise.all(sources.map((s) => runMigrationsOnce(s)));
        const names = ran.flat().map((m) => m.name);
        expect(names.length).toBe(sources[0].migrations.length);
        expect(new Set(names).size).toBe(names.length);
        expect(await tableNames(sources[0])).toEqual(TABLES);
        const [{ n }] = await sources[0].query('SELECT COUNT(*) AS n FROM migrations');
        expect(Number(n)).toBe(sources[0].migrations.length);
      } finally {
        await Promise.all(sources.filter((s) => s.isInitialized).map((s) => s.destroy()));
        await db.drop();
      }
    });
  });

describe.each(testDatabases())('the wide usage_rollup migration on %s', (database) => {
  it('pivots a row per metric into a row per period, and splits it back on the way down', async () => {
    const db = await freshDatabase(database);
    const dataSource = createDataSource({ databaseUrl: db.url });
    try {
      await dataSource.initialize();
      await dataSource.runMigrations({ transaction: 'each' });
      await undoThroughWideRollup(dataSource); // back to a row per metric
      await dataSource.query(
        'INSERT INTO organization (id, name, path, depth, timezone, cycle_start_day, ' +
          `utilization_threshold_percent, admin_emails, created_at)
        VALUES (1, 'Org', '/1/', 0, 'UTC', 1, 80, '[]', '2026-01-01 00:00:00')`,
      );
      const narrow = [
        [1, 'SELF', 'DAY', '2026-11-02', 'VOICE', 3, 4],
        [1, 'SELF', 'DAY', '2026-11-02', 'DATA', 6000000000, 7000000000],
        [1, 'SELF', 'DAY', '2026-11-03', 'MESSAGE', 0, 2],
        [1, 'SUBS', 'CYCLE', '2026-11-01', 'VOICE', 10, 12],
        [1, 'SUBS', 'CYCLE', '2026-11-01', 'USERS_ADDED', 2, 2],
        [1, 'SUBS', 'CYCLE', '2026-11-01', 'USERS_DEACTIVATED', 1, 1],
      ];
      for (const r of narrow) {
        await dataSource.query(
          'INSERT INTO usage_rollup (organization_id, scope, grain, period_date, metric, billable, total) ' +
            'VALUES (?, ?, ?, ?, ?, ?, ?)',
          r,
        );
      }
      await dataSource.runMigrations({ transaction: 'each' });
      const wide = await dataSource.query(
        'SELECT scope, grain, period_date, voice_billable, voice_total, message_billable, message_total, ' +
          `data_billable, data_total, users_added, users_registered, users_deactivated
           FROM usage_rollup ORDER BY scope, grain, period_date`,
      );
      expect(
        wide.map((r: Record<string, unknown>) =>
          Object.values(r).map((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v)),
        ),
      ).toEqual([
        // VOICE in rated seconds once the rating migration (after this one) ran: 3 minutes → 180 s.
        ['SELF', 'DAY', '2026-11-02', 180, 240, 0, 0, 6000000000, 7000000000, 0, 0, 0],
        ['SELF', 'DAY', '2026-11-03', 0, 0, 0, 2, 0, 0, 0, 0, 0],
        ['SUBS', 'CYCLE', '2026-11-01', 600, 720, 0, 0, 0, 0, 2, 0, 1],
      ]);
      await undoThroughWideRollup(dataSource);
      const back = await dataSource.query(
        'SELECT organization_id, scope, grain, period_date, metric, billable, total FROM usage_rollup ' +
          'ORDER BY scope, grain, period_date, metric',
      );
      const sorted = [...narrow].sort((a, b) => String(a.slice(1, 5)).localeCompare(String(b.slice(1, 5))));
      expect(
        back.map((r: Record<string, unknown>) =>
          Object.values(r).map((v) => (typeof v === 'string' && /^\d+$/.test(v) ? Number(v) : v)),
        ),
      ).toEqual(sorted);
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
      await db.drop();
    }
  });
});

describe.each(testDatabases())('the insight migration on %s', (database) => {
  const toPlain = (rows: Array<Record<string, unknown>>) =>
    rows.map((r) =>
      Object.values(r).map((v) => {
        if (v instanceof Date) return v.toISOString();
        if (typeof v === 'string' && /^\d+$/.test(v)) return Number(v);
        if (typeof v === 'string' && /^\d{4}-\d\d-\d\d \d\d:\d\d/.test(v)) return `${v.replace(' ', 'T')}Z`;
        return v;
      }),
    );

  it('backfills the utilization log from numbers and users, and last_stored_at from usage events', async () => {
    const db = await freshDatabase(database);
    const dataSource = createDataSource({ databaseUrl: db.url });
    try {
      await dataSource.initialize();
      await dataSource.runMigrations({ transaction: 'each' });
      await undoThrough(dataSource, Insight1764700000000);
      const q = (sql: string, params: unknown[] = []) => dataSource.query(sql, params);
      const org = `INSERT INTO organization (id, name, parent_id, path, depth, timezone, cycle_start_day,
        utilization_threshold_percent, admin_emails, created_at, numbers_below)
        VALUES (?, ?, ?, ?, ?, ?, 1, 80, '[]', ?, ?)`;
      await q(org, [1, 'Top', null, '/1/', 0, 'UTC', '2026-01-01 00:00:00', 1]);
      await q(org, [2, 'Tokyo', 1, '/1/2/', 1, 'Asia/Tokyo', '2026-01-01 00:00:00', 0]);
      const user = `INSERT INTO app_user (id, organization_id, email, added_at, registered_at, deactivated_at,
        invitation_expires_at) VALUES (?, 1, ?, ?, ?, ?, '2027-01-01 00:00:00')`;
      await q(user, [1, 'a@x.example', '2026-03-01 10:00:00', '2026-03-02 00:00:00', null]);
      // Left: in use from 02-01 to 02-10, its number back in the pool.
      await q(user, [2, 'b@x.example', '2026-02-01 10:00:00', '2026-02-02 00:00:00', '2026-02-10 10:00:00']);
      const phone = `INSERT INTO phone_number (number, organization_id, org_path, state, user_id, updated_at)
        VALUES (?, ?, ?, ?, ?, ?)`;
      await q(phone, ['+15550000001', 1, '/1/', 'REGISTERED', 1, '2026-03-02 00:00:00']);
      await q(phone, ['+15550000002', 1, '/1/', 'RESERVED', null, '2026-04-01 10:00:00']);
      await q(phone, ['+15550000003', 1, '/1/', 'AVAILABLE', null, '2026-01-05 00:00:00']);
      // Held below Top since 2026-02-20 20:00 UTC (02-21 in Tokyo).
      await q(phone, ['+15550000004', 2, '/1/2/', 'AVAILABLE', null, '2026-02-20 20:00:00']);
      const event = `INSERT INTO usage_event (id, organization_id, user_id, type, occurred_at, quantity, billable,
        recorded_at) VALUES (?, ?, NULL, 'VOICE', '2026-03-05 01:00:00', 60, 1, ?)`;
      await q(event, ['e1', 2, '2026-03-06 00:00:00']);
      await q(event, ['e2', 1, '2026-03-07 00:00:00']);
      const rollup = `INSERT INTO usage_rollup (organization_id, scope, grain, period_date, voice_billable, voice_total,
        users_added) VALUES (?, ?, ?, ?, ?, ?, ?)`;
      await q(rollup, [2, 'SELF', 'DAY', '2026-03-05', 1, 1, 0]);
      await q(rollup, [1, 'SUBS', 'DAY', '2026-03-05', 1, 1, 0]);
      await q(rollup, [1, 'SELF', 'CYCLE', '2026-03-01', 1, 1, 0]);
      await q(rollup, [1, 'SELF', 'DAY', '2026-03-01', 0, 0, 1]); // a user added, no usage

      await dataSource.runMigrations({ transaction: 'each' });
      const days = await q(
        'SELECT organization_id, day, in_use, total FROM number_utilization_day ORDER BY organization_id, day',
      );
      expect(toPlain(days)).toEqual([
        [1, '2026-01-01', 0, 4],
        [1, '2026-02-01', 1, 4],
        [1, '2026-02-10', 0, 4],
        [1, '2026-02-20', 1, 4],
        [1, '2026-03-01', 2, 4],
        [1, '2026-04-01', 3, 4], // as measured now: 4 numbers, 1 available
        [2, '2026-01-01', 0, 1],
      ]);
      const stored = await q(
        'SELECT organization_id, scope, grain, period_date, last_stored_at FROM usage_rollup ORDER BY 1, 2, 3, 4',
      );
      expect(toPlain(stored)).toEqual([
        [1, 'SELF', 'CYCLE', '2026-03-01', '2026-03-07T00:00:00.000Z'],
        [1, 'SELF', 'DAY', '2026-03-01', null],
        [1, 'SUBS', 'DAY', '2026-03-05', '2026-03-06T00:00:00.000Z'],
        [2, 'SELF', 'DAY', '2026-03-05', '2026-03-06T00:00:00.000Z'],
      ]);
      // DESIGN §6: user rollups backfilled from the events, in every time zone on the path (e1: Tokyo's
      // and its parent's UTC; e2: UTC), per day and per month; user 0: recorded without a user. One minute
      // backfilled, then 60 rated seconds after the rating migration (DESIGN §8) converted every rollup.
      const users = await q(
        `SELECT timezone, grain, period_date, organization_id, user_id, voice_billable, voice_total
           FROM user_usage_rollup ORDER BY 1, 2, 3, 4, 5`,
      );
      expect(toPlain(users)).toEqual([
        ['Asia/Tokyo', 'DAY', '2026-03-05', 2, 0, 60, 60],
        ['Asia/Tokyo', 'MONTH', '2026-03-01', 2, 0, 60, 60],
        ['UTC', 'DAY', '2026-03-05', 1, 0, 60, 60],
        ['UTC', 'DAY', '2026-03-05', 2, 0, 60, 60],
        ['UTC', 'MONTH', '2026-03-01', 1, 0, 60, 60],
        ['UTC', 'MONTH', '2026-03-01', 2, 0, 60, 60],
      ]);
      await undoThrough(dataSource, Insight1764700000000);
      expect(await tableNames(dataSource)).not.toContain('number_utilization_day');
      expect(await tableNames(dataSource)).not.toContain('user_usage_rollup');
    } finally {
      if (dataSource.isInitialized) await dataSource.destroy();
      await db.drop();
    }
  });
});
