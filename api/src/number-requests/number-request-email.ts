import { escapeHtml } from '../notifications/email-html';
import { EmailContent } from '../notifications/outbox';

/** The email to the number-request contact, when EMAIL_NUMBER_REQUESTS is on. */
export function numberRequestEmail(input: {
  organizationName: string;
  requestedBy: string;
  quantity: number | null;
  note: string | null;
  portalUrl: string;
}): EmailContent {
  const qty = input.quantity === null ? 'more numbers' : `${input.quantity} more numbers`;
  const subject = `${input.organizationName} requests ${qty}`;
  const text = [
    `${input.organizationName} requests ${qty}.`,
    `Requested by: ${input.requestedBy}`,
    input.note ? `Note: ${input.note}` : null,
    '',
    `Portal: ${input.portalUrl}`,
  ]
    .filter((l) => l !== null)
    .join('\n');
  const html =
    '<!doctype html><html><body style="font-family:sans-serif">' +
    `<p><strong>${escapeHtml(input.organizationName)}</strong> requests ${escapeHtml(qty)}.</p>` +
    `<p>Requested by: ${escapeHtml(input.requestedBy)}</p>` +
    (input.note ? `<p>Note: ${escapeHtml(input.note)}</p>` : '') +
    `<p><a href="${escapeHtml(input.portalUrl)}">Portal</a></p></body></html>`;
  return { subject, text, html };
}
