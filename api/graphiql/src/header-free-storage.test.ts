import { headerFreeStorage } from './header-free-storage';

/** A Web Storage over a Map, as localStorage behaves. */
function memoryStorage(entries: Record<string, string> = {}) {
  const map = new Map(Object.entries(entries));
  return {
    map,
    getItem: (key: string) => map.get(key) ?? null,
    setItem: (key: string, value: string) => void map.set(key, value),
    removeItem: (key: string) => void map.delete(key),
    key: (index: number) => [...map.keys()][index] ?? null,
    get length() {
      return map.size;
    },
  };
}

const DEMO = '{"Authorization":"Bearer demo"}';
const tabState = (headers: string | null) =>
  JSON.stringify({
    activeTabIndex: 0,
    tabs: [{ id: '1', title: 'Dashboard', query: '{ viewer { roles } }', headers }],
  });

describe('headerFreeStorage', () => {
  it('stores tabs, history and favourites without headers, and never the headers key', () => {
    const local = memoryStorage();
    const storage = headerFreeStorage(local, DEMO);
    storage.setItem('graphiql:tabState', tabState('{"Authorization":"Bearer mine"}'));
    storage.setItem('graphiql:queries', JSON.stringify({ queries: [{ query: '{ a }', headers: 'x' }] }));
    storage.setItem('graphiql:favorites', JSON.stringify({ favorites: [{ query: '{ b }', headers: 'y' }] }));
    storage.setItem('graphiql:headers', DEMO);
    storage.setItem('graphiql:query', '{ viewer { roles } }');
    expect(Object.fromEntries(local.map)).toEqual({
      'graphiql:tabState': tabState(null),
      'graphiql:queries': JSON.stringify({ queries: [{ query: '{ a }', headers: null }] }),
      'graphiql:favorites': JSON.stringify({ favorites: [{ query: '{ b }', headers: null }] }),
      'graphiql:query': '{ viewer { roles } }',
    });
  });

  it('reads them back with the default headers, or none without a demo token', () => {
    const local = memoryStorage({
      'graphiql:tabState': tabState(null),
      'graphiql:queries': JSON.stringify({ queries: [{ query: '{ a }', headers: null }] }),
      'graphiql:theme': 'dark',
      'other-app': 'kept',
    });
    const demo = headerFreeStorage(local, DEMO);
    expect(demo.getItem('graphiql:tabState')).toBe(tabState(DEMO));
    expect(JSON.parse(demo.getItem('graphiql:queries')!).queries[0].headers).toBe(DEMO);
    expect(demo.getItem('graphiql:headers')).toBe(DEMO);
    const plain = headerFreeStorage(local, '');
    expect(plain.getItem('graphiql:tabState')).toBe(tabState(null));
    expect(plain.getItem('graphiql:headers')).toBeNull();
    expect(plain.getItem('graphiql:theme')).toBe('dark');
    // Clearing GraphiQL's storage leaves other keys of the origin alone.
    expect(plain.length).toBe(3);
    plain.clear();
    expect(Object.fromEntries(local.map)).toEqual({ 'other-app': 'kept' });
  });
});
