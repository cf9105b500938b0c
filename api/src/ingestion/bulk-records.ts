import { parseInstant } from '../common/scalars';
import { UsageType } from '../rating/usage-type';
import { UsageEventInput } from './usage.inputs';

/**
 * Why one line or array element of a bulk body is not an event: the input's field in the body's
 * own words (`quantity`, `data.quantity`), or null when it is not an object at all.
 */
export interface RecordProblem {
  field: string | null;
  message: string;
}

type JsonObject = Record<string, unknown>;

const NDJSON_FIELDS = ['id', 'organizationId', 'userId', 'type', 'occurredAt', 'quantity', 'billable'];
const USAGE_TYPES = new Set<string>(Object.values(UsageType));
/** CloudEvents `type`: the usage type in lower case, after any prefix ending in a dot. */
const CLOUD_EVENT_TYPE = /^(?:.*\.)?(voice|message|data)$/;
const CLOUD_EVENT_DATA_FIELDS = ['quantity', 'billable', 'userId'];

/** Where each field of a UsageEventInput comes from in a CloudEvent (DESIGN §12). */
export const CLOUD_EVENT_FIELD: Record<keyof UsageEventInput, string> = {
  id: 'id',
  organizationId: 'subject',
  userId: 'data.userId',
  type: 'type',
  occurredAt: 'time',
  quantity: 'data.quantity',
  billable: 'data.billable',
};

/** Thrown inside a mapping to refuse the record; caught at its edge. */
class Refusal extends Error {
  constructor(
    readonly field: string | null,
    message: string,
  ) {
    super(message);
  }
}

function isObject(value: unknown): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

const shown = (value: unknown) => JSON.stringify(value) ?? String(value);

function required(object: JsonObject, key: string, field: string): unknown {
  const value = object[key];
  if (value === undefined || value === null) throw new Refusal(field, `${field} is required`);
  return value;
}

function text(value: unknown, field: string): string {
  if (typeof value !== 'string') throw new Refusal(field, `${field} must be a string, got ${shown(value)}`);
  return value;
}

/** An id as GraphQL's ID takes it: a string or a whole number (checked as an id by the service). */
function idText(value: unknown, field: string): string {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isInteger(value)) return String(value);
  throw new Refusal(field, `${field} must be an id (a string or a whole number), got ${shown(value)}`);
}

function instant(value: unknown, field: string): Date {
  try {
    return parseInstant(text(value, field));
  } catch {
    throw new Refusal(
      field,
      `${field} must be an RFC 3339 instant with an offset, e.g. 2026-03-01T09:30:00Z, got ${shown(value)}`,
    );
  }
}

/** A JSON number goes on to the service, which words its range check as recordUsage does. */
function quantity(value: unknown, field: string): number {
  if (typeof value !== 'number')
    throw new Refusal(field, `${field} must be a whole number from 0 to 2^53-1, got ${shown(value)}`);
  return value;
}

function billable(value: unknown, field: string): boolean | null {
  if (value === undefined || value === null) return null;
  if (typeof value !== 'boolean') throw new Refusal(field, `${field} must be true or false, got ${shown(value)}`);
  return value;
}

function optionalId(value: unknown, field: string): string | null {
  return value === undefined || value === null ? null : idText(value, field);
}

function refuseUnknown(object: JsonObject, known: string[], prefix: string): void {
  const unknown = Object.keys(object).find((key) => !known.includes(key));
  if (unknown !== undefined) {
    throw new Refusal(`${prefix}${unknown}`, `${prefix}${unknown} is not a field; expected ${known.join(', ')}`);
  }
}

function refusalOf(error: unknown): RecordProblem {
  if (error instanceof Refusal) return { field: error.field, message: error.message };
  throw error;
}

function usageType(value: unknown): UsageType {
  if (typeof value !== 'string' || !USAGE_TYPES.has(value))
    throw new Refusal('type', `type must be VOICE, MESSAGE or DATA, got ${shown(value)}`);
  return value as UsageType;
}

/** One NDJSON line, parsed: a UsageEventInput spelled as GraphQL spells it. */
export function usageEventOfLine(value: unknown): UsageEventInput | RecordProblem {
  try {
    if (!isObject(value))
      throw new Refusal(null, `A line must be a JSON object (a UsageEventInput), got ${shown(value)}`);
    refuseUnknown(value, NDJSON_FIELDS, '');
    return {
      id: text(required(value, 'id', 'id'), 'id'),
      organizationId: idText(required(value, 'organizationId', 'organizationId'), 'organizationId'),
      userId: optionalId(value.userId, 'userId'),
      type: usageType(required(value, 'type', 'type')),
      occurredAt: instant(required(value, 'occurredAt', 'occurredAt'), 'occurredAt'),
      quantity: quantity(required(value, 'quantity', 'quantity'), 'quantity'),
      billable: billable(value.billable, 'billable'),
    };
  } catch (error) {
    return refusalOf(error);
  }
}

/** The CloudEvents 1.0 context attributes the mapping needs besides `data`. */
function checkEnvelope(value: JsonObject): UsageType {
  if (value.specversion !== '1.0')
    throw new Refusal('specversion', `specversion must be "1.0", got ${shown(value.specversion)}`);
  const source = required(value, 'source', 'source');
  if (typeof source !== 'string' || !source) throw new Refusal('source', 'source must be a non-empty string');
  if (value.data_base64 !== undefined) {
    throw new Refusal('data_base64', 'data_base64 is not accepted: send data as a JSON object');
  }
  const contentType = value.datacontenttype;
  if (contentType !== undefined && !(typeof contentType === 'string' && /^application\/json\b/i.test(contentType))) {
    throw new Refusal('datacontenttype', `datacontenttype must be application/json, got ${shown(contentType)}`);
  }
  const type = text(required(value, 'type', 'type'), 'type');
  const match = CLOUD_EVENT_TYPE.exec(type);
  if (!match) {
    throw new Refusal(
      'type',
      'type must be voice, message or data, after any prefix ending in a dot (e.g. com.carrier.usage.voice), ' +
        `got ${shown(type)}`,
    );
  }
  return match[1].toUpperCase() as UsageType;
}

/**
 * One element of a CloudEvents batch: `id` → id, `time` → occurredAt, `subject` → organizationId,
 * `type` → type, `data` → quantity, billable, userId (DESIGN §12). Other attributes (extensions) pass.
 */
export function usageEventOfCloudEvent(value: unknown): UsageEventInput | RecordProblem {
  try {
    if (!isObject(value))
      throw new Refusal(null, `An element must be a CloudEvent (a JSON object), got ${shown(value)}`);
    const type = checkEnvelope(value);
    const data = required(value, 'data', 'data');
    if (!isObject(data)) throw new Refusal('data', `data must be a JSON object, got ${shown(data)}`);
    refuseUnknown(data, CLOUD_EVENT_DATA_FIELDS, 'data.');
    return {
      id: text(required(value, 'id', 'id'), 'id'),
      organizationId: text(required(value, 'subject', 'subject'), 'subject'),
      userId: optionalId(data.userId, 'data.userId'),
      type,
      occurredAt: instant(required(value, 'time', 'time'), 'time'),
      quantity: quantity(required(data, 'quantity', 'data.quantity'), 'data.quantity'),
      billable: billable(data.billable, 'data.billable'),
    };
  } catch (error) {
    return refusalOf(error);
  }
}

export function isRecordProblem(record: UsageEventInput | RecordProblem): record is RecordProblem {
  return 'message' in record;
}
