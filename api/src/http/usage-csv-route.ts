import express, { Request, Response } from 'express';
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
 * GET /reports/usage.csv (DESIGN §6): the same token, scope and role rules as GraphQL's `usage` and
 * `usageBreakdown`, every check made before the first byte; then the records streamed with back
 * pressure (a slow client pauses the database cursor instead of filling memory).
 */
/** The request's scope, as GraphQL's auth checker leaves it for a field that reads (lazily resolved there). */
async function readerScope(req: Request, deps: AppDeps, services: CsvServices) {
  const bearer = await requestBearer(req, deps.config.jwtSecret);
  const scope = resolveScope(
    bearer,
    async (id) => services.organizations.isKnown(id) || (await services.organizations.findByIds([id])).length > 0,
  );
  await scope.resolve();
  scope.require('read');
  return scope;
}

export function usageCsvRoute(deps: AppDeps, services: CsvServices) {
  const router = express.Router();
  router.get('/reports/usage.csv', async (req: Request, res: Response) => {
    let chunks: AsyncGenerator<string>;
    let by: CsvBy;
    let filename: string;
    try {
      const scope = await readerScope(req, deps, services);
      const org = await services.organizations.visible(scope, queryText(req, 'organizationId') ?? '', async (id) => {
        const [found] = await services.organizations.findByIds([id]);
        return found ?? null;
      });
      const range = parseReportRange(queryText(req, 'from'), queryText(req, 'to'));
      by = (queryText(req, 'by') ?? 'day') as CsvBy;
      if (!CSV_BY.includes(by)) throw DomainError.invalidInput('by', `by must be one of ${CSV_BY.join(', ')}`);
      const subs = queryText(req, 'includeSubOrganizations');
      if (subs !== undefined && subs !== 'true' && subs !== 'false') {
        throw DomainError.invalidInput('includeSubOrganizations', 'includeSubOrganizations must be true or false');
      }
      chunks = services.reports.csvText(org, range, by, subs !== 'false');
      filename = `usage-${org.id}-${range.from}-${range.to}-${by}.csv`;
    } catch (error) {
      if (!(error instanceof DomainError)) throw error;
      res
        .status(STATUS[error.code])
        .json({ error: { code: PUBLIC_CODE[error.code], message: error.message, field: error.field } });
      return;
    }
    res.status(200);
    res.setHeader('Content-Type', 'text/csv; charset=utf-8');
    res.setHeader('Content-Disposition', `attachment; filename="${filename}"`);
    res.setHeader('Cache-Control', 'no-store');
    res.write(csvLine(csvHeader(by)));
    try {
      // The lines come in pieces of about 64 KB: one write per line would cost more than the line.
      for await (const text of chunks) {
        // A client gone while the lines were read: stop, so the cursor and its connection are let go.
        if (res.destroyed) break;
        if (!res.write(text)) await drained(res);
      }
      if (!res.destroyed) res.end();
    } catch (error) {
      deps.log.error('usage CSV failed while streaming', { error: String(error) });
      // Headers are gone: cutting the connection tells the client the file is incomplete.
      res.destroy();
    } finally {
      await chunks.return(undefined);
    }
  });
  return router;
}
