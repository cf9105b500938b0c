import { SignJWT } from 'jose';
import { Role } from './roles';

const encoder = new TextEncoder();

/** An HS256 token as the portal's backend mints one (the demo, tests); auth/token-verifier.ts checks them. */
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
