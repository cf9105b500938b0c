// esbuild plugins of the widget build (build.mjs), each there to keep bytes out of the pages.
import { build } from 'esbuild';
import { createRequire } from 'node:module';
import { readFileSync } from 'node:fs';
import { dirname } from 'node:path';
import ts from 'typescript';

const DOCUMENT_NAMESPACE = 'mp-graphql-document';
const DOCUMENTS_OF_IMPORTER = 'mp-graphql-documents-of';

/** Runs src/shared/queries.ts in Node and answers its exported documents (DocumentNode or query pairs). */
async function documentsOf(path) {
  const compiled = await build({
    entryPoints: [path],
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
    createRequire(path),
  );
  return new Map(Object.entries(module.exports).filter(([, value]) => value && typeof value === 'object'));
}

/** The names a module imports from `specifier` (type-only names included; the caller filters them). */
function namesImported(source, specifier) {
  const names = [];
  const quoted = specifier.replace(/[.*+?^${}()|[\]\\/]/g, '\\$&');
  const imports = new RegExp(`import\\s*(?:type\\s*)?\\{([^}]*)\\}\\s*from\\s*['"]${quoted}['"]`, 'g');
  for (const [, list] of source.matchAll(imports)) {
    for (const entry of list.split(',')) {
      const name = entry
        .trim()
        .replace(/^type\s+/, '')
        .split(/\s+as\s+/)[0];
      if (name) names.push(name);
    }
  }
  return names;
}

/**
 * Replaces src/shared/queries.ts with its documents already parsed, so no page downloads the GraphQL
 * parser, and gives each document a module of its own, side-effect free. Each importer of queries.ts
 * gets a module re-exporting just the documents it names: esbuild places a module in the chunks of the
 * pages that import it, so the chart's page carries the chart's documents only, not the alerts'
 * mutations (a single queries module would sit whole in the chunk every page loads). Source locations
 * are dropped; Apollo does not read them.
 */
export const precompiledQueries = {
  name: 'precompiled-graphql-documents',
  setup(builder) {
    const QUERIES = /[\\/]src[\\/]shared[\\/]queries\.ts$/;
    let documents;
    builder.onStart(() => {
      documents = undefined;
    });
    builder.onResolve({ filter: /(^|\/)queries$/ }, async (args) => {
      if (args.pluginData === 'resolving') return undefined;
      const options = {
        importer: args.importer,
        resolveDir: args.resolveDir,
        kind: args.kind,
        pluginData: 'resolving',
      };
      const resolved = await builder.resolve(args.path, options);
      if (!QUERIES.test(resolved.path)) return undefined;
      documents ??= await documentsOf(resolved.path);
      const imported = namesImported(readFileSync(args.importer, 'utf8'), args.path).filter((name) =>
        documents.has(name),
      );
      return { path: `${args.importer}?${imported.join(',')}`, namespace: DOCUMENTS_OF_IMPORTER, sideEffects: false };
    });
    builder.onLoad({ filter: QUERIES }, (args) => {
      throw new Error(`${args.path} reached as a whole: import its documents by name (import { … } from)`);
    });
    builder.onLoad({ filter: /.*/, namespace: DOCUMENTS_OF_IMPORTER }, (args) => {
      const names = args.path.split('?')[1].split(',').filter(Boolean);
      const lines = names.map((name) => `export { ${name} } from '${DOCUMENT_NAMESPACE}:${name}';`);
      return { contents: lines.join('\n') || 'export {};', loader: 'js' };
    });
    builder.onResolve({ filter: new RegExp(`^${DOCUMENT_NAMESPACE}:`) }, (args) => ({
      path: args.path.slice(DOCUMENT_NAMESPACE.length + 1),
      namespace: DOCUMENT_NAMESPACE,
      sideEffects: false,
    }));
    builder.onLoad({ filter: /.*/, namespace: DOCUMENT_NAMESPACE }, (args) => {
      const withoutLocations = JSON.stringify(documents.get(args.path), (key, inner) =>
        key === 'loc' ? undefined : inner,
      );
      return { contents: `export const ${args.path} = ${withoutLocations};`, loader: 'js' };
    });
  },
};

/** A module standing in for an ECharts part the widgets never use: it fails loudly if one ever does. */
const unusedEchartsPart = (name) =>
  `export default class Unused { constructor() { throw new Error('${name} is left out of the widget build'); } }`;

/**
 * ECharts parts that its core or its tooltip import whatever a chart uses, left out (about 7.5 KB gzipped):
 * - the Chinese locale and the built-in "dark" theme, registered on import: the widgets never pass the
 *   theme name "dark" (their colours come from the host's custom properties) and format every label
 *   themselves; on a page in Chinese, ECharts' few words of its own (toolbox, ARIA) are the English ones;
 * - the HTML tooltip: the widgets' tooltips are `renderMode: 'richText'` (drawn on the canvas, which a
 *   strict CSP allows; shared/chart-options.ts), so ECharts never builds the HTML one;
 * - the default loading spinner: the widgets show their own loading state, never `showLoading()`;
 * - the log scale: the axes are a category axis and a value axis;
 * - ECharts 4's option names (`itemStyle.normal`, `clockWise`, `x2` …) rewritten on every setOption:
 *   shared/chart-options.ts writes today's names; the series list is still made an array, as ECharts
 *   expects; and ECharts 4's pie select events and actions (`pieselectchanged`), which nothing listens to.
 */
export const echartsWithoutUnusedParts = {
  name: 'echarts-without-unused-parts',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]echarts[\\/]lib[\\/]i18n[\\/]langZH\.js$/ }, (args) => ({
      contents: `export { default } from './langEN.js';`,
      loader: 'js',
      resolveDir: dirname(args.path),
    }));
    builder.onLoad({ filter: /[\\/]echarts[\\/]lib[\\/]theme[\\/]dark\.js$/ }, () => ({
      contents: 'export default {};',
      loader: 'js',
    }));
    builder.onLoad({ filter: /[\\/]echarts[\\/]lib[\\/]component[\\/]tooltip[\\/]TooltipHTMLContent\.js$/ }, () => ({
      contents: unusedEchartsPart('The HTML tooltip (use renderMode: richText)'),
      loader: 'js',
    }));
    builder.onLoad({ filter: /[\\/]echarts[\\/]lib[\\/]loading[\\/]default\.js$/ }, () => ({
      contents: unusedEchartsPart('showLoading()'),
      loader: 'js',
    }));
    builder.onLoad({ filter: /[\\/]echarts[\\/]lib[\\/]scale[\\/]Log\.js$/ }, () => ({
      contents: unusedEchartsPart('The log scale'),
      loader: 'js',
    }));
    builder.onLoad({ filter: /[\\/]echarts[\\/]lib[\\/]preprocessor[\\/]backwardCompat\.js$/ }, () => ({
      contents: `export default function seriesAsArray(option) {
        option.series = option.series == null ? [] : Array.isArray(option.series) ? option.series : [option.series];
      }`,
      loader: 'js',
    }));
    builder.onLoad({ filter: /[\\/]echarts[\\/]lib[\\/]legacy[\\/]dataSelectAction\.js$/ }, () => ({
      contents: 'export function createLegacyDataSelectAction() {}\nexport function handleLegacySelectEvents() {}',
      loader: 'js',
    }));
  },
};

