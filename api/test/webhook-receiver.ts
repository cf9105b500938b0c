import crypto from 'node:crypto';
import http from 'node:http';
import { AddressInfo } from 'node:net';

export interface ReceivedEvent {
  path: string;
  at: number;
  eventId: string;
  raw: string;
  body: { id: string; type: string; organizationId: string; createdAt: string; data: Record<string, any> };
  status: number;
}

/**
 * A webhook receiver for tests: a real HTTP server that checks every request the way docs/alerts.md
 * tells receivers to (Content-Length, MP-Event-Id = body id, MP-Signature over "<t>.<raw body>" with
 * the secret registered for its path, a timestamp within 5 minutes) and answers with the status
 * `respond` chooses. A request that fails a check is answered 400 and recorded in `rejected`.
 */
export class WebhookReceiver {
  readonly received: ReceivedEvent[] = [];
  readonly rejected: string[] = [];
  readonly secrets = new Map<string, string>();
  /** The status for a request: default 200. */
  respond: (event: ReceivedEvent, attemptOfEvent: number) => number = () => 200;
  private server!: http.Server;
  url = '';

  static async start(): Promise<WebhookReceiver> {
    const receiver = new WebhookReceiver();
    receiver.server = http.createServer((req, res) => receiver.handle(req, res));
    await new Promise<void>((resolve) => receiver.server.listen(0, '127.0.0.1', resolve));
    receiver.url = `http://127.0.0.1:${(receiver.server.address() as AddressInfo).port}`;
    return receiver;
  }

  /** Requests received for an event id (every attempt). */
  attemptsOf(eventId: string): ReceivedEvent[] {
    return this.received.filter((r) => r.eventId === eventId);
  }

  private handle(req: http.IncomingMessage, res: http.ServerResponse): void {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const raw = Buffer.concat(chunks).toString('utf8');
      const problem = this.check(req, raw);
      if (problem) {
        this.rejected.push(problem);
        res.writeHead(400).end(problem);
        return;
      }
      const body = JSON.parse(raw);
      const event: ReceivedEvent = { path: req.url!, at: Date.now(), eventId: body.id, raw, body, status: 0 };
      const attempt = this.attemptsOf(body.id).length + 1;
      event.status = this.respond(event, attempt);
      this.received.push(event);
      res.writeHead(event.status, { 'content-type': 'text/plain' }).end('ok');
    });
  }

  private check(req: http.IncomingMessage, raw: string): string | null {
    const secret = this.secrets.get(req.url!);
    if (!secret) return `no secret for ${req.url}`;
    if (req.method !== 'POST') return `method ${req.method}`;
    if (req.headers['content-type'] !== 'application/json') return `content-type ${req.headers['content-type']}`;
    if (Number(req.headers['content-length']) !== Buffer.byteLength(raw)) return 'content-length mismatch';
    const match = /^t=(\d+),v1=([0-9a-f]{64})$/.exec(String(req.headers['mp-signature'] ?? ''));
    if (!match) return `bad MP-Signature ${req.headers['mp-signature']}`;
    const [, t, v1] = match;
    if (Math.abs(Date.now() / 1000 - Number(t)) > 300) return 'stale signature';
    const expected = crypto.createHmac('sha256', secret).update(`${t}.${raw}`).digest('hex');
    if (!crypto.timingSafeEqual(Buffer.from(expected, 'hex'), Buffer.from(v1, 'hex'))) return 'signature mismatch';
    const body = JSON.parse(raw);
    if (req.headers['mp-event-id'] !== body.id) return 'MP-Event-Id differs from the body id';
    return null;
  }

  close(): Promise<void> {
    return new Promise((resolve) => this.server.close(() => resolve()));
  }
}
