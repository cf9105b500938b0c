// Builds the GraphiQL page the API serves at GET /graphql into api/graphiql/dist/: under assets/, the
// page's ES modules (graphiql 5, React 19, Monaco, split into chunks loaded on demand), its stylesheet
// and Monaco's three web workers, every file named by its content hash; and graphiql.html naming them.
// Everything is bundled from node_modules here, so the page loads nothing from another host.
// graphiql 5 bundles with plain esbuild: its icons are precompiled, Monaco's workers are three
// entry points built below, and only the worker set-up (vite/webpack/CDN flavours upstream) is ours.
// Separate from the widgets' build and budgets: only a developer's browser loads it.
import { build } from 'esbuild';
import { mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..', '..');
const distdir = join(here, 'dist');
const outdir = join(distdir, 'assets');
/** Where the API serves outdir (api/src/server.ts). */
const ASSETS_URL = '/graphiql-assets';

const shared = {
  absWorkingDir: root,
  outdir,
  entryNames: '[name]-[hash]',
  bundle: true,
  platform: 'browser',
  target: ['es2022', 'chrome100', 'firefox100', 'safari15.4'],
  conditions: ['production'],
  define: { 'process.env.NODE_ENV': '"production"' },
  minify: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
};

/**
 * graphiql/style.css already holds all of Monaco's styles (editor.main.css, codicon font included), so
 * the CSS files Monaco's ES modules import one by one are left empty instead of bundled a second time.
 */
const monacoStylesFromGraphiql = {
  name: 'monaco-styles-from-graphiql-css',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]monaco-editor[\\/]esm[\\/].*\.css$/ }, () => ({ contents: '', loader: 'css' }));
  },
};

const started = Date.now();
rmSync(distdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

// Monaco runs its language services in workers: plain scripts, one per language GraphiQL uses.
const WORKERS = {
  editor: 'monaco-editor/esm/vs/editor/editor.worker.js',
  json: 'monaco-editor/esm/vs/language/json/json.worker.js',
  graphql: 'monaco-graphql/esm/graphql.worker.js',
};
const workers = await build({
  ...shared,
  entryPoints: Object.fromEntries(Object.entries(WORKERS).map(([label, module]) => [`${label}.worker`, module])),
  format: 'iife',
});
const workerFiles = {};
for (const [file, output] of Object.entries(workers.metafile.outputs)) {
  const label = output.entryPoint && Object.keys(WORKERS).find((l) => output.entryPoint.includes(WORKERS[l]));
  if (label) workerFiles[label] = `${ASSETS_URL}/${basename(file)}`;
}

const PAGE_ENTRY = join(here, 'src', 'graphiql-page.tsx');
const page = await build({
  ...shared,
  entryPoints: { graphiql: PAGE_ENTRY },
  chunkNames: 'chunks/[name]-[hash]',
  splitting: true,
  format: 'esm',
  jsx: 'automatic',
  tsconfig: join(here, 'tsconfig.json'),
  plugins: [monacoStylesFromGraphiql],
  define: { ...shared.define, MP_MONACO_WORKERS: JSON.stringify(workerFiles) },
});
const outputs = page.metafile.outputs;
// Monaco's lazily imported modules are entry points too: the page's is the one built from PAGE_ENTRY.
const entry = Object.keys(outputs).find((file) => outputs[file].entryPoint === relative(root, PAGE_ENTRY));
const stylesheet = outputs[entry].cssBundle;

const html = `<!doctype html>
<html lang="en">
  <head>
    <meta charset="utf-8" />
    <meta name="viewport" content="width=device-width, initial-scale=1" />
    <title>GraphiQL · Management Portal Dashboard</title>
    <style>
      body { margin: 0; height: 100vh; }
      #graphiql { height: 100vh; }
    </style>
    <link rel="stylesheet" href="${ASSETS_URL}/${relative(outdir, join(root, stylesheet))}" />
    <script type="module" src="${ASSETS_URL}/${relative(outdir, join(root, entry))}"></script>
  </head>
  <body>
    <div id="graphiql">Loading GraphiQL…</div>
    <script id="mp-graphiql-config" type="application/json">__MP_GRAPHIQL_CONFIG__</script>
  </body>
</html>
`;
writeFileSync(join(distdir, 'graphiql.html'), html);
// The stylesheets esbuild writes for Monaco's lazy chunks are empty (see monacoStylesFromGraphiql).
for (const file of Object.keys(outputs))
  if (file.endsWith('.css') && outputs[file].bytes === 0) rmSync(join(root, file));

/** What the page downloads before GraphiQL shows: the entry, its static imports, its stylesheet. */
function staticClosure(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const imported of outputs[file].imports) {
    if (imported.kind === 'import-statement' && !imported.external) staticClosure(imported.path, seen);
  }
  return seen;
}
const gzip = (file) => gzipSync(readFileSync(join(root, file)), { level: 9 }).length;
const initial = [...staticClosure(entry), stylesheet];
const initialGzip = initial.reduce((sum, file) => sum + gzip(file), 0);
const lazyJs = Object.keys(outputs).filter((file) => file.endsWith('.js') && !initial.includes(file));
const workerJs = Object.keys(workers.metafile.outputs);
const gzipSum = (files) => files.reduce((sum, file) => sum + gzip(file), 0);
const kb = (bytes) => `${(bytes / 1000).toFixed(1)} KB`;
console.log(
  `GraphiQL built in ${Date.now() - started} ms → ${relative(root, distdir)}/, gzipped: ` +
    `${kb(initialGzip)} at load (${initial.length} files), ${kb(gzipSum(lazyJs))} in ${lazyJs.length} chunks ` +
    `loaded on demand (Monaco, prettier), ${kb(gzipSum(workerJs))} in Monaco's ${workerJs.length} workers`,
);
