import { USAGE_UNITS } from '../cycles/cycle-figures';
import { UsageType } from '../rating/usage-type';
import { htmlPage } from '../notifications/email-html';
import { EmailContent } from '../notifications/outbox';
import { AlertBasis } from './usage-alert.entity';

const amount = (n: number | null, type: UsageType) =>
  n === null ? 'not available yet' : `${n.toLocaleString('en-US')} ${USAGE_UNITS[type]}`;
const TYPE_NAMES: Record<UsageType, string> = { VOICE: 'Voice', MESSAGE: 'Message', DATA: 'Data' };

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
  return { subject, text: text.join('\n'), html: htmlPage([headline], rows, input.portalUrl) };
}
