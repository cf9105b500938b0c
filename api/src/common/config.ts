import path from 'node:path';
import ipaddr from 'ipaddr.js';
import { ROLES } from './contract';

/** Typed configuration, read and validated once at start-up (see README "Configuration"). */
export interface Config {
  nodeEnv: string;
  production: boolean;
  port: number;
  /** METRICS_PORT: the Prometheus listener's own port, on HOST (0: no listener). */
  metricsPort: number;
  host: string;
  databaseUrl: string;
  databaseReplicaUrls: string[];
  /** MySQL: longest a statement may run once started (0: unbounded); a silent database fails requests after it. */
  databaseQueryTimeoutMs: number;
  /** MySQL: longest opening a connection may take. */
  databaseConnectTimeoutMs: number;
  /** GALERA_SYNC_WAIT: the `wsrep_sync_wait` every pooled connection gets on a Galera node (0: the server's own). */
  galeraSyncWait: number;
  /** CSV_CONCURRENCY: usage CSV downloads streaming at once in this process; more are refused with 429. */
  csvConcurrency: number;
  jwtSecret: string;
  /** True when JWT_SECRET was not given and the development secret is in use. */
  jwtSecretIsDefault: boolean;
  /** Which tokens are accepted besides JWT_SECRET's, and how their claims map onto ours (DESIGN §11). */
  auth: AuthConfig;
  smtpUrl: string | null;
  mailFrom: string;
  outboxDir: string;
  portalUrl: string;
  corsOrigins: string[];
  demoData: boolean;
  /** BENCH_STATS=1: GET /bench-stats answers the statements sent and CPU used so far (npm run bench only). */
  benchStats?: boolean;
  invitationTtlDays: number;
  /** RESPONSE_CACHE_MB: memory for whole dashboard answers per process (graphql/response-cache.ts); 0 turns it off. */
  responseCacheMb: number;
  /** READ_CONCURRENCY: queries worked on at once per process while a write is in flight; 0: no bound. */
  readConcurrency: number;
  /** Raw usage events older than this many days (by occurredAt) are purged daily and refused (DESIGN §8). */
  usageRetentionDays: number;
  defaultContact: { email: string | null; phone: string | null; message: string };
  emailNumberRequests: boolean;
  /** How long a dispatcher holds an email it is sending; a crashed holder's emails leave after this. */
  notificationLeaseSeconds: number;
  /** How often the dispatcher looks for due emails besides being woken by each commit that owes one. */
  notificationPollMs: number;
  /** WEBHOOK_ALLOW_PRIVATE=1 (development, tests): webhooks may use http: and loopback/private addresses. */
  webhookAllowPrivate: boolean;
  /** Seals webhook signing secrets at rest (WEBHOOK_SECRET_KEY, default JWT_SECRET). */
  webhookSecretKey: string;
  /** Longest a webhook attempt may take, connection to answer. */
  webhookTimeoutMs: number;
  /** The first webhook retry's delay (≤ 15 s); each next one doubles up to webhookRetryMaxMs. */
  webhookRetryBaseMs: number;
  webhookRetryMaxMs: number;
  /** How often due daily digests are sent and FORECAST usage alerts re-checked (at least hourly). */
  alertCheckMs: number;
  introspection: boolean;
  playground: boolean;
  logLevel: string;
  /** Request hardening (docs/security.md). */
  limits: RequestLimits;
  rateLimit: RateLimitConfig;
  /** Express "trust proxy": off, a hop count, or addresses/subnets of the proxies in front (true: development only). */
  trustProxy: boolean | number | string[];
  /** MIGRATE_ON_START=0: start without migrating (`npm run migrate` is a separate step); unready until migrated. */
  migrateOnStart: boolean;
  /** SHUTDOWN_DELAY_MS: after SIGTERM, how long to keep serving while the load balancer sees `/readyz` 503. */
  shutdownDelayMs: number;
}

