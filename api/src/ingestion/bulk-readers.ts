import { StringDecoder } from 'node:string_decoder';
import { JSONParser } from '@streamparser/json';
import { RecordProblem, usageEventOfCloudEvent, usageEventOfLine } from './bulk-records';
import { UsageEventInput } from './usage.inputs';

/** A line or array element of a bulk body, 1-based: the event it holds, or why it holds none. */
export type BulkRecord = { line: number; input: UsageEventInput } | { line: number; problem: RecordProblem };

/** A line of an NDJSON body: its 1-based number and text; null text for a line too long to keep. */
export interface NumberedLine {
  line: number;
  text: string | null;
}

/** Longest line kept: a UsageEventInput is a few hundred characters; a longer line is refused, not held. */
export const MAX_LINE_CHARS = 64 * 1024;

/**
 * Splits a UTF-8 stream into its lines as the bytes arrive, one batch per chunk: numbered from 1,
 * blank lines skipped but counted, CRLF and a leading byte order mark accepted. Memory holds one
 * chunk and one unfinished line (at most `maxLineChars`), however long the body.
 */
export async function* ndjsonLines(
  source: AsyncIterable<Buffer | string>,
  maxLineChars = MAX_LINE_CHARS,
): AsyncGenerator<NumberedLine[]> {
  const decoder = new StringDecoder('utf8');
  let rest = '';
  let overlong = false;
  let line = 0;
  let started = false;
  const numbered = (text: string, batch: NumberedLine[]) => {
    line++;
    const content = text.endsWith('\r') ? text.slice(0, -1) : text;
    if (overlong || content.length > maxLineChars) batch.push({ line, text: null });
    else if (content.trim()) batch.push({ line, text: content });
    overlong = false;
  };
  for await (const chunk of source) {
    let piece = typeof chunk === 'string' ? chunk : decoder.write(chunk);
    if (!started && piece) {
      started = true;
      if (piece.charCodeAt(0) === 0xfeff) piece = piece.slice(1);
    }
    const batch: NumberedLine[] = [];
    let start = 0;
    for (let end = piece.indexOf('\n'); end >= 0; end = piece.indexOf('\n', start)) {
      numbered(rest + piece.slice(start, end), batch);
      rest = '';
      start = end + 1;
    }
    rest += piece.slice(start);
    // A line that outgrows the limit is dropped as it comes; it is refused once its end arrives.
    if (rest.length > maxLineChars) {
      overlong = true;
      rest = '';
    }
    if (batch.length) yield batch;
  }
  const last = rest + decoder.end();
  const batch: NumberedLine[] = [];
  if (overlong || last) numbered(last, batch);
  if (batch.length) yield batch;
}

function lineRecord({ line, text }: NumberedLine, maxLineChars: number): BulkRecord {
  if (text === null)
    return { line, problem: { field: null, message: `The line is longer than ${maxLineChars} characters` } };
  let value: unknown;
  try {
    value = JSON.parse(text);
  } catch (error) {
    return { line, problem: { field: null, message: `The line is not JSON: ${(error as Error).message}` } };
  }
  const event = usageEventOfLine(value);
  return 'message' in event ? { line, problem: event } : { line, input: event };
}

/** The records of an NDJSON body (`application/x-ndjson`), one UsageEventInput a line. */
export async function* ndjsonRecords(
  source: AsyncIterable<Buffer | string>,
  maxLineChars = MAX_LINE_CHARS,
): AsyncGenerator<BulkRecord[]> {
  for await (const lines of ndjsonLines(source, maxLineChars)) yield lines.map((l) => lineRecord(l, maxLineChars));
}

const BOM = Buffer.from([0xef, 0xbb, 0xbf]);

/** The first chunk without its byte order mark, if it has one. */
function withoutBom(chunk: Buffer | string): Buffer | string {
  if (typeof chunk === 'string') return chunk.replace(/^\uFEFF/, '');
  return chunk.subarray(0, 3).equals(BOM) ? chunk.subarray(3) : chunk;
}

/**
 * A CloudEvents batch read chunk by chunk: each element of the top-level array, numbered from 1,
 * as soon as @streamparser/json completes it (only the element being read is held).
 */
class CloudEventBatch {
  private readonly parser = new JSONParser({ paths: ['$.*'], keepStack: false });
  private index = 0;
  private records: BulkRecord[] = [];
  private opened = false;
  /** Set once the body cannot be read further: the records so far stand, nothing after is read. */
  ended = false;

  constructor() {
    this.parser.onValue = ({ value }) => {
      const line = ++this.index;
      const event = usageEventOfCloudEvent(value);
      this.records.push('message' in event ? { line, problem: event } : { line, input: event });
    };
  }

  push(raw: Buffer | string): BulkRecord[] {
    const chunk = this.opened ? raw : withoutBom(raw);
    if (!this.opened) {
      const first = /\S/.exec(chunk.toString());
      if (first && first[0] !== '[') return this.broken('The body is not a JSON array of CloudEvents');
      this.opened = !!first;
    }
    return this.parsed(() => this.parser.write(chunk));
  }

  end(): BulkRecord[] {
    if (!this.opened) return this.broken('The body is empty');
    return this.parsed(() => {
      if (!this.parser.isEnded) this.parser.end();
    });
  }

  /** The parser's own errors end the body here; the source's (too large, broken gzip) reach the caller. */
  private parsed(step: () => void): BulkRecord[] {
    try {
      step();
    } catch (error) {
      return this.broken(`The body is not valid JSON: ${(error as Error).message}`);
    }
    return this.taken();
  }

  private broken(message: string): BulkRecord[] {
    this.ended = true;
    const { index } = this;
    const detail = index ? `${message}; nothing after element ${index} was read` : message;
    return [...this.taken(), { line: index + 1, problem: { field: null, message: detail } }];
  }

  private taken(): BulkRecord[] {
    const done = this.records;
    this.records = [];
    return done;
  }
}

/**
 * The records of a CloudEvents batch (`application/cloudevents-batch+json`), parsed as the bytes
 * arrive. Broken JSON ends the body there: that element is refused, the ones before it stand.
 */
export async function* cloudEventRecords(source: AsyncIterable<Buffer | string>): AsyncGenerator<BulkRecord[]> {
  const batch = new CloudEventBatch();
  for await (const chunk of source) {
    const records = batch.push(chunk);
    if (records.length) yield records;
    if (batch.ended) return;
  }
  const records = batch.end();
  if (records.length) yield records;
}
