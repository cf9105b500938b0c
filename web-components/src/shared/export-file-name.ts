/** File names for what the widgets let a user download. Pure. */

/**
 * "Acme Corporation", "Voice", "current cycle" → "acme-corporation-voice-current-cycle.png": lower-case
 * ASCII letters and digits joined by hyphens, accents dropped, so the name is safe on every file system.
 */
export function exportFileName(...parts: string[]): string {
  const slug = parts
    .join(' ')
    .normalize('NFKD')
    .replace(/[\u0300-\u036f]/g, '')
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, '-')
    .replace(/^-+|-+$/g, '');
  return `${slug || 'chart'}.png`;
}
