/**
 * How a widget authenticates: a bearer token, or a host function that returns one. Pure, so the
 * rules are tested in jest; the Apollo link that applies them is in apollo-client.ts.
 */

/** Returns a bearer token; `forceRefresh` is set when the previous one was refused. */
export type TokenGetter = (options?: {
  forceRefresh?: boolean;
}) => Promise<string | null | undefined> | string | null | undefined;

export interface Credentials {
  token?: string | null;
  getToken?: TokenGetter | null;
}

/** True when the page gave the widget some way to authenticate. */
export function hasCredentials(credentials: Credentials): boolean {
  return Boolean(credentials.getToken || credentials.token);
}

const getterIds = new WeakMap<TokenGetter, number>();
let nextGetterId = 1;

/**
 * Who the credentials sign in as, for sharing a cache: a getToken function is one identity whatever
 * it returns; a JWT is its issuer, subject, organization and roles, so a rotated token of the same
 * user keeps the cache while another user's token never reads it. A token that is not a JWT is
 * its own identity. The claims are only read to partition the cache, never trusted: the API checks
 * the signature.
 */
export function identityOf(credentials: Credentials): string {
  if (credentials.getToken) {
    let id = getterIds.get(credentials.getToken);
    if (!id) getterIds.set(credentials.getToken, (id = nextGetterId++));
    return `getter:${id}`;
  }
  const token = credentials.token ?? '';
  const claims = jwtClaims(token);
  if (!claims) return `token:${token}`;
  const roles = Array.isArray(claims.roles) ? [...claims.roles].map(String).sort() : claims.roles;
  return `jwt:${JSON.stringify([claims.iss ?? null, claims.sub ?? null, claims.org ?? null, roles ?? null])}`;
}

function jwtClaims(token: string): Record<string, unknown> | null {
  const parts = token.split('.');
  if (parts.length !== 3) return null;
  try {
    const base64 = parts[1].replace(/-/g, '+').replace(/_/g, '/');
    const claims: unknown = JSON.parse(atob(base64.padEnd(Math.ceil(base64.length / 4) * 4, '=')));
    return claims && typeof claims === 'object' && !Array.isArray(claims) ? (claims as Record<string, unknown>) : null;
  } catch {
    return null;
  }
}

type TokenAnswer = string | null | undefined;
const remembered = new WeakMap<TokenGetter, Promise<TokenAnswer>>();

/**
 * The token a getToken function gave, remembered per function so the widgets of a page ask it once.
 * With `refused` (the token the API refused) it is asked again with `forceRefresh`, unless another
 * request already refreshed it, so refusals arriving together cause one refresh.
 */
export async function tokenFromGetter(getToken: TokenGetter, refused?: TokenAnswer): Promise<TokenAnswer> {
  const current = remembered.get(getToken);
  if (current && (refused === undefined || ((await current) ?? null) !== (refused ?? null))) return current;
  const newer = remembered.get(getToken);
  if (newer !== current && newer) return newer;
  const forceRefresh = refused !== undefined;
  const asked = Promise.resolve()
    .then(() => getToken({ forceRefresh }))
    .catch(() => null);
  remembered.set(getToken, asked);
  return asked;
}
