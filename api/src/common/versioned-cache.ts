/**
 * A bounded in-process cache whose entries are valid for one version of what they were read from:
 * `get` answers only when the caller's version (read from the database in the same request) is the
 * entry's. Least recently used entries go first once `limit` is reached. Hand-written: a Map in
 * insertion order is the whole of an LRU, and the version check is the point.
 */
export class VersionedCache<V> {
  private readonly entries = new Map<string, { version: number; value: V }>();

  constructor(private readonly limit: number) {}

  get(key: string, version: number): V | undefined {
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.version !== version) {
      // Versions only grow: an entry older than the caller's is never served again, so it goes now.
      if (entry.version < version) this.entries.delete(key);
      return undefined;
    }
    // Most recently used last.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Keeps `value` unless a newer version is already kept (a slower request must not roll it back). */
  set(key: string, version: number, value: V): void {
    const known = this.entries.get(key);
    if (known && known.version > version) return;
    this.entries.delete(key);
    this.entries.set(key, { version, value });
    if (this.entries.size > this.limit) this.entries.delete(this.entries.keys().next().value!);
  }

  get size(): number {
    return this.entries.size;
  }
}
