import { Request } from 'express';
import { Bearer, readBearer } from '../auth/bearer-token';
import { CAN } from '../auth/roles';

/**
 * The request's bearer token, parsed and verified once however many steps ask (the body limit, the
 * rate limiter, the GraphQL context): the answer is kept on the request.
 */
export function requestBearer(req: Request, secret: string): Promise<Bearer> {
  const holder = req as Request & { bearer?: Promise<Bearer> };
  holder.bearer ??= readBearer(req.headers.authorization, secret);
  return holder.bearer;
}

/** Whether the request's token may record usage: only such a request may send a body over 1 MB. */
export async function mayRecordUsage(req: Request, secret: string): Promise<boolean> {
  const { claims } = await requestBearer(req, secret);
  return !!claims && claims.roles.some((role) => (CAN.ingest as readonly string[]).includes(role));
}
