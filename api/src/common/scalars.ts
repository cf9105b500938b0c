import { GraphQLScalarType, Kind } from 'graphql';

function toSafeInt(value: unknown): number {
  const n = typeof value === 'string' && /^-?\d+$/.test(value) ? Number(value) : value;
  if (typeof n !== 'number' || !Number.isSafeInteger(n)) {
    throw new TypeError(`SafeInt must be an integer from -(2^53-1) to 2^53-1, got ${JSON.stringify(value)}`);
  }
  return n;
}

/** Quantities can pass 2^31: a 53-bit integer, never GraphQL's 32-bit Int. */
export const SafeIntScalar = new GraphQLScalarType({
  name: 'SafeInt',
  description: 'An integer from -(2^53-1) to 2^53-1.',
  serialize: toSafeInt,
  parseValue: toSafeInt,
  parseLiteral(ast) {
    if (ast.kind !== Kind.INT) throw new TypeError(`SafeInt must be an integer literal`);
    return toSafeInt(Number(ast.value));
  },
});

function toDate(value: unknown): Date {
  if (value instanceof Date && !Number.isNaN(value.getTime())) return value;
  if (typeof value === 'string' && /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}(:\d{2}(\.\d{1,9})?)?(Z|[+-]\d{2}:\d{2})$/.test(value)) {
    const date = new Date(value);
    if (!Number.isNaN(date.getTime())) return date;
  }
  throw new TypeError(`DateTime must be an ISO-8601 instant with a zone, e.g. 2026-01-31T23:59:59Z, got ${JSON.stringify(value)}`);
}

/** An ISO-8601 instant; answers always in UTC ('…Z'). */
export const DateTimeScalar = new GraphQLScalarType({
  name: 'DateTime',
  description: 'An ISO-8601 instant, e.g. 2026-01-31T23:59:59.000Z.',
  serialize: (value) => toDate(value).toISOString(),
  parseValue: toDate,
  parseLiteral(ast) {
    if (ast.kind !== Kind.STRING) throw new TypeError('DateTime must be a string');
    return toDate(ast.value);
  },
});
