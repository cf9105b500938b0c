import { Logger } from './logger';

export interface PollingLoopOptions {
  /** What the loop does, for its warning when a pass fails. */
  name: string;
  log: Logger;
  /** How long to sleep between passes when there is nothing to do. */
  pollMs: number;
  /** The sleep after `failedPasses` failed passes in a row (a poke still wakes it at once). */
  backoffMs(failedPasses: number): number;
  /** One pass; answers true when it took a full batch, so the next pass starts at once. */
  pass(): Promise<boolean>;
  /** Listens for new work (a commit that enqueued some), waking the loop's owner; answers the unsubscribe. */
  subscribe?(): () => void;
}

/**
 * The outbox senders' loop (emails, webhooks): a pass, then another at once after a full batch or a
 * poke, else a sleep of `pollMs`, or a back-off after failures (the database may be down: the loop
 * stays alive and tries again). `stop` wakes the sleep and waits for the pass in progress.
 */
export class PollingLoop {
  private stopped = true;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private poked = false;
  private unsubscribe: (() => void) | null = null;

  constructor(private readonly options: PollingLoopOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.unsubscribe = this.options.subscribe?.() ?? null;
    this.loop = this.run();
  }

  /** Asks for a pass now. */
  poke(): void {
    this.poked = true;
    this.wake?.();
  }

  get running(): boolean {
    return !this.stopped;
  }

  async stop(): Promise<void> {
    if (this.stopped) return;
    this.stopped = true;
    this.unsubscribe?.();
    this.unsubscribe = null;
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    let failedPasses = 0;
    while (!this.stopped) {
      this.poked = false;
      let fullBatch = false;
      try {
        fullBatch = await this.options.pass();
        failedPasses = 0;
      } catch (err) {
        failedPasses++;
        this.options.log.warn(`${this.options.name} pass failed; will retry`, { err: err as Error, failedPasses });
      }
      if (this.stopped) break;
      if (!failedPasses && (fullBatch || this.poked)) continue;
      await this.sleep(failedPasses ? this.options.backoffMs(failedPasses) : this.options.pollMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    return new Promise((resolve) => {
      const done = () => {
        clearTimeout(timer);
        this.wake = null;
        resolve();
      };
      const timer = setTimeout(done, ms);
      timer.unref?.();
      this.wake = done;
    });
  }
}
