import 'reflect-metadata';
import { AppDeps } from './db/app-deps';
import { loadConfig } from './common/config';
import { createDataSource } from './data-model';
import { runMigrationsOnce } from './db/data-source';
import { Database } from './db/database';
import { createLogger } from './common/logger';
import { OrganizationService } from './organizations/organization.service';
import { RollupService } from './usage/rollup.service';
import { ImportLineError, importUsageCsv, ImportServices } from './ingestion/usage-import';
import { UsageService } from './ingestion/usage.service';

const USAGE = `Usage: npm run import -- --org ID [--chunk N] FILE.csv

Records the usage events of FILE.csv for organization ID (and, with an organizationId column, the
organizations below it), through the same validation, dedupe and rollups as recordUsage.

The first line names the columns: id, occurredAt, type, quantity (required), billable, userId,
organizationId (optional). Example:
  id,occurredAt,type,quantity,billable
  call-0001,2025-03-01T09:30:00Z,VOICE,125,true

Events are recorded in chunks of --chunk (default and maximum 10000), each in one transaction.
Running it again records nothing twice. A bad line stops the import with its line number: nothing
of its chunk is recorded, every earlier chunk is. Uses DATABASE_URL like the server.`;

export function parseImportArgs(argv: string[]): { organizationId: number; file: string; chunkSize: number } {
  let organizationId: number | null = null;
  let file: string | null = null;
  let chunkSize = 10_000;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i];
    if (arg === '--org') {
      const raw = argv[++i] ?? '';
      if (!/^[1-9]\d{0,9}$/.test(raw)) throw new Error(`--org needs an organization id, got "${raw}"`);
      organizationId = Number(raw);
    } else if (arg === '--chunk') {
      chunkSize = Number(argv[++i]);
      if (!Number.isInteger(chunkSize) || chunkSize < 1 || chunkSize > 10_000)
        throw new Error('--chunk must be from 1 to 10000');
    } else if (arg === '--help' || arg === '-h') {
      throw new Error(USAGE);
    } else if (arg.startsWith('--')) {
      throw new Error(`Unknown option ${arg}\n\n${USAGE}`);
    } else if (file === null) {
      file = arg;
    } else {
      throw new Error(`One file at a time, got "${file}" and "${arg}"`);
    }
  }
  if (organizationId === null || file === null) throw new Error(USAGE);
  return { organizationId, file, chunkSize };
}

/** The import needs usage ingestion only, and what it stands on. */
function importServices(deps: AppDeps): ImportServices {
  const organizations = new OrganizationService(deps);
  return { usage: new UsageService(deps, organizations, new RollupService(deps, organizations)) };
}

async function main(): Promise<void> {
  let args;
  try {
    args = parseImportArgs(process.argv.slice(2));
  } catch (error) {
    process.stderr.write(`${(error as Error).message}\n`);
    process.exit(2);
  }
  const config = loadConfig();
  const dataSource = createDataSource({ databaseUrl: config.databaseUrl });
  await dataSource.initialize();
  await runMigrationsOnce(dataSource);
  const deps = {
    db: new Database(dataSource),
    config,
    clock: () => new Date(),
    log: createLogger(config.logLevel === 'info' ? 'warn' : config.logLevel),
  };
  const services = importServices(deps);
  const tty = process.stderr.isTTY;
  const fmt = (n: number) => n.toLocaleString('en-US');
  try {
    const result = await importUsageCsv(deps, services, {
      ...args,
      onProgress: (p) => {
        const line =
          `line ${fmt(p.lines)}: ${fmt(p.recorded)} recorded, ${fmt(p.duplicates)} already there, ` +
          `${fmt(Math.round(p.events / Math.max(p.seconds, 0.001)))} events/s`;
        process.stderr.write(tty ? `\r${line}   ` : `${line}\n`);
      },
    });
    if (tty) process.stderr.write('\n');
    process.stdout.write(
      `Imported ${args.file} into organization ${args.organizationId}: ` +
        `${fmt(result.events)} events on ${fmt(result.lines)} lines, ${fmt(result.recorded)} recorded, ` +
        `${fmt(result.duplicates)} already recorded, in ${result.seconds.toFixed(1)} s\n`,
    );
  } catch (error) {
    if (tty) process.stderr.write('\n');
    if (error instanceof ImportLineError) {
      process.stderr.write(
        `${args.file}: ${error.message}\n` +
          "Nothing of that line's chunk was recorded; earlier chunks were. " +
          'Fix the line and run the import again: recorded events are skipped.\n',
      );
    } else {
      process.stderr.write(`Import failed: ${(error as Error).message}\n`);
    }
    process.exitCode = 1;
  } finally {
    await deps.db.close();
  }
}

if (require.main === module) void main();
