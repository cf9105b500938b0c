import { AsyncLocalStorage } from 'node:async_hooks';
import pino from 'pino';

/** Structured JSON lines (pino); one per event, with the request id where there is one. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const LEVELS: readonly string[] = ['debug', 'info', 'warn', 'error', 'silent'];

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

/**
 * What the lines of one HTTP request share: its id goes on every line logged while it runs; the rest
 * is filled in as the request learns it (the GraphQL operation, the token) for its access line.
 */
export interface RequestScope {
  requestId: string;
  /** The GraphQL operation's name (null: anonymous); unset for other routes. */
  operationName?: string | null;
  /** The verified token's subject and organization; unset without one. */
  subject?: string;
  organization?: string | null;
}

const requestScopes = new AsyncLocalStorage<RequestScope>();

/** Runs `fn` (an HTTP request's handling) so that every line it causes, however deep, carries the id. */
export function runInRequestScope<T>(scope: RequestScope, fn: () => T): T {
  return requestScopes.run(scope, fn);
}

/** Adds what a later step learned about the current request (nothing outside a request). */
export function describeRequest(facts: Omit<RequestScope, 'requestId'>): void {
  const scope = requestScopes.getStore();
  if (scope) Object.assign(scope, facts);
}

/**
 * A pino logger behind the project's small interface, so callers never import pino. Lines look
 * like `{"level":"info","time":"2026-…Z","msg":"…","requestId":"…"}`; `err` fields are serialized
 * with their message, code and stack (the stack stays in the log, never in a response).
 */
export function createLogger(level: string, write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  const base = pino(
    {
      level: LEVELS.includes(level) ? level : 'info',
      base: undefined,
      timestamp: pino.stdTimeFunctions.isoTime,
      formatters: { level: (label) => ({ level: label }) },
      serializers: { err: pino.stdSerializers.err },
      // A field the caller gives wins over the mixin's; outside a request the line has no id.
      mixin: () => {
        const scope = requestScopes.getStore();
        return scope ? { requestId: scope.requestId } : {};
      },
    },
    { write },
  );
  const emit =
    (lvl: Exclude<LogLevel, 'silent'>) =>
    (msg: string, fields: Record<string, unknown> = {}) =>
      base[lvl](fields, msg);
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
