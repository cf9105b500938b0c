import http from 'node:http';
import { ApolloServer, ApolloServerPlugin } from '@apollo/server';
import { unwrapResolverError } from '@apollo/server/errors';
import {
  ApolloServerPluginCacheControlDisabled,
  ApolloServerPluginLandingPageDisabled,
} from '@apollo/server/plugin/disabled';
import { ApolloServerPluginDrainHttpServer } from '@apollo/server/plugin/drainHttpServer';
import { Request, Response } from 'express';
import { GraphQLError } from 'graphql';
import { AppDeps } from '../db/app-deps';
import { Config } from '../common/config';
import { requestBearer } from '../http/request-bearer';
import { TokenVerifier } from '../auth/token-verifier';
import { describeRequest, Logger } from '../common/logger';
import { createRequestContext, RequestContext, Services } from './context';
import { isConnectionError, isExpectedError, makeFormatError, serviceUnavailable } from './format-error';
import { queryLimitsPlugin } from './limits';
import { WritePressure } from '../http/write-pressure';
import { readAdmissionPlugin } from './read-admission';
import { responseCachePlugin } from './response-cache';
import { jitGateway } from './jit-executor';
import { metricsPlugin } from './metrics-plugin';
import { appSchema } from './schema';

/**
 * How long requests may run on once the listener closes. Requests in flight at SIGTERM have drained
 * already (server.ts, http/request-drain.ts); this only bounds any that arrived at the very end.
 */
const SHUTDOWN_GRACE_MS = 1000;

/** Apollo with the service's limits, error policy and plugins, started. */
export async function startApollo(
  config: Config,
  httpServer: http.Server,
  log: Logger,
  writes: WritePressure,
): Promise<ApolloServer<RequestContext>> {
  const apollo = new ApolloServer<RequestContext>({
    gateway: jitGateway(await appSchema()),
    introspection: config.introspection,
    // Counted once per fragment (memoized) during validation: a fragment fan-out is refused at once.
    maxRecursiveSelections: config.limits.maxSelections,
    // No "Did you mean …" where the schema is not meant to be discoverable.
    hideSchemaDetailsFromClientErrors: !config.introspection,
    parseOptions: { maxTokens: config.limits.maxTokens },
    includeStacktraceInErrorResponses: !config.production,
    csrfPrevention: true,
    allowBatchedHttpRequests: false,
    // main.ts owns SIGTERM/SIGINT: drain, stop the outbox, close the pool, then exit.
    stopOnTerminationSignals: false,
    formatError: makeFormatError(config.production, config.limits.maxSelections),
    plugins: [
      ApolloServerPluginDrainHttpServer({ httpServer, stopGracePeriodMillis: SHUTDOWN_GRACE_MS }),
      ApolloServerPluginLandingPageDisabled(),
      // No @cacheControl hints are used; the default plugin would still hook every resolved field.
      ApolloServerPluginCacheControlDisabled(),
      requestIdPlugin(log),
      metricsPlugin(),
      queryLimitsPlugin(config.limits),
      ...(config.readConcurrency > 0 ? [readAdmissionPlugin(config.readConcurrency, writes)] : []),
      // After the limits: a refused query is never looked up. Not with read replicas: an answer made
      // from a lagging replica would be kept under the primary's newer stamps (as RollupService.rowsFor).
      ...(config.responseCacheMb > 0 && !config.databaseReplicaUrls.length
        ? [responseCachePlugin(config.responseCacheMb * 1024 * 1024)]
        : []),
    ],
  });
  await apollo.start();
  return apollo;
}

/**
 * Puts the request id on every error a client sees, and logs unexpected ones with it. A response
 * that holds nothing but SERVICE_UNAVAILABLE errors answers 503 with Retry-After.
 */
function requestIdPlugin(log: Logger): ApolloServerPlugin<RequestContext> {
  return {
    async requestDidStart({ contextValue }) {
      const { requestId } = contextValue;
      return {
        async didResolveOperation({ operationName }) {
          describeRequest({ operationName });
        },
        async didEncounterErrors({ errors }) {
          for (const error of errors) {
            if (isExpectedError(error)) continue;
            const original = unwrapResolverError(error);
            // An outage fails every request alike: one short line each, not a stack per request.
            if (isConnectionError(original))
              log.warn('database unavailable', { requestId, path: error.path, detail: (original as Error).message });
            else log.error('graphql error', { requestId, err: original as Error, path: error.path });
          }
        },
        async willSendResponse({ response }) {
          if (response.body.kind !== 'single' || !response.body.singleResult.errors) return;
          const { errors, data } = response.body.singleResult;
          for (const e of errors)
            (e as { extensions?: Record<string, unknown> }).extensions = { ...e.extensions, requestId };
          const onlyUnavailable = errors.every((e) => e.extensions?.code === 'SERVICE_UNAVAILABLE');
          if (
            onlyUnavailable &&
            (data === null || data === undefined || Object.values(data).every((v) => v === null))
          ) {
            response.http.status = 503;
            response.http.headers.set('retry-after', '5');
          }
        },
      };
    },
  };
}

/**
 * The Apollo context of each request: who asks (the bearer token, read once per request), the time,
 * fresh loaders. Reads nothing from the database (the token's organization is checked by the first
 * field that needs it, where a database outage answers 503 like any field's).
 */
export function requestContext(deps: AppDeps, services: Services, tokens: TokenVerifier) {
  const { log, clock } = deps;
  return async ({ req, res }: { req: Request; res: Response }): Promise<RequestContext> => {
    const requestId = res.locals.requestId as string;
    try {
      const bearer = await requestBearer(req, tokens);
      if (bearer.claims) describeRequest({ subject: bearer.claims.sub, organization: bearer.claims.org });
      return createRequestContext(deps, services, { requestId, bearer, now: clock() });
    } catch (error) {
      if (isConnectionError(error)) {
        log.warn('database unavailable', { requestId, detail: (error as Error).message });
        throw serviceUnavailable(requestId);
      }
      log.error('context failed', { err: error as Error, requestId });
      throw new GraphQLError('Internal server error', { extensions: { code: 'INTERNAL_SERVER_ERROR', requestId } });
    }
  };
}
