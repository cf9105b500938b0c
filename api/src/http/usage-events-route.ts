import zlib from 'node:zlib';
import { Readable } from 'node:stream';
import express, { Request, RequestHandler, Response } from 'express';
import { AppDeps } from '../db/app-deps';
import { resolveScope } from '../auth/scope-resolver';
import { TokenVerifier } from '../auth/token-verifier';
import { ViewerScope } from '../auth/viewer-scope';
import { DomainError } from '../common/domain-error';
import { OrganizationService } from '../organizations/organization.service';
import { BulkRecord, cloudEventRecords, ndjsonRecords } from '../ingestion/bulk-readers';
import { CLOUD_EVENT_FIELD } from '../ingestion/bulk-records';
import { BodyFieldName, BulkTally, recordBulk } from '../ingestion/bulk-ingestion';
import { UsageService } from '../ingestion/usage.service';
import { requestBearer } from './request-bearer';
import { WritePressure } from './write-pressure';

/** The services the bulk endpoint uses. */
interface BulkServices {
  organizations: OrganizationService;
  usage: UsageService;
}

/** A body format: how its records are read and how it names an input's field and a record. */
interface BodyFormat {
  records(source: AsyncIterable<Buffer>): AsyncIterable<BulkRecord[]>;
  fieldName: BodyFieldName;
  record: 'line' | 'element';
}

const FORMATS: Record<string, BodyFormat> = {
  'application/x-ndjson': { records: (source) => ndjsonRecords(source), fieldName: (name) => name, record: 'line' },
  'application/cloudevents-batch+json': {
    records: cloudEventRecords,
    fieldName: (name) => CLOUD_EVENT_FIELD[name],
    record: 'element',
  },
};

/** The body was longer than BULK_MAX_BYTES once decompressed. */
class BodyTooLarge extends Error {}

/** The client closed the connection before its body ended. */
class BodyCutOff extends Error {}

function refuse(res: Response, status: number, code: string, message: string, extra: object = {}): void {
  res.status(status).json({ error: { code, message, requestId: res.locals.requestId }, ...extra });
}

/** The request's scope, refused (401, 403) unless its token may record usage, as recordUsage is. */
async function ingestScope(req: Request, tokens: TokenVerifier, services: BulkServices): Promise<ViewerScope> {
  const bearer = await requestBearer(req, tokens);
  const scope = resolveScope(
    bearer,
    async (id) => services.organizations.isKnown(id) || (await services.organizations.findByIds([id])).length > 0,
  );
  await scope.resolve();
  scope.require('ingest');
  return scope;
}

/**
 * The body's bytes, decompressed when it is gzip, counted as they arrive: past `limit` it throws
 * BodyTooLarge. The request itself is never destroyed here, so an answer can still be sent.
 */
async function* bodyBytes(req: Request, gzip: boolean, limit: number): AsyncGenerator<Buffer> {
  let stream: Readable = req;
  if (gzip) {
    const gunzip = zlib.createGunzip();
    req.on('error', (error) => gunzip.destroy(error));
    req.on('close', () => {
      if (!req.complete) gunzip.destroy(new BodyCutOff('The client closed the connection mid-body'));
    });
    stream = req.pipe(gunzip);
  }
  let size = 0;
  for await (const chunk of stream.iterator({ destroyOnReturn: gzip }) as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > limit) throw new BodyTooLarge(`The body has more than ${limit} bytes (BULK_MAX_BYTES), decompressed`);
    yield chunk;
  }
}

/** Which format and encoding the request declares; null after answering 415. */
function bodyFormatOf(req: Request, res: Response): { format: BodyFormat; gzip: boolean } | null {
  const type = (req.headers['content-type'] ?? '').split(';')[0].trim().toLowerCase();
  const format = FORMATS[type];
  const encoding = (req.headers['content-encoding'] ?? 'identity').trim().toLowerCase();
  if (!format || !['identity', 'gzip', 'x-gzip'].includes(encoding)) {
    const what = format ? `Content-Encoding "${encoding}"` : `Content-Type "${type || 'none'}"`;
    refuse(
      res,
      415,
      'UNSUPPORTED_MEDIA_TYPE',
      `${what} is not accepted: send ${Object.keys(FORMATS).join(' or ')}, gzip or not`,
    );
    return null;
  }
  return { format, gzip: encoding !== 'identity' };
}

/** Hang up once the answer is sent rather than read on a body that was not read to its end. */
function closeAfterAnswer(req: Request, res: Response): void {
  if (req.complete) return;
  res.setHeader('Connection', 'close');
  res.on('finish', () => req.socket.destroy());
}

/** The answer after the body broke off: the figures of the chunks that were committed before. */
function brokenOff(req: Request, res: Response, error: unknown, tally: BulkTally, deps: AppDeps): boolean {
  closeAfterAnswer(req, res);
  const figures = tally.answer();
  if (error instanceof BodyTooLarge) {
    refuse(res, 413, 'PAYLOAD_TOO_LARGE', error.message, { limit: deps.config.limits.bulkMaxBytes, ...figures });
  } else if ((error as NodeJS.ErrnoException).code?.startsWith('Z_')) {
    refuse(res, 400, 'BAD_REQUEST', `The body is not valid gzip: ${(error as Error).message}`, figures);
  } else if (error instanceof BodyCutOff || (error as NodeJS.ErrnoException).code === 'ECONNRESET') {
    deps.log.warn('bulk usage body cut off by the client', { ...figures, errors: undefined });
  } else {
    return false;
  }
  return true;
}

/**
 * POST /usage/events (DESIGN §12): NDJSON or a CloudEvents batch, gzip or not, read as it streams
 * and recorded through the same service as recordUsage in transactions of up to 10,000 events.
 * Who may call it, and the refusals, are checked before the body is read.
 */
export function usageEventsRoute(
  deps: AppDeps,
  services: BulkServices,
  tokens: TokenVerifier,
  limitRate: RequestHandler,
  writes: WritePressure,
) {
  const router = express.Router();
  const limit = deps.config.limits.bulkMaxBytes;
  router.post('/usage/events', limitRate, async (req: Request, res: Response) => {
    let scope: ViewerScope;
    try {
      scope = await ingestScope(req, tokens, services);
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      closeAfterAnswer(req, res);
      if (error.code === 'UNAUTHENTICATED') res.setHeader('WWW-Authenticate', 'Bearer');
      refuse(res, error.code === 'UNAUTHENTICATED' ? 401 : 403, error.code, error.message);
      return;
    }
    const declared = bodyFormatOf(req, res);
    if (!declared) return closeAfterAnswer(req, res);
    const { format, gzip } = declared;
    if (!gzip && Number(req.headers['content-length']) > limit) {
      closeAfterAnswer(req, res);
      refuse(res, 413, 'PAYLOAD_TOO_LARGE', `The body has more than ${limit} bytes (BULK_MAX_BYTES)`, { limit });
      return;
    }
    const tally = new BulkTally();
    const endWrite = writes.begin();
    try {
      const records = format.records(bodyBytes(req, gzip, limit));
      await recordBulk(services.usage, scope, records, { fieldName: format.fieldName }, tally);
    } catch (error) {
      if (brokenOff(req, res, error, tally, deps)) return;
      throw error;
    } finally {
      endWrite();
    }
    closeAfterAnswer(req, res);
    if (!tally.read) {
      const first = tally.first
        ? `${format.record} ${tally.first.line}: ${tally.first.message}`
        : 'no event in the body';
      refuse(res, 400, 'BAD_REQUEST', `Nothing could be read (${first})`);
      return;
    }
    res.status(200).json(tally.answer());
  });
  return router;
}
