import { jwtVerify, SignJWT, errors as joseErrors } from 'jose';
import { ROLES, Role } from './roles';

export interface TokenClaims {
  sub: string;
  org: string | null;
  roles: Role[];
}

export class InvalidTokenError extends Error {}

const encoder = new TextEncoder();

/**
 * Tokens already verified, per secret: a request's token is checked by the rate limiter and again
 * for its scope, and a dashboard sends the same token on every request. Only valid tokens without
 * `nbf` are kept; expiry is checked again on every hit; the oldest entry goes first.
 */
const VERIFIED_PER_SECRET = 1000;
const verified = new Map<string, Map<string, { claims: TokenClaims; expiresAtMs: number | null }>>();

export async function verifyToken(token: string, secret: string): Promise<TokenClaims> {
  const known = verified.get(secret)?.get(token);
  if (known) {
    if (known.expiresAtMs !== null && Date.now() >= known.expiresAtMs)
      throw new InvalidTokenError('The token has expired');
    return known.claims;
  }
  return verifyUncached(token, secret);
}

async function verifyUncached(token: string, secret: string): Promise<TokenClaims> {
  let payload: Record<string, unknown>;
  try {
    ({ payload } = await jwtVerify(token, encoder.encode(secret), { algorithms: ['HS256'] }));
  } catch (error) {
    if (error instanceof joseErrors.JWTExpired) throw new InvalidTokenError('The token has expired');
    throw new InvalidTokenError('The token is not valid');
  }
  const roles = Array.isArray(payload.roles) ? payload.roles.filter((r): r is Role => ROLES.includes(r as Role)) : [];
  if (typeof payload.sub !== 'string' || !payload.sub) throw new InvalidTokenError('The token has no subject');
  const org = payload.org === undefined || payload.org === null ? null : String(payload.org);
  if (!roles.includes('operator') && !org) throw new InvalidTokenError('The token names no organization');
  const claims: TokenClaims = { sub: payload.sub, org, roles };
  if (payload.nbf === undefined) {
    let cache = verified.get(secret);
    if (!cache) verified.set(secret, (cache = new Map()));
    if (cache.size >= VERIFIED_PER_SECRET) cache.delete(cache.keys().next().value!);
    cache.set(token, { claims, expiresAtMs: typeof payload.exp === 'number' ? payload.exp * 1000 : null });
  }
  return claims;
}

export async function signToken(
  secret: string,
  claims: { sub: string; org?: string | number | null; roles: Role[] },
  expiresIn?: string,
): Promise<string> {
  const jwt = new SignJWT({
    org: claims.org === undefined || claims.org === null ? undefined : String(claims.org),
    roles: claims.roles,
  })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt();
  if (expiresIn) jwt.setExpirationTime(expiresIn);
  return jwt.sign(encoder.encode(secret));
}
