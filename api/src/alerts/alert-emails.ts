import { USAGE_UNITS } from '../cycles/cycle-figures';
import { UsageType } from '../usage/usage-event.entity';
import { EmailContent } from '../numbers/threshold-email';
import { Utilization } from '../numbers/utilization';
import { AlertBasis } from './usage-alert.entity';

const escapeHtml = (s: string) =>
  s.replace(/[&<>"']/g, (c) => ({ '&': '&amp;', '<': '&lt;', '>': '&gt;', '"': '&quot;', "'": '&#39;' })[c]!);
const amount = (n: number | null, type: UsageType) =>
  n === null ? 'not available yet' : `${n.toLocaleString('en-US')} ${USAGE_UNITS[type]}`;
const TYPE_NAMES: Record<UsageType, string> = { VOICE: 'Voice', MESSAGE: 'Message', DATA: 'Data' };

function page(paragraphs: string[], rows: Array<[string, string]>, portalUrl: string): string {
  return (
    '<!doctype html><html><body style="font-family:sans-serif">' +
    paragraphs.map((p) => `<p>${escapeHtml(p)}</p>`).join('') +
    '<table cellpadding="4">' +
    rows.map(([k, v]) => `<tr><th align="left">${escapeHtml(k)}</th><td>${escapeHtml(v)}</td></tr>`).join('') +
    `</table><p><a href="${escapeHtml(portalUrl)}">Open the management portal</a></p></body></html>`
  );
}

/** The usage alert email: which alert, the usage so far and the forecast (DESIGN.md §7). */
export function usageAlertEmail(input: {
  organizationName: string;
  alertId: number;
  type: UsageType;
  basis: AlertBasis;
  threshold: number;
  usage: number;
  forecast: number | null;
  cycleStart: string;
  portalUrl: string;
}): EmailContent {
  const { organizationName: org, type } = input;
  const what = input.basis === AlertBasis.ACTUAL ? 'usage' : 'forecast usage';
  const name = `${TYPE_NAMES[type]} ${what} alert at ${amount(input.threshold, type)}`;
  const subject = `${org}: ${name} reached`;
  const kind = TYPE_NAMES[type].toLowerCase();
  const limit = amount(input.threshold, type);
  const headline =
    input.basis === AlertBasis.ACTUAL
      ? `${org}'s billable ${kind} usage this cycle has reached ${limit}.`
      : `${org} is on track to reach ${limit} of billable ${kind} usage this cycle.`;
  const rows: Array<[string, string]> = [
    ['Alert', `${name} (alert ${input.alertId})`],
    ['Usage so far', amount(input.usage, type)],
    ['Forecast for the cycle', amount(input.forecast, type)],
    ['Cycle started', input.cycleStart],
  ];
  const text = [headline, '', ...rows.map(([k, v]) => `${k}: ${v}`), '', `Management portal: ${input.portalUrl}`];
  return { subject, text: text.join('\n'), html: page([headline], rows, input.portalUrl) };
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
  return { subject, text: text.join('\n'), html: page([headline, ...lines], rows, input.portalUrl) };
}
