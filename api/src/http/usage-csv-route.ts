import express, { Request, RequestHandler, Response } from 'express';
import { AppDeps } from '../db/app-deps';
import { resolveScope } from '../auth/scope-resolver';
import { DomainError } from '../common/domain-error';
import { OrganizationService } from '../organizations/organization.service';
import { ReportService } from '../reports/report.service';

/** The services the download uses. */
interface CsvServices {
  organizations: OrganizationService;
  reports: ReportService;
}
import { parseReportRange } from '../reports/report-range';
import { CSV_BY, CsvBy, csvHeader, csvLine } from '../reports/usage-csv';
import { TokenVerifier } from '../auth/token-verifier';
import { DownloadSlots } from './download-slots';
import { requestBearer } from './request-bearer';

const STATUS: Record<DomainError['code'], number> = {
  UNAUTHENTICATED: 401,
  FORBIDDEN: 403,
  NOT_FOUND: 404,
  INVALID_INPUT: 400,
  CONFLICT: 409,
};
/** The same public codes GraphQL answers with (format-error.ts). */
const PUBLIC_CODE: Record<DomainError['code'], string> = {
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  FORBIDDEN: 'FORBIDDEN',
  NOT_FOUND: 'NOT_FOUND',
  INVALID_INPUT: 'BAD_USER_INPUT',
  CONFLICT: 'BAD_USER_INPUT',
};

/**
 * Resolves when the response can take more, or when the client went away (at once when it already has:
 * its 'close' has been and gone, and a write after it answers false too).
 */
function drained(res: Response): Promise<void> {
  if (res.destroyed) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      res.off('drain', done);
      res.off('close', done);
      resolve();
    };
    res.on('drain', done);
    res.on('close', done);
  });
}

function queryText(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === 'string' ? value : undefined;
}

/**
 * The request's scope: the same token, scope and role rules as GraphQL's `usage` and `usageBreakdown`,
 * as GraphQL's auth checker leaves it for a field that reads (lazily resolved there).
 */
async function readerScope(req: Request, tokens: TokenVerifier, services: CsvServices) {
  const bearer = await requestBearer(req, tokens);
  const scope = resolveScope(
    bearer,
    async (id) => services.organizations.isKnown(id) || (await services.organizations.findByIds([id])).length > 0,
  );
  await scope.resolve();
  scope.require('read');
  return scope;
}

/** What a download streams once every check has passed. */
interface CsvDownload {
  by: CsvBy;
  filename: string;
  chunks: AsyncGenerator<string>;
}

/** How long a download refused for want of a slot is told to wait: most files take a second or two. */
const BUSY_RETRY_SECONDS = 2;

/**
 * The checks and the file's name, every one made before the first byte; null once an expected refusal
 * (401, 403, 404, 400) has been answered.
 */
async function prepareDownload(
  req: Request,
  res: Response,
  tokens: TokenVerifier,
  services: CsvServices,
): Promise<CsvDownload | null> {
  try {
    const scope = await readerScope(req, tokens, services);
    const org = await services.organizations.visible(scope, queryText(req, 'organizationId') ?? '', async (id) => {
      const [found] = await services.organizations.findByIds([id]);
      return found ?? null;
    });
    const range = parseReportRange(queryText(req, 'from'), queryText(req, 'to'));
    const by = (queryText(req, 'by') ?? 'day') as CsvBy;
    if (!CSV_BY.includes(by)) throw DomainError.invalidInput('by', `by must be one of ${CSV_BY.join(', ')}`);
    const subs = queryText(req, 'includeSubOrganizations');
    if (subs !== undefined && subs !== 'true' && subs !== 'false') {
      throw DomainError.invalidInput('includeSubOrganizations', 'includeSubOrganizations must be true or false');
    }
    return {
      by,
      filename: `usage-${org.id}-${range.from}-${range.to}-${by}.csv`,
      chunks: services.reports.csvText(org, range, by, subs !== 'false'),
    };
  } catch (error) {
    if (!(error instanceof DomainError)) throw error;
    res
      .status(STATUS[error.code])
      .json({ error: { code: PUBLIC_CODE[error.code], message: error.message, field: error.field } });
    return null;
  }
}

/** The header line, then the records with back pressure (a slow client pauses the database cursor). */
async function streamCsv(res: Response, download: CsvDownload, log: AppDeps['log']): Promise<void> {
  const { chunks } = download;
  res.status(200);
  res.setHeader('Content-Type', 'text/csv; charset=utf-8');
  res.setHeader('Content-Disposition', `attachment; filename="${download.filename}"`);
  res.setHeader('Cache-Control', 'no-store');
  res.write(csvLine(csvHeader(download.by)));
  try {
    // The lines come in pieces of about 64 KB: one write per line would cost more than the line.
    for await (const text of chunks) {
      // A client gone while the lines were read: stop, so the cursor and its connection are let go.
      if (res.destroyed) break;
      if (!res.write(text)) await drained(res);
    }
    if (!res.destroyed) res.end();
  } catch (error) {
    log.error('usage CSV failed while streaming', { error: String(error) });
    // Headers are gone: cutting the connection tells the client the file is incomplete.
    res.destroy();
  } finally {
    await chunks.return(undefined);
  }
}

function refuseBusy(res: Response, limit: number): void {
  res.setHeader('Retry-After', String(BUSY_RETRY_SECONDS));
  res.status(429).json({
    error: {
      code: 'RATE_LIMITED',
      message:
        `Too many usage CSV downloads at once on this server: at most ${limit} ` +
        `stream${limit === 1 ? 's' : ''} at a time (CSV_CONCURRENCY); retry in ${BUSY_RETRY_SECONDS} s`,
      retryAfter: BUSY_RETRY_SECONDS,
    },
  });
}

/**
 * GET /reports/usage.csv (DESIGN §6, §11): counted by the same rate limits as GraphQL (`rateLimit`), and
 * at most CSV_CONCURRENCY at once in this process, refused before any database work; a slot is held
 * until the file has been sent, has failed, or its client has gone and the reading has stopped.
 */
export function usageCsvRoute(deps: AppDeps, services: CsvServices, tokens: TokenVerifier, rateLimit: RequestHandler) {
  const router = express.Router();
  const slots = new DownloadSlots(deps.config.csvConcurrency);
  router.get('/reports/usage.csv', rateLimit, async (req: Request, res: Response) => {
    const release = slots.take();
    if (!release) {
      refuseBusy(res, slots.limit);
      return;
    }
    try {
      const download = await prepareDownload(req, res, tokens, services);
      if (download) await streamCsv(res, download, deps.log);
    } finally {
      release();
    }
  });
  return router;
}
