import { Logger } from './logger';

export interface PollingLoopOptions {
  /** What the loop does, for its warning when a pass fails. */
  name: string;
  log: Logger;
  /** How long to sleep between passes when there is nothing to do. */
  pollMs: number;
  /**
   * Counts `pollMs` from the start of each pass instead of its end, so passes keep a steady beat as
   * with setInterval (a beat that falls while a pass still runs is skipped).
   */
  fixedRate?: boolean;
  /** How long start() waits before the first pass (default: none, the first pass starts at once). */
  firstDelayMs?: number;
  /** The sleep after `failedPasses` failed passes in a row (a poke still wakes it at once); default `pollMs`. */
  backoffMs?(failedPasses: number): number;
  /**
   * One pass; answers true when it took a full batch, so the next pass starts at once. `stopping` aborts
   * when stop() is called: a long pass may end early (common/sleep.ts wakes with it).
   */
  pass(stopping: AbortSignal): Promise<boolean>;
  /** Listens for new work (a commit that enqueued some), waking the loop's owner; answers the unsubscribe. */
  subscribe?(): () => void;
}

/**
 * Every background worker's loop (emails, webhooks, alert checks, the usage purge): a pass, then
 * another at once after a full batch or a poke, else a sleep of `pollMs`, or a back-off after failures
 * (the database may be down: the loop stays alive and tries again). `stop` wakes the sleep, aborts
 * the pass's `stopping` signal and waits for the pass in progress. Its timers are unref'd.
 */
export class PollingLoop {
  private stopped = true;
  private loop: Promise<void> | null = null;
  private wake: (() => void) | null = null;
  private poked = false;
  private unsubscribe: (() => void) | null = null;
  private stopping = new AbortController();

  constructor(private readonly options: PollingLoopOptions) {}

  start(): void {
    if (!this.stopped) return;
    this.stopped = false;
    this.stopping = new AbortController();
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
    this.stopping.abort();
    this.wake?.();
    await this.loop;
  }

  private async run(): Promise<void> {
    const { pollMs, fixedRate, firstDelayMs, backoffMs } = this.options;
    // No await before the first pass unless asked: start() begins it at once.
    if (firstDelayMs) await this.sleep(firstDelayMs);
    let failedPasses = 0;
    while (!this.stopped) {
      this.poked = false;
      const started = Date.now();
      let fullBatch = false;
      try {
        fullBatch = await this.options.pass(this.stopping.signal);
        failedPasses = 0;
      } catch (err) {
        failedPasses++;
        this.options.log.warn(`${this.options.name} pass failed; will retry`, { err: err as Error, failedPasses });
      }
      if (this.stopped) break;
      if (!failedPasses && (fullBatch || this.poked)) continue;
      if (failedPasses) await this.sleep(backoffMs ? backoffMs(failedPasses) : pollMs);
      else await this.sleep(fixedRate ? pollMs - ((Date.now() - started) % pollMs) : pollMs);
    }
  }

  private sleep(ms: number): Promise<void> {
    if (this.stopped) return Promise.resolve();
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
