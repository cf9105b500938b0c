import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';
import { cacheLookups } from './cache-stats';

/**
 * The process's Prometheus series (docs/operations.md "Metrics"). One registry per process, with every
 * metric defined once here: Prometheus scrapes a process, and several servers started in one process
 * (tests) then share the counters instead of failing on a second registration. Label values are
 * bounded by their callers; each recorder keeps its labelled children, so the request path does a
 * map lookup and an increment, never prom-client's label hashing.
 */
export const metricsRegistry = new Registry();

let defaultMetricsStarted = false;

/** prom-client's process defaults (event-loop lag, heap, GC), under their usual unprefixed names. */
export function startDefaultMetrics(): void {
  if (defaultMetricsStarted) return;
  defaultMetricsStarted = true;
  collectDefaultMetrics({ register: metricsRegistry });
  // Gauges named like counters, which `promtool check metrics` rejects; nothing in DESIGN §11 needs them.
  for (const name of ['nodejs_active_handles_total', 'nodejs_active_requests_total', 'nodejs_active_resources_total'])
    metricsRegistry.removeSingleMetric(name);
}

/** Children of a labelled metric, made once per label combination. */
function childrenOf<C>(make: (...values: string[]) => C): (...values: string[]) => C {
  const children = new Map<string, C>();
  return (...values) => {
    const key = values.join('\u0000');
    let child = children.get(key);
    if (!child) children.set(key, (child = make(...values)));
    return child;
  };
}

const httpRequestDuration = new Histogram({
  name: 'mpd_http_request_duration_seconds',
  help: 'Time from a request arriving to its response finishing, by mounted route and status.',
  labelNames: ['route', 'status'] as const,
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
  registers: [metricsRegistry],
});
const httpRequestChildren = new Map<string, Map<number, Histogram.Internal<'route' | 'status'>>>();

/** `route` is one of the mounted routes (http/request-metrics.ts), never a raw URL. */
export function observeHttpRequest(route: string, status: number, seconds: number): void {
  let byStatus = httpRequestChildren.get(route);
  if (!byStatus) httpRequestChildren.set(route, (byStatus = new Map()));
  let child = byStatus.get(status);
  if (!child) byStatus.set(status, (child = httpRequestDuration.labels(route, String(status))));
  child.observe(seconds);
}

const graphqlOperations = new Counter({
  name: 'mpd_graphql_operations_total',
  help: 'GraphQL operations resolved, by name (the widgets and GraphiQL examples; any other: other) and type.',
  labelNames: ['operation', 'type'] as const,
  registers: [metricsRegistry],
});
const graphqlOperationChild = childrenOf((operation, type) => graphqlOperations.labels(operation, type));

/** `operation` comes from the bounded list of graphql/operation-names.ts. */
export function countGraphqlOperation(operation: string, type: string): void {
  graphqlOperationChild(operation, type).inc();
}

const graphqlErrors = new Counter({
  name: 'mpd_graphql_errors_total',
  help: 'Errors in GraphQL responses, by extensions.code.',
  labelNames: ['code'] as const,
  registers: [metricsRegistry],
});
const graphqlErrorChild = childrenOf((code) => graphqlErrors.labels(code));

export function countGraphqlError(code: string): void {
  graphqlErrorChild(code).inc();
}

const usageEventsIngested = new Counter({
  name: 'mpd_usage_events_ingested_total',
  help: 'Usage events stored by recordUsage (committed, duplicates excluded), by type.',
  labelNames: ['type'] as const,
  registers: [metricsRegistry],
});
const usageEventsChild = childrenOf((type) => usageEventsIngested.labels(type));

export function countIngestedEvents(type: string, events: number): void {
  usageEventsChild(type).inc(events);
}

export const usageIngestionDuration = new Histogram({
  name: 'mpd_usage_ingestion_duration_seconds',
  help: 'Duration of recordUsage calls, validation to commit, refused calls included.',
  buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30],
  registers: [metricsRegistry],
});

export type WebhookDeliveryOutcome = 'delivered' | 'failed' | 'gave_up';

const webhookDeliveries = new Counter({
  name: 'mpd_webhook_deliveries_total',
  help: 'Webhook delivery attempts by outcome: delivered, failed (retried later) or gave_up (retrying stopped).',
  labelNames: ['outcome'] as const,
  registers: [metricsRegistry],
});

// Every outcome from zero, so a rate() over it exists before the first delivery.
for (const outcome of ['delivered', 'failed', 'gave_up']) webhookDeliveries.labels(outcome);

export function countWebhookDelivery(outcome: WebhookDeliveryOutcome): void {
  webhookDeliveries.labels(outcome).inc();
}

const rateLimitRefusals = new Counter({
  name: 'mpd_rate_limit_refusals_total',
  help: 'Requests refused with 429 RATE_LIMITED, by the limit that refused them (ip or subject).',
  labelNames: ['limited_by'] as const,
  registers: [metricsRegistry],
});

for (const limitedBy of ['ip', 'subject']) rateLimitRefusals.labels(limitedBy);

export function countRateLimitRefusal(limitedBy: 'ip' | 'subject'): void {
  rateLimitRefusals.labels(limitedBy).inc();
}

// Read from common/cache-stats.ts at scrape time: the caches count their lookups once, for both readers.
new Counter({
  name: 'mpd_cache_lookups_total',
  help: 'Lookups of kept answers by cache (response: whole GraphQL answers) and result (hit or miss).',
  labelNames: ['cache', 'result'] as const,
  registers: [metricsRegistry],
  collect() {
    // Counters cannot be set: each scrape resets and adds the running totals.
    this.reset();
    for (const [cache, counts] of Object.entries(cacheLookups())) {
      this.labels(cache, 'hit').inc(counts.hits);
      this.labels(cache, 'miss').inc(counts.misses);
    }
  },
});
