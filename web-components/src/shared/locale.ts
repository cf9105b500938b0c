/** Which of the widgets' languages a BCP 47 locale reads in. Pure: no DOM, no I/O. */

/** The languages the widgets' words are translated into; `en` is the source. */
export const UI_LOCALES = ['en', 'es', 'pt-BR'] as const;
export type UiLocale = (typeof UI_LOCALES)[number];

/**
 * `es`, `es-MX`, `es-419` … → `es`; `pt`, `pt-BR`, `pt-PT` … → `pt-BR`; anything else (or nothing) → `en`.
 * Numbers and dates keep following the full locale (es-MX formats as Mexico does); only words map here.
 */
export function uiLocaleFor(locale: string | null | undefined): UiLocale {
  const language = (locale ?? '').trim().toLowerCase().split(/[-_]/)[0];
  if (language === 'es') return 'es';
  if (language === 'pt') return 'pt-BR';
  return 'en';
}
