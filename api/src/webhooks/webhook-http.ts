import http from 'node:http';
import https from 'node:https';
import { LookupFunction } from 'node:net';
import { CheckedUrl } from './webhook-url';

export interface WebhookResponse {
  status: number;
}

const USER_AGENT = 'ManagementPortal-Webhooks/1';

/**
 * POSTs `body` to the checked URL, connecting only to its pinned address (a DNS answer cannot change
 * between the check and the connection), with TLS still verified against the host name. Redirects are
 * never followed (Node's client does not follow them; a 3xx is simply not a 2xx). The whole exchange
 * is bounded by `timeoutMs`. Node's own client rather than fetch: undici cannot pin an address per
 * request without a dispatcher of its own, and here one request per attempt is all there is.
 */
export function postWebhook(
  target: CheckedUrl,
  body: string,
  headers: Record<string, string>,
  timeoutMs: number,
): Promise<WebhookResponse> {
  const { url, host, pinned } = target;
  const lookup: LookupFunction = (_hostname, options, callback) => {
    if ((options as { all?: boolean }).all) {
      (callback as unknown as (e: null, a: Array<{ address: string; family: number }>) => void)(null, [pinned]);
    } else callback(null, pinned.address, pinned.family);
  };
  const client = url.protocol === 'https:' ? https : http;
  // Aborts the request, or the answer still arriving, once the time is up.
  const signal = AbortSignal.timeout(timeoutMs);
  return new Promise((resolve, reject) => {
    const fail = (err: Error) => reject(signal.aborted ? new Error(`no answer within ${timeoutMs} ms`) : err);
    const req = client.request(
      {
        method: 'POST',
        host,
        port: url.port || undefined,
        path: `${url.pathname}${url.search}`,
        headers: {
          'Content-Type': 'application/json',
          'Content-Length': String(Buffer.byteLength(body)),
          'User-Agent': USER_AGENT,
          ...headers,
        },
        lookup,
        agent: false,
        servername: host.includes(':') ? undefined : host,
        signal,
      },
      (res) => {
        // Only the status matters; drain the answer so the socket closes.
        res.resume();
        res.on('end', () => resolve({ status: res.statusCode ?? 0 }));
        res.on('error', fail);
      },
    );
    req.on('error', fail);
    req.end(body);
  });
}
