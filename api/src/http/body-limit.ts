import express, { NextFunction, Request, Response } from 'express';
import { Kind, OperationDefinitionNode, parse } from 'graphql';
import { RequestLimits } from '../config';

/**
 * JSON bodies for /graphql: at most `bodyBytes` (1 MB), except a request whose only operation is a
 * `recordUsage` mutation, which may carry up to `recordUsageBodyBytes` (its 10,000 events). Bodies
 * over the larger limit are refused by their Content-Length before they are read.
 */
export function graphqlBodyParser(limits: RequestLimits) {
  const parseJson = express.json({
    limit: Math.max(limits.bodyBytes, limits.recordUsageBodyBytes),
    verify: (req, _res, buf) => {
      (req as Request & { bodyBytes?: number }).bodyBytes = buf.length;
    },
  });
  const ceiling = Math.max(limits.bodyBytes, limits.recordUsageBodyBytes);
  return [
    // body-parser would drain an oversized upload before refusing it; answer at once and hang up.
    (req: Request, res: Response, next: NextFunction) => {
      const declared = Number(req.headers['content-length']);
      if (!(declared > ceiling)) {
        next();
        return;
      }
      res.setHeader('Connection', 'close');
      res.status(413).json({
        errors: [
          {
            message: `The request body has ${declared} bytes; at most ${limits.bodyBytes} are allowed (${limits.recordUsageBodyBytes} for a recordUsage mutation alone)`,
            extensions: { code: 'PAYLOAD_TOO_LARGE', limit: limits.bodyBytes, actual: declared, requestId: res.locals.requestId },
          },
        ],
      });
      res.on('finish', () => req.socket.destroy());
    },
    parseJson,
    (req: Request & { bodyBytes?: number }, res: Response, next: NextFunction) => {
      if ((req.bodyBytes ?? 0) <= limits.bodyBytes || isRecordUsageOnly(req.body, limits.maxTokens)) {
        next();
        return;
      }
      res.status(413).json({
        errors: [
          {
            message: `The request body has ${req.bodyBytes} bytes; at most ${limits.bodyBytes} are allowed (${limits.recordUsageBodyBytes} for a recordUsage mutation alone)`,
            extensions: { code: 'PAYLOAD_TOO_LARGE', limit: limits.bodyBytes, actual: req.bodyBytes, requestId: res.locals.requestId },
          },
        ],
      });
    },
  ];
}

/** Whether the body's operation is a mutation selecting `recordUsage` and nothing else. */
export function isRecordUsageOnly(body: unknown, maxTokens: number): boolean {
  const { query, operationName } = (body ?? {}) as { query?: unknown; operationName?: unknown };
  if (typeof query !== 'string') return false;
  let operations: OperationDefinitionNode[];
  try {
    operations = parse(query, { maxTokens }).definitions.filter((d): d is OperationDefinitionNode => d.kind === Kind.OPERATION_DEFINITION);
  } catch {
    return false;
  }
  const operation = typeof operationName === 'string' ? operations.find((o) => o.name?.value === operationName) : operations.length === 1 ? operations[0] : undefined;
  if (!operation || operation.operation !== 'mutation') return false;
  const [only, ...rest] = operation.selectionSet.selections;
  return !rest.length && only?.kind === Kind.FIELD && only.name.value === 'recordUsage';
}
