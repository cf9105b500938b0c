// The widgets' size budgets and their check, used by build.mjs on esbuild's metafile and tested alone
// (bundle-budgets.test.ts) on small made-up metafiles: a page is what it downloads at load (its entry
// file and every chunk it imports statically), in English and with each language's translations added.
// Every budget applies in every language: a host page in Spanish downloads the Spanish words too.

// Decimal kilobytes (1 KB = 1000 bytes), the stricter reading of the budgets.
export const KB = 1000;

/** Gzipped JavaScript a page loads, per the issues' budgets; the build fails past them. */
export function widgetBudgets(tags) {
  return [
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
    { page: 'all widgets', tags, limit: 280 * KB },
  ];
}

/** The translated words of one language, loaded only by pages in that language. */
export const LOCALE_LIMIT = 8 * KB;

const CHARTING = /node_modules\/(echarts|zrender)\//;

/** An entry plus every chunk it statically imports, transitively: what a page downloads at load. */
function staticClosure(outputs, file, seen = new Set()) {
  if (seen.has(file)) return seen;
  seen.add(file);
  for (const imported of outputs[file].imports) {
    if (imported.kind === 'import-statement' && !imported.external) staticClosure(outputs, imported.path, seen);
  }
  return seen;
}

/** The output files holding a language's words: chunks of src/generated/locales/<locale>.ts (or <locale>/…). */
function localeFilesOf(outputs, locale) {
  const source = new RegExp(`/src/generated/locales/${locale.replace(/[.-]/g, '\\$&')}(\\.ts$|/)`);
  return Object.keys(outputs).filter((file) => source.test(outputs[file].entryPoint ?? ''));
}

/** The language's chunks a page imports (dynamically, when an element first renders in that language). */
function localeFilesLoadedBy(outputs, files, locale) {
  const ofLocale = new Set(localeFilesOf(outputs, locale));
  const loaded = new Set();
  for (const file of files) {
    for (const imported of outputs[file].imports) {
      if (imported.kind === 'dynamic-import' && ofLocale.has(imported.path)) {
        for (const chunk of staticClosure(outputs, imported.path)) loaded.add(chunk);
      }
    }
  }
  return loaded;
}

function pageFiles(outputs, entryFileOf, tags) {
  const files = new Set();
  for (const tag of tags) for (const file of staticClosure(outputs, entryFileOf(tag))) files.add(file);
  return files;
}

/** Files some widget's page outside `tags` loads too: the shared chunks. */
function sharedWith(outputs, entryFileOf, allTags, tags) {
  return pageFiles(
    outputs,
    entryFileOf,
    allTags.filter((tag) => !tags.includes(tag)),
  );
}

function measure(outputs, files, gzipSize) {
  return {
    rawBytes: [...files].reduce((sum, file) => sum + outputs[file].bytes, 0),
    gzipBytes: [...files].reduce((sum, file) => sum + gzipSize(file), 0),
    loadsCharting: [...files].some((file) => Object.keys(outputs[file].inputs).some((input) => CHARTING.test(input))),
  };
}

/**
 * Measures every budget's page in English and in each target locale against esbuild's metafile outputs.
 * `entryFileOf(tag)` names a widget's entry output, `gzipSize(file)` an output's gzipped size. Answers
 * `{ pages, locales, overBudget }`, each page with its files, raw and gzip bytes, budget and verdict.
 */
export function measureBudgets({ outputs, entryFileOf, tags, budgets, targetLocales, gzipSize, localeLimit }) {
  const locales = targetLocales.map((locale) => {
    const files = localeFilesOf(outputs, locale);
    if (files.length === 0) throw new Error(`No chunk of its own for the ${locale} translations`);
    const sizes = measure(outputs, files, gzipSize);
    return { locale, files, rawBytes: sizes.rawBytes, gzipBytes: sizes.gzipBytes, budgetGzipBytes: localeLimit };
  });
  const pages = [];
  for (const budget of budgets) {
    const files = pageFiles(outputs, entryFileOf, budget.tags);
    const shared = budget.ownOnly ? sharedWith(outputs, entryFileOf, tags, [...budget.tags, 'mp-dashboard']) : null;
    for (const locale of [null, ...targetLocales]) {
      const withWords = new Set(files);
      if (locale) for (const file of localeFilesLoadedBy(outputs, files, locale)) withWords.add(file);
      if (shared) for (const file of shared) withWords.delete(file);
      const sizes = measure(outputs, withWords, gzipSize);
      const ok = sizes.gzipBytes <= budget.limit && !(budget.forbidCharting && sizes.loadsCharting);
      const page = locale ? `${budget.page} (${locale})` : budget.page;
      pages.push({ page, locale, files: [...withWords], ...sizes, budgetGzipBytes: budget.limit, ok });
    }
  }
  const localesOk = locales.map((locale) => ({ ...locale, ok: locale.gzipBytes <= localeLimit }));
  const overBudget = pages.some((page) => !page.ok) || localesOk.some((locale) => !locale.ok);
  return { pages, locales: localesOk, overBudget };
}
