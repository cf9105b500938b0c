import fs from 'node:fs';
import path from 'node:path';
import { DataSource, DataSourceOptions, DefaultNamingStrategy, NamingStrategyInterface } from 'typeorm';
import { isSqliteUrl } from '../config';
import { ENTITIES } from './entities';
import { MIGRATIONS } from './migrations';

/** Column names in snake_case so raw SQL stays readable on both databases. */
class SnakeNamingStrategy extends DefaultNamingStrategy implements NamingStrategyInterface {
  columnName(propertyName: string, customName: string | undefined, prefixes: string[]): string {
    const name = customName ?? propertyName.replace(/([a-z0-9])([A-Z])/g, '$1_$2').toLowerCase();
    return prefixes.length ? `${prefixes.join('_')}_${name}` : name;
  }
}

function mysqlOptions(url: string) {
  const u = new URL(url);
  return {
    host: u.hostname,
    port: Number(u.port || 3306),
    username: decodeURIComponent(u.username),
    password: decodeURIComponent(u.password),
    database: u.pathname.replace(/^\//, ''),
  };
}

export interface DataSourceSettings {
  databaseUrl: string;
  databaseReplicaUrls?: string[];
  logging?: boolean;
}

/** The one DataSource factory: used by the server, the migration CLI, the benchmark and the tests. */
export function createDataSource(settings: DataSourceSettings): DataSource {
  const common = {
    entities: ENTITIES,
    migrations: MIGRATIONS,
    namingStrategy: new SnakeNamingStrategy(),
    synchronize: false,
    logging: settings.logging ?? false,
  };
  let options: DataSourceOptions;
  if (isSqliteUrl(settings.databaseUrl)) {
    const file = settings.databaseUrl.slice('sqlite:'.length) || ':memory:';
    if (file !== ':memory:') fs.mkdirSync(path.dirname(path.resolve(file)), { recursive: true });
    options = {
      ...common,
      type: 'better-sqlite3',
      database: file,
      // WAL lets readers proceed while the single writer commits.
      prepareDatabase: (db: { pragma(sql: string): unknown }) => {
        db.pragma('journal_mode = WAL');
        db.pragma('busy_timeout = 5000');
        db.pragma('foreign_keys = ON');
        db.pragma('synchronous = NORMAL');
      },
    } as DataSourceOptions;
  } else {
    const master = mysqlOptions(settings.databaseUrl);
    const replicas = (settings.databaseReplicaUrls ?? []).map(mysqlOptions);
    const connection = replicas.length ? { replication: { master, slaves: replicas } } : master;
    options = {
      ...common,
      type: 'mysql',
      ...connection,
      timezone: 'Z',
      charset: 'utf8mb4',
      supportBigNumbers: true,
      bigNumberStrings: false,
      dateStrings: false,
      connectTimeout: 5000,
      extra: { connectionLimit: 20, waitForConnections: true, queueLimit: 500, enableKeepAlive: true },
    } as DataSourceOptions;
  }
  return new DataSource(options);
}

export function isSqlite(dataSource: DataSource): boolean {
  return dataSource.options.type === 'better-sqlite3';
}
