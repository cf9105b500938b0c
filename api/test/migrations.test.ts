import 'reflect-metadata';
import { createDataSource, runMigrationsOnce } from '../src/db/data-source';
import { freshDatabase, testDatabases } from './harness';

const TABLES = ['app_user', 'notification', 'number_request', 'organization', 'phone_number', 'usage_event', 'usage_rollup'];

async function tableNames(dataSource: ReturnType<typeof createDataSource>): Promise<string[]> {
  const rows: Array<{ name: string }> =
    dataSource.options.type === 'better-sqlite3'
      ? await dataSource.query(`SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%'`)
      : await dataSource.query(`SELECT table_name AS name FROM information_schema.tables WHERE table_schema = DATABASE()`);
  return rows.map((r) => r.name).filter((n) => n !== 'migrations').sort();
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
describe.each(testDatabases().filter((kind) => kind === 'mysql'))('concurrent starts on %s', (database) => {
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
