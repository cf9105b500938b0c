interface Batch<K, V> {
  keys: Set<K>;
  result: Promise<Map<K, V>>;
  settle: { resolve(value: Map<K, V>): void; reject(error: unknown): void };
}

/**
 * One read in flight per process for many requests' keys: a request's keys join the next read, which
 * starts at once when none is in flight, else as soon as the one in flight ends. Every request is thus
 * answered by a read that began after it asked, and sees every write committed before it asked, while
 * concurrent requests share statements (a dashboard under load sends far fewer than one each).
 * Unlike DataLoader, which batches within one request's tick, this batches across requests.
 */
export class CoalescedReads<K, V> {
  private next: Batch<K, V> | null = null;
  private inFlight = false;

  constructor(
    private readonly read: (keys: K[]) => Promise<Map<K, V>>,
    /**
     * Longest a read may keep the requests waiting: the statement timeout, so that a read the driver
     * never answers (seen with a frozen network) fails them and lets the next read start. 0: none.
     */
    private readonly timeoutMs = 0,
  ) {}

  load(keys: Iterable<K>): Promise<Map<K, V>> {
    const batch = (this.next ??= this.newBatch());
    for (const key of keys) batch.keys.add(key);
    if (!this.inFlight) this.launch();
    return batch.result;
  }

  private newBatch(): Batch<K, V> {
    let settle!: Batch<K, V>['settle'];
    const result = new Promise<Map<K, V>>((resolve, reject) => (settle = { resolve, reject }));
    // A batch nobody awaits any more (its requests gave up) must not be an unhandled rejection.
    result.catch(() => undefined);
    return { keys: new Set(), result, settle };
  }

  private bounded(read: Promise<Map<K, V>>): Promise<Map<K, V>> {
    if (!this.timeoutMs) return read;
    let timer: NodeJS.Timeout;
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(new ReadTimeoutError(this.timeoutMs)), this.timeoutMs);
    });
    read.catch(() => undefined);
    return Promise.race([read, timeout]).finally(() => clearTimeout(timer));
  }

  private launch(): void {
    const batch = this.next!;
    this.next = null;
    this.inFlight = true;
    this.bounded(this.read([...batch.keys]))
      .then(batch.settle.resolve, batch.settle.reject)
      .finally(() => {
        this.inFlight = false;
        if (this.next) this.launch();
      });
  }
}

/** A coalesced read that took longer than its bound: the database is not answering. */
export class ReadTimeoutError extends Error {
  readonly code = 'PROTOCOL_SEQUENCE_TIMEOUT';

  constructor(ms: number) {
    super(`The read did not finish within ${ms} ms`);
  }
}
