/** The `Authorization` header of a request, parsed once. */
export type BearerHeader = { kind: 'absent' } | { kind: 'malformed' } | { kind: 'token'; token: string };

export function parseBearerHeader(authorization: string | undefined): BearerHeader {
  if (!authorization) return { kind: 'absent' };
  const match = /^Bearer\s+(.+)$/i.exec(authorization);
  return match ? { kind: 'token', token: match[1].trim() } : { kind: 'malformed' };
}
