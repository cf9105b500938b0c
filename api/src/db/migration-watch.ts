import { DataSource, MigrationExecutor } from 'typeorm';
import { Logger } from '../common/logger';
import { PollingLoop } from '../common/polling-loop';

/** Names of the migrations the database has not run, read without DDL (the app's user may have no DDL rights). */
export async function pendingMigrationNames(dataSource: DataSource): Promise<string[]> {
  // getPendingMigrations only reads (hasTable, then SELECT); showMigrations would create the table.
  const pending = await new MigrationExecutor(dataSource).getPendingMigrations();
  return pending.map((migration) => migration.name);
}

/**
 * Whether the database has every migration the code knows. With MIGRATE_ON_START=0 the process may
 * start on a database that `npm run migrate` has not reached yet: it stays unready (`/readyz` 503
 * with `pendingReason()`), warns once, and re-checks every `pollMs` (and on every `/readyz`) until the
 * migrations are there; then `whenCurrent` callbacks (the background jobs) run. Migrations never
 * un-run while a process lives, so once current it stops checking.
 */
export class MigrationWatch {
  private current = false;
  private pendingCount = 0;
  private stopped = false;
  private readonly callbacks: Array<() => void> = [];
  private readonly loop: PollingLoop;

  constructor(
    private readonly dataSource: DataSource,
    private readonly log: Logger,
    pollMs = 2000,
  ) {
    this.loop = new PollingLoop({
      name: 'migration check',
      log,
      pollMs,
      firstDelayMs: pollMs,
      pass: async () => {
        await this.check();
        return false;
      },
    });
  }

  /** Checks once; when migrations are pending, warns and keeps checking in the background. */
  async start(): Promise<void> {
    const pending = await pendingMigrationNames(this.dataSource);
    if (!pending.length) return this.becomeCurrent();
    this.pendingCount = pending.length;
    this.log.warn('database not migrated: not ready until `npm run migrate` has run', {
      pendingMigrations: pending.length,
      firstPending: pending[0],
    });
    this.loop.start();
  }

  get isCurrent(): boolean {
    return this.current;
  }

  /** Null once the database has every migration, else why the process is not ready (re-checked now). */
  async pendingReason(): Promise<string | null> {
    if (!this.current) await this.check();
    if (this.current) return null;
    const count = `${this.pendingCount} pending migration${this.pendingCount === 1 ? '' : 's'}`;
    return `database not migrated: ${count}; run \`npm run migrate\``;
  }

  /** Runs `callback` once the database is current (at once if it is already). */
  whenCurrent(callback: () => void): void {
    if (this.current) callback();
    else this.callbacks.push(callback);
  }

  async stop(): Promise<void> {
    this.stopped = true;
    this.callbacks.length = 0;
    await this.loop.stop();
  }

  private async check(): Promise<void> {
    if (this.current || this.stopped) return;
    const pending = await pendingMigrationNames(this.dataSource);
    this.pendingCount = pending.length;
    if (!pending.length) this.becomeCurrent();
  }

  private becomeCurrent(): void {
    if (this.current) return;
    this.current = true;
    if (this.loop.running) {
      this.log.info('database migrated: ready');
      // Not awaited: this runs inside the loop's own pass, which stop() would wait for.
      void this.loop.stop();
    }
    for (const callback of this.callbacks.splice(0)) callback();
  }
}
