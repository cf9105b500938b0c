/**
 * GraphiQL keeps its tabs in localStorage but, rightly, not their request headers (they hold tokens),
 * so after a reload every stored tab would lose the demo token. This storage hands GraphiQL its
 * stored tabs with the demo headers put back into each tab that has none; the token itself is never
 * written to storage.
 */

/** The part of the Web Storage API GraphiQL's `storage` prop uses. */
export interface GraphiqlStorage {
  getItem(key: string): string | null;
  setItem(key: string, value: string): void;
  removeItem(key: string): void;
  readonly length: number;
  clear(): void;
}

/** GraphiQL's namespace and tab-state key (@graphiql/toolkit's StorageAPI, @graphiql/react's STORAGE_KEY). */
const NAMESPACE = 'graphiql:';
export const TAB_STATE_KEY = `${NAMESPACE}tabState`;

type BrowserStorage = Pick<Storage, 'getItem' | 'setItem' | 'removeItem' | 'key' | 'length'>;

function withHeaders(tabState: string, headers: string): string {
  try {
    const state = JSON.parse(tabState) as { tabs?: Array<{ headers?: string | null }> };
    if (!Array.isArray(state.tabs)) return tabState;
    for (const tab of state.tabs) if (!tab.headers) tab.headers = headers;
    return JSON.stringify(state);
  } catch {
    return tabState;
  }
}

export function demoHeadersStorage(storage: BrowserStorage, headers: string): GraphiqlStorage {
  const graphiqlKeys = () =>
    Array.from({ length: storage.length }, (_, index) => storage.key(index)).filter(
      (key): key is string => key?.startsWith(NAMESPACE) ?? false,
    );
  return {
    getItem(key) {
      const value = storage.getItem(key);
      return key === TAB_STATE_KEY && value ? withHeaders(value, headers) : value;
    },
    setItem: (key, value) => storage.setItem(key, value),
    removeItem: (key) => storage.removeItem(key),
    get length() {
      return graphiqlKeys().length;
    },
    clear() {
      for (const key of graphiqlKeys()) storage.removeItem(key);
    },
  };
}
