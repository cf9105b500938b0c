import { DataSource, EntityManager, EntitySubscriberInterface, QueryRunner } from 'typeorm';

/**
 * A transaction that writes work for a background sender (an email, a webhook delivery) marks itself
 * with that sender's flag; its commit then wakes the sender at once instead of at the next poll. Here,
 * below every domain, so that the outbox and the webhooks both use it without knowing each other.
 */

/** Marks the caller's transaction as owing work of `flag`'s kind (its commit wakes that sender). */
export function markEnqueued(manager: EntityManager, flag: string): void {
  const runner = manager.queryRunner;
  if (runner) runner.data = { ...(runner.data ?? {}), [flag]: true };
}

function takeFlag(runner: QueryRunner, flag: string): boolean {
  const data = runner.data as Record<string, unknown> | undefined;
  if (!data?.[flag]) return false;
  delete data[flag];
  return true;
}

/**
 * Calls `listener` right after a transaction marked with `flag` commits (never for one that rolls
 * back). Answers an unsubscribe.
 */
export function onCommitOf(dataSource: DataSource, flag: string, listener: () => void): () => void {
  const subscriber: EntitySubscriberInterface = {
    afterTransactionCommit({ queryRunner }) {
      // Savepoint releases report too; only the outermost commit makes the rows visible.
      if (!queryRunner.isTransactionActive && takeFlag(queryRunner, flag)) listener();
    },
    afterTransactionRollback({ queryRunner }) {
      if (!queryRunner.isTransactionActive) takeFlag(queryRunner, flag);
    },
  };
  dataSource.subscribers.push(subscriber);
  return () => {
    const index = dataSource.subscribers.indexOf(subscriber);
    if (index >= 0) dataSource.subscribers.splice(index, 1);
  };
}

const CALLBACKS = 'afterCommitCallbacks';
const installed = new WeakSet<DataSource>();

function takeCallbacks(runner: QueryRunner): Array<() => void> {
  const data = runner.data as Record<string, unknown> | undefined;
  const callbacks = (data?.[CALLBACKS] as Array<() => void> | undefined) ?? [];
  if (data) delete data[CALLBACKS];
  return callbacks;
}

/**
 * Runs `callback` right after the caller's transaction commits, never when it rolls back (a retried
 * transaction registers again on its next attempt). Outside a transaction it is never run: what it
 * would do must be safe to skip (a process's kept copies then simply miss once).
 */
export function afterCommit(manager: EntityManager, callback: () => void): void {
  const runner = manager.queryRunner;
  if (!runner?.isTransactionActive || !installed.has(runner.connection)) return;
  const data = (runner.data ??= {}) as Record<string, unknown>;
  ((data[CALLBACKS] as Array<() => void> | undefined) ?? (data[CALLBACKS] = [])).push(callback);
}

/** Makes `afterCommit` work on this DataSource (Database does it once, at its creation). */
export function installAfterCommit(dataSource: DataSource): void {
  // A stand-in DataSource (unit tests) has no subscribers: afterCommit then never runs anything.
  if (installed.has(dataSource) || !dataSource.subscribers) return;
  installed.add(dataSource);
  dataSource.subscribers.push({
    afterTransactionCommit({ queryRunner }) {
      if (!queryRunner.isTransactionActive) for (const callback of takeCallbacks(queryRunner)) callback();
    },
    afterTransactionRollback({ queryRunner }) {
      if (!queryRunner.isTransactionActive) takeCallbacks(queryRunner);
    },
  });
}
