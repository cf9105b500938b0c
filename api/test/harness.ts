import 'reflect-metadata';
import crypto from 'node:crypto';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import mysql from 'mysql2/promise';
import { signToken } from '../src/auth/token';
import { Role } from '../src/auth/roles';
import { Config } from '../src/common/config';
import { createLogger, Logger } from '../src/common/logger';
import { RunningServer, startServer } from '../src/server';

export type DatabaseKind = 'sqlite' | 'mysql';

export const TEST_JWT_SECRET = 'test-secret-for-the-suite-0123456789';

/** The MySQL/MariaDB server tests may use, or null. */
export function mysqlUrl(): string | null {
  const candidates = [process.env.TEST_MYSQL_URL, process.env.DATABASE_URL].filter(
    (u): u is string => !!u && /^mysql:|^mariadb:/.test(u),
  );
  return candidates[0] ?? null;
}

/**
 * Databases to run API tests on: SQLite always, MySQL when TEST_MYSQL_URL/DATABASE_URL names one.
 * With REQUIRE_MYSQL=1 a missing MySQL fails the run instead of skipping.
 */
export function testDatabases(): DatabaseKind[] {
  const url = mysqlUrl();
  if (!url && process.env.REQUIRE_MYSQL === '1') {
    throw new Error('REQUIRE_MYSQL=1 but neither TEST_MYSQL_URL nor DATABASE_URL names a MySQL database');
  }
  return url ? ['sqlite', 'mysql'] : ['sqlite'];
}

/** A database of its own for one server, so runs never collide; dropped by the returned cleanup. */
export async function freshDatabase(kind: DatabaseKind): Promise<{ url: string; drop(): Promise<void> }> {
  const name = `mpd_t_${process.pid}_${crypto.randomBytes(4).toString('hex')}`;
  if (kind === 'sqlite') {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpd-test-'));
    return {
      url: `sqlite:${path.join(dir, `${name}.sqlite`)}`,
      drop: async () => fs.rmSync(dir, { recursive: true, force: true }),
    };
  }
  const base = new URL(mysqlUrl()!);
  const admin = await mysql.createConnection({
    host: base.hostname,
    port: Number(base.port || 3306),
    user: decodeURIComponent(base.username),
    password: decodeURIComponent(base.password),
  });
  await admin.query(`CREATE DATABASE \`${name}\` CHARACTER SET utf8mb4`);
  await admin.end();
  const url = new URL(base.toString());
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const conn = await mysql.createConnection({
        host: base.hostname,
        port: Number(base.port || 3306),
        user: decodeURIComponent(base.username),
        password: decodeURIComponent(base.password),
      });
      await conn.query(`DROP DATABASE IF EXISTS \`${name}\``);
      await conn.end();
    },
  };
}

export interface TestServerOptions {
  database?: DatabaseKind;
  demoData?: boolean;
  corsOrigins?: string[];
  /** Pins the server's clock. */
  now?: Date | (() => Date);
  config?: Partial<Config>;
  dispatcher?: boolean;
  /** Where the server logs (default: silent, or TEST_LOG_LEVEL to stdout). */
  log?: Logger;
}

export interface TestServer {
  url: string;
  graphqlUrl: string;
  server: RunningServer;
  demoOrgId: string;
  token(claims?: { roles?: Role[]; org?: string | number | null; sub?: string; expiresIn?: string }): Promise<string>;
  /** POSTs a GraphQL request and answers the parsed body. */
  query<T = any>(
    query: string,
    variables?: Record<string, unknown>,
    token?: string | null,
  ): Promise<{ data?: T; errors?: Array<{ message: string; extensions?: Record<string, any> }> }>;
  close(): Promise<void>;
}

/** A real server on an ephemeral port over a fresh database, as the widget and API tests use it. */
export async function startTestServer(options: TestServerOptions = {}): Promise<TestServer> {
  const database = await freshDatabase(options.database ?? 'sqlite');
  const clock =
    options.now === undefined ? undefined : typeof options.now === 'function' ? options.now : () => options.now as Date;
  const outboxDir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpd-outbox-'));
  let server: RunningServer;
  try {
    server = await startServer({
      clock,
      log: options.log ?? createLogger(process.env.TEST_LOG_LEVEL ?? 'silent'),
      dispatcher: options.dispatcher ?? false,
      config: {
        port: 0,
        // Many servers start in one run: none listens for metrics unless its test asks.
        metricsPort: 0,
        host: '127.0.0.1',
        databaseUrl: database.url,
        databaseReplicaUrls: [],
        jwtSecret: TEST_JWT_SECRET,
        demoData: options.demoData ?? true,
        corsOrigins: options.corsOrigins ?? [],
        smtpUrl: null,
        outboxDir,
        nodeEnv: 'test',
        ...options.config,
      },
    });
  } catch (error) {
    await database.drop();
    throw error;
  }
  const graphqlUrl = `${server.url}/graphql`;
  const demoOrgId = String(server.demoOrganizationId ?? '');
  return {
    url: server.url,
    graphqlUrl,
    server,
    demoOrgId,
    token: (claims = {}) =>
      signToken(
        TEST_JWT_SECRET,
        {
          sub: claims.sub ?? 'test-admin@acme.example',
          org: claims.org === undefined ? demoOrgId || null : claims.org,
          roles: claims.roles ?? ['admin'],
        },
        // Production refuses a token without `exp` (DESIGN §11).
        claims.expiresIn ?? '1h',
      ),
    async query(query, variables, token) {
      const headers: Record<string, string> = { 'content-type': 'application/json' };
      if (token) headers.authorization = `Bearer ${token}`;
      const res = await fetch(graphqlUrl, { method: 'POST', headers, body: JSON.stringify({ query, variables }) });
      return res.json() as Promise<any>;
    },
    async close() {
      await server.close();
      await database.drop();
      fs.rmSync(outboxDir, { recursive: true, force: true });
    },
  };
}
