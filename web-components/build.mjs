// Builds one ES module per widget into web-components/dist/<tag>.js with shared, content-hashed
// chunks in dist/chunks/, checks the gzipped size each page loads against the budgets, writes the
// sizes to dist/ and docs/bundle-sizes.json and regenerates custom-elements.json from the classes' JSDoc.
// First the translation step (scripts/localize.mjs): it fails the build when a string lacks a translation
// and writes the locale modules, which esbuild makes chunks of their own, loaded on demand.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { createRequire } from 'node:module';
import { gzipSync } from 'node:zlib';
import { localize } from './scripts/localize.mjs';

const here = dirname(fileURLToPath(import.meta.url));
const root = join(here, '..');
const outdir = join(here, 'dist');

export const TAGS = [
  'mp-cycle-card',
  'mp-usage-chart',
  'mp-utilization-pie',
  'mp-utilization-details',
  'mp-usage-report',
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
  { page: 'mp-usage-report', tags: ['mp-usage-report'], limit: 90 * KB, forbidCharting: true },
  // Issue 13: the report's own code, beyond the chunks other widgets share, at most 60 KB.
  { page: 'mp-usage-report beyond shared chunks', tags: ['mp-usage-report'], limit: 60 * KB, ownOnly: true },
  // Lists and forms only, no charting library: the cycle card's budget.
  { page: 'mp-alerts', tags: ['mp-alerts'], limit: 90 * KB, forbidCharting: true },
  { page: 'mp-dashboard', tags: ['mp-dashboard'], limit: 280 * KB },
  { page: 'all widgets', tags: TAGS, limit: 280 * KB },
];
// The translated words of one language, a chunk loaded only by pages in that language.
export const TARGET_LOCALES = ['es', 'pt-BR'];
const LOCALE_LIMIT = 8 * KB;

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
const translations = await localize({ write: true });
if (!translations.ok) {
  console.error('Translations incomplete (web-components/xliff; docs/embedding.md, "Translations"):');
  for (const problem of translations.problems) console.error(`  ${problem}`);
  process.exit(1);
}
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
  // Picks Apollo's and Lit's production builds (no dev warnings, smaller). Custom conditions drop esbuild's
  // default `module`; without it echarts' and zrender's tslib resolves to its CommonJS build (about 3 KB gzip more).
  conditions: ['production', 'module'],
  define: { 'process.env.NODE_ENV': '"production"' },
  tsconfig: join(here, 'tsconfig.json'),
  minify: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  plugins: [precompiledQueries],
});

