import http from 'node:http';
import { AddressInfo } from 'node:net';
import { expressMiddleware } from '@as-integrations/express5';
import express, { Request } from 'express';
import { AppDeps } from './db/app-deps';
import { Config, loadConfig } from './common/config';
import { requestContext, startApollo } from './graphql/apollo';
import { graphqlBodyParser } from './http/body-limit';
import { statementCount } from './db/data-source';
import { rowsSentByTable } from './db/database';
import { MigrationWatch } from './db/migration-watch';
import {
  benchStatsRoute,
  cors,
  errorHandler,
  graphiqlAssets,
  healthRoutes,
  Readiness,
  requestLogging,
} from './http/middleware';
import { MetricsListener, startMetricsListener } from './http/metrics-listener';
import { pages } from './http/pages';
import { RequestDrain } from './http/request-drain';
import { createRateLimiters, RateLimiters, rateLimitMiddleware } from './http/rate-limit';
import { mayRecordUsage, requestBearer } from './http/request-bearer';
import { requestMetrics } from './http/request-metrics';
import { createTokenVerifier, TokenVerifier } from './auth/token-verifier';
import { usageCsvRoute } from './http/usage-csv-route';
import { usageEventsRoute } from './http/usage-events-route';
import { widgetAssets } from './http/widget-assets';
import { closeOnce, openDatabase, prepareDemo } from './lifecycle';
import { createLogger, Logger } from './common/logger';
import { NotificationDispatcher } from './notifications/dispatcher';
import { AlertScheduler } from './alerts/alert-scheduler';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher';
import { UsagePurgeJob } from './usage/usage-purge';
import { emailOutboxBacklog } from './notifications/outbox';
import { webhookOutboxBacklog } from './webhooks/webhook-outbox';
import { poolUse } from './db/pool-use';
import { createServices, Services } from './services';
import { WritePressure } from './http/write-pressure';

export interface ServerOptions {
  config?: Partial<Config>;
  /** Pins the time (tests). */
  clock?: () => Date;
  log?: Logger;
  /** Start the outbox dispatcher (default true). */
  dispatcher?: boolean;
  /** Start the daily purge of usage events past the retention window (default true). */
  usagePurge?: boolean;
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
  /** The Prometheus listener's port (METRICS_PORT), or null when it is off. */
  metricsPort: number | null;
  dispatcher: NotificationDispatcher | null;
  /** Sends webhook deliveries (started with the email dispatcher). */
  webhookDispatcher: WebhookDispatcher | null;
  /** Daily digests and FORECAST alert checks (started with the email dispatcher). */
  alertScheduler: AlertScheduler | null;
  close(): Promise<void>;
}

/**
 * The outbox's senders (email, webhooks), the alert scheduler and the usage purge, unless turned off
 * (tests); started once the database is migrated, so none runs against missing tables.
 */
function startBackground(deps: AppDeps, services: Services, options: ServerOptions, migrations: MigrationWatch) {
  const usagePurge = options.usagePurge === false ? null : new UsagePurgeJob(deps);
  migrations.whenCurrent(() => usagePurge?.start());
  if (options.dispatcher === false)
    return { dispatcher: null, webhookDispatcher: null, alertScheduler: null, usagePurge };
  const dispatcher = new NotificationDispatcher(deps);
  const webhookDispatcher = new WebhookDispatcher(deps);
  const alertScheduler = new AlertScheduler(deps, services.usageAlerts);
  migrations.whenCurrent(() => {
    dispatcher.start();
    webhookDispatcher.start();
    alertScheduler.start();
  });
  return { dispatcher, webhookDispatcher, alertScheduler, usagePurge };
}

async function stopBackground(background: ReturnType<typeof startBackground>): Promise<void> {
  await background.alertScheduler?.stop();
  await background.dispatcher?.stop();
  await background.webhookDispatcher?.stop();
  await background.usagePurge?.stop();
}

/** How long in-flight requests may run on after SIGTERM (plus SHUTDOWN_DELAY_MS); all of it fits main.ts's 10 s. */
const DRAIN_MS = 8000;

/**
 * Answers /readyz 503 from the call on (synchronously), serves on for `delayMs`, waits for requests in
 * flight (DRAIN_MS at most) and meanwhile stops the background jobs.
 */
async function drainAndStopBackground(
  drain: RequestDrain,
  delayMs: number,
  migrations: MigrationWatch,
  background: ReturnType<typeof startBackground>,
): Promise<void> {
  await Promise.all([
    drain.drain(delayMs, delayMs + DRAIN_MS),
    migrations.stop().then(() => stopBackground(background)),
  ]);
}

