import crypto from 'node:crypto';
import express, { NextFunction, Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { cacheLookups } from '../common/cache-stats';
import { Logger, RequestScope, runInRequestScope } from '../common/logger';
import { GRAPHIQL_ASSETS_DIR } from '../common/paths';

/**
 * A request id on every response (the client's own when it sent a sane one), safe headers, and one
 * access line when the response is sent: id, GraphQL operation (or route), the token's subject and
 * organization, status, duration. The handling runs in a request scope, so every line it causes
 * carries the same id (common/logger.ts). Hand-written rather than pino-http: callers never see pino
 * (common/logger.ts), the scope already does what its per-request child logger would, and its
 * req/res serializers would have to be turned off for a flat line; what is left is these few lines.
 */
export function requestLogging(log: Logger) {
  return (req: Request, res: Response, next: NextFunction) => {
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : crypto.randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    const started = process.hrtime.bigint();
    const scope: RequestScope = { requestId };
    // Tracing (tracing.ts) reads the operation name from here onto the request's span.
    res.locals.requestScope = scope;
    // 'close' rather than 'finish': a request the client gave up on gets its line too.
    res.on('close', () => log.info('request', accessLine(req, res, scope, started)));
    runInRequestScope(scope, next);
  };
}

function accessLine(req: Request, res: Response, scope: RequestScope, started: bigint): Record<string, unknown> {
  const path = req.originalUrl.split('?')[0];
  return {
    requestId: scope.requestId,
    method: req.method,
    path,
    operationName: scope.operationName === undefined ? (req.route?.path ?? path) : scope.operationName,
    subject: scope.subject ?? null,
    organization: scope.organization ?? null,
    status: res.statusCode,
    durationMs: Math.round(Number(process.hrtime.bigint() - started) / 1e5) / 10,
    ip: req.ip,
    ...(res.writableFinished ? {} : { aborted: true }),
  };
}

/** Only listed host pages get a grant, never with credentials: the API takes bearer tokens, not cookies. */
export function cors(origins: string[]) {
  const allowed = new Set(origins);
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    if (origin && allowed.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader(
        'Access-Control-Allow-Headers',
        'Authorization, Content-Type, Apollo-Require-Preflight, X-Request-Id',
      );
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      res.setHeader('Access-Control-Expose-Headers', 'X-Request-Id, Retry-After, Content-Disposition');
      res.setHeader('Access-Control-Max-Age', '600');
    } else if (origin) {
      res.setHeader('Vary', 'Origin');
    }
    if (req.method === 'OPTIONS') {
      res.status(origin && allowed.has(origin) ? 204 : 403).end();
      return;
    }
    next();
  };
}

/** What `/readyz` asks beyond "the database answers". */
export interface Readiness {
  /** True from SIGTERM on: the load balancer should stop sending requests here. */
  draining(): boolean;
  /** Why the database cannot serve yet (migrations pending), or null. */
  schemaPendingReason(): Promise<string | null>;
}

/**
 * `/healthz` (the process answers) and `/readyz`: 503 at once when shutting down, 503 while the
 * database does not answer within 2 s or is not migrated, else 200.
 */
export function healthRoutes(dataSource: DataSource, readiness: Readiness) {
  const router = express.Router();
  // Browsers ask for it on every page; answer without a 404 in the console.
  router.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });
  router.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  router.get('/readyz', async (_req, res) => {
    if (readiness.draining()) {
      res.status(503).json({ status: 'shutting down' });
      return;
    }
    let pendingReason: string | null;
    try {
      pendingReason = await Promise.race([
        dataSource.query('SELECT 1').then(() => readiness.schemaPendingReason()),
        new Promise<never>((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000)),
      ]);
    } catch {
      res.status(503).json({ status: 'unavailable', reason: 'database unreachable' });
      return;
    }
    if (readiness.draining()) res.status(503).json({ status: 'shutting down' });
    else if (pendingReason) res.status(503).json({ status: 'unavailable', reason: pendingReason });
    else res.json({ status: 'ready' });
  });
  return router;
}

/**
 * `GET /bench-stats`, mounted only with BENCH_STATS=1 (`npm run bench` sets it): the statements this
 * process has sent to the database, so the benchmark can divide their growth over a scenario by its
 * requests, the rows it has sent in multi-row inserts per table (rollup rows per ingested event) and the
 * hits and misses of its kept answers per cache.
 */
export function benchStatsRoute(statements: () => number, rowsSent: () => Record<string, number>) {
  const router = express.Router();
  router.get('/bench-stats', (_req, res) => {
    res.json({ statements: statements(), rowsSent: rowsSent(), caches: cacheLookups() });
  });
  return router;
}

/**
 * GraphiQL's bundle (api/graphiql/build.mjs): every file is named by its content hash, so each may be
 * cached for a year; only the page at /graphql, which names them, is never cached.
 */
export function graphiqlAssets() {
  return express.static(GRAPHIQL_ASSETS_DIR, {
    fallthrough: false,
    index: false,
    setHeaders(res) {
      res.setHeader('Cache-Control', 'public, max-age=31536000, immutable');
    },
  });
}

/** Malformed requests and the like: a clean JSON error with the request id, never a stack trace. */
export function errorHandler(log: Logger) {
  return (error: Error & { status?: number }, req: Request, res: Response, next: NextFunction) => {
    void next;
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) log.error('request failed', { err: error, requestId: res.locals.requestId });
    const message = status === 404 ? 'Not found' : status === 500 ? 'Internal server error' : error.message;
    const code = status === 500 ? 'INTERNAL_SERVER_ERROR' : 'BAD_REQUEST';
    res.status(status).json({ errors: [{ message, extensions: { code, requestId: res.locals.requestId } }] });
  };
}
