import { Utilization } from './utilization';
import { NotificationCause } from '../notifications/notification.entity';

export interface EmailContent {
  subject: string;
  text: string;
  html: string;
}

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);

function formatPercent(p: number): string {
  return `${Math.round(p * 10) / 10}%`;
}

const HEADLINES: Record<NotificationCause, string> = {
  [NotificationCause.THRESHOLD_REACHED]: 'has reached its number utilization threshold',
  [NotificationCause.NUMBERS_TAKEN_WHILE_REACHED]: 'took more numbers into use above its utilization threshold',
  [NotificationCause.THRESHOLD_SAVED_REACHED]: 'is at or above the utilization threshold just saved',
  [NotificationCause.NUMBERS_REQUESTED]: 'requested more numbers',
  [NotificationCause.USAGE_ALERT]: 'reached a usage alert',
  [NotificationCause.UTILIZATION_DIGEST]: 'took more numbers into use above its utilization threshold',
};

/** The threshold email: organization, utilization, threshold, numbers left and a portal link. */
export function thresholdEmail(input: {
  cause: NotificationCause;
  organizationName: string;
  utilization: Utilization;
  thresholdPercent: number;
  portalUrl: string;
}): EmailContent {
  const { organizationName, utilization: u, thresholdPercent, portalUrl } = input;
  const left = u.available;
  const percentInUse = formatPercent(u.percentInUse);
  const subject = `${organizationName}: ${percentInUse} of numbers in use (threshold ${thresholdPercent}%)`;
  const lines = [
    `${organizationName} ${HEADLINES[input.cause]}.`,
    '',
    `Utilization: ${u.inUse} of ${u.total} numbers in use (${percentInUse}).`,
    `Threshold: ${thresholdPercent}%.`,
    `Numbers left: ${left}${left === 0 ? ' — no numbers are available any more.' : '.'}`,
    '',
    `Review numbers or request more in the management portal: ${portalUrl}`,
  ];
  const html = `<!doctype html><html><body style="font-family:sans-serif">
<p><strong>${escapeHtml(organizationName)}</strong> ${escapeHtml(HEADLINES[input.cause])}.</p>
<table cellpadding="4">
<tr><th align="left">Utilization</th><td>${u.inUse} of ${u.total} numbers in use (${escapeHtml(percentInUse)})</td></tr>
<tr><th align="left">Threshold</th><td>${thresholdPercent}%</td></tr>
<tr><th align="left">Numbers left</th><td>${left}</td></tr>
</table>
<p><a href="${escapeHtml(portalUrl)}">Open the management portal</a> to review numbers or request more.</p>
</body></html>`;
  return { subject, text: lines.join('\n'), html };
}

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
