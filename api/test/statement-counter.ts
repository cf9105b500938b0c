import { BetterSqlite3QueryRunner } from 'typeorm/driver/better-sqlite3/BetterSqlite3QueryRunner';
import { MysqlQueryRunner } from 'typeorm/driver/mysql/MysqlQueryRunner';

/** Counts every statement sent to the database while `counting` is on, on both drivers. */
export class StatementCounter {
  statements: string[] = [];
  counting = false;
  private readonly restore: Array<() => void> = [];

  install(): void {
    for (const runner of [MysqlQueryRunner, BetterSqlite3QueryRunner]) {
      const proto = runner.prototype as { query: (...args: unknown[]) => Promise<unknown> };
      const original = proto.query;
      // eslint-disable-next-line @typescript-eslint/no-this-alias
      const counter = this;
      proto.query = function (this: unknown, ...args: unknown[]) {
        if (counter.counting) counter.statements.push(String(args[0]).replace(/\s+/g, ' '));
        return original.apply(this, args);
      };
      this.restore.push(() => (proto.query = original));
    }
  }

  uninstall(): void {
    this.restore.forEach((undo) => undo());
  }

  async during(fn: () => Promise<unknown>): Promise<string[]> {
    this.statements = [];
    this.counting = true;
    try {
      await fn();
    } finally {
      this.counting = false;
    }
    return this.statements;
  }
}
