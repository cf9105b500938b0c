import { ViewerScope } from '../auth/viewer-scope';
import { BulkRecord } from './bulk-readers';
import { UsageEventInput } from './usage.inputs';
import { MAX_EVENTS_PER_CALL, UsageService } from './usage.service';

/** Errors listed in an answer; `rejected` counts them all. */
export const MAX_LISTED_ERRORS = 1000;

/** A line or element not recorded, as the answer lists it (DESIGN §12). */
export interface BulkError {
  line: number;
  field: string | null;
  message: string;
}

/** The answer of POST /usage/events. */
export interface BulkAnswer {
  accepted: number;
  duplicates: number;
  rejected: number;
  errors: BulkError[];
}

/** The figures of one bulk request as its chunks commit; read by the caller even when the body breaks off. */
export class BulkTally {
  accepted = 0;
  duplicates = 0;
  rejected = 0;
  readonly errors: BulkError[] = [];
  /** Lines or elements that were JSON objects: none means nothing could be read (400). */
  read = 0;
  /** The first line or element refused, for the 400 that says why nothing could be read. */
  first: BulkError | null = null;

  refuse(errors: BulkError[]): void {
    this.first ??= errors[0] ?? null;
    this.rejected += errors.length;
    this.errors.push(...errors.slice(0, MAX_LISTED_ERRORS - this.errors.length));
  }

  answer(): BulkAnswer {
    const { accepted, duplicates, rejected, errors } = this;
    return { accepted, duplicates, rejected, errors };
  }
}

/** How the body's format names an input's field: `quantity` in NDJSON, `data.quantity` in a CloudEvent. */
export type BodyFieldName = (name: keyof UsageEventInput) => string;

export interface BulkOptions {
  fieldName: BodyFieldName;
  /** Events per transaction; at most (and by default) MAX_EVENTS_PER_CALL. */
  chunkSize?: number;
}

/**
 * Records a bulk body's events through the same service as recordUsage, in transactions of up to
 * 10,000 events: the refused ones are tallied with their line, the others recorded. The next chunk
 * is read while one commits; commits run one after another. When the body breaks off (too large,
 * client gone) the chunk being read is not recorded and the error is thrown once the commit in
 * progress has finished, so the tally holds exactly what was committed.
 */
export async function recordBulk(
  usage: Pick<UsageService, 'recordEach'>,
  scope: ViewerScope,
  body: AsyncIterable<BulkRecord[]>,
  options: BulkOptions,
  tally: BulkTally,
): Promise<void> {
  const chunkSize = Math.min(options.chunkSize ?? MAX_EVENTS_PER_CALL, MAX_EVENTS_PER_CALL);
  let events: Array<{ line: number; input: UsageEventInput }> = [];
  let problems: BulkError[] = [];
  let committing: Promise<void> = Promise.resolve();
  const commitNext = async () => {
    const chunk = { events, problems };
    events = [];
    problems = [];
    await committing;
    committing = commitChunk(usage, scope, chunk, options.fieldName, tally);
    // Awaited before the next commit or at the end; marked handled meanwhile.
    committing.catch(() => undefined);
  };
  try {
    for await (const records of body) {
      for (const record of records) {
        if ('input' in record) events.push(record);
        else problems.push({ line: record.line, ...record.problem });
        if ('input' in record || record.problem.field !== null) tally.read++;
        // A chunk is a run of lines: refused ones are tallied with it, so they are never held long.
        if (events.length + problems.length >= chunkSize) await commitNext();
      }
    }
  } catch (error) {
    await committing.catch(() => undefined);
    throw error;
  }
  if (events.length || problems.length) await commitNext();
  await committing;
}

async function commitChunk(
  usage: Pick<UsageService, 'recordEach'>,
  scope: ViewerScope,
  chunk: { events: Array<{ line: number; input: UsageEventInput }>; problems: BulkError[] },
  fieldName: BodyFieldName,
  tally: BulkTally,
): Promise<void> {
  const { events, problems } = chunk;
  const inputs = events.map((e) => e.input);
  const result = inputs.length
    ? await usage.recordEach(scope, inputs, (_, name) => fieldName(name))
    : { accepted: 0, duplicates: 0, refusals: [] };
  tally.accepted += result.accepted;
  tally.duplicates += result.duplicates;
  const refused = result.refusals.map((r) => ({
    line: events[r.index].line,
    field: r.field,
    message: r.error.message,
  }));
  tally.refuse([...problems, ...refused].sort((a, b) => a.line - b.line));
}
