/**
 * GraphiQL's localStorage without request headers. Headers carry tokens, and GraphiQL keeps them in
 * its history (and, if asked, in its tabs); here they are dropped from everything written, and each
 * tab and history item read back gets the page's default headers instead: the demo token on a demo
 * start, else none. So a reload keeps every tab's demo token and no token is ever stored.
 */

/** The part of the Web Storage API GraphiQL's `storage` prop uses. */
export interface GraphiqlStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  readonly length: number;
  clear(): void;
}

type BrowserStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

/** GraphiQL's namespace (@graphiql/toolkit's StorageAPI) and its keys that hold headers. */
const NAMESPACE = 'graphiql:';
const HEADERS_KEY = `${NAMESPACE}headers`;
/** Each of these holds `{ [list]: [{ headers, … }] }`: the tabs, the history, the favourites. */
const LISTS_WITH_HEADERS: Record<string, string> = {
  [`${NAMESPACE}tabState`]: 'tabs',
  [`${NAMESPACE}queries`]: 'queries',
  [`${NAMESPACE}favorites`]: 'favorites',
};

/** The stored value with every item's headers replaced as `replace` says; unreadable values as they are. */
function mapHeaders(value: string, list: string, replace: (headers: string | null) => string | null): string {
  try {
    const stored = JSON.parse(value) as Record<string, Array<{ headers?: string | null }> | undefined>;
    const items = stored[list];
    if (!Array.isArray(items)) return value;
    for (const item of items) item.headers = replace(item.headers ?? null);
    return JSON.stringify(stored);
  } catch {
    return value;
  }
}

export function headerFreeStorage(storage: BrowserStorage, defaultHeaders: string): GraphiqlStorage {
  const graphiqlKeys = () =>
    Array.from({ length: storage.length }, (_, index) => storage.key(index)).filter(
      (key): key is string => key?.startsWith(NAMESPACE) ?? false,
    );
  const fallback = defaultHeaders || null;
  return {
    getItem(key) {
      if (key === HEADERS_KEY) return fallback;
      const value = storage.getItem(key);
      const list = LISTS_WITH_HEADERS[key];
      return list && value ? mapHeaders(value, list, (headers) => headers || fallback) : value;
    },
    setItem(key, value) {
      if (key === HEADERS_KEY) return;
      const list = LISTS_WITH_HEADERS[key];
      storage.setItem(key, list ? mapHeaders(value, list, () => null) : value);
    },
    removeItem: (key) => storage.removeItem(key),
    get length() {
      return graphiqlKeys().length;
    },
    clear() {
      for (const key of graphiqlKeys()) storage.removeItem(key);
    },
  };
}
