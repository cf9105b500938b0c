import crypto from 'node:crypto';
import fs from 'node:fs';
import http from 'node:http';
import { AddressInfo } from 'node:net';
import { ApolloServer, ApolloServerPlugin, HeaderMap } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import { ApolloServerPluginCacheControlDisabled, ApolloServerPluginLandingPageDisabled } from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { expressMiddleware } from '@as-integrations/express5';
import express, { NextFunction, Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import { AppDeps } from './app-deps';
import { signToken } from './auth/token';
import { Config, loadConfig } from './config';
import { createDataSource, limitQueryTime, runMigrationsOnce } from './db/data-source';
import { Database } from './db/database';
import { seedDemoData } from './demo/demo-seed';
import { createRequestContext, RequestContext } from './graphql/context';
import { isConnectionError, isExpectedError, makeFormatError } from './graphql/format-error';
import { queryLimitsPlugin } from './graphql/limits';
import { appSchema } from './graphql/schema';
import { graphqlBodyParser } from './http/body-limit';
import { createRateLimitStore, rateLimitMiddleware } from './http/rate-limit';
import { createLogger, Logger } from './logger';
import { NotificationDispatcher } from './notifications/dispatcher';
import { DEMO_PAGE, PLAYGROUND_PAGE, WIDGETS_DIR } from './paths';
import { createServices, Services } from './services';

export interface ServerOptions {
  config?: Partial<Config>;
  /** Pins the time (tests). */
  clock?: () => Date;
  log?: Logger;
  /** Start the outbox dispatcher (default true). */
  dispatcher?: boolean;
}

export interface RunningServer {
  url: string;
  port: number;
  config: Config;
  deps: AppDeps;
  services: Services;
  /** A ready admin token for the demo organization, when demo data is on. */
  demoToken: string | null;
  demoOrganizationId: number | null;
  dispatcher: NotificationDispatcher | null;
  close(): Promise<void>;
}

/** How long in-flight requests may run on after SIGTERM; the pool then closes within the 10 s budget. */
const SHUTDOWN_GRACE_MS = 8000;

function corsMiddleware(origins: string[]) {
  const allowed = new Set(origins);
  return (req: Request, res: Response, next: NextFunction) => {
    const origin = req.headers.origin;
    if (origin && allowed.has(origin)) {
      res.setHeader('Access-Control-Allow-Origin', origin);
      res.setHeader('Vary', 'Origin');
      res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type, Apollo-Require-Preflight, X-Request-Id');
      res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
      res.setHeader('Access-Control-Expose-Headers', 'X-Request-Id, Retry-After');
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

/** Migrates, seeds (when asked), and serves GraphQL, the widgets, the demo page and health checks. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const config: Config = { ...loadConfig(), ...options.config };
  const log = options.log ?? createLogger(config.logLevel);
  const clock = options.clock ?? (() => new Date());
  const dataSource = createDataSource({ databaseUrl: config.databaseUrl, databaseReplicaUrls: config.databaseReplicaUrls, connectTimeoutMs: config.databaseConnectTimeoutMs, log });
  await dataSource.initialize();
  await runMigrationsOnce(dataSource);
  limitQueryTime(dataSource, config.databaseQueryTimeoutMs);
  const db = new Database(dataSource);
  const deps: AppDeps = { db, config, clock, log };
  const services = createServices(deps);

  let demoOrganizationId: number | null = null;
  let demoToken: string | null = null;
  if (config.demoData) {
    demoOrganizationId = await seedDemoData(deps, services);
    demoToken = await signToken(config.jwtSecret, { sub: 'demo-admin@acme.example', org: demoOrganizationId, roles: ['admin'] });
  }

  const rateLimitStore = await createRateLimitStore(config.rateLimit, log);

  const app = express();
  app.disable('x-powered-by');
  // No ETag on res.send bodies: GraphQL answers are POST responses, and hashing each one costs CPU.
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy);
  const httpServer = http.createServer(app);
  app.use((req, res, next) => {
    const incoming = req.headers['x-request-id'];
    const requestId = typeof incoming === 'string' && /^[\w.-]{1,64}$/.test(incoming) ? incoming : crypto.randomUUID();
    res.locals.requestId = requestId;
    res.setHeader('X-Request-Id', requestId);
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Referrer-Policy', 'no-referrer');
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const durationMs = Number(process.hrtime.bigint() - started) / 1e6;
      log.info('request', { requestId, method: req.method, path: req.originalUrl.split('?')[0], status: res.statusCode, durationMs: Math.round(durationMs * 10) / 10, ip: req.ip });
    });
    next();
  });
  app.use(corsMiddleware(config.corsOrigins));

  // Browsers ask for it on every page; answer without a 404 in the console.
  app.get('/favicon.ico', (_req, res) => {
    res.status(204).end();
  });
  app.get('/healthz', (_req, res) => {
    res.json({ status: 'ok' });
  });
  app.get('/readyz', async (_req, res) => {
    try {
      await Promise.race([
        dataSource.query('SELECT 1'),
        new Promise((_, reject) => setTimeout(() => reject(new Error('timeout')), 2000)),
      ]);
      res.json({ status: 'ready' });
    } catch {
      res.status(503).json({ status: 'unavailable', reason: 'database unreachable' });
    }
  });

  // Widget entry files keep their names across releases: revalidate them; hashed chunks never change.
  app.use(
    '/widgets',
    express.static(WIDGETS_DIR, {
      fallthrough: false,
      setHeaders(res, file) {
        res.setHeader('Access-Control-Allow-Origin', '*');
        res.setHeader('Cache-Control', file.includes(`${'/'}chunks${'/'}`) ? 'public, max-age=31536000, immutable' : 'public, max-age=0, must-revalidate');
      },
    }),
  );

  // Read once each (the demo page once it exists): not a file read on every visit.
  const withDemoToken = (file: string) => fs.readFileSync(file, 'utf8').replaceAll('__MP_DEMO_TOKEN__', demoToken ?? '');
  let demoPage: string | null = null;
  let playgroundPage: string | null = null;

  app.get('/', (_req, res) => {
    if (demoPage === null && !fs.existsSync(DEMO_PAGE)) {
      res.type('html').send('<!doctype html><title>Management Portal Dashboard</title><p>The widgets are not built yet: run <code>npm run build</code>. GraphQL is at <a href="/graphql">/graphql</a>.</p>');
      return;
    }
    demoPage ??= withDemoToken(DEMO_PAGE);
    res.setHeader('Cache-Control', 'no-store');
    res.type('html').send(demoPage);
  });

  const apollo = new ApolloServer<RequestContext>({
    schema: await appSchema(),
    introspection: config.introspection,
    parseOptions: { maxTokens: config.limits.maxTokens },
    includeStacktraceInErrorResponses: !config.production,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // main.ts owns SIGTERM/SIGINT: drain, stop the outbox, close the pool, then exit.
    stopOnTerminationSignals: false,
    formatError: makeFormatError(config.production),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: SHUTDOWN_GRACE_MS }),
      ApolloServerPluginLandingPageDisabled(),
      // No @cacheControl hints are used; the default plugin would still hook every resolved field.
      ApolloServerPluginCacheControlDisabled(),
      requestIdPlugin(log),
      queryLimitsPlugin(config.limits),
    ],
  });
  await apollo.start();

  app.get('/graphql', (req, res, next) => {
    if (config.playground && req.accepts(['json', 'html']) === 'html' && !req.query.query) {
      playgroundPage ??= withDemoToken(PLAYGROUND_PAGE);
      res.setHeader('Cache-Control', 'no-store');
      res.type('html').send(playgroundPage);
      return;
    }
    next();
  });
  app.use(
    '/graphql',
    rateLimitMiddleware(config.rateLimit, rateLimitStore, config.jwtSecret, log),
    ...graphqlBodyParser(config.limits),
    expressMiddleware(apollo, {
      context: async ({ req, res }): Promise<RequestContext> => {
        const { authorization } = req.headers;
        const request = { requestId: res.locals.requestId as string, authorization, now: clock() };
        try {
          return await createRequestContext(deps, services, request);
        } catch (error) {
          if (isConnectionError(error)) {
            log.warn('database unavailable', { requestId: res.locals.requestId, detail: (error as Error).message });
            throw serviceUnavailable(res.locals.requestId as string);
          }
          log.error('context failed', { err: error as Error, requestId: res.locals.requestId });
          throw new GraphQLError('Internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR', requestId: res.locals.requestId } });
        }
      },
    }),
  );
  // Malformed JSON and the like: a clean 400, never a stack trace.
  app.use((error: Error & { status?: number; type?: string }, req: Request, res: Response, next: NextFunction) => {
    void next;
    const status = error.status && error.status >= 400 && error.status < 500 ? error.status : 500;
    if (status === 500) log.error('request failed', { err: error, requestId: res.locals.requestId });
    const tooLarge = error.type === 'entity.too.large';
    const message =
      status === 404
        ? 'Not found'
        : status === 500
          ? 'Internal server error'
          : error.type === 'entity.parse.failed'
            ? 'The request body is not valid JSON'
            : tooLarge
              ? `The request body is larger than ${config.limits.recordUsageBodyBytes} bytes (${config.limits.bodyBytes} unless the request is a recordUsage mutation alone)`
              : error.message;
    const code = status === 500 ? 'INTERNAL_SERVER_ERROR' : tooLarge ? 'PAYLOAD_TOO_LARGE' : 'BAD_REQUEST';
    res.status(status).json({ errors: [{ message, extensions: { code, requestId: res.locals.requestId } }] });
  });

  const dispatcher = options.dispatcher === false ? null : new NotificationDispatcher(deps);
  dispatcher?.start();

  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const port = (httpServer.address() as AddressInfo).port;
  const url = `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`;

  let closed = false;
  return {
    url,
    port,
    config,
    deps,
    services,
    demoToken,
    demoOrganizationId,
    dispatcher,
    async close() {
      if (closed) return;
      closed = true;
      await dispatcher?.stop();
      await apollo.stop();
      await db.close();
      await rateLimitStore.close();
    },
  };
}

function serviceUnavailable(requestId: string): GraphQLError {
  return new GraphQLError('The database is unavailable; try again shortly', {
    extensions: { code: 'SERVICE_UNAVAILABLE', requestId, http: { status: 503, headers: new HeaderMap([['retry-after', '5']]) } },
  });
}

/**
 * Puts the request id on every error a client sees, and logs unexpected ones with it. A response
 * that holds nothing but SERVICE_UNAVAILABLE errors answers 503 with Retry-After.
 */
function requestIdPlugin(log: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ contextValue }) {
      return {
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            if (!isExpectedError(error)) {
              const original = unwrapResolverError(error);
              // An outage fails every request alike: one short line each, not a stack per request.
              if (isConnectionError(original)) log.warn('database unavailable', { requestId: contextValue.requestId, path: error.path, detail: (original as Error).message });
              else log.error('graphql error', { requestId: contextValue.requestId, err: original as Error, path: error.path });
            }
          }
        },
        async willSendResponse({ response }) {
          if (response.body.kind === 'single' && response.body.singleResult.errors) {
            const { errors, data } = response.body.singleResult;
            for (const e of errors) {
              (e as { extensions?: Record<string, unknown> }).extensions = { ...e.extensions, requestId: contextValue.requestId };
            }
            if (errors.every((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE') && (data === null || data === undefined || Object.values(data).every((v) => v === null))) {
              response.http.status = 503;
              response.http.headers.set('retry-after', '5');
            }
          }
        },
      };
    },
  };
}
