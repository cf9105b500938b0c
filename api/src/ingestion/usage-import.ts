import fs from 'node:fs';
import readline from 'node:readline';
import { parseInstant } from '../common/scalars';
import { AppDeps } from '../db/app-deps';
import { ViewerScope } from '../auth/viewer-scope';
import { DomainError } from '../common/domain-error';
import { Organization } from '../organizations/organization.entity';
import { UsageType } from '../rating/usage-type';
import { MAX_EVENTS_PER_CALL, UsageService } from './usage.service';
import { UsageEventInput } from './usage.inputs';

/** What the import records through: the same service as recordUsage. */
export interface ImportServices {
  usage: Pick<UsageService, 'record'>;
}

/** Header names the importer understands (case and underscores ignored); the first four are required. */
const COLUMNS = {
  id: 'id',
  occurredat: 'occurredAt',
  type: 'type',
  quantity: 'quantity',
  billable: 'billable',
  userid: 'userId',
  organizationid: 'organizationId',
} as const;
type Column = (typeof COLUMNS)[keyof typeof COLUMNS];
const REQUIRED: Column[] = ['id', 'occurredAt', 'type', 'quantity'];
const TYPES = new Set<string>(Object.values(UsageType));
const TRUE = new Set(['true', '1', 'yes', 'y']);
const FALSE = new Set(['false', '0', 'no', 'n']);

/** A line the importer could not record, with its 1-based line number in the file. */
export class ImportLineError extends Error {
  constructor(
    readonly line: number,
    readonly detail: string,
  ) {
    super(`line ${line}: ${detail}`);
  }
}

export interface ImportProgress {
  /** Lines read so far, the header included. */
  lines: number;
  events: number;
  recorded: number;
  duplicates: number;
  seconds: number;
}

export interface ImportOptions {
  organizationId: number;
  file: string;
  /** Events per recordUsage call (and per transaction); at most MAX_EVENTS_PER_CALL. */
  chunkSize?: number;
  onProgress?(progress: ImportProgress): void;
}

/** Splits one CSV line (RFC 4180 quoting, one record per line); null when the quoting is broken. */
export function splitCsvLine(line: string): string[] | null {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (line[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const quote = line.indexOf('"', i);
        if (quote < 0) return null;
        value += line.slice(i, quote);
        if (line[quote + 1] === '"') {
          value += '"';
          i = quote + 2;
        } else {
          i = quote + 1;
          break;
        }
      }
      if (i < line.length && line[i] !== ',') return null;
      fields.push(value);
    } else {
      const comma = line.indexOf(',', i);
      const end = comma < 0 ? line.length : comma;
      fields.push(line.slice(i, end).trim());
      i = end;
    }
    if (i >= line.length) return fields;
    i++; // the comma
    if (i === line.length) {
      fields.push('');
      return fields;
    }
  }
}

function parseHeader(fields: string[]): Map<Column, number> {
  const positions = new Map<Column, number>();
  fields.forEach((raw, index) => {
    const column =
      COLUMNS[
        raw
          .trim()
          .replace(/^\uFEFF/, '')
          .replace(/[_\s-]/g, '')
          .toLowerCase() as keyof typeof COLUMNS
      ];
    if (!column)
      throw new ImportLineError(1, `unknown column "${raw}" (expected ${Object.values(COLUMNS).join(', ')})`);
    if (positions.has(column)) throw new ImportLineError(1, `column ${column} appears twice`);
    positions.set(column, index);
  });
  const missing = REQUIRED.filter((c) => !positions.has(c));
  if (missing.length)
    throw new ImportLineError(1, `missing column${missing.length > 1 ? 's' : ''} ${missing.join(', ')}`);
  return positions;
}

/** One data line into an event; throws ImportLineError naming what is wrong. */
function parseEvent(
  fields: string[],
  header: Map<Column, number>,
  lineNumber: number,
  organizationId: number,
): UsageEventInput {
  if (fields.length !== header.size)
    throw new ImportLineError(lineNumber, `expected ${header.size} fields, got ${fields.length}`);
  const get = (c: Column) => (header.has(c) ? fields[header.get(c)!] : '');
  const bad = (detail: string) => new ImportLineError(lineNumber, detail);
  const id = get('id');
  if (!id) throw bad('id is empty');
  const type = get('type').toUpperCase();
  if (!TYPES.has(type)) throw bad(`type must be VOICE, MESSAGE or DATA, got "${get('type')}"`);
  const occurredText = get('occurredAt');
  let occurredAt: Date;
  try {
    occurredAt = parseInstant(occurredText);
  } catch {
    throw bad(
      `occurredAt must be an RFC 3339 instant with an offset, e.g. 2026-03-01T09:30:00Z, got "${occurredText}"`,
    );
  }
  const quantityText = get('quantity');
  const quantity = Number(quantityText);
  if (!/^\d+$/.test(quantityText) || !Number.isSafeInteger(quantity))
    throw bad(`quantity must be a whole number from 0 to 2^53-1, got "${quantityText}"`);
  const billableText = get('billable').toLowerCase();
  if (billableText && !TRUE.has(billableText) && !FALSE.has(billableText))
    throw bad(`billable must be true or false, got "${get('billable')}"`);
  const event: UsageEventInput = {
    id,
    organizationId: get('organizationId') || String(organizationId),
    type: type as UsageType,
    occurredAt,
    quantity,
    billable: billableText ? TRUE.has(billableText) : true,
  };
  const userId = get('userId');
  if (userId) event.userId = userId;
  return event;
}

