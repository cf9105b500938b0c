import { MigrationInterface, QueryRunner } from 'typeorm';

/**
 * Tables whose voice_billable / voice_total counters switch from minutes to rated seconds. Issue 13's
 * per-user daily rollup has the same counters: it joins this list when the branches meet.
 */
export const VOICE_COUNTER_TABLES = ['usage_rollup', 'user_usage_rollup'];

/** Existing minute counters → rated seconds: exact, since every call was billed in whole minutes (60/60). */
export async function voiceMinutesToSeconds(queryRunner: QueryRunner, table: string): Promise<void> {
  await queryRunner.query(`UPDATE ${table} SET voice_billable = voice_billable * 60, voice_total = voice_total * 60`);
}

/**
 * Back to minutes: seconds / 60 rounded half up, as the API reports them (exact for everything rated
 * 60/60; other ratings have no whole-minute-per-call figure to go back to).
 */
export async function voiceSecondsToMinutes(queryRunner: QueryRunner, table: string): Promise<void> {
  await queryRunner.query(
    `UPDATE ${table}
        SET voice_billable = FLOOR((voice_billable + 30) / 60), voice_total = FLOOR((voice_total + 30) / 60)`,
  );
}

const RATING_COLUMNS = [
  ['voice_initial_seconds', 60],
  ['voice_increment_seconds', 60],
  ['data_increment_bytes', 1],
] as const;

/**
 * DESIGN §8, carrier rating and retention:
 * - organization: its top-level organization's rating, copied into every organization of the tree
 *   (it never changes), existing ones at today's rule: 60/60, data by the byte;
 * - usage_rollup voice counters in rated seconds (× 60);
 * - usage_event(occurred_at): the daily purge finds expired events by it, in small batches;
 * - job_lease: one row per background job that must run on one process at a time (the purge), claimed
 *   by a conditional UPDATE (GET_LOCK is node-local on a Galera cluster; a row works on every database).
 */
export class RatingRetention1764820000000 implements MigrationInterface {
  name = 'RatingRetention1764820000000';

  async up(queryRunner: QueryRunner): Promise<void> {
    const mysql = queryRunner.connection.options.type !== 'better-sqlite3';
    for (const [column, initial] of RATING_COLUMNS) {
      await queryRunner.query(`ALTER TABLE organization ADD COLUMN ${column} INT NOT NULL DEFAULT ${initial}`);
    }
    for (const table of VOICE_COUNTER_TABLES) await voiceMinutesToSeconds(queryRunner, table);
    await queryRunner.query(`CREATE INDEX idx_usage_event_occurred ON usage_event (occurred_at)`);
    const datetime = mysql ? 'DATETIME(3)' : 'DATETIME';
    await queryRunner.query(
      `CREATE TABLE job_lease (
        name ${mysql ? 'VARCHAR(40) CHARACTER SET ascii COLLATE ascii_bin' : 'VARCHAR(40)'} NOT NULL PRIMARY KEY,
        holder VARCHAR(100) NULL,
        leased_until ${datetime} NULL,
        last_done_at ${datetime} NULL
      )${mysql ? ' ENGINE=InnoDB DEFAULT CHARSET=utf8mb4' : ''}`,
    );
    await queryRunner.query(`INSERT INTO job_lease (name) VALUES ('usage-purge')`);
  }

  async down(queryRunner: QueryRunner): Promise<void> {
    await queryRunner.query(`DROP TABLE job_lease`);
    const sqlite = queryRunner.connection.options.type === 'better-sqlite3';
    await queryRunner.query(`DROP INDEX idx_usage_event_occurred${sqlite ? '' : ' ON usage_event'}`);
    for (const table of VOICE_COUNTER_TABLES) await voiceSecondsToMinutes(queryRunner, table);
    for (const [column] of [...RATING_COLUMNS].reverse()) {
      await queryRunner.query(`ALTER TABLE organization DROP COLUMN ${column}`);
    }
  }
}
