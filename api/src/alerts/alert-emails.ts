import { USAGE_UNITS } from '../cycles/cycle-figures';
import { UsageType } from '../rating/usage-type';
import { htmlPage } from '../notifications/email-html';
import { EmailContent } from '../notifications/outbox';
import { AlertBasis, AlertMeasure } from './usage-alert.entity';

const amount = (n: number | null, type: UsageType) =>
  n === null ? 'not available yet' : `${n.toLocaleString('en-US')} ${USAGE_UNITS[type]}`;
const percent = (n: number) => `${n.toLocaleString('en-US', { maximumFractionDigits: 1 })}%`;
const TYPE_NAMES: Record<UsageType, string> = { VOICE: 'Voice', MESSAGE: 'Message', DATA: 'Data' };

export interface UsageAlertEmailInput {
  organizationName: string;
  alertId: number;
  type: UsageType;
  basis: AlertBasis;
  measure: AlertMeasure;
  threshold: number;
  usage: number;
  forecast: number | null;
  /** The plan's allowance of the type this cycle; null without a plan. */
  allowance: number | null;
  percentUsed: number | null;
  forecastPercent: number | null;
  cycleStart: string;
  portalUrl: string;
}

/** "224 minutes (117.9% of the allowance)", or the amount alone without a percentage. */
const withShare = (n: number | null, share: number | null, type: UsageType) =>
  share === null ? amount(n, type) : `${amount(n, type)} (${percent(share)} of the allowance)`;

/** The alert's name and headline: in units (DESIGN §7), or as a share of the allowance (§9). */
function wording(input: UsageAlertEmailInput): { name: string; headline: string } {
  const { organizationName: org, type } = input;
  const actual = input.basis === AlertBasis.ACTUAL;
  const kind = TYPE_NAMES[type].toLowerCase();
  const what = actual ? 'usage' : 'forecast usage';
  if (input.measure === AlertMeasure.PERCENT_OF_ALLOWANCE) {
    const share = `${percent(input.threshold)} of the ${kind} allowance`;
    const pool = input.allowance === null ? '' : ` (${amount(input.allowance, type)})`;
    return {
      name: `${TYPE_NAMES[type]} ${what} alert at ${share}`,
      headline: actual
        ? `${org}'s billable ${kind} usage this cycle has reached ${share}${pool}.`
        : `${org} is on track to use ${share}${pool} this cycle.`,
    };
  }
  const limit = amount(input.threshold, type);
  return {
    name: `${TYPE_NAMES[type]} ${what} alert at ${limit}`,
    headline: actual
      ? `${org}'s billable ${kind} usage this cycle has reached ${limit}.`
      : `${org} is on track to reach ${limit} of billable ${kind} usage this cycle.`,
  };
}

/** The usage alert email: which alert, the usage so far and the forecast, the allowance with a plan (DESIGN §7, §9). */
export function usageAlertEmail(input: UsageAlertEmailInput): EmailContent {
  const { organizationName: org, type } = input;
  const { name, headline } = wording(input);
  const subject = `${org}: ${name} reached`;
  const rows: Array<[string, string]> = [
    ['Alert', `${name} (alert ${input.alertId})`],
    ...(input.allowance === null ? [] : [['Allowance this cycle', amount(input.allowance, type)] as [string, string]]),
    ['Usage so far', withShare(input.usage, input.percentUsed, type)],
    ['Forecast for the cycle', withShare(input.forecast, input.forecastPercent, type)],
    ['Cycle started', input.cycleStart],
  ];
  const text = [headline, '', ...rows.map(([k, v]) => `${k}: ${v}`), '', `Management portal: ${input.portalUrl}`];
  return { subject, text: text.join('\n'), html: htmlPage([headline], rows, input.portalUrl) };
}
