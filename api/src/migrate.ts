import 'reflect-metadata';
import { loadConfig } from './common/config';
import { createDataSource } from './data-model';
import { runMigrationsOnce } from './db/data-source';

/** `npm run migrate` (up) or `npm run migrate -- down` (revert the last migration). */
async function main(): Promise<void> {
  const config = loadConfig();
  const dataSource = createDataSource({ databaseUrl: config.databaseUrl });
  await dataSource.initialize();
  if (process.argv[2] === 'down') {
    await dataSource.undoLastMigration({ transaction: 'each' });
    process.stdout.write('Reverted the last migration.\n');
  } else {
    const ran = await runMigrationsOnce(dataSource);
    process.stdout.write(ran.length ? `Ran ${ran.map((m) => m.name).join(', ')}\n` : 'The database is up to date.\n');
  }
  await dataSource.destroy();
}

main().catch((error) => {
  process.stderr.write(`Migration failed: ${(error as Error).message}\n`);
  process.exit(1);
});
