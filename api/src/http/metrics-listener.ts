import http from 'node:http';
import { AddressInfo } from 'node:net';
import { Gauge, Registry } from 'prom-client';
import { metricsRegistry, startDefaultMetrics } from '../common/metrics';
import { Logger } from '../common/logger';
import { OutboxBacklog } from '../db/outbox-backlog';
import { PoolUse } from '../db/pool-use';

/** What a scrape reads from this server's database: each outbox's backlog, and its pools. */
export interface ScrapeSources {
  outboxBacklog(): Promise<Record<'email' | 'webhook', OutboxBacklog>>;
  poolUse(): PoolUse[];
}

export interface MetricsListener {
  port: number;
  close(): Promise<void>;
}

/** A scrape waits this long for the outbox counts; a silent database leaves them out. */
const BACKLOG_TIMEOUT_MS = 2000;

function withinMs<T>(work: Promise<T>, ms: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new Error(`no answer within ${ms} ms`)), ms);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}

/** Gauges read at scrape time; one backlog read serves both outbox gauges of a scrape. */
function scrapeGauges(registry: Registry, sources: ScrapeSources, log: Logger): void {
  let reading: Promise<Record<string, OutboxBacklog> | null> | null = null;
  const readBacklog = () =>
    (reading ??= withinMs(sources.outboxBacklog(), BACKLOG_TIMEOUT_MS)
      .catch((error: unknown) => {
        // The database is down: this scrape carries no outbox figures rather than failing.
        log.warn('metrics scrape: outbox backlog unavailable', { detail: (error as Error).message });
        return null;
      })
      .finally(() => (reading = null)));
  // The pools first: read before this scrape's own outbox statements take connections from them.
  new Gauge({
    name: 'mpd_db_pool_connections',
    help: 'MySQL pool connections by pool (primary, replicaN) and state (in_use, idle); none on SQLite.',
    labelNames: ['pool', 'state'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const use of sources.poolUse()) {
        this.labels(use.pool, 'in_use').set(use.inUse);
        this.labels(use.pool, 'idle').set(use.idle);
      }
    },
  });
  new Gauge({
    name: 'mpd_db_pool_waiting_requests',
    help: 'Requests waiting for a MySQL pool connection, by pool; none on SQLite.',
    labelNames: ['pool'] as const,
    registers: [registry],
    collect() {
      this.reset();
      for (const use of sources.poolUse()) this.labels(use.pool).set(use.waiting);
    },
  });
  const outboxGauge = (name: string, help: string, value: (backlog: OutboxBacklog, now: number) => number) =>
    new Gauge({
      name,
      help,
      labelNames: ['channel'] as const,
      registers: [registry],
      async collect() {
        const backlog = await readBacklog();
        this.reset();
        const now = Date.now();
        for (const [channel, figures] of Object.entries(backlog ?? {})) this.labels(channel).set(value(figures, now));
      },
    });
  outboxGauge('mpd_outbox_backlog', 'Outbox rows not yet sent, by channel (email, webhook).', (b) => b.pending);
  outboxGauge(
    'mpd_outbox_oldest_pending_age_seconds',
    'Age of the oldest unsent outbox row by channel, from its creation; 0 when nothing is pending.',
    (b, now) => (b.oldestCreatedAt ? Math.max(0, (now - b.oldestCreatedAt.getTime()) / 1000) : 0),
  );
}

/**
 * `GET /metrics` in Prometheus text format on a listener of its own (METRICS_PORT), so the API's
 * port never exposes it: the process-wide series plus this server's database gauges.
 */
export async function startMetricsListener(
  host: string,
  port: number,
  sources: ScrapeSources,
  log: Logger,
): Promise<MetricsListener> {
  startDefaultMetrics();
  const own = new Registry();
  scrapeGauges(own, sources, log);
  const registry = Registry.merge([metricsRegistry, own]);
  const server = http.createServer((req, res) => {
    if (req.method !== 'GET' || req.url?.split('?')[0] !== '/metrics') {
      res.writeHead(404, { 'Content-Type': 'text/plain' }).end('Not found: the metrics are at GET /metrics\n');
      return;
    }
    registry.metrics().then(
      (body) => res.writeHead(200, { 'Content-Type': registry.contentType }).end(body),
      (error: unknown) => {
        log.error('metrics scrape failed', { err: error as Error });
        res.writeHead(500, { 'Content-Type': 'text/plain' }).end('Metrics unavailable\n');
      },
    );
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', (error: NodeJS.ErrnoException) =>
      reject(new Error(`METRICS_PORT ${port} on ${host}: cannot listen (${error.code ?? error.message})`)),
    );
    server.listen(port, host, resolve);
  });
  return {
    port: (server.address() as AddressInfo).port,
    async close() {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
