import http from 'node:http';
import { sleep } from '../common/sleep';

/**
 * The HTTP half of a graceful shutdown: counts the server's requests in flight and, once draining,
 * waits for them while the listener stays open, so `/readyz` can answer 503 and a load balancer that
 * has not noticed yet is still served. Hand-written because Apollo's drain plugin closes the listener
 * at once; it runs afterwards (apollo.stop()) to close what is left.
 */
export class RequestDrain {
  private inFlight = 0;
  private isDraining = false;
  private idle: (() => void) | null = null;

  constructor(server: http.Server) {
    // Before the app's own listener, which may answer at once.
    server.prependListener('request', (_req: http.IncomingMessage, res: http.ServerResponse) => {
      this.inFlight++;
      // A client on a kept-alive connection reconnects, and the load balancer sends it to another process.
      if (this.isDraining) res.setHeader('Connection', 'close');
      res.once('close', () => {
        this.inFlight--;
        if (this.inFlight === 0) this.idle?.();
      });
    });
  }

  get draining(): boolean {
    return this.isDraining;
  }

  /**
   * Marks draining at once (`/readyz` answers 503 from the call on), keeps serving for `delayMs` (the
   * load balancer's time to see the 503), then waits until no request is in flight, `timeoutMs` at
   * most from the call; answers how many were still running.
   */
  async drain(delayMs: number, timeoutMs: number): Promise<number> {
    this.isDraining = true;
    const deadline = AbortSignal.timeout(timeoutMs);
    await sleep(Math.min(delayMs, timeoutMs), deadline);
    while (this.inFlight > 0 && !deadline.aborted) {
      await new Promise<void>((resolve) => {
        this.idle = resolve;
        deadline.addEventListener('abort', () => resolve(), { once: true });
      });
    }
    this.idle = null;
    return this.inFlight;
  }
}
