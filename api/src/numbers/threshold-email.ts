import { Utilization } from './utilization';
import { NotificationCause } from '../notifications/notification.entity';
import { escapeHtml, htmlPage } from '../notifications/email-html';
import { EmailContent } from '../notifications/outbox';

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

export interface DigestTake {
  at: Date;
  inUse: number;
  total: number;
  available: number;
}

/** The daily digest: every operation that took numbers into use that local day, and where utilization stands. */
export function utilizationDigestEmail(input: {
  organizationName: string;
  day: string;
  timezone: string;
  takes: DigestTake[];
  thresholdPercent: number;
  utilization: Utilization;
  portalUrl: string;
}): EmailContent {
  const { organizationName: org, takes, utilization: u } = input;
  const percent = `${Math.round(u.percentInUse * 10) / 10}%`;
  const operations = `${takes.length} more number operation${takes.length === 1 ? '' : 's'}`;
  const subject = `${org}: ${operations} above the threshold on ${input.day}`;
  const headline =
    `On ${input.day} (${input.timezone}), ${takes.length} operation${takes.length === 1 ? '' : 's'} took numbers ` +
    `into use while utilization stayed at or above the ${input.thresholdPercent}% threshold.`;
  const lines = takes.map(
    (t) => `${t.at.toISOString().slice(11, 16)} UTC: ${t.inUse} of ${t.total} in use, ${t.available} available`,
  );
  const rows: Array<[string, string]> = [
    ['Utilization now', `${u.inUse} of ${u.total} numbers in use (${percent})`],
    ['Threshold', `${input.thresholdPercent}%`],
    ['Numbers left', String(u.available)],
  ];
  const text = [
    headline,
    '',
    ...lines,
    '',
    ...rows.map(([k, v]) => `${k}: ${v}`),
    '',
    `Management portal: ${input.portalUrl}`,
  ];
  return { subject, text: text.join('\n'), html: htmlPage([headline, ...lines], rows, input.portalUrl) };
}
