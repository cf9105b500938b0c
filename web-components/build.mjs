// Builds one ES module per widget into web-components/dist/<tag>.js with shared, content-hashed
// chunks in dist/chunks/ (imported by relative path, so the API can serve the same files under
// /widgets/<version>/ from dist/release.json), checks the gzipped size each page loads, in English and
// in each language, against the budgets (scripts/bundle-budgets.mjs), writes the sizes to dist/ and
// docs/bundle-sizes.json and regenerates custom-elements.json from the classes' JSDoc.
// First the translation step (scripts/localize.mjs): it fails the build when a string lacks a translation
// and writes the locale modules, which esbuild makes chunks of their own, loaded on demand.
import { build } from 'esbuild';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { KB, LOCALE_LIMIT, measureBudgets, widgetBudgets } from './scripts/bundle-budgets.mjs';
import {
  echartsWithoutUnusedParts,
  minifiedCssTemplates,
  precompiledQueries,
  shortTranslationIds,
} from './scripts/build-plugins.mjs';
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

// The translated words of one language, a chunk loaded only by pages in that language.
export const TARGET_LOCALES = ['es', 'pt-BR'];

const started = Date.now();
const translations = await localize({ write: true });
if (!translations.ok) {
  console.error('Translations incomplete (web-components/xliff; docs/embedding.md, "Translations"):');
  for (const problem of translations.problems) console.error(`  ${problem}`);
  process.exit(1);
}
rmSync(outdir, { recursive: true, force: true });
mkdirSync(outdir, { recursive: true });
// The package's name and version beside the bundles: the API serves them under /widgets/<version>/.
const { name, version } = JSON.parse(readFileSync(join(here, 'package.json'), 'utf8'));
const release = { name, version };
writeFileSync(join(outdir, 'release.json'), `${JSON.stringify(release, null, 2)}\n`);

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
  // `es2015` picks rxjs's ES2015 build (Apollo's): its default is ES5 with tslib helpers (1.9 KB gzip more).
  conditions: ['production', 'module', 'es2015'],
  define: { 'process.env.NODE_ENV': '"production"' },
  tsconfig: join(here, 'tsconfig.json'),
  minify: true,
  legalComments: 'none',
  metafile: true,
  logLevel: 'warning',
  plugins: [precompiledQueries, echartsWithoutUnusedParts, shortTranslationIds, minifiedCssTemplates],
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
const gzipSizes = new Map();
const { pages, locales, overBudget } = measureBudgets({
  outputs,
  entryFileOf: (tag) => relative(root, join(outdir, `${tag}.js`)),
  tags: TAGS,
  budgets: widgetBudgets(TAGS),
  targetLocales: TARGET_LOCALES,
  localeLimit: LOCALE_LIMIT,
  gzipSize: (file) => {
    if (!gzipSizes.has(file)) gzipSizes.set(file, gzipSync(readFileSync(join(root, file)), { level: 9 }).length);
    return gzipSizes.get(file);
  },
});
const inDist = (file) => relative(relative(root, outdir), file);
for (const entry of [...pages, ...locales]) entry.files = entry.files.map(inDist);

const verdict = (entry) => (entry.ok ? '' : '  OVER BUDGET');
const kb = (bytes) => `${(bytes / KB).toFixed(1)} KB`;
console.log(`widgets ${release.version} built in ${Date.now() - started} ms → ${relative(root, outdir)}/`);
const nameWidth = Math.max(...pages.map((page) => page.page.length)) + 2;
console.log(`${'page'.padEnd(nameWidth)}files  raw        gzip      budget    charting`);
for (const page of pages) {
  console.log(
    `${page.page.padEnd(nameWidth)}${String(page.files.length).padStart(5)}  ${kb(page.rawBytes).padEnd(11)}` +
      `${kb(page.gzipBytes).padEnd(10)}${kb(page.budgetGzipBytes).padEnd(10)}` +
      `${page.loadsCharting ? 'echarts' : 'none'}${verdict(page)}`,
  );
}
console.log(`${'locale module'.padEnd(nameWidth)}files  raw        gzip      budget`);
for (const locale of locales) {
  console.log(
    `${locale.locale.padEnd(nameWidth)}${String(locale.files.length).padStart(5)}  ${kb(locale.rawBytes).padEnd(11)}` +
      `${kb(locale.gzipBytes).padEnd(10)}${kb(locale.budgetGzipBytes)}${verdict(locale)}`,
  );
}
const sizesReport = { version: release.version, unit: 'bytes', gzipLevel: 9, pages, locales };
const sizesJson = `${JSON.stringify(sizesReport, null, 2)}\n`;
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
