import fs from 'node:fs';
import path from 'node:path';

/** The repository root, whether running from api/src (ts) or dist/api/src (compiled). */
export const REPO_ROOT = (() => {
  let dir = __dirname;
  while (dir !== path.dirname(dir)) {
    if (fs.existsSync(path.join(dir, 'package.json')) && fs.existsSync(path.join(dir, 'api'))) return dir;
    dir = path.dirname(dir);
  }
  return process.cwd();
})();

export const SCHEMA_FILE = path.join(REPO_ROOT, 'schema.graphql');
export const WIDGETS_DIR = path.join(REPO_ROOT, 'web-components', 'dist');
export const DEMO_PAGE = path.join(REPO_ROOT, 'web-components', 'demo', 'index.html');
/** GraphiQL as api/graphiql/build.mjs writes it: the page, and its content-hashed assets. */
export const GRAPHIQL_PAGE = path.join(REPO_ROOT, 'api', 'graphiql', 'dist', 'graphiql.html');
export const GRAPHIQL_ASSETS_DIR = path.join(REPO_ROOT, 'api', 'graphiql', 'dist', 'assets');
