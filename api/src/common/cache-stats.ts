/**
 * Lookups of the process's kept answers, per cache (whole responses, computed cycle figures, rollup
 * rows): plain counters, read by GET /bench-stats so the benchmark can print each cache's hit rate.
 */
export interface LookupCounts {
  hits: number;
  misses: number;
}

const lookups = new Map<string, LookupCounts>();

export function countLookup(cache: string, hit: boolean): void {
  let counts = lookups.get(cache);
  if (!counts) lookups.set(cache, (counts = { hits: 0, misses: 0 }));
  if (hit) counts.hits++;
  else counts.misses++;
}

export function cacheLookups(): Record<string, LookupCounts> {
  return Object.fromEntries([...lookups].map(([cache, counts]) => [cache, { ...counts }]));
}
