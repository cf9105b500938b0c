/**
 * OpenTelemetry tracing, switched on by the SDK's own variables (DESIGN §11): with
 * OTEL_EXPORTER_OTLP_ENDPOINT or OTEL_EXPORTER_OTLP_TRACES_ENDPOINT set, HTTP, Express, GraphQL and
 * mysql2 spans are exported over OTLP, the incoming W3C `traceparent` continued. The SDK reads the rest
 * itself (OTEL_SERVICE_NAME, OTEL_EXPORTER_OTLP_PROTOCOL, OTEL_BSP_*, OTEL_TRACES_SAMPLER, …).
 *
 * main.ts imports this first: an instrumentation patches its module only when that module is first
 * required, so this runs before http, express, graphql and mysql2 are loaded. Without the variables
 * nothing of OpenTelemetry is required at all.
 */

/** Requests that only probe or scrape the process: no span for each. */
const UNTRACED_PATHS = new Set(['/healthz', '/readyz', '/metrics', '/favicon.ico']);

/** The statement as a span shows it: at most 2,000 characters, every literal a `?`. */
export function maskStatement(sql: string): string {
  return sql
    .slice(0, 2000)
    .replace(/'(?:[^'\\]|\\.|'')*'?|"(?:[^"\\]|\\.|"")*"?/g, '?')
    .replace(/\b\d+(\.\d+)?\b/g, '?');
}

export function tracingRequested(env: NodeJS.ProcessEnv = process.env): boolean {
  return !!(env.OTEL_EXPORTER_OTLP_ENDPOINT?.trim() || env.OTEL_EXPORTER_OTLP_TRACES_ENDPOINT?.trim());
}

/* eslint-disable @typescript-eslint/no-require-imports -- loaded on demand, synchronously, before the app */
function startTracing(): () => Promise<void> {
  const { NodeSDK } = require('@opentelemetry/sdk-node') as typeof import('@opentelemetry/sdk-node');
  const { HttpInstrumentation } =
    require('@opentelemetry/instrumentation-http') as typeof import('@opentelemetry/instrumentation-http');
  const { ExpressInstrumentation, ExpressLayerType } =
    require('@opentelemetry/instrumentation-express') as typeof import('@opentelemetry/instrumentation-express');
  const { GraphQLInstrumentation } =
    require('@opentelemetry/instrumentation-graphql') as typeof import('@opentelemetry/instrumentation-graphql');
  const { MySQL2Instrumentation } =
    require('@opentelemetry/instrumentation-mysql2') as typeof import('@opentelemetry/instrumentation-mysql2');
  const sdk = new NodeSDK({
    instrumentations: [
      new HttpInstrumentation({
        ignoreIncomingRequestHook: (req) => UNTRACED_PATHS.has((req.url ?? '').split('?')[0]),
        // The request id, to find the request's log lines from its trace.
        headersToSpanAttributes: { server: { responseHeaders: ['x-request-id'] } },
        applyCustomAttributesOnSpan: (span, _req, res) => {
          const operationName = (res as { locals?: { requestScope?: { operationName?: string | null } } }).locals
            ?.requestScope?.operationName;
          if (operationName) span.setAttribute('graphql.operation.name', operationName);
        },
      }),
      // One span per middleware (CORS, health, pages, …) would outnumber the useful ones; routes stay.
      new ExpressInstrumentation({ ignoreLayersType: [ExpressLayerType.MIDDLEWARE, ExpressLayerType.ROUTER] }),
      // Per-field spans would be hundreds per dashboard; parse, validate and execute are kept.
      new GraphQLInstrumentation({ ignoreResolveSpans: true }),
      // Statements carry their values inline (TypeORM's text queries): numbers, emails. Masked, and cut
      // first, since an ingestion insert is about 1 MB of literals.
      new MySQL2Instrumentation({ maskStatement: true, maskStatementHook: maskStatement }),
    ],
    // Traces only: metrics are Prometheus's at /metrics, logs are the JSON lines on stdout.
    metricReaders: [],
    logRecordProcessors: [],
  });
  sdk.start();
  return () => sdk.shutdown();
}
/* eslint-enable @typescript-eslint/no-require-imports */

const shutdownTracing = tracingRequested() ? startTracing() : null;

/** Sends the spans still batched (on shutdown, before the process exits); nothing to do without tracing. */
export async function flushTracing(): Promise<void> {
  await shutdownTracing?.();
}
