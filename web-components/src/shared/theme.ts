/**
 * The `theme` setting every widget takes — `light`, `dark` or `auto` (follow the system's
 * prefers-color-scheme) — and the one media query all widgets on a page share to follow the system.
 */

export type Theme = 'light' | 'dark' | 'auto';
export type ColorScheme = 'light' | 'dark';

/** A theme attribute's value, or '' when it is missing or not one of the three (then: the container's, else auto). */
export function parseTheme(value: unknown): Theme | '' {
  return value === 'light' || value === 'dark' || value === 'auto' ? value : '';
}

/** The palette a theme shows: auto (and no theme at all) follows the system. Pure. */
export function resolveColorScheme(theme: Theme | '', systemPrefersDark: boolean): ColorScheme {
  if (theme === 'light' || theme === 'dark') return theme;
  return systemPrefersDark ? 'dark' : 'light';
}

const listeners = new Set<() => void>();
let darkQuery: MediaQueryList | null | undefined;

function systemQuery(): MediaQueryList | null {
  if (darkQuery === undefined) {
    darkQuery = typeof matchMedia === 'function' ? matchMedia('(prefers-color-scheme: dark)') : null;
    darkQuery?.addEventListener('change', () => listeners.forEach((listener) => listener()));
  }
  return darkQuery;
}

/** Whether the system asks for dark colours now. */
export function systemPrefersDark(): boolean {
  return systemQuery()?.matches ?? false;
}

/** Calls `listener` whenever the system's colour scheme changes; answers the unsubscribe function. */
export function onSystemColorSchemeChange(listener: () => void): () => void {
  systemQuery();
  listeners.add(listener);
  return () => listeners.delete(listener);
}
