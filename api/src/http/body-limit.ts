import { AsyncResource } from 'node:async_hooks';
import { NextFunction, Request, Response } from 'express';
import { JSONParser } from '@streamparser/json';
import { Kind, OperationDefinitionNode, parse } from 'graphql';
import { RequestLimits } from '../common/config';

/** Whether a request's bearer token may record usage (checked before a large body is read on). */
export type MayIngest = (req: Request) => Promise<boolean>;

/**
 * JSON bodies for /graphql, read with the limit applied while the bytes arrive, before any parsing:
 * at most `bodyBytes` (1 MB). A body may grow past that, up to `recordUsageBodyBytes` (10,000
 * events), only when, at the moment it crosses 1 MB, its token may record usage and the `query`
 * found in its first megabyte is a lone `recordUsage` mutation. Anything else is answered 413 at
 * that moment and the connection closed, so a 5 MB body of another kind is never parsed, and an
 * anonymous one never read past 1 MB. (body-parser decides only after reading the whole body.)
 */
export function graphqlBodyParser(limits: RequestLimits, mayIngest: MayIngest) {
  const ceiling = Math.max(limits.bodyBytes, limits.recordUsageBodyBytes);
  return (req: Request, res: Response, next: NextFunction) => {
    // Apollo's Express integration wants the property present, even for a GET or a refused type.
    if (!('body' in req)) (req as Request).body = undefined;
    if (req.method !== 'POST' || !req.is('application/json')) {
      next();
      return;
    }
    const declared = Number(req.headers['content-length']);
    if (declared > ceiling) {
      tooLarge(req, res, limits, declared);
      return;
    }
    const encoding = (req.headers['content-encoding'] ?? 'identity').toLowerCase();
    if (encoding !== 'identity') {
      badRequest(res, 415, 'Compressed request bodies are not accepted');
      return;
    }
    readBody(req, res, next, limits, mayIngest);
  };
}

function readBody(req: Request, res: Response, next: NextFunction, limits: RequestLimits, mayIngest: MayIngest): void {
  // The socket's events run outside the request's async context: what `next` starts must run inside
  // it, to keep the request's log scope (common/logger.ts).
  next = AsyncResource.bind(next);
  const chunks: Buffer[] = [];
  let size = 0;
  let allowance = limits.bodyBytes;
  let settled = false;
  const refuse = () => {
    settled = true;
    req.removeListener('data', onData);
    tooLarge(req, res, limits, size);
  };
  const onData = (chunk: Buffer) => {
    chunks.push(chunk);
    size += chunk.length;
    if (size <= allowance) return;
    if (allowance > limits.bodyBytes) {
      refuse();
      return;
    }
    // The body just passed 1 MB: decide on its first megabyte whether it may go on.
    req.pause();
    const prefix = Buffer.concat(chunks).subarray(0, limits.bodyBytes);
    mayIngest(req)
      .then((allowed) => allowed && isRecordUsageOnly(leadingRequestFields(prefix), limits.maxTokens))
      .then((allowed) => {
        if (!allowed) return refuse();
        allowance = Math.max(limits.bodyBytes, limits.recordUsageBodyBytes);
        if (size > allowance) return refuse();
        req.resume();
      }, next);
  };
  req.on('data', onData);
  req.on('error', (error) => {
    if (!settled) next(error);
    settled = true;
  });
  req.on('end', () => {
    if (settled) return;
    settled = true;
    let body: unknown;
    try {
      body = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      badRequest(res, 400, 'The request body is not valid JSON');
      return;
    }
    // Checked again on the whole body: a second "query" key after the first megabyte would win.
    if (size > limits.bodyBytes && !isRecordUsageOnly(body, limits.maxTokens)) {
      tooLarge(req, res, limits, size);
      return;
    }
    req.body = body;
    next();
  });
}

/**
 * `query` and `operationName` of a JSON request body read from its beginning, without parsing the
 * rest: @streamparser/json tokenizes the prefix in slices and stops once both are known.
 */
export function leadingRequestFields(prefix: Buffer): { query?: unknown; operationName?: unknown } {
  const found: { query?: unknown; operationName?: unknown } = {};
  const parser = new JSONParser({ paths: ['$.query', '$.operationName'], keepStack: false });
  parser.onValue = ({ value, key }) => {
    if (key === 'query' || key === 'operationName') found[key] = value;
  };
  const SLICE = 16 * 1024;
  try {
    for (let at = 0; at < prefix.length && found.query === undefined; at += SLICE)
      parser.write(prefix.subarray(at, at + SLICE));
  } catch {
    // Not JSON, or cut mid-token at the prefix's end: what was found so far is all there is.
  }
  return found;
}

/** A GraphQL-shaped BAD_REQUEST answer, so clients read every refused body the same way. */
function badRequest(res: Response, status: number, message: string): void {
  res.status(status).json({
    errors: [{ message, extensions: { code: 'BAD_REQUEST', requestId: res.locals.requestId } }],
  });
}

function tooLarge(req: Request, res: Response, limits: RequestLimits, actual: number): void {
  res.setHeader('Connection', 'close');
  res.status(413).json({
    errors: [
      {
        message:
          `The request body has ${actual} bytes or more; at most ${limits.bodyBytes} are allowed ` +
          `(${limits.recordUsageBodyBytes} for a recordUsage mutation alone, ` +
          'sent with a token that may record usage and with "query" before "variables")',
        extensions: { code: 'PAYLOAD_TOO_LARGE', limit: limits.bodyBytes, actual, requestId: res.locals.requestId },
      },
    ],
  });
  // Hang up rather than drain what the client is still sending.
  res.on('finish', () => req.socket.destroy());
}

/** Whether the body's operation is a mutation selecting `recordUsage` and nothing else. */
export function isRecordUsageOnly(body: unknown, maxTokens: number): boolean {
  const { query, operationName } = (body ?? {}) as { query?: unknown; operationName?: unknown };
  if (typeof query !== 'string') return false;
  let operations: OperationDefinitionNode[];
  try {
    operations = parse(query, { maxTokens }).definitions.filter(
      (d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION,
    );
  } catch {
    return false;
  }
  const operation =
    typeof operationName === 'string'
      ? operations.find((o) => o.name?.value === operationName)
      : operations.length === 1
        ? operations[0]
        : undefined;
  if (!operation || operation.operation !== 'mutation') return false;
  const [only, ...rest] = operation.selectionSet.selections;
  return !rest.length && only?.kind === Kind.FIELD && only.name.value === 'recordUsage';
}
