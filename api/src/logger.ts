/** Structured JSON lines on stdout; one per event, with the request id where there is one. */
export type LogLevel = 'debug' | 'info' | 'warn' | 'error' | 'silent';
const ORDER: Record<LogLevel, number> = { debug: 10, info: 20, warn: 30, error: 40, silent: 100 };

export interface Logger {
  debug(msg: string, fields?: Record<string, unknown>): void;
  info(msg: string, fields?: Record<string, unknown>): void;
  warn(msg: string, fields?: Record<string, unknown>): void;
  error(msg: string, fields?: Record<string, unknown>): void;
}

export function createLogger(level: string, write: (line: string) => void = (l) => process.stdout.write(l)): Logger {
  const threshold = ORDER[(level as LogLevel) in ORDER ? (level as LogLevel) : 'info'];
  const emit = (lvl: LogLevel) => (msg: string, fields: Record<string, unknown> = {}) => {
    if (ORDER[lvl] < threshold) return;
    const line: Record<string, unknown> = { time: new Date().toISOString(), level: lvl, msg, ...fields };
    if (fields.err instanceof Error) line.err = { message: fields.err.message, stack: fields.err.stack, code: (fields.err as { code?: unknown }).code };
    write(`${JSON.stringify(line)}\n`);
  };
  return { debug: emit('debug'), info: emit('info'), warn: emit('warn'), error: emit('error') };
}
