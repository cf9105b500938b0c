import { DataSource } from 'typeorm';
import { Database, retryableTransactionError, TRANSACTION_ATTEMPTS } from './database';

/** A mysql2 error as TypeORM rethrows it (QueryFailedError copies the driver's code). */
function driverError(code: string, message: string): Error {
  return Object.assign(new Error(message), { code, driverError: { code } });
}

const DEADLOCK = () =>
  driverError('ER_LOCK_DEADLOCK', 'Deadlock found when trying to get lock; try restarting transaction');

describe('which failed transactions run again', () => {
  it('a deadlock, a lock wait timeout, a certification abort mid-statement, a node briefly out of the cluster', () => {
    expect(retryableTransactionError(DEADLOCK())).toBe(true);
    expect(retryableTransactionError(driverError('ER_LOCK_WAIT_TIMEOUT', 'Lock wait timeout exceeded'))).toBe(true);
    expect(retryableTransactionError(driverError('ER_QUERY_INTERRUPTED', 'Query execution was interrupted'))).toBe(
      true,
    );
    expect(
      retryableTransactionError(
        driverError('ER_UNKNOWN_COM_ERROR', 'WSREP has not yet prepared node for application use'),
      ),
    ).toBe(true);
  });

  it('not a lost connection (the commit may have happened), nor other errors unless the caller names them', () => {
    expect(retryableTransactionError(driverError('PROTOCOL_CONNECTION_LOST', 'Connection lost'))).toBe(false);
    expect(retryableTransactionError(driverError('ECONNREFUSED', 'connect ECONNREFUSED 127.0.0.1:4307'))).toBe(false);
    expect(retryableTransactionError(driverError('ER_UNKNOWN_COM_ERROR', 'Unknown command'))).toBe(false);
    expect(retryableTransactionError(driverError('ER_DUP_ENTRY', 'Duplicate entry'))).toBe(false);
    expect(retryableTransactionError(driverError('ER_DUP_ENTRY', 'Duplicate entry'), ['ER_DUP_ENTRY'])).toBe(true);
    expect(retryableTransactionError(new Error('no code'))).toBe(false);
  });
});

describe('Database.transaction on MySQL', () => {
  function databaseFailing(failures: Array<() => Error>) {
    const calls = { n: 0 };
    const dataSource = {
      options: { type: 'mysql' },
      transaction: async (_isolation: string, fn: (m: unknown) => Promise<unknown>) => {
        const failure = failures[calls.n++];
        if (failure) throw failure();
        return fn({});
      },
    } as unknown as DataSource;
    return { db: new Database(dataSource), calls };
  }

  beforeEach(() => jest.spyOn(Math, 'random').mockReturnValue(0)); // no pause between attempts
  afterEach(() => jest.restoreAllMocks());

  it('runs the unit again after certification conflicts until it commits', async () => {
    const { db, calls } = databaseFailing([DEADLOCK, DEADLOCK, DEADLOCK]);
    expect(await db.transaction(async () => 'committed')).toBe('committed');
    expect(calls.n).toBe(4);
  });

  it(`gives up after ${TRANSACTION_ATTEMPTS} attempts with the last error`, async () => {
    const { db, calls } = databaseFailing(Array.from({ length: 100 }, () => DEADLOCK));
    await expect(db.transaction(async () => 'never')).rejects.toMatchObject({ code: 'ER_LOCK_DEADLOCK' });
    expect(calls.n).toBe(TRANSACTION_ATTEMPTS);
  });

  it('fails at once on a lost connection', async () => {
    const { db, calls } = databaseFailing([() => driverError('PROTOCOL_CONNECTION_LOST', 'Connection lost')]);
    await expect(db.transaction(async () => 'never')).rejects.toMatchObject({ code: 'PROTOCOL_CONNECTION_LOST' });
    expect(calls.n).toBe(1);
  });
});
