/**
 * At most `limit` downloads at once in this process; one more is refused at once rather than queued,
 * since a queued download still holds its client's connection and would only start later anyway.
 * A counter, not a library: nothing waits, so there is no queue to manage.
 */
export class DownloadSlots {
  private taken = 0;

  constructor(readonly limit: number) {}

  /** A slot and the function that gives it back (once, however often it is called), or null when all are taken. */
  take(): (() => void) | null {
    if (this.taken >= this.limit) return null;
    this.taken++;
    let released = false;
    return () => {
      if (released) return;
      released = true;
      this.taken--;
    };
  }

  get inUse(): number {
    return this.taken;
  }
}
