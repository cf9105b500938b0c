/**
 * Shared things with reference counting: the first holder creates one, the last to let go disposes
 * of it. Disposal waits a moment, so an element moved in the page (disconnected, then connected again)
 * keeps what it held.
 */
export interface Lease<T> {
  readonly key: string;
  readonly value: T;
  /** Lets go; a second call does nothing. */
  release(): void;
}

interface Entry<T> {
  value: T;
  holders: number;
  disposal: ReturnType<typeof setTimeout> | undefined;
}

export class SharedRegistry<T> {
  private readonly entries = new Map<string, Entry<T>>();

  constructor(
    private readonly create: (key: string) => T,
    private readonly dispose: (value: T) => void,
    private readonly disposeDelayMs = 0,
  ) {}

  /** How many are alive: a debugging and test aid. */
  get size(): number {
    return this.entries.size;
  }

  acquire(key: string): Lease<T> {
    let entry = this.entries.get(key);
    if (!entry) {
      entry = { value: this.create(key), holders: 0, disposal: undefined };
      this.entries.set(key, entry);
    }
    if (entry.disposal !== undefined) clearTimeout(entry.disposal);
    entry.disposal = undefined;
    entry.holders += 1;
    const held = entry;
    let released = false;
    return {
      key,
      value: held.value,
      release: () => {
        if (released) return;
        released = true;
        held.holders -= 1;
        if (held.holders === 0) held.disposal = setTimeout(() => this.disposeIfUnheld(key, held), this.disposeDelayMs);
      },
    };
  }

  private disposeIfUnheld(key: string, entry: Entry<T>): void {
    if (entry.holders > 0 || this.entries.get(key) !== entry) return;
    this.entries.delete(key);
    this.dispose(entry.value);
  }
}
