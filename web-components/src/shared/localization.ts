/**
 * The widgets' words through @lit/localize in runtime mode, one language per element.
 *
 * @lit/localize's own runtime (`configureLocalization`) keeps one locale for the whole page, but two
 * widgets on a page may carry different `locale` attributes. So the widgets install @lit/localize's
 * re-entrant runtime, which asks for the locale at every `msg()` call: the answer is the locale of the
 * element whose update is running (MpElement wraps its update in `withUiLocale`). The translated
 * templates are the modules `lit-localize build` writes, each its own chunk, imported the first time
 * an element needs that language; an element waits for it before it renders.
 */
import { configureReentrantLocalization } from '@lit/localize/init/reentrant.js';
import type { LocaleModule } from '@lit/localize';
import { sourceLocale, targetLocales } from '../generated/locale-codes';
import type { UiLocale } from './locale';

type TargetLocale = Exclude<UiLocale, 'en'>;

// Dynamic imports: esbuild makes each locale its own chunk, downloaded only by a page that needs it.
const LOADERS: Record<TargetLocale, () => Promise<LocaleModule>> = {
  es: () => import('../generated/locales/es').then(byShortIds),
  'pt-BR': () => import('../generated/locales/pt-BR').then(byShortIds),
};

/**
 * The widget build keys each language's translations by the first `idLength` characters of their ids
 * (web-components/scripts/build-plugins.mjs, 1.5 KB gzipped less per language); msg() asks by the full id.
 */
function byShortIds(module: LocaleModule & { idLength?: number }): LocaleModule {
  const { idLength, templates } = module;
  if (!idLength) return module;
  const lookUp = (id: string | symbol) => (typeof id === 'string' ? templates[id.slice(0, idLength)] : undefined);
  return { templates: new Proxy(templates, { get: (_, id) => lookUp(id) }) };
}

const loaded = new Map<UiLocale, LocaleModule>();
const loading = new Map<UiLocale, Promise<void>>();
let rendering: UiLocale = 'en';

try {
  configureReentrantLocalization({
    sourceLocale,
    targetLocales: [...targetLocales],
    getLocale: () => rendering,
    loadLocaleSync: (locale) => loaded.get(locale as UiLocale),
  });
} catch {
  // A host app that configured @lit/localize itself (it allows one configuration per copy) keeps its own.
}

/** Null when the language's words are ready, else a promise that settles once they are (or failed to load). */
export function pendingUiLocale(locale: UiLocale): Promise<void> | null {
  if (locale === 'en' || loaded.has(locale)) return null;
  let promise = loading.get(locale);
  if (!promise) {
    promise = LOADERS[locale]()
      .then((module) => void loaded.set(locale, module))
      // A chunk that failed to download leaves the widget in English rather than blank; a later update retries.
      .catch(() => void loading.delete(locale));
    loading.set(locale, promise);
  }
  return promise;
}

/** Runs `work` (an element's update) with `msg()` answering in `locale`. */
export function withUiLocale<T>(locale: UiLocale, work: () => T): T {
  const outer = rendering;
  rendering = locale;
  try {
    return work();
  } finally {
    rendering = outer;
  }
}
