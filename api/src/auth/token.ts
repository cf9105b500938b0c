import { jwtVerify, SignJWT, errors as joseErrors } from 'jose';
import { ROLES, Role } from './roles';

export interface TokenClaims {
  sub: string;
  org: string | null;
  roles: Role[];
}

export class InvalidTokenError extends Error {}

const encoder = new TextEncoder();

export async function verifyToken(token: string, secret: string): Promise<TokenClaims> {
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
  return { sub: payload.sub, org, roles };
}

export async function signToken(
  secret: string,
  claims: { sub: string; org?: string | number | null; roles: Role[] },
  expiresIn?: string,
): Promise<string> {
  const jwt = new SignJWT({ org: claims.org === undefined || claims.org === null ? undefined : String(claims.org), roles: claims.roles })
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT' })
    .setSubject(claims.sub)
    .setIssuedAt();
  if (expiresIn) jwt.setExpirationTime(expiresIn);
  return jwt.sign(encoder.encode(secret));
}
