// First: tracing must patch http, express, graphql and mysql2 before anything requires them.
import { flushTracing } from './tracing';
import 'reflect-metadata';
import { ConfigError } from './common/config';
import { startServer } from './server';

async function main(): Promise<void> {
  const server = await startServer();
  const { config } = server;
  const lines = [
    '',
    `Management Portal Dashboard is running on ${server.url}`,
    `  Demo page:  ${server.url}/`,
    `  GraphQL:    ${server.url}/graphql${config.playground ? ' (GraphiQL in the browser)' : ''}`,
    `  Database:   ${config.databaseUrl.replace(/\/\/([^:@/]+):[^@/]*@/, '//$1:***@')}`,
    config.smtpUrl
      ? `  Email:      ${config.smtpUrl}`
      : `  Email:      written to ${config.outboxDir} (set SMTP_URL to send)`,
  ];
  if (server.demoToken) {
    lines.push(
      '',
      `Admin token for the demo organization (id ${server.demoOrganizationId}), ` +
        'send as "Authorization: Bearer <token>":',
      server.demoToken,
    );
  }
  if (config.jwtSecretIsDefault) lines.push('', 'Warning: JWT_SECRET is not set; a development secret signs tokens.');
  process.stdout.write(`${lines.join('\n')}\n\n`);

  const { log } = server.deps;
  // A stray rejection (a dropped database connection, say) is logged, not allowed to end the process.
  process.on('unhandledRejection', (reason) =>
    log.error('unhandled rejection', { err: reason instanceof Error ? reason : new Error(String(reason)) }),
  );

  let stopping = false;
  // SIGTERM: /readyz 503 at once; serve on for SHUTDOWN_DELAY_MS, let in-flight requests finish (at most
  // 8 s) while the background jobs stop, close the listener and the pool, then exit 0.
  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const started = Date.now();
    log.info('shutting down', { signal });
    const limitMs = config.shutdownDelayMs + 10_000;
    const force = setTimeout(() => {
      log.error(`shutdown took longer than ${limitMs / 1000} s; exiting anyway`, { signal });
      process.exit(1);
    }, limitMs);
    // Left referenced: it also keeps the process alive until the pool has closed and exit is called.
    void force;
    try {
      await server.close();
    } catch (error) {
      log.error('shutdown failed', { err: error as Error });
      process.exit(1);
    }
    log.info('stopped', { signal, durationMs: Date.now() - started });
    // The last spans are still batched; send them before exiting.
    await flushTracing().catch((error) => log.warn('trace export failed at shutdown', { err: error as Error }));
    process.exit(0);
  };
  process.on('SIGTERM', () => void stop('SIGTERM'));
  process.on('SIGINT', () => void stop('SIGINT'));
}

main().catch((error) => {
  if (error instanceof ConfigError) {
    process.stderr.write(`Configuration error: ${error.message}\n`);
  } else {
    process.stderr.write(`Failed to start: ${(error as Error).stack ?? error}\n`);
  }
  process.exit(1);
});
