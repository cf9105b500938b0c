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
    },
    { write },
  );
  const emit =
    (lvl: Exclude<LogLevel, 'silent'>) =>
    (msg: string, fields: Record<string, unknown> = {}) =>
      base[lvl](fields, msg);
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
