import { Request } from 'express';
import { Bearer, readBearer } from '../auth/bearer-token';
import { CAN } from '../auth/roles';
import { TokenVerifier } from '../auth/token-verifier';

/**
 * The request's bearer token, parsed and verified once however many steps ask (the body limit, the
 * rate limiter, the GraphQL context): the answer is kept on the request.
 */
export function requestBearer(req: Request, tokens: TokenVerifier): Promise<Bearer> {
  const holder = req as Request & { bearer?: Promise<Bearer> };
  holder.bearer ??= readBearer(req.headers.authorization, tokens);
  return holder.bearer;
}

/** Whether the request's token may record usage: only such a request may send a body over 1 MB. */
export async function mayRecordUsage(req: Request, tokens: TokenVerifier): Promise<boolean> {
  const { claims } = await requestBearer(req, tokens);
  return !!claims && claims.roles.some((role) => (CAN.ingest as readonly string[]).includes(role));
}
