import { NextFunction, Request, Response } from 'express';
import { observeHttpRequest } from '../common/metrics';

/** Routes served at exactly one path. */
const EXACT_ROUTES: ReadonlySet<string> = new Set([
  '/',
  '/graphql',
  '/reports/usage.csv',
  '/usage/events',
  '/healthz',
  '/readyz',
  '/favicon.ico',
  '/bench-stats',
]);
/** Routes serving a folder: every file under them counts as the mount. */
const FOLDER_ROUTES = ['/widgets', '/graphiql-assets', '/demo'];

/** The mounted route a path belongs to, or `other`: a label never made from the raw URL. */
export function routeLabel(path: string): string {
  if (EXACT_ROUTES.has(path)) return path;
  for (const folder of FOLDER_ROUTES) if (path.startsWith(folder) && path[folder.length] === '/') return folder;
  return 'other';
}

/** Observes each response's duration by route and status once it has finished. */
export function requestMetrics() {
  return (req: Request, res: Response, next: NextFunction) => {
    const started = process.hrtime.bigint();
    const route = routeLabel(req.path);
    res.on('finish', () => observeHttpRequest(route, res.statusCode, Number(process.hrtime.bigint() - started) / 1e9));
    next();
  };
}
