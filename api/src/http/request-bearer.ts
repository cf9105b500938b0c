import { Request } from 'express';
import { InvalidTokenError, TokenClaims, verifyToken } from '../auth/token';
import { CAN } from '../auth/roles';

/** A request's bearer token, read once: the claims when it verified, else why not (null: none sent). */
export interface RequestBearer {
  claims: TokenClaims | null;
  problem: string | null;
}

const BEARER = /^Bearer\s+(.+)$/i;

/**
 * Parses and verifies the Authorization header once per request, however many steps ask (the body
 * limit, the rate limiter, the GraphQL context): the answer is kept on the request.
 */
export function requestBearer(req: Request, secret: string): Promise<RequestBearer> {
  const holder = req as Request & { bearer?: Promise<RequestBearer> };
  holder.bearer ??= readBearer(req.headers.authorization, secret);
  return holder.bearer;
}

async function readBearer(authorization: string | undefined, secret: string): Promise<RequestBearer> {
  if (!authorization) return { claims: null, problem: null };
  const match = BEARER.exec(authorization);
  if (!match) return { claims: null, problem: 'The Authorization header must be "Bearer <token>"' };
  try {
    return { claims: await verifyToken(match[1].trim(), secret), problem: null };
  } catch (error) {
    if (error instanceof InvalidTokenError) return { claims: null, problem: error.message };
    throw error;
  }
}

/** Whether the request's token may record usage: only such a request may send a body over 1 MB. */
export async function mayRecordUsage(req: Request, secret: string): Promise<boolean> {
  const { claims } = await requestBearer(req, secret);
  return !!claims && claims.roles.some((role) => (CAN.ingest as readonly string[]).includes(role));
}
