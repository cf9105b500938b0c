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
  'messages_billable',
  'messages_total',
  'data_billable_bytes',
  'data_total_bytes',
];

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
