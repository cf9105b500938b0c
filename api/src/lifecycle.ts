import { AppDeps } from './db/app-deps';
import { signToken } from './auth/token';
import { Config } from './common/config';
import { createDataSource } from './data-model';
import { galeraSyncWait, limitQueryTime, runMigrationsOnce } from './db/data-source';
import { Database } from './db/database';
import { MigrationWatch } from './db/migration-watch';
import { seedDemoData } from './demo/demo-seed';
import { Logger } from './common/logger';
import { Services } from './services';

/**
 * Connects, migrates (once across processes) unless MIGRATE_ON_START=0, then bounds statement time
 * (migrations may run long); `migrations` tells whether the schema is current, and when it becomes so.
 */
export async function openDatabase(config: Config, log: Logger): Promise<{ db: Database; migrations: MigrationWatch }> {
  const dataSource = createDataSource({
    databaseUrl: config.databaseUrl,
    databaseReplicaUrls: config.databaseReplicaUrls,
    connectTimeoutMs: config.databaseConnectTimeoutMs,
    log,
    // On a Galera node, reads wait for commits made through other nodes (GALERA_SYNC_WAIT).
    wsrepSyncWait: await galeraSyncWait(
      config.databaseUrl,
      config.galeraSyncWait,
      config.databaseConnectTimeoutMs,
      log,
    ),
  });
  await dataSource.initialize();
  if (config.migrateOnStart) await runMigrationsOnce(dataSource);
  limitQueryTime(dataSource, config.databaseQueryTimeoutMs);
  const migrations = new MigrationWatch(dataSource, log);
  await migrations.start();
  return { db: new Database(dataSource), migrations };
}

/**
 * Seeds the demo tree when asked (only into an empty database) and signs an admin token for it; not
 * into a database that is not migrated yet (MIGRATE_ON_START=0 before `npm run migrate`).
 */
export async function prepareDemo(
  deps: AppDeps,
  services: Services,
  migrations: MigrationWatch,
): Promise<{ organizationId: number | null; token: string | null }> {
  if (!deps.config.demoData) return { organizationId: null, token: null };
  if (!migrations.isCurrent) {
    deps.log.warn('demo data not seeded: the database is not migrated');
    return { organizationId: null, token: null };
  }
  const organizationId = await seedDemoData(deps, services);
  const token = await signToken(deps.config.jwtSecret, {
    sub: 'demo-admin@acme.example',
    org: organizationId,
    roles: ['admin'],
  });
  return { organizationId, token };
}

/** Runs each step of a shutdown once, in order, however often close() is called. */
export function closeOnce(steps: Array<() => Promise<void> | void>): () => Promise<void> {
  let closing: Promise<void> | null = null;
  return () => {
    closing ??= (async () => {
      for (const step of steps) await step();
    })();
    return closing;
  };
}
