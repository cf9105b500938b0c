import http from 'node:http';
import { AddressInfo } from 'node:net';
import { expressMiddleware } from '@as-integrations/express5';
import express from 'express';
import { AppDeps } from './db/app-deps';
import { Config, loadConfig } from './common/config';
import { requestContext, startApollo } from './graphql/apollo';
import { graphqlBodyParser } from './http/body-limit';
import { statementCount } from './db/data-source';
import { rowsSentByTable } from './db/database';
import {
  benchStatsRoute,
  cors,
  errorHandler,
  graphiqlAssets,
  healthRoutes,
  requestLogging,
  widgetAssets,
} from './http/middleware';
import { pages } from './http/pages';
import { createRateLimiters, rateLimitMiddleware } from './http/rate-limit';
import { mayRecordUsage, requestBearer } from './http/request-bearer';
import { usageCsvRoute } from './http/usage-csv-route';
import { closeOnce, openDatabase, prepareDemo } from './lifecycle';
import { createLogger, Logger } from './common/logger';
import { NotificationDispatcher } from './notifications/dispatcher';
import { AlertScheduler } from './alerts/alert-scheduler';
import { WebhookDispatcher } from './webhooks/webhook-dispatcher';
import { UsagePurgeJob } from './usage/usage-purge';
import { createServices, Services } from './services';

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
  dispatcher: NotificationDispatcher | null;
  /** Sends webhook deliveries (started with the email dispatcher). */
  webhookDispatcher: WebhookDispatcher | null;
  /** Daily digests and FORECAST alert checks (started with the email dispatcher). */
  alertScheduler: AlertScheduler | null;
  close(): Promise<void>;
}

/** The outbox's senders (email, webhooks) and the alert scheduler, unless turned off (tests). */
function startBackground(deps: AppDeps, services: Services, options: ServerOptions) {
  const usagePurge = options.usagePurge === false ? null : new UsagePurgeJob(deps);
  usagePurge?.start();
  if (options.dispatcher === false)
    return { dispatcher: null, webhookDispatcher: null, alertScheduler: null, usagePurge };
  const dispatcher = new NotificationDispatcher(deps);
  const webhookDispatcher = new WebhookDispatcher(deps);
  const alertScheduler = new AlertScheduler(deps, services.usageAlerts);
  dispatcher.start();
  webhookDispatcher.start();
  alertScheduler.start();
  return { dispatcher, webhookDispatcher, alertScheduler, usagePurge };
}

async function stopBackground(background: ReturnType<typeof startBackground>): Promise<void> {
  await background.alertScheduler?.stop();
  await background.dispatcher?.stop();
  await background.webhookDispatcher?.stop();
  await background.usagePurge?.stop();
}

/** Migrates, seeds (when asked), and serves GraphQL, the widgets, the demo page and health checks. */
export async function startServer(options: ServerOptions = {}): Promise<RunningServer> {
  const config: Config = { ...loadConfig(), ...options.config };
  const log = options.log ?? createLogger(config.logLevel);
  const db = await openDatabase(config, log);
  const deps: AppDeps = { db, config, clock: options.clock ?? (() => new Date()), log };
  const services = createServices(deps);
  const demo = await prepareDemo(deps, services);
  const rateLimiters = await createRateLimiters(config.rateLimit, log);

  const app = express();
  app.disable('x-powered-by');
  // No ETag on res.send bodies: GraphQL answers are POST responses, and hashing each one costs CPU.
  app.set('etag', false);
  app.set('trust proxy', config.trustProxy);
  const httpServer = http.createServer(app);
  const apollo = await startApollo(config, httpServer, log);

  app.use(requestLogging(log), cors(config.corsOrigins), healthRoutes(db.dataSource));
  if (config.benchStats) app.use(benchStatsRoute(statementCount, rowsSentByTable));
  app.use('/widgets', widgetAssets());
  if (config.playground) app.use('/graphiql-assets', graphiqlAssets());
  app.use(pages({ demoToken: demo.token, demoOrganizationId: demo.organizationId, playground: config.playground }));
  app.use(
    '/graphql',
    rateLimitMiddleware(
      config.rateLimit,
      rateLimiters,
      async (req) => (await requestBearer(req, config.jwtSecret)).claims?.sub ?? null,
      log,
    ),
    graphqlBodyParser(config.limits, (req) => mayRecordUsage(req, config.jwtSecret)),
    expressMiddleware(apollo, { context: requestContext(deps, services) }),
  );
  app.use(usageCsvRoute(deps, services));
  app.use(errorHandler(log));

  const background = startBackground(deps, services, options);
  await new Promise<void>((resolve) => httpServer.listen(config.port, config.host, resolve));
  const port = (httpServer.address() as AddressInfo).port;

  return {
    url: `http://${config.host === '0.0.0.0' ? 'localhost' : config.host}:${port}`,
    port,
    config,
    deps,
    services,
    demoToken: demo.token,
    demoOrganizationId: demo.organizationId,
    ...background,
    // In this order: no new notifications, drain HTTP (Apollo's plugin), then the pool and Redis.
    close: closeOnce([
      () => stopBackground(background),
      () => apollo.stop(),
      () => db.close(),
      () => rateLimiters.close(),
    ]),
  };
}