export type TokenRole = (typeof ROLES)[number];

export interface AuthConfig {
  /** JWT_SECRET_PREVIOUS: still verifies HS256 tokens while a rotation settles; null when unset. */
  previousJwtSecret: string | null;
  /** JWT_SECRET_ROLES: the only roles an HS256 token (either secret) may carry. */
  jwtSecretRoles: TokenRole[];
  /** AUTH_JWKS_URL: the identity provider's keys for RS256, ES256 and EdDSA tokens; null: HS256 only. */
  jwksUrl: string | null;
  /** AUTH_ISSUER and AUTH_AUDIENCE: an identity provider's token must name these, when set. */
  issuer: string | null;
  audience: string | null;
  /** AUTH_ORG_CLAIM and AUTH_ROLES_CLAIM: where an identity provider's token keeps them (dotted: nested). */
  orgClaim: string;
  rolesClaim: string;
  /** AUTH_ROLE_MAP: identity-provider role name → ours; names equal to ours need no entry. */
  roleMap: Record<string, TokenRole>;
  /** TOKEN_MAX_LIFETIME_SECONDS: longest exp − iat accepted in production. */
  tokenMaxLifetimeSeconds: number;
  /** Least time between two JWKS fetches for an unknown `kid` (jose's cooldown, 30 s; tests shorten it). */
  jwksCooldownMs: number;
}

export interface RequestLimits {
  /** Largest JSON body for /graphql, in bytes. */
  bodyBytes: number;
  /** Largest body of a request whose only operation is a recordUsage mutation (10,000 events). */
  recordUsageBodyBytes: number;
  /** BULK_MAX_BYTES: largest body of POST /usage/events, counted decompressed (DESIGN §12). */
  bulkMaxBytes: number;
  /** Deepest field nesting of an operation. */
  maxDepth: number;
  /** Most aliased fields in an operation. */
  maxAliases: number;
  /** Per-request cost budget (see api/src/graphql/limits.ts for the weights). */
  maxCost: number;
  /** Most lexical tokens the GraphQL parser reads before giving up. */
  maxTokens: number;
  /** Most selections an operation may expand to, each fragment counted every time it is spread. */
  maxSelections: number;
}

export interface RateLimitConfig {
  /** Length of a counting window, in seconds. */
  windowSeconds: number;
  /** Requests per window from one client address; 0 turns the limit off. */
  perIp: number;
  /** Requests per window from one token subject; 0 turns the limit off. */
  perSubject: number;
  /** Shared counters for several API processes; null keeps them in memory. */
  redisUrl: string | null;
}

export class ConfigError extends Error {}

const DEV_JWT_SECRET = 'development-only-secret-change-me-in-production';

function int(env: NodeJS.ProcessEnv, name: string, fallback: number, min: number, max: number): number {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  const value = Number(raw);
  if (!Number.isInteger(value) || value < min || value > max) {
    throw new ConfigError(`${name} must be an integer from ${min} to ${max}, got "${raw}"`);
  }
  return value;
}

/** Webhooks and scheduled alerts (DESIGN.md §7, docs/alerts.md). */
function alertConfigOf(env: NodeJS.ProcessEnv, jwtSecret: string) {
  return {
    webhookAllowPrivate: bool(env, 'WEBHOOK_ALLOW_PRIVATE', false),
    webhookSecretKey: env.WEBHOOK_SECRET_KEY || jwtSecret,
    webhookTimeoutMs: int(env, 'WEBHOOK_TIMEOUT_MS', 10_000, 100, 60_000),
    webhookRetryBaseMs: int(env, 'WEBHOOK_RETRY_BASE_MS', 10_000, 10, 15_000),
    webhookRetryMaxMs: int(env, 'WEBHOOK_RETRY_MAX_MS', 3_600_000, 10, 3_600_000),
    alertCheckMs: int(env, 'ALERT_CHECK_MS', 60_000, 50, 3_600_000),
  };
}

