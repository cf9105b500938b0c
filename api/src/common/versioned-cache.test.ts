import { VersionedCache } from './versioned-cache';

describe('VersionedCache', () => {
  it('answers an entry only for the version it was kept for', () => {
    const cache = new VersionedCache<string>(10);
    cache.set('org:1', 3, 'rows of version 3');
    expect(cache.get('org:1', 3)).toBe('rows of version 3');
    expect(cache.get('org:1', 4)).toBeUndefined();
    expect(cache.get('org:2', 3)).toBeUndefined();
  });

  it('keeps the newer version when a slower request stores an older one', () => {
    const cache = new VersionedCache<string>(10);
    cache.set('org:1', 5, 'new');
    cache.set('org:1', 4, 'old');
    expect(cache.get('org:1', 5)).toBe('new');
    expect(cache.get('org:1', 4)).toBeUndefined();
    cache.set('org:1', 6, 'newer');
    expect(cache.get('org:1', 6)).toBe('newer');
  });

  it('drops an entry once asked for a newer version, never for an older one', () => {
    const cache = new VersionedCache<string>(10);
    cache.set('org:1', 5, 'v5');
    expect(cache.get('org:1', 4)).toBeUndefined(); // a slower request: the newer entry stays
    expect(cache.size).toBe(1);
    expect(cache.get('org:1', 5)).toBe('v5');
    expect(cache.get('org:1', 6)).toBeUndefined(); // moved on: v5 can never be served again
    expect(cache.size).toBe(0);
  });

  it('drops the least recently used entry beyond its limit', () => {
    const cache = new VersionedCache<string>(2);
    cache.set('a', 1, 'A');
    cache.set('b', 1, 'B');
    expect(cache.get('a', 1)).toBe('A'); // a is now the most recently used
    cache.set('c', 1, 'C');
    expect(cache.size).toBe(2);
    expect(cache.get('b', 1)).toBeUndefined();
    expect(cache.get('a', 1)).toBe('A');
    expect(cache.get('c', 1)).toBe('C');
  });
});