const TRANSLATION_ID = /'([sh][0-9a-f]{16})':/g;

/**
 * Shortens the ids that key a language's translations (src/generated/locales/<locale>.ts, written by
 * lit-localize): 16 hex digits each, random to gzip, about 2 KB of a 5.5 KB locale chunk. Each module
 * keeps the shortest prefix that still tells its ids apart and exports its length as `idLength`;
 * shared/localization.ts looks a msg() id up by that prefix. Every msg() has its translation (the
 * build's translation step fails otherwise), so a prefix names one string. Ids given by hand are kept.
 */
export const shortTranslationIds = {
  name: 'short-translation-ids',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]src[\\/]generated[\\/]locales[\\/][^\\/]+\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      const ids = [...source.matchAll(TRANSLATION_ID)].map(([, id]) => id);
      // An id given by hand (msg(…, { id })) is not a hash: such a module keeps its ids as they are.
      if (ids.length !== [...source.matchAll(/^\s*'[^']+':/gm)].length) return undefined;
      let idLength = 2;
      while (new Set(ids.map((id) => id.slice(0, idLength))).size < ids.length) idLength += 1;
      // str`` as @lit/localize defines it, written here: a locale chunk importing nothing from @lit/localize
      // leaves it in the chunk every page loads rather than in a small chunk of its own (one file less).
      const shortened = source
        .replace(TRANSLATION_ID, (_, id) => `'${id.slice(0, idLength)}':`)
        .replace(
          /import\s*\{\s*str\s*\}\s*from\s*'@lit\/localize';/,
          'const str = (strings: TemplateStringsArray, ...values: unknown[]) => ({ strTag: true, strings, values });',
        );
      return { contents: `${shortened}\nexport const idLength = ${idLength};\n`, loader: 'ts' };
    });
  },
};

/** CSS text of a css`` template part without comments and with no more whitespace than it needs. */
export function minifyCssText(text) {
  return text
    .replace(/\/\*[\s\S]*?\*\//g, '')
    .replace(/\s+/g, ' ')
    .replace(/ ?([{};,>]) ?/g, '$1');
}

/**
 * The widgets' styles (css`` templates in src/) without comments and spare whitespace: Lit hands the
 * text to the browser as it is, and esbuild leaves template literals alone. Only the literal text
 * between `${…}` is touched, so interpolated values stay as written.
 */
export const minifiedCssTemplates = {
  name: 'minified-css-templates',
  setup(builder) {
    builder.onLoad({ filter: /[\\/]web-components[\\/]src[\\/].*\.ts$/ }, (args) => {
      const source = readFileSync(args.path, 'utf8');
      if (!source.includes('css`')) return undefined;
      const file = ts.createSourceFile(args.path, source, ts.ScriptTarget.ES2022, true);
      const parts = [];
      const visit = (node) => {
        if (ts.isTaggedTemplateExpression(node) && node.tag.getText(file) === 'css')
          parts.push(...literalParts(node.template, file));
        ts.forEachChild(node, visit);
      };
      visit(file);
      let contents = source;
      for (const { start, end } of parts.sort((a, b) => b.start - a.start)) {
        contents = contents.slice(0, start) + minifyCssText(contents.slice(start, end)) + contents.slice(end);
      }
      return { contents, loader: 'ts' };
    });
  },
};

/** The raw text ranges of a template's literal parts, between the backticks, `${` and `}`. */
function literalParts(template, file) {
  const range = (node, head, tail) => ({ start: node.getStart(file) + head, end: node.getEnd() - tail });
  if (ts.isNoSubstitutionTemplateLiteral(template)) return [range(template, 1, 1)];
  return [
    range(template.head, 1, 2),
    ...template.templateSpans.map((span) => range(span.literal, 1, ts.isTemplateTail(span.literal) ? 1 : 2)),
  ];
}
