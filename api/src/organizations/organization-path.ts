/** Materialized paths: '/1/5/12/' is organization 12 under 5 under 1. */

export function childPath(parentPath: string | null, id: number): string {
  return `${parentPath ?? '/'}${id}/`;
}

/** Ids from the root down to the organization itself. */
export function idsOnPath(path: string): number[] {
  return path.split('/').filter(Boolean).map(Number);
}

/** Bounds of the index range holding a path and everything below it ('~' sorts after digits and '/'). */
export function subtreeRange(path: string): [string, string] {
  return [path, `${path}~`];
}
