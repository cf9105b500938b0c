/**
 * The build's budget check (bundle-budgets.mjs, an ES module run by build.mjs) on made-up esbuild
 * metafiles whose gzipped size is taken to be the raw size: a page over its budget in English or only
 * with a language's words, a page that must not load the charting library, an oversized locale module.
 */
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';

interface Output {
  bytes: number;
  imports?: { path: string; kind: 'import-statement' | 'dynamic-import' }[];
  inputs?: Record<string, object>;
  entryPoint?: string;
}
interface Budget {
  page: string;
  tags: string[];
  limit: number;
  forbidCharting?: boolean;
  ownOnly?: boolean;
}
interface Measured {
  pages: { page: string; locale: string | null; files: string[]; gzipBytes: number; ok: boolean }[];
  locales: { locale: string; gzipBytes: number; ok: boolean }[];
  overBudget: boolean;
}

const MODULE = pathToFileURL(join(__dirname, 'bundle-budgets.mjs')).href;

/** Runs measureBudgets in Node (jest runs CommonJS, the build script is an ES module). */
function measure(outputs: Record<string, Output>, budgets: Budget[], localeLimit = 1000): Measured {
  const filled = Object.fromEntries(
    Object.entries(outputs).map(([file, output]) => [file, { imports: [], inputs: {}, ...output }]),
  );
  const script = `
    import { measureBudgets } from ${JSON.stringify(MODULE)};
    const outputs = ${JSON.stringify(filled)};
    const result = measureBudgets({
      outputs,
      entryFileOf: (tag) => 'dist/' + tag + '.js',
      tags: ['mp-card', 'mp-chart'],
      budgets: ${JSON.stringify(budgets)},
      targetLocales: ['es', 'pt-BR'],
      localeLimit: ${localeLimit},
      gzipSize: (file) => outputs[file].bytes,
    });
    process.stdout.write(JSON.stringify(result));`;
  const run = spawnSync(process.execPath, ['--input-type=module', '-e', script], { encoding: 'utf8' });
  if (run.status !== 0) throw new Error(run.stderr);
  return JSON.parse(run.stdout);
}

const shared = (extra: Output['imports'] = []): Output => ({
  bytes: 1000,
  imports: [
    { path: 'dist/chunks/es.js', kind: 'dynamic-import' },
    { path: 'dist/chunks/pt-BR.js', kind: 'dynamic-import' },
    ...extra,
  ],
});
const OUTPUTS: Record<string, Output> = {
  'dist/mp-card.js': { bytes: 100, imports: [{ path: 'dist/chunks/shared.js', kind: 'import-statement' }] },
  'dist/mp-chart.js': {
    bytes: 200,
    imports: [
      { path: 'dist/chunks/shared.js', kind: 'import-statement' },
      { path: 'dist/chunks/charting.js', kind: 'import-statement' },
    ],
  },
  'dist/chunks/shared.js': shared(),
  'dist/chunks/charting.js': { bytes: 5000, inputs: { 'node_modules/echarts/lib/core/echarts.js': {} } },
  'dist/chunks/es.js': { bytes: 300, entryPoint: 'web-components/src/generated/locales/es.ts' },
  'dist/chunks/pt-BR.js': { bytes: 310, entryPoint: 'web-components/src/generated/locales/pt-BR.ts' },
};
const summary = (result: Measured) => result.pages.map((page) => [page.page, page.gzipBytes, page.ok]);

describe('the build checks every page against its budget in every language', () => {
  it('passes pages within their budget with the largest language loaded', () => {
    const result = measure(OUTPUTS, [
      { page: 'mp-card', tags: ['mp-card'], limit: 1410, forbidCharting: true },
      { page: 'mp-chart', tags: ['mp-chart'], limit: 6510 },
    ]);
    expect(summary(result)).toEqual([
      ['mp-card', 1100, true],
      ['mp-card (es)', 1400, true],
      ['mp-card (pt-BR)', 1410, true],
      ['mp-chart', 6200, true],
      ['mp-chart (es)', 6500, true],
      ['mp-chart (pt-BR)', 6510, true],
    ]);
    expect(result.pages[2].files.sort()).toEqual(['dist/chunks/pt-BR.js', 'dist/chunks/shared.js', 'dist/mp-card.js']);
    expect(result.locales).toEqual([
      expect.objectContaining({ locale: 'es', gzipBytes: 300, ok: true }),
      expect.objectContaining({ locale: 'pt-BR', gzipBytes: 310, ok: true }),
    ]);
    expect(result.overBudget).toBe(false);
  });

  it('fails the build when a page exceeds its budget only with a language loaded', () => {
    const result = measure(OUTPUTS, [{ page: 'mp-chart', tags: ['mp-chart'], limit: 6400 }]);
    expect(summary(result)).toEqual([
      ['mp-chart', 6200, true],
      ['mp-chart (es)', 6500, false],
      ['mp-chart (pt-BR)', 6510, false],
    ]);
    expect(result.overBudget).toBe(true);
  });

  it('fails the build when a page exceeds its budget in English', () => {
    const result = measure(OUTPUTS, [{ page: 'mp-card', tags: ['mp-card'], limit: 1099 }]);
    expect(summary(result)).toEqual([
      ['mp-card', 1100, false],
      ['mp-card (es)', 1400, false],
      ['mp-card (pt-BR)', 1410, false],
    ]);
    expect(result.overBudget).toBe(true);
  });

  it('fails the build when a page that must not chart loads the charting library, whatever its size', () => {
    const result = measure(OUTPUTS, [{ page: 'mp-chart', tags: ['mp-chart'], limit: 100_000, forbidCharting: true }]);
    expect(summary(result)).toEqual([
      ['mp-chart', 6200, false],
      ['mp-chart (es)', 6500, false],
      ['mp-chart (pt-BR)', 6510, false],
    ]);
    expect(result.overBudget).toBe(true);
  });

  it('counts only the language chunks a page imports, and fails on an oversized one', () => {
    const split = {
      ...OUTPUTS,
      'dist/chunks/shared.js': shared([{ path: 'dist/chunks/es-chart.js', kind: 'dynamic-import' }]),
      'dist/chunks/es-chart.js': { bytes: 700, entryPoint: 'web-components/src/generated/locales/es/chart.ts' },
    };
    const result = measure(split, [{ page: 'mp-card', tags: ['mp-card'], limit: 100_000 }], 900);
    expect(summary(result)).toEqual([
      ['mp-card', 1100, true],
      ['mp-card (es)', 2100, true],
      ['mp-card (pt-BR)', 1410, true],
    ]);
    expect(result.locales.map((locale) => [locale.locale, locale.gzipBytes, locale.ok])).toEqual([
      ['es', 1000, false],
      ['pt-BR', 310, true],
    ]);
    expect(result.overBudget).toBe(true);
  });
});
