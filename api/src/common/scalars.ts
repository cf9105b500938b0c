import { GraphQLScalarType } from 'graphql';
import { DateTimeResolver, SafeIntResolver } from 'graphql-scalars';

/**
 * Quantities can pass 2^31: graphql-scalars' 53-bit `SafeInt`, never GraphQL's 32-bit Int.
 * Instants are graphql-scalars' RFC 3339 `DateTime`: an offset is required and impossible dates
 * (30 February, 24:00, a leap second) are refused rather than rolled over into the next day.
 */
export const SafeIntScalar = new GraphQLScalarType({
  ...SafeIntResolver.toConfig(),
  description:
    "A whole number from -(2^53 - 1) to 2^53 - 1 (JavaScript's safe integers), sent as a JSON number: the " +
    "service's quantities (minutes, messages, bytes, seconds), which can pass GraphQL's 32-bit Int.",
});
export const DateTimeScalar = new GraphQLScalarType({
  ...DateTimeResolver.toConfig(),
  description:
    'An instant as an RFC 3339 date-time with an offset, e.g. 2026-01-31T23:59:59Z or 2026-01-31T18:59:59-05:00; ' +
    'answered in UTC.',
});

/**
 * Reads an instant exactly as the GraphQL `DateTime` input does, for the paths that do not come
 * through GraphQL (the CSV import): one parser, one set of rules.
 */
export function parseInstant(text: string): Date {
  return DateTimeScalar.parseValue(text) as Date;
}