// The React wrappers (src/react): React is the host's, and each wrapper imports the element's own module
// from this build (../<tag>.js), so a page holds one copy of every widget however it loads them.
await build({
  absWorkingDir: root,
  entryPoints: [join(here, 'src', 'react', 'index.ts')],
  outfile: join(outdir, 'react', 'index.js'),
  bundle: true,
  format: 'esm',
  platform: 'browser',
  target: ['es2022', 'chrome100', 'firefox100', 'safari15.4'],
  tsconfig: join(here, 'tsconfig.json'),
  minify: true,
  legalComments: 'none',
  logLevel: 'warning',
  external: ['react'],
  plugins: [
    {
      name: 'widgets-from-this-build',
      setup(builder) {
        // ../mp-x/mp-x (Go regular expressions, which esbuild uses, have no back-reference to compare the two).
        builder.onResolve({ filter: /^\.\.\/mp-[a-z-]+\/mp-[a-z-]+$/ }, (args) => ({
          path: `../${args.path.split('/').pop()}.js`,
          external: true,
        }));
      },
    },
  ],
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

/** The chunk holding a locale's translations (a dynamic import of src/generated/locales/<locale>.ts). */
function localeChunk(locale) {
  const input = `web-components/src/generated/locales/${locale}.ts`;
  const file = Object.keys(outputs).find((output) => outputs[output].entryPoint === input);
  if (!file) throw new Error(`No chunk of its own for the ${locale} translations`);
  return file;
}

const locales = TARGET_LOCALES.map((locale) => {
  const file = localeChunk(locale);
  const gzipBytes = gzipSize(file);
  return {
    locale,
    file: relative(relative(root, outdir), file),
    rawBytes: outputs[file].bytes,
    gzipBytes,
    budgetGzipBytes: LOCALE_LIMIT,
    ok: gzipBytes <= LOCALE_LIMIT,
  };
});

// Each page in English (the source words are in the code) and with each language's chunk added. The issue
// holds the cycle card to its budget with its locale; the other pages' budgets apply to the English page,
// and their sizes with a locale are reported (not enforced).
const budgetsWithLocales = BUDGETS.flatMap((budget) => [
  budget,
  ...TARGET_LOCALES.map((locale) => ({
    ...budget,
    page: `${budget.page} (${locale})`,
    locale,
    enforced: budget.page === 'mp-cycle-card',
  })),
]);

const pages = [];
let overBudget = locales.some((locale) => !locale.ok);
/** Files some other widget's page loads too: the shared chunks. */
const sharedWith = (tags) => {
  const shared = new Set();
  for (const other of TAGS.filter((tag) => !tags.includes(tag))) {
    for (const file of staticClosure(fileOf(other))) shared.add(file);
  }
  return shared;
};

for (const budget of budgetsWithLocales) {
  const files = new Set();
  for (const tag of budget.tags) for (const file of staticClosure(fileOf(tag))) files.add(file);
  if (budget.ownOnly) {
    const shared = sharedWith([...budget.tags, 'mp-dashboard']);
    for (const file of [...files]) if (shared.has(file)) files.delete(file);
  }
  if (budget.locale) files.add(localeChunk(budget.locale));
  const gzipBytes = [...files].reduce((sum, file) => sum + gzipSize(file), 0);
  const rawBytes = [...files].reduce((sum, file) => sum + outputs[file].bytes, 0);
  const chartingInputs = [...files]
    .flatMap((file) => Object.keys(outputs[file].inputs))
    .filter((input) => /node_modules\/(echarts|zrender)\//.test(input));
  const loadsCharting = chartingInputs.length > 0;
  const ok = gzipBytes <= budget.limit && !(budget.forbidCharting && loadsCharting);
  const enforced = budget.enforced ?? true;
  if (!ok && enforced) overBudget = true;
  pages.push({
    page: budget.page,
    files: [...files].map((file) => relative(relative(root, outdir), file)),
    rawBytes,
    gzipBytes,
    budgetGzipBytes: budget.limit,
    loadsCharting,
    ok,
    enforced,
  });
}

const verdict = (page) => (page.ok ? '' : page.enforced ? '  OVER BUDGET' : '  over (not enforced)');
const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;
console.log(`widgets built in ${Date.now() - started} ms → ${relative(root, outdir)}/`);
console.log('page                           files  raw        gzip      budget    charting');
for (const page of pages) {
  console.log(
    `${page.page.padEnd(31)}${String(page.files.length).padStart(5)}  ${kb(page.rawBytes).padEnd(11)}` +
      `${kb(page.gzipBytes).padEnd(10)}${kb(page.budgetGzipBytes).padEnd(10)}` +
      `${page.loadsCharting ? 'echarts' : 'none'}${verdict(page)}`,
  );
}
console.log('locale module                  raw        gzip      budget');
for (const locale of locales) {
  console.log(
    `${locale.locale.padEnd(31)}${kb(locale.rawBytes).padEnd(11)}${kb(locale.gzipBytes).padEnd(10)}` +
      `${kb(locale.budgetGzipBytes)}${locale.ok ? '' : '  OVER BUDGET'}`,
  );
}
const sizesJson = `${JSON.stringify({ unit: 'bytes', gzipLevel: 9, pages, locales }, null, 2)}\n`;
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
      [
        cli,
        'analyze',
        '--litelement',
        '--globs',
        'src/**/*.ts',
        '--exclude',
        'src/**/*.test.ts',
        '--exclude',
        'src/generated/**',
        '--exclude',
        'src/react/**',
        '--outdir',
        '.',
      ],
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
