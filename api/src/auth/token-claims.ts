import type { JWTPayload } from 'jose';
import type { AuthConfig } from '../common/config';
import { ROLES, Role } from './roles';

export interface TokenClaims {
  sub: string;
  org: string | null;
  roles: Role[];
}

/** Why a token is refused; its message is what the client reads (extensions.code UNAUTHENTICATED). */
export class InvalidTokenError extends Error {}

function isRole(name: unknown): name is Role {
  return (ROLES as readonly unknown[]).includes(name);
}

/**
 * A claim by name, or by dotted path (`realm_access.roles`) when no claim has that exact name: some
 * identity providers put dots in claim names (`https://portal.example/org`).
 */
export function readClaim(payload: JWTPayload, name: string): unknown {
  if (name in payload) return payload[name];
  let value: unknown = payload;
  for (const step of name.split('.')) {
    if (typeof value !== 'object' || value === null || Array.isArray(value)) return undefined;
    value = (value as Record<string, unknown>)[step];
  }
  return value;
}

/** A roles claim as names: an array of strings, or one string of space-separated names (OAuth scope style). */
function roleNamesOf(claim: unknown): string[] {
  if (typeof claim === 'string') return claim.split(/\s+/).filter(Boolean);
  if (Array.isArray(claim)) return claim.filter((name): name is string => typeof name === 'string');
  return [];
}

/** The organization claim as an id: a string, or an integer (read as its decimal id). */
function organizationOf(claim: unknown): string | null {
  if (claim === undefined || claim === null || claim === '') return null;
  if (typeof claim === 'string') return claim;
  if (typeof claim === 'number' && Number.isSafeInteger(claim)) return String(claim);
  throw new InvalidTokenError('The token names its organization with neither a string nor an integer');
}

function claimsOf(payload: JWTPayload, org: string | null, roles: Role[]): TokenClaims {
  if (typeof payload.sub !== 'string' || !payload.sub) throw new InvalidTokenError('The token has no subject');
  if (!roles.includes('operator') && !org) throw new InvalidTokenError('The token names no organization');
  return { sub: payload.sub, org, roles: [...new Set(roles)] };
}

/**
 * Claims of a token signed with JWT_SECRET or JWT_SECRET_PREVIOUS: `org` and `roles` in our own
 * names. A role of ours outside JWT_SECRET_ROLES refuses the whole token, so a portal holding the
 * secret cannot mint `operator`; names that are no role of ours are ignored, as they always were.
 */
export function sharedSecretClaims(payload: JWTPayload, allowedRoles: readonly Role[]): TokenClaims {
  const roles = roleNamesOf(payload.roles).filter(isRole);
  if (roles.some((role) => !allowedRoles.includes(role))) {
    throw new InvalidTokenError('The token carries a role its issuer may not grant');
  }
  return claimsOf(payload, organizationOf(payload.org), roles);
}

/**
 * Claims of an identity provider's token, read where AUTH_ORG_CLAIM and AUTH_ROLES_CLAIM say and
 * renamed by AUTH_ROLE_MAP; its roles neither mapped nor named like ours are dropped.
 */
export function identityProviderClaims(
  payload: JWTPayload,
  mapping: Pick<AuthConfig, 'orgClaim' | 'rolesClaim' | 'roleMap'>,
): TokenClaims {
  const roles = roleNamesOf(readClaim(payload, mapping.rolesClaim))
    .map((name) => (Object.hasOwn(mapping.roleMap, name) ? mapping.roleMap[name] : name))
    .filter(isRole);
  return claimsOf(payload, organizationOf(readClaim(payload, mapping.orgClaim)), roles);
}

/**
 * Production's rules on a token's life: it must expire, and within maxSeconds of being issued
 * (exp − iat; exp − now when iat is missing or in the future, so a future iat cannot stretch it).
 */
export function lifetimeProblem(payload: JWTPayload, maxSeconds: number, nowSeconds: number): string | null {
  if (typeof payload.exp !== 'number') return 'The token has no expiry';
  const issuedAt = typeof payload.iat === 'number' ? Math.min(payload.iat, nowSeconds) : nowSeconds;
  if (payload.exp - issuedAt > maxSeconds) {
    return `The token's lifetime exceeds ${maxSeconds} seconds`;
  }
  return null;
}
