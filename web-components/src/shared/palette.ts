/** The built-in light and dark palettes behind the --mp-* custom properties. Pure data. */

export interface Palette {
  surface: string;
  text: string;
  muted: string;
  border: string;
  accent: string;
  accentText: string;
  danger: string;
  skeleton: string;
  chartBillable: string;
  chartTotal: string;
  pieInUse: string;
  pieAvailable: string;
}

export const LIGHT_PALETTE: Palette = {
  surface: '#ffffff',
  text: '#1f2937',
  muted: '#4b5563',
  border: '#d1d5db',
  accent: '#1d4ed8',
  accentText: '#ffffff',
  danger: '#b91c1c',
  skeleton: '#e5e7eb',
  chartBillable: '#1d4ed8',
  chartTotal: '#0f766e',
  pieInUse: '#1d4ed8',
  pieAvailable: '#9ca3af',
};

export const DARK_PALETTE: Palette = {
  surface: '#111827',
  text: '#f3f4f6',
  muted: '#d1d5db',
  border: '#4b5563',
  accent: '#93c5fd',
  accentText: '#111827',
  danger: '#fca5a5',
  skeleton: '#374151',
  chartBillable: '#93c5fd',
  chartTotal: '#5eead4',
  pieInUse: '#93c5fd',
  pieAvailable: '#6b7280',
};

/** CSS declarations of a palette as the --_default-* fallbacks each widget's :host reads. */
export function paletteDeclarations(palette: Palette): string {
  return Object.entries(palette)
    .map(([name, value]) => `--_default-${name.replace(/[A-Z]/g, (letter) => `-${letter.toLowerCase()}`)}: ${value};`)
    .join('\n');
}

/** WCAG 2 contrast ratio of two #rrggbb colours, from 1 to 21. */
export function contrastRatio(foreground: string, background: string): number {
  const [lighter, darker] = [relativeLuminance(foreground), relativeLuminance(background)].sort((a, b) => b - a);
  return (lighter + 0.05) / (darker + 0.05);
}

function relativeLuminance(hex: string): number {
  const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex);
  if (!match) throw new Error(`Not a #rrggbb colour: ${hex}`);
  const [red, green, blue] = match.slice(1).map((channel) => {
    const value = parseInt(channel, 16) / 255;
    return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
  });
  return 0.2126 * red + 0.7152 * green + 0.0722 * blue;
}