function bool(env: NodeJS.ProcessEnv, name: string, fallback: boolean): boolean {
  const raw = env[name];
  if (raw === undefined || raw === '') return fallback;
  if (['1', 'true', 'yes', 'on'].includes(raw.toLowerCase())) return true;
  if (['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  throw new ConfigError(`${name} must be 1/0 (or true/false), got "${raw}"`);
}

function list(raw: string | undefined): string[] {
  return (raw ?? '')
    .split(',')
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Express's names for address ranges, accepted in TRUST_PROXY beside addresses and subnets. */
const PROXY_RANGE_NAMES = new Set(['loopback', 'linklocal', 'uniquelocal']);

/**
 * TRUST_PROXY: a hop count (how many proxies stand in front) or the proxies' addresses and subnets.
 * `true` (trust every hop, so any client picks its address with X-Forwarded-For) is refused in
 * production and only tolerated in development.
 */
function trustProxy(raw: string | undefined, production: boolean): false | true | number | string[] {
  if (raw === undefined || raw === '' || ['0', 'false', 'no', 'off'].includes(raw.toLowerCase())) return false;
  if (['true', 'yes', 'on'].includes(raw.toLowerCase())) {
    if (production) {
      throw new ConfigError(
        'TRUST_PROXY=true would let any client choose its address with X-Forwarded-For; ' +
          "give the hop count or the proxies' addresses",
      );
    }
    return true;
  }
  if (/^\d+$/.test(raw)) {
    const hops = Number(raw);
    if (hops > 20)
      throw new ConfigError(`TRUST_PROXY must be a hop count from 0 to 20 or proxy addresses, got "${raw}"`);
    return hops;
  }
  const entries = list(raw);
  for (const entry of entries) {
    const valid = PROXY_RANGE_NAMES.has(entry) || ipaddr.isValid(entry) || isCidr(entry);
    if (!valid)
      throw new ConfigError(
        `TRUST_PROXY must be a hop count or proxy addresses/subnets (10.0.0.1, 10.0.0.0/8, loopback), got "${entry}"`,
      );
  }
  return entries;
}

function isCidr(text: string): boolean {
  try {
    ipaddr.parseCIDR(text);
    return true;
  } catch {
    return false;
  }
}

/** METRICS_PORT: never the API's own port, so the API's clients cannot read the metrics. */
function metricsPortOf(env: NodeJS.ProcessEnv, port: number): number {
  const metricsPort = int(env, 'METRICS_PORT', 9464, 0, 65535);
  if (metricsPort !== 0 && metricsPort === port)
    throw new ConfigError(`METRICS_PORT must differ from PORT (both ${port}); 0 turns the metrics listener off`);
  return metricsPort;
}

export function isSqliteUrl(url: string): boolean {
  return url.startsWith('sqlite:');
}

function checkDatabaseUrl(name: string, url: string): void {
  if (isSqliteUrl(url)) return;
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    throw new ConfigError(`${name} must be mysql://user:pass@host:port/db or sqlite:PATH, got "${url}"`);
  }
  if (!['mysql:', 'mariadb:'].includes(parsed.protocol) || parsed.pathname.length < 2) {
    throw new ConfigError(`${name} must be mysql://user:pass@host:port/db or sqlite:PATH, got "${url}"`);
  }
}

/** JWT_SECRET as given ('' when unset), checked for length: production requires a real secret. */
function jwtSecretOf(env: NodeJS.ProcessEnv, production: boolean): string {
  const jwtSecret = env.JWT_SECRET || '';
  if (production && jwtSecret.length < 32) {
    throw new ConfigError('JWT_SECRET must be set to at least 32 characters when NODE_ENV=production');
  }
  if (jwtSecret && jwtSecret.length < 16) {
    throw new ConfigError('JWT_SECRET must be at least 16 characters');
  }
  return jwtSecret;
}

/** AUTH_ROLE_MAP: `idp-name:role,…`, each target one of our roles. */
function roleMapOf(raw: string | undefined): Record<string, TokenRole> {
  const roleMap: Record<string, TokenRole> = {};
  for (const entry of list(raw)) {
    const colon = entry.lastIndexOf(':');
    const [from, to] = [entry.slice(0, colon).trim(), entry.slice(colon + 1).trim()];
    if (colon < 0 || !from) {
      throw new ConfigError(`AUTH_ROLE_MAP entries must be idp-role:role, got "${entry}"`);
    }
    if (!(ROLES as readonly string[]).includes(to)) {
      throw new ConfigError(`AUTH_ROLE_MAP maps "${from}" to "${to}", which is not one of ${ROLES.join(', ')}`);
    }
    if (from in roleMap) throw new ConfigError(`AUTH_ROLE_MAP maps "${from}" twice`);
    roleMap[from] = to as TokenRole;
  }
  return roleMap;
}

/** AUTH_JWKS_URL, checked to be an http(s) URL so a typo stops the start rather than every token. */
function jwksUrlOf(env: NodeJS.ProcessEnv): string | null {
  const raw = env.AUTH_JWKS_URL || null;
  if (raw === null) return null;
  let url: URL | null = null;
  try {
    url = new URL(raw);
  } catch {
    // Reported below with the rest.
  }
  if (!url || !['http:', 'https:'].includes(url.protocol)) {
    throw new ConfigError(`AUTH_JWKS_URL must be an http(s) URL, got "${raw}"`);
  }
  return url.toString();
}

/** JWT_SECRET (the development one when unset) and the rest of token acceptance. */
function identityConfigOf(env: NodeJS.ProcessEnv, production: boolean) {
  const jwtSecret = jwtSecretOf(env, production);
  return {
    jwtSecret: jwtSecret || DEV_JWT_SECRET,
    jwtSecretIsDefault: !jwtSecret,
    auth: authConfigOf(env, production),
  };
}

/** Token acceptance (DESIGN §11 "Identity"); production wants an issuer and an audience with a JWKS. */
function authConfigOf(env: NodeJS.ProcessEnv, production: boolean): AuthConfig {
  const previousJwtSecret = env.JWT_SECRET_PREVIOUS || null;
  if (previousJwtSecret && previousJwtSecret.length < (production ? 32 : 16)) {
    throw new ConfigError(`JWT_SECRET_PREVIOUS must be at least ${production ? 32 : 16} characters`);
  }
  const jwtSecretRoles = list(env.JWT_SECRET_ROLES);
  for (const role of jwtSecretRoles) {
    if (!(ROLES as readonly string[]).includes(role)) {
      throw new ConfigError(`JWT_SECRET_ROLES must list roles among ${ROLES.join(', ')}, got "${role}"`);
    }
  }
  const jwksUrl = jwksUrlOf(env);
  const [issuer, audience] = [env.AUTH_ISSUER || null, env.AUTH_AUDIENCE || null];
  const missing = production && jwksUrl ? (!issuer && 'AUTH_ISSUER') || (!audience && 'AUTH_AUDIENCE') : null;
  if (missing) throw new ConfigError(`${missing} must be set with AUTH_JWKS_URL in production`);
  return {
    previousJwtSecret,
    jwtSecretRoles: jwtSecretRoles.length ? (jwtSecretRoles as TokenRole[]) : [...ROLES],
    jwksUrl,
    issuer,
    audience,
    orgClaim: env.AUTH_ORG_CLAIM || 'org',
    rolesClaim: env.AUTH_ROLES_CLAIM || 'roles',
    roleMap: roleMapOf(env.AUTH_ROLE_MAP),
    tokenMaxLifetimeSeconds: int(env, 'TOKEN_MAX_LIFETIME_SECONDS', 86_400, 60, 31_536_000),
    jwksCooldownMs: 30_000,
  };
}

/** CORS_ORIGINS, each checked to be a bare origin: a browser's Origin header is compared with exactly that. */
function corsOriginsOf(env: NodeJS.ProcessEnv): string[] {
  const corsOrigins = list(env.CORS_ORIGINS);
  for (const origin of corsOrigins) {
    if (origin === '*') throw new ConfigError('CORS_ORIGINS must list origins; "*" is not allowed');
    try {
      const u = new URL(origin);
      if (u.origin !== origin.replace(/\/$/, '')) throw new Error();
    } catch {
      throw new ConfigError(`CORS_ORIGINS entries must be origins like https://portal.example.com, got "${origin}"`);
    }
  }
  return corsOrigins;
}

/** REDIS_URL or null, checked at start-up so a typo fails there rather than at the first request. */
function redisUrlOf(env: NodeJS.ProcessEnv): string | null {
  const redisUrl = env.REDIS_URL || null;
  if (redisUrl && !/^rediss?:\/\/[^/]*/.test(redisUrl)) {
    throw new ConfigError(`REDIS_URL must look like redis://host:port, got "${redisUrl}"`);
  }
  return redisUrl;
}

/** The request hardening limits (docs/security.md). */
function requestLimitsOf(env: NodeJS.ProcessEnv): RequestLimits {
  return {
    bodyBytes: int(env, 'BODY_LIMIT_BYTES', 1024 * 1024, 1024, 64 * 1024 * 1024),
    recordUsageBodyBytes: int(env, 'RECORD_USAGE_BODY_LIMIT_BYTES', 6 * 1024 * 1024, 1024, 256 * 1024 * 1024),
    bulkMaxBytes: int(env, 'BULK_MAX_BYTES', 1024 ** 3, 1024, 2 ** 50),
    maxDepth: int(env, 'GRAPHQL_MAX_DEPTH', 10, 2, 50),
    maxAliases: int(env, 'GRAPHQL_MAX_ALIASES', 30, 0, 1000),
    maxCost: int(env, 'GRAPHQL_MAX_COST', 1000, 10, 1_000_000),
    maxTokens: int(env, 'GRAPHQL_MAX_TOKENS', 5000, 100, 1_000_000),
    maxSelections: int(env, 'GRAPHQL_MAX_SELECTIONS', 2000, 100, 1_000_000),
  };
}

/** The rate limits; redisUrl comes in checked, with the other URLs, so the checks keep their order. */
function rateLimitConfigOf(env: NodeJS.ProcessEnv, nodeEnv: string, redisUrl: string | null): RateLimitConfig {
  // Rate limits default to on, except under jest (NODE_ENV=test), where suites fire bursts on purpose.
  const rateLimitDefault = (n: number) => (nodeEnv === 'test' ? 0 : n);
  return {
    windowSeconds: int(env, 'RATE_LIMIT_WINDOW_SECONDS', 60, 1, 86_400),
    perIp: int(env, 'RATE_LIMIT_PER_IP', rateLimitDefault(1200), 0, 10_000_000),
    perSubject: int(env, 'RATE_LIMIT_PER_SUBJECT', rateLimitDefault(600), 0, 10_000_000),
    redisUrl,
  };
}

/** Start and shutdown (DESIGN §11, docs/operations.md "Deploying and stopping"). */
function lifecycleConfigOf(env: NodeJS.ProcessEnv): Pick<Config, 'migrateOnStart' | 'shutdownDelayMs'> {
  return {
    migrateOnStart: bool(env, 'MIGRATE_ON_START', true),
    shutdownDelayMs: int(env, 'SHUTDOWN_DELAY_MS', 0, 0, 60_000),
  };
}

export function loadConfig(env: NodeJS.ProcessEnv = process.env): Config {
  const nodeEnv = env.NODE_ENV ?? 'development';
  const production = nodeEnv === 'production';
  const databaseUrl = env.DATABASE_URL || 'sqlite:./data/dashboard.sqlite';
  checkDatabaseUrl('DATABASE_URL', databaseUrl);
  const databaseReplicaUrls = list(env.DATABASE_REPLICA_URLS);
  databaseReplicaUrls.forEach((u) => checkDatabaseUrl('DATABASE_REPLICA_URLS', u));
  const identity = identityConfigOf(env, production);
  const smtpUrl = env.SMTP_URL || null;
  if (smtpUrl && !/^smtps?:\/\/[^/]+/.test(smtpUrl)) {
    throw new ConfigError(`SMTP_URL must look like smtp://host:port, got "${smtpUrl}"`);
  }
  const corsOrigins = corsOriginsOf(env);
  const redisUrl = redisUrlOf(env);

  const port = int(env, 'PORT', 4000, 0, 65535);
  return {
    nodeEnv,
    production,
    port,
    metricsPort: metricsPortOf(env, port),
    host: env.HOST || '0.0.0.0',
    databaseUrl,
    databaseReplicaUrls,
    databaseQueryTimeoutMs: int(env, 'DATABASE_QUERY_TIMEOUT_MS', 10_000, 0, 3_600_000),
    databaseConnectTimeoutMs: int(env, 'DATABASE_CONNECT_TIMEOUT_MS', 5000, 100, 120_000),
    galeraSyncWait: int(env, 'GALERA_SYNC_WAIT', 1, 0, 15),
    csvConcurrency: int(env, 'CSV_CONCURRENCY', 4, 1, 1000),
    ...identity,
    smtpUrl,
    mailFrom: env.MAIL_FROM || 'Management Portal <no-reply@portal.invalid>',
    outboxDir: path.resolve(env.OUTBOX_DIR || './data/outbox'),
    portalUrl: env.PORTAL_URL || `http://localhost:${port || 4000}/`,
    corsOrigins: corsOrigins.map((o) => o.replace(/\/$/, '')),
    demoData: bool(env, 'DEMO_DATA', isSqliteUrl(databaseUrl)),
    benchStats: bool(env, 'BENCH_STATS', false),
    invitationTtlDays: int(env, 'INVITATION_TTL_DAYS', 30, 1, 3650),
    responseCacheMb: int(env, 'RESPONSE_CACHE_MB', 32, 0, 4096),
    readConcurrency: int(env, 'READ_CONCURRENCY', 4, 0, 1000),
    usageRetentionDays: int(env, 'USAGE_RETENTION_DAYS', 400, 1, 36500),
    defaultContact: {
      email: env.NUMBER_REQUEST_EMAIL || 'numbers@carrier.example',
      phone: env.NUMBER_REQUEST_PHONE || '+18005550100',
      message:
        env.NUMBER_REQUEST_MESSAGE ||
        'To get more numbers for your organization, contact your account team. Your request has been recorded.',
    },
    emailNumberRequests: bool(env, 'EMAIL_NUMBER_REQUESTS', false),
    notificationLeaseSeconds: int(env, 'NOTIFICATION_LEASE_SECONDS', 30, 1, 3600),
    notificationPollMs: int(env, 'NOTIFICATION_POLL_MS', 1000, 50, 60_000),
    ...alertConfigOf(env, identity.jwtSecret),
    introspection: bool(env, 'GRAPHQL_INTROSPECTION', !production),
    playground: bool(env, 'GRAPHQL_PLAYGROUND', !production),
    logLevel: env.LOG_LEVEL || (env.NODE_ENV === 'test' ? 'silent' : 'info'),
    limits: requestLimitsOf(env),
    rateLimit: rateLimitConfigOf(env, nodeEnv, redisUrl),
    trustProxy: trustProxy(env.TRUST_PROXY, production),
    ...lifecycleConfigOf(env),
  };
}
