import { InvalidTokenError, TokenClaims } from './token-claims';
import { TokenVerifier } from './token-verifier';

/** A request's bearer token, read once: the claims when it verified, else why not (null: none sent). */
export interface Bearer {
  claims: TokenClaims | null;
  problem: string | null;
}

const BEARER = /^Bearer\s+(.+)$/i;

/** Parses the `Authorization` header and verifies its token. */
export async function readBearer(authorization: string | undefined, tokens: TokenVerifier): Promise<Bearer> {
  if (!authorization) return { claims: null, problem: null };
  const match = BEARER.exec(authorization);
  if (!match) return { claims: null, problem: 'The Authorization header must be "Bearer <token>"' };
  try {
    return { claims: await tokens.verify(match[1].trim()), problem: null };
  } catch (error) {
    if (error instanceof InvalidTokenError) return { claims: null, problem: error.message };
    throw error;
  }
}
