import { Amount, reportedAmount } from '../cycles/cycle-figures';
import { minutesOfRatedSeconds } from '../rating/rating';
import { UsageType } from '../rating/usage-type';
import { TYPE_COUNTERS } from './report-figures';
import type { UsageSums } from './report.repository';

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

/** The six counters (VOICE in rated seconds) as a line's usage columns: csvAmounts of their amounts. */
export function csvSumsAmounts(s: UsageSums): number[] {
  return csvAmounts((t) => ({ billable: s[TYPE_COUNTERS[t].billable], total: s[TYPE_COUNTERS[t].total] }));
}

/**
 * csvSumsAmounts(s) as CSV text (numbers need no quotes), written out without its records: it runs once
 * per line of a CSV of every user. usage-csv.test.ts holds it to csvSumsAmounts.
 */
export function csvSumsText(s: UsageSums): string {
  const voice = `${minutesOfRatedSeconds(s.voiceBillable)},${minutesOfRatedSeconds(s.voiceTotal)},${s.voiceBillable}`;
  return `${voice},${s.voiceTotal},${s.messageBillable},${s.messageTotal},${s.dataBillable},${s.dataTotal}`;
}

export function csvHeader(by: CsvBy): string[] {
  return [...KEY_COLUMNS[by], ...USAGE_CSV_COLUMNS];
}

/** How text a spreadsheet would run as a formula starts (OWASP "CSV injection"). */
const FORMULA_START = /^[=+\-@\t\r]/;

/**
 * One field: text that starts like a formula gets a leading `'` (a spreadsheet then shows it as text),
 * then quotes as RFC 4180 asks when it holds a comma, a quote or a line break. Written by hand rather
 * than with csv-stringify: the user CSV writes its lines without building records (csvSumsText).
 */
export function csvField(value: unknown): string {
  // A number is never changed: its text (digits, '-', '.', 'e', 'Infinity', 'NaN') needs no quotes and
  // a negative one is a figure, not a formula.
  if (typeof value === 'number') return String(value);
  let text = value === null || value === undefined ? '' : String(value);
  if (FORMULA_START.test(text)) text = `'${text}`;
  return /[",\r\n]/.test(text) ? `"${text.replace(/"/g, '""')}"` : text;
}

/** One record, CRLF-terminated (RFC 4180). */
export function csvLine(fields: unknown[]): string {
  let line = fields.length ? csvField(fields[0]) : '';
  for (let i = 1; i < fields.length; i++) line += `,${csvField(fields[i])}`;
  return `${line}\r\n`;
}

/** About how much CSV text goes out per write: one write per line would cost more than the line. */
export const CSV_CHUNK_CHARS = 64 * 1024;

/** Lines joined into pieces of about CSV_CHUNK_CHARS. */
export function* csvChunks(lines: Iterable<string>): Generator<string> {
  let text = '';
  for (const line of lines) {
    text += line;
    if (text.length < CSV_CHUNK_CHARS) continue;
    yield text;
    text = '';
  }
  if (text) yield text;
}
