import { GraphQLError } from 'graphql';

/** The error codes of the contract (DESIGN.md §3). */
export type ErrorCode = 'UNAUTHENTICATED' | 'FORBIDDEN' | 'NOT_FOUND' | 'BAD_USER_INPUT';

export function unauthenticated(message = 'A valid bearer token is required'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'UNAUTHENTICATED', http: { status: 200 } } });
}

export function forbidden(message = 'Your role does not allow this'): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'FORBIDDEN' } });
}

/** Also answered for ids outside the token's subtree, so existence never leaks. */
export function notFound(what: string, id: string | number): GraphQLError {
  return new GraphQLError(`${what} ${id} not found`, { extensions: { code: 'NOT_FOUND' } });
}

export function badInput(field: string, message: string): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'BAD_USER_INPUT', field } });
}
