// Builds one ES module per widget into web-components/dist/<tag>.js with shared, content-hashed
// chunks in dist/chunks/, checks the gzipped size each page loads against the budgets, writes the
// sizes to dist/ and docs/bundle-sizes.json and regenerates custom-elements.json from the classes' JSDoc.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const outdir = join(here, 'dist');

export const TAGS = [
  'mp-cycle-card',
  'mp-usage-chart',
  'mp-utilization-pie',
  'mp-utilization-details',
  'mp-alerts',
  'mp-dashboard',
];

// Decimal kilobytes (1 KB = 1000 bytes), the stricter reading of the budgets.
const KB = 1000;
// Gzipped JavaScript a page loads, per the budgets; the build fails past them.
const BUDGETS = [
  { page: 'mp-cycle-card', tags: ['mp-cycle-card'], limit: 90 * KB, forbidCharting: true },
  { page: 'mp-usage-chart', tags: ['mp-usage-chart'], limit: 260 * KB },
  { page: 'mp-utilization-pie', tags: ['mp-utilization-pie'], limit: 260 * KB },
  { page: 'mp-utilization-details', tags: ['mp-utilization-details'], limit: 260 * KB },
  // Lists and forms only, no charting library: the cycle card's budget.
  { page: 'mp-alerts', tags: ['mp-alerts'], limit: 90 * KB, forbidCharting: true },
  { page: 'mp-dashboard', tags: ['mp-dashboard'], limit: 280 * KB },
  { page: 'all widgets', tags: TAGS, limit: 280 * KB },
];

/**
 * Replaces src/shared/queries.ts with its documents already parsed, so no page downloads the GraphQL
 * parser: the module is run once in Node here, and each exported DocumentNode is inlined as JSON.
 */
const precompiledQueries = {
  name: 'precompiled-graphql-documents',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]src[\\/]shared[\\/]queries\.ts$/ }, async (args) => {
      const compiled = await build({
        entryPoints: [args.path],
        bundle: true,
        platform: 'node',
        format: 'cjs',
        write: false,
        logLevel: 'silent',
      });
      const module = { exports: {} };
      new Function('module', 'exports', 'require', compiled.outputFiles[0].text)(
        module,
        module.exports,
        createRequire(args.path),
      );
      const withoutLocations = (value) => JSON.stringify(value, (key, inner) => (key === 'loc' ? undefined : inner));
      const lines = Object.entries(module.exports)
        .filter(([, value]) => value && typeof value === 'object')
        .map(([name, value]) => `export const ${name} = ${withoutLocations(value)};`);
      return { contents: lines.join('\n'), loader: 'js', resolveDir: dirname(args.path) };
    });
  },
};

const started = Date.now();
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });

const result = await build({
  absWorkingDir: root,
  entryPoints: Object.fromEntries(TAGS.map((tag) => [tag, join(here, 'src', tag, `${tag}.ts`)])),
  outdir,
  entryNames: '[name]',
  chunkNames: 'chunks/[name]-[hash]',
  bundle: true,
  splitting: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022', 'chrome100', 'firefox100', 'safari15.4'],
  // Picks Apollo's and Lit's production builds (no dev warnings, smaller).
  conditions: ['production'],
  define: { 'process.env.NODE_ENV': '"production"' },
  tsconfig: join(here, 'tsconfig.json'),
  minify: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  plugins: [precompiledQueries],
});

const outputs = result.metafile.outputs;
const fileOf = (tag) => relative(root, join(outdir, `${tag}.js`));
const gzipSizes = new Map();
const gzipSize = (file) => {
  if (!gzipSizes.has(file)) gzipSizes.set(file, gzipSync(readFileSync(join(root, file)), { level: 9 }).length);
  return gzipSizes.get(file);
};

/** An entry plus every chunk it statically imports, transitively: what a page downloads at load. */
function staticClosure(file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const imported of outputs[file].imports) {
    if (imported.kind === 'import-statement' && !imported.external) staticClosure(imported.path, seen);
  }
  return seen;
}

const pages = [];
let overBudget = false;
for (const budget of BUDGETS) {
  const files = new Set();
  for (const tag of budget.tags) for (const file of staticClosure(fileOf(tag))) files.add(file);
  const gzipBytes = [...files].reduce((sum, file) => sum + gzipSize(file), 0);
  const rawBytes = [...files].reduce((sum, file) => sum + outputs[file].bytes, 0);
  const chartingInputs = [...files]
    .flatMap((file) => Object.keys(outputs[file].inputs))
    .filter((input) => /node_modules\/(echarts|zrender)\//.test(input));
  const loadsCharting = chartingInputs.length > 0;
  const ok = gzipBytes <= budget.limit && !(budget.forbidCharting && loadsCharting);
  if (!ok) overBudget = true;
  pages.push({
    page: budget.page,
    files: [...files].map((file) => relative(relative(root, outdir), file)),
    rawBytes,
    gzipBytes,
    budgetGzipBytes: budget.limit,
    loadsCharting,
    ok,
  });
}

const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;
console.log(`widgets built in ${Date.now() - started} ms → ${relative(root, outdir)}/`);
console.log('page                      files  raw        gzip      budget    charting');
for (const page of pages) {
  console.log(
    `${page.page.padEnd(26)}${String(page.files.length).padStart(5)}  ${kb(page.rawBytes).padEnd(11)}` +
      `${kb(page.gzipBytes).padEnd(10)}${kb(page.budgetGzipBytes).padEnd(10)}` +
      `${page.loadsCharting ? 'echarts' : 'none'}${page.ok ? '' : '  OVER BUDGET'}`,
  );
}
const sizesJson = `${JSON.stringify({ unit: 'bytes', gzipLevel: 9, pages }, null, 2)}\n`;
writeFileSync(join(outdir, 'bundle-sizes.json'), sizesJson);
// The same figures for docs/embedding.md, rewritten only when they change.
const docsSizes = join(root, 'docs', 'bundle-sizes.json');
if (!existsSync(docsSizes) || readFileSync(docsSizes, 'utf8') !== sizesJson) writeFileSync(docsSizes, sizesJson);

// The manifest is generated from the classes' JSDoc; skipped with --no-manifest for quick rebuilds.
if (!process.argv.includes('--no-manifest')) {
  const cli = join(root, 'node_modules', '@custom-elements-manifest', 'analyzer', 'cem.js');
  if (existsSync(cli)) {
    const analyzed = spawnSync(
      process.execPath,
      [cli, 'analyze', '--litelement', '--globs', 'src/**/*.ts', '--exclude', 'src/**/*.test.ts', '--outdir', '.'],
      {
        cwd: here,
        encoding: 'utf8',
      },
    );
    if (analyzed.status !== 0) {
      console.error(analyzed.stdout, analyzed.stderr);
      process.exit(1);
    }
    // The analyzer lists modules in glob order, which varies between machines: sort them so a build
    // leaves the committed manifest unchanged unless the code changed.
    const manifestFile = join(here, 'custom-elements.json');
    const manifest = JSON.parse(readFileSync(manifestFile, 'utf8'));
    manifest.modules.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
    writeFileSync(manifestFile, `${JSON.stringify(manifest, null, 2)}\n`);
    console.log(`custom-elements.json written to ${relative(root, manifestFile)}`);
  } else {
    console.warn('custom-elements manifest analyzer not installed; custom-elements.json not regenerated');
  }
}

if (overBudget) {
  console.error('Widget bundles exceed their size budget (see the table above).');
  process.exit(1);
}