/** What /readyz asks besides the database: shutting down, or migrations pending (MIGRATE_ON_START=0). */
function readiness(drain: RequestDrain, migrations: MigrationWatch): Readiness {
  return { draining: () => drain.draining, schemaPendingReason: () => migrations.pendingReason() };
}

/** The Prometheus listener on METRICS_PORT, with this server's outboxes and pools, unless it is 0. */
function startMetrics(config: Config, deps: AppDeps): Promise<MetricsListener> | null {
  if (!config.metricsPort) return null;
  const { db } = deps;
  const sources = {
    outboxBacklog: async () => {
      const [email, webhook] = await Promise.all([emailOutboxBacklog(db.manager), webhookOutboxBacklog(db.manager)]);
      return { email, webhook };
    },
    poolUse: () => poolUse(db.dataSource),
  };
  return startMetricsListener(config.host, config.metricsPort, sources, deps.log);
}

/** One count for GraphQL, CSV downloads and bulk ingestion alike (DESIGN §11, §12), by address and token subject. */
function rateLimitedBy(config: Config, limiters: RateLimiters, tokens: TokenVerifier, log: Logger) {
  const subjectOf = async (req: Request) => (await requestBearer(req, tokens)).claims?.sub ?? null;
  return rateLimitMiddleware(config.rateLimit, limiters, subjectOf, log);
}

/** The Express app with its settings, every response timed for the metrics from the start. */
function createApp(config: Config): express.Express {
  const app = express();
  app.disable('x-powered-by');
  // No ETag on res.send bodies: GraphQL answers are POST responses, and hashing each one costs CPU.
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy);
  app.use(requestMetrics());
  return app;
}

/** Migrates, seeds (when asked), and serves GraphQL, the widgets, the demo page and health checks. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const config: Config = { ...loadConfig(), ...options.config };
  const log = options.log ?? createLogger(config.logLevel);
  const { db, migrations } = await openDatabase(config, log);
  const deps: AppDeps = { db, config, clock: options.clock ?? (() => new Date()), log };
  const services = createServices(deps);
  const demo = await prepareDemo(deps, services, migrations);
  const rateLimiters = await createRateLimiters(config.rateLimit, log);
  const tokens = createTokenVerifier(config, { log });

  const app = createApp(config);
  const httpServer = http.createServer(app);
  const drain = new RequestDrain(httpServer);
  // Writes in flight: while any is, dashboard queries wait their turn earlier (read-admission.ts).
  const writes = new WritePressure();
  const apollo = await startApollo(config, httpServer, log, writes);

  app.use(requestLogging(log), cors(config.corsOrigins), healthRoutes(db.dataSource, readiness(drain, migrations)));
  if (config.benchStats) app.use(benchStatsRoute(statementCount, rowsSentByTable));
  app.use('/widgets', widgetAssets());
  if (config.playground) app.use('/graphiql-assets', graphiqlAssets());
  app.use(pages({ demoToken: demo.token, demoOrganizationId: demo.organizationId, playground: config.playground }));
  const rateLimited = rateLimitedBy(config, rateLimiters, tokens, log);
  app.use(
    '/graphql',
    rateLimited,
    graphqlBodyParser(config.limits, (req) => mayRecordUsage(req, tokens)),
    expressMiddleware(apollo, { context: requestContext(deps, services, tokens) }),
  );
  app.use(usageCsvRoute(deps, services, tokens, rateLimited));
  app.use(usageEventsRoute(deps, services, tokens, rateLimited, writes));
  app.use(errorHandler(log));

  const background = startBackground(deps, services, options, migrations);
  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const port = (httpServer.address() as AddressInfo).port;
  const metrics = await startMetrics(config, deps);

  return {
    url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`,
    port,
    metricsPort: metrics?.port ?? null,
    config,
    deps,
    services,
    demoToken: demo.token,
    demoOrganizationId: demo.organizationId,
    ...background,
    // In this order: /readyz 503 at once and in-flight requests drain while background jobs stop; Apollo's
    // plugin closes the listener and what connections are left; then the pool and Redis.
    close: closeOnce([
      () => drainAndStopBackground(drain, config.shutdownDelayMs, migrations, background),
      () => apollo.stop(),
      () => db.close(),
      () => rateLimiters.close(),
      () => metrics?.close(),
    ]),
  };
}
