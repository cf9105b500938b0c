import { parseTheme, resolveColorScheme } from './theme';

describe('parseTheme', () => {
  it('keeps light, dark and auto, and answers "" for anything else', () => {
    expect(['light', 'dark', 'auto'].map(parseTheme)).toEqual(['light', 'dark', 'auto']);
    expect([undefined, null, '', 'Dark', 'blue'].map(parseTheme)).toEqual(['', '', '', '', '']);
  });
});

describe('resolveColorScheme', () => {
  it('lets light and dark win over the system, and auto or no theme follow it', () => {
    expect(resolveColorScheme('light', true)).toBe('light');
    expect(resolveColorScheme('dark', false)).toBe('dark');
    expect(resolveColorScheme('auto', true)).toBe('dark');
    expect(resolveColorScheme('auto', false)).toBe('light');
    expect(resolveColorScheme('', true)).toBe('dark');
    expect(resolveColorScheme('', false)).toBe('light');
  });
});
