/** The HTML both kinds of email share: escaping, and a page of paragraphs, a table and the portal link. */

export const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

export function htmlPage(paragraphs: string[], rows: Array<[string, string]>, portalUrl: string): string {
  return (
    '<!doctype html><html><body style="font-family:sans-serif">' +
    paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('') +
    '<table cellpadding="4">' +
    rows.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('') +
    `</table><p><a href="${escapeHtml(portalUrl)}">Open the management portal</a></p></body></html>`
  );
}
