import { DataSource } from 'typeorm';
import { isSqlite } from './data-source';

/** One mysql2 pool's connections: `primary`, or `replica1`, `replica2` … with DATABASE_REPLICA_URLS. */
export interface PoolUse {
  pool: string;
  inUse: number;
  idle: number;
  /** Requests waiting for a connection (at most the pool's queueLimit). */
  waiting: number;
}

/** mysql2's pool keeps these counts in fields only: it has no public statistics. */
interface Mysql2Pool {
  _allConnections?: { length: number };
  _freeConnections?: { length: number };
  _connectionQueue?: { length: number };
}

interface TypeormMysqlDriver {
  pool?: Mysql2Pool;
  poolCluster?: { _nodes?: Record<string, { pool: Mysql2Pool }> };
}

function useOf(name: string, pool: Mysql2Pool): PoolUse {
  const all = pool._allConnections?.length ?? 0;
  const idle = pool._freeConnections?.length ?? 0;
  return { pool: name, inUse: all - idle, idle, waiting: pool._connectionQueue?.length ?? 0 };
}

/**
 * The MySQL pools' use, read from the TypeORM driver at scrape time. None on SQLite: one in-process
 * connection, no pool to run short of.
 */
export function poolUse(dataSource: DataSource): PoolUse[] {
  if (isSqlite(dataSource) || !dataSource.isInitialized) return [];
  const driver = dataSource.driver as unknown as TypeormMysqlDriver;
  if (driver.pool) return [useOf('primary', driver.pool)];
  // TypeORM names the cluster's nodes MASTER and SLAVE0, SLAVE1 … in DATABASE_REPLICA_URLS's order.
  return Object.entries(driver.poolCluster?._nodes ?? {}).map(([id, node]) =>
    useOf(id === 'MASTER' ? 'primary' : `replica${Number(id.replace('SLAVE', '')) + 1}`, node.pool),
  );
}
