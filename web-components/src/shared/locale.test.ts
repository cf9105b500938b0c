import { uiLocaleFor } from './locale';

describe('uiLocaleFor', () => {
  it.each([
    ['es', 'es'],
    ['es-MX', 'es'],
    ['ES-419', 'es'],
    ['es_AR', 'es'],
    ['pt', 'pt-BR'],
    ['pt-BR', 'pt-BR'],
    ['pt-PT', 'pt-BR'],
    ['en-US', 'en'],
    ['de-DE', 'en'],
    ['fr', 'en'],
    ['', 'en'],
    [undefined, 'en'],
    ['estonian-nonsense', 'en'],
  ])('%s reads in %s', (locale, expected) => {
    expect(uiLocaleFor(locale)).toBe(expected);
  });
});
