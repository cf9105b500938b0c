import { Amount, reportedAmount } from '../cycles/cycle-figures';
import { UsageType } from '../cycles/usage-event.entity';

/** What a usage CSV has a line for (`by=` of GET /reports/usage.csv, DESIGN §6). */
export type CsvBy = 'day' | 'user' | 'sub-organization';
export const CSV_BY: readonly CsvBy[] = ['day', 'user', 'sub-organization'];

const KEY_COLUMNS: Record<CsvBy, string[]> = {
  day: ['date'],
  user: ['user_id', 'email', 'organization_id'],
  'sub-organization': ['organization_id', 'name'],
};
export const USAGE_CSV_COLUMNS = [
  'voice_billable_minutes',
  'voice_total_minutes',
  'voice_billable_seconds',
  'voice_total_seconds',
  'messages_billable',
  'messages_total',
  'data_billable_bytes',
  'data_total_bytes',
];

/**
 * The usage columns of one line from each type's stored amounts (VOICE in rated seconds): minutes
 * as DESIGN §8 derives them, then the seconds (DESIGN §8 adds them after the minute columns).
 */
export function csvAmounts(amountOf: (type: UsageType) => Amount): number[] {
  const voice = reportedAmount(UsageType.VOICE, amountOf(UsageType.VOICE));
  const message = amountOf(UsageType.MESSAGE);
  const data = amountOf(UsageType.DATA);
  return [
    voice.billable,
    voice.total,
    voice.billableSeconds!,
    voice.totalSeconds!,
    message.billable,
    message.total,
    data.billable,
    data.total,
  ];
}

export function csvHeader(by: CsvBy): string[] {
  return [...KEY_COLUMNS[by], ...USAGE_CSV_COLUMNS];
}

/** One field, quoted as RFC 4180 asks when it holds a comma, a quote or a line break. */
export function csvField(value: unknown): string {
  const text = value === null || value === undefined ? '' : String(value);
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF-terminated (RFC 4180). */
export function csvLine(fields: unknown[]): string {
  return `${fields.map(csvField).join(',')}\r\n`;
}
