import net from 'node:net';

// smtp-server ships no types; the little used here is typed below.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const { SMTPServer } = require('smtp-server') as {
  SMTPServer: new (options: Record<string, unknown>) => SmtpServerHandle;
};

interface SmtpServerHandle {
  listen(port: number, host: string, callback: () => void): void;
  close(callback: () => void): void;
  server: net.Server;
  on(event: 'error', listener: (error: Error) => void): void;
}

export interface ReceivedEmail {
  from: string;
  to: string[];
  subject: string;
  messageId: string;
  /** The X-Notification-Cause header: the outbox row's cause key. */
  causeKey: string;
  raw: string;
  /** Date.now() when the server accepted the message. */
  receivedAt: number;
}

/** Unfolds and reads the header block of a raw message. */
function headers(raw: string): Map<string, string> {
  const head = raw.split(/\r?\n\r?\n/, 1)[0].replace(/\r?\n[ \t]+/g, ' ');
  const map = new Map<string, string>();
  for (const line of head.split(/\r?\n/)) {
    const colon = line.indexOf(':');
    if (colon > 0) map.set(line.slice(0, colon).trim().toLowerCase(), line.slice(colon + 1).trim());
  }
  return map;
}

/** Decodes quoted-printable body text, enough to assert on what nodemailer wrote. */
export function decodedText(raw: string): string {
  return raw
    .replace(/=\r?\n/g, '')
    .replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

/**
 * A real SMTP server on 127.0.0.1 that keeps every message it accepts. `down()` closes it (the
 * dispatcher then sees ECONNREFUSED) and `up()` listens again on the same port.
 */
export class SmtpSink {
  readonly received: ReceivedEmail[] = [];
  private server: SmtpServerHandle | null = null;
  private waiters: Array<() => void> = [];

  private constructor(public port: number) {}

  static async start(): Promise<SmtpSink> {
    const sink = new SmtpSink(0);
    await sink.up();
    return sink;
  }

  get url(): string {
    return `smtp://127.0.0.1:${this.port}`;
  }

  async up(): Promise<void> {
    if (this.server) return;
    const server = new SMTPServer({
      authOptional: true,
      disableReverseLookup: true,
      disabledCommands: ['STARTTLS', 'AUTH'],
      logger: false,
      onData: (
        stream: NodeJS.ReadableStream,
        session: { envelope: { mailFrom: { address: string } | false; rcptTo: Array<{ address: string }> } },
        callback: (error?: Error) => void,
      ) => {
        const chunks: Buffer[] = [];
        stream.on('data', (chunk: Buffer) => chunks.push(chunk));
        stream.on('end', () => {
          const raw = Buffer.concat(chunks).toString('utf8');
          const h = headers(raw);
          this.received.push({
            from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
            to: session.envelope.rcptTo.map((r) => r.address),
            subject: h.get('subject') ?? '',
            messageId: h.get('message-id') ?? '',
            causeKey: h.get('x-notification-cause') ?? '',
            raw,
            receivedAt: Date.now(),
          });
          callback();
          const waiters = this.waiters;
          this.waiters = [];
          waiters.forEach((w) => w());
        });
      },
    });
    server.on('error', () => undefined);
    await new Promise<void>((resolve) => server.listen(this.port, '127.0.0.1', resolve));
    this.port = (server.server.address() as net.AddressInfo).port;
    this.server = server;
  }

  async down(): Promise<void> {
    const server = this.server;
    this.server = null;
    if (server) await new Promise<void>((resolve) => server.close(resolve));
  }

  /** Resolves once `count` messages have arrived in all; rejects after `timeoutMs`. */
  async waitFor(count: number, timeoutMs = 10_000): Promise<ReceivedEmail[]> {
    const deadline = Date.now() + timeoutMs;
    while (this.received.length < count) {
      const left = deadline - Date.now();
      if (left <= 0)
        throw new Error(
          `expected ${count} emails within ${timeoutMs} ms, got ${this.received.length}: ` +
            this.received.map((m) => m.subject).join(' | '),
        );
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, left);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    }
    return this.received.slice(0, count);
  }

  /** Waits `ms` and answers how many messages arrived in all (to prove no extra one comes). */
  async settle(ms: number): Promise<number> {
    await new Promise((resolve) => setTimeout(resolve, ms));
    return this.received.length;
  }
}

/** A TCP server that accepts connections and never greets: an SMTP server that hangs. */
export async function startSilentSmtp(): Promise<{ url: string; connections: () => number; close(): Promise<void> }> {
  const sockets = new Set<net.Socket>();
  let count = 0;
  const server = net.createServer((socket) => {
    count++;
    sockets.add(socket);
    socket.on('error', () => undefined);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const port = (server.address() as net.AddressInfo).port;
  return {
    url: `smtp://127.0.0.1:${port}`,
    connections: () => count,
    close: () =>
      new Promise<void>((resolve) => {
        sockets.forEach((s) => s.destroy());
        server.close(() => resolve());
      }),
  };
}
