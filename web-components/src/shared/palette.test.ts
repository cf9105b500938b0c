import { contrastRatio, DARK_PALETTE, LIGHT_PALETTE, paletteDeclarations } from './palette';

describe('contrastRatio', () => {
  it('matches the WCAG reference values', () => {
    expect(contrastRatio('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrastRatio('#ffffff', '#ffffff')).toBeCloseTo(1, 5);
    expect(contrastRatio('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
});

describe.each([
  ['light', LIGHT_PALETTE],
  ['dark', DARK_PALETTE],
])('the %s palette', (_name, palette) => {
  // Text pairs need 4.5:1 (WCAG AA, normal text); chart marks and borders need 3:1 against the surface.
  it.each([
    ['text on surface', palette.text, palette.surface, 4.5],
    ['muted text on surface', palette.muted, palette.surface, 4.5],
    ['links and focus ring on surface', palette.accent, palette.surface, 4.5],
    ['button text on accent', palette.accentText, palette.accent, 4.5],
    ['errors on surface', palette.danger, palette.surface, 4.5],
    ['billable series on surface', palette.chartBillable, palette.surface, 3],
    ['total series on surface', palette.chartTotal, palette.surface, 3],
    ['in-use slice on surface', palette.pieInUse, palette.surface, 3],
  ])('%s reaches the contrast it needs', (_pair, foreground, background, minimum) => {
    expect(contrastRatio(foreground, background)).toBeGreaterThanOrEqual(minimum);
  });

  it('turns into --_default-* declarations', () => {
    expect(paletteDeclarations(palette)).toContain(`--_default-accent-text: ${palette.accentText};`);
    expect(paletteDeclarations(palette)).toContain(`--_default-chart-billable: ${palette.chartBillable};`);
  });
});