/** Maps a service error about events[i] (or an organization id) back to the line it came from. */
function lineErrorOf(error: unknown, events: UsageEventInput[], lines: number[]): ImportLineError | null {
  if (!(error instanceof DomainError)) return null;
  const { index, entity, id } = error.details;
  if (index !== undefined) return new ImportLineError(lines[index], error.message);
  if (error.code === 'NOT_FOUND' && entity === 'Organization') {
    const at = events.findIndex((e) => e.organizationId === id);
    const detail = `organization ${id} is neither the imported organization nor one below it`;
    if (at >= 0) return new ImportLineError(lines[at], detail);
  }
  return new ImportLineError(
    lines[0],
    `${error.message} (in the chunk of lines ${lines[0]}-${lines[lines.length - 1]})`,
  );
}

/** The organization imported into and its ingest scope, found before any line is read. */
async function importTarget(deps: AppDeps, organizationId: number): Promise<{ org: Organization; scope: ViewerScope }> {
  const org = await deps.db.manager.getRepository(Organization).findOneBy({ id: organizationId });
  if (!org) throw new Error(`Organization ${organizationId} does not exist`);
  // The importer may record for the organization and everything below it, as an ingest token of it could.
  const scope = new ViewerScope({ sub: 'usage-import', org: String(org.id), roles: ['ingest'] });
  return { org, scope };
}

const EMPTY_FILE = 'the file is empty; expected a header line such as id,occurredAt,type,quantity,billable';

/** The file's lines, read as a stream (a backfill may be larger than memory). */
function csvLines(file: string): readline.Interface {
  return readline.createInterface({ input: fs.createReadStream(file, { encoding: 'utf8' }), crlfDelay: Infinity });
}

/**
 * Streams a CSV file of usage events into one organization's subtree, in chunks of up to 10,000
 * events, each recorded atomically through the same path as recordUsage (validation, dedupe by id,
 * rollups). Idempotent: running it again records nothing twice. A bad line stops the import with its
 * line number; nothing of its chunk is recorded, every earlier chunk is.
 */
export async function importUsageCsv(deps: AppDeps, services: ImportServices, options: ImportOptions) {
  const chunkSize = Math.min(options.chunkSize ?? MAX_EVENTS_PER_CALL, MAX_EVENTS_PER_CALL);
  const { org, scope } = await importTarget(deps, options.organizationId);

  const started = process.hrtime.bigint();
  const progress: ImportProgress = { lines: 0, events: 0, recorded: 0, duplicates: 0, seconds: 0 };
  let header: Map<Column, number> | null = null;
  let events: UsageEventInput[] = [];
  let lines: number[] = [];
  let pending: ImportLineError | null = null;

  const flush = async () => {
    if (pending) throw pending;
    if (!events.length) return;
    const result = await services.usage.record(scope, events).catch((error: unknown) => {
      throw lineErrorOf(error, events, lines) ?? error;
    });
    progress.recorded += result.accepted;
    progress.duplicates += result.duplicates;
    progress.events += events.length;
    progress.seconds = Number(process.hrtime.bigint() - started) / 1e9;
    options.onProgress?.({ ...progress });
    events = [];
    lines = [];
  };

  const input = csvLines(options.file);
  try {
    for await (const line of input) {
      const lineNumber = ++progress.lines;
      if (!line.trim()) continue;
      const fields = splitCsvLine(line);
      try {
        if (!fields) throw new ImportLineError(lineNumber, 'unbalanced quotes');
        if (!header) {
          header = parseHeader(fields);
          continue;
        }
        events.push(parseEvent(fields, header, lineNumber, org.id));
        lines.push(lineNumber);
      } catch (error) {
        if (!(error instanceof ImportLineError)) throw error;
        // Nothing of this chunk is recorded: stop at once, the earlier chunks stay recorded.
        pending = error;
        break;
      }
      if (events.length >= chunkSize) await flush();
    }
    await flush();
  } finally {
    input.close();
  }
  if (!header) throw new ImportLineError(1, EMPTY_FILE);
  progress.seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return progress;
}
