import { AppDeps } from './db/app-deps';
import { signToken } from './auth/token';
import { Config } from './common/config';
import { createDataSource } from './data-model';
import { limitQueryTime, runMigrationsOnce } from './db/data-source';
import { Database } from './db/database';
import { seedDemoData } from './demo/demo-seed';
import { Logger } from './common/logger';
import { Services } from './services';

/** Connects, migrates (once across processes), then bounds statement time (migrations may run long). */
export async function openDatabase(config: Config, log: Logger): Promise<Database> {
  const dataSource = createDataSource({
    databaseUrl: config.databaseUrl,
    databaseReplicaUrls: config.databaseReplicaUrls,
    connectTimeoutMs: config.databaseConnectTimeoutMs,
    log,
  });
  await dataSource.initialize();
  await runMigrationsOnce(dataSource);
  limitQueryTime(dataSource, config.databaseQueryTimeoutMs);
  return new Database(dataSource);
}

/** Seeds the demo tree when asked (only into an empty database) and signs an admin token for it. */
export async function prepareDemo(
  deps: AppDeps,
  services: Services,
): Promise<{ organizationId: number | null; token: string | null }> {
  if (!deps.config.demoData) return { organizationId: null, token: null };
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
