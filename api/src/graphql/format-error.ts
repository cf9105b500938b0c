import { unwrapResolverError } from '@apollo/server/errors';
import { HeaderMap } from '@apollo/server';
import { GraphQLError, GraphQLFormattedError } from 'graphql';
import { ArgumentValidationError } from 'type-graphql';
import { DomainError, DomainErrorCode } from '../common/domain-error';
import { tooManySelections } from './limits';

/** Codes a client may see as they are; anything else is hidden behind INTERNAL_SERVER_ERROR. */
const PUBLIC_CODES = new Set([
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'GRAPHQL_PARSE_FAILED',
  'GRAPHQL_VALIDATION_FAILED',
  'BAD_REQUEST',
  'PERSISTED_QUERY_NOT_FOUND',
  'PERSISTED_QUERY_NOT_SUPPORTED',
  'OPERATION_RESOLUTION_FAILURE',
  'SERVICE_UNAVAILABLE',
  'QUERY_TOO_COMPLEX',
]);

const CONNECTION_ERRORS = new Set([
  'ECONNREFUSED',
  'ECONNRESET',
  'ETIMEDOUT',
  'EPIPE',
  'PROTOCOL_CONNECTION_LOST',
  'ER_CON_COUNT_ERROR',
  'POOL_CLOSED',
  'EHOSTUNREACH',
  'PROTOCOL_SEQUENCE_TIMEOUT',
]);

/** The one place domain errors become the contract's codes (DESIGN.md §3). */
const PUBLIC_CODE_OF: Record<DomainErrorCode, string> = {
  NOT_FOUND: 'NOT_FOUND',
  FORBIDDEN: 'FORBIDDEN',
  // Answered with HTTP 200 like every resolver error: the GraphQL body carries the code.
  UNAUTHENTICATED: 'UNAUTHENTICATED',
  INVALID_INPUT: 'BAD_USER_INPUT',
  // The contract has no conflict code: a clash with the current state is bad input naming its field.
  CONFLICT: 'BAD_USER_INPUT',
};

function formatDomainError(
  error: DomainError,
  formatted: GraphQLFormattedError,
  production: boolean,
): GraphQLFormattedError {
  const stacktrace = production ? undefined : formatted.extensions?.stacktrace;
  const extensions: Record<string, unknown> = { code: PUBLIC_CODE_OF[error.code] };
  if (error.field !== null) extensions.field = error.field;
  if (stacktrace) extensions.stacktrace = stacktrace;
  return { ...formatted, message: error.message, extensions };
}

interface ValidationErrorLike {
  property: string;
  constraints?: Record<string, string>;
  children?: ValidationErrorLike[];
}

/** The first failing field, as a dotted path ('input.adminEmails'), with its message. */
function firstViolation(errors: ValidationErrorLike[], prefix = ''): { field: string; message: string } | null {
  for (const e of errors) {
    const field = prefix ? `${prefix}.${e.property}` : e.property;
    if (e.constraints && Object.keys(e.constraints).length) return { field, message: Object.values(e.constraints)[0] };
    const nested = firstViolation(e.children ?? [], field);
    if (nested) return nested;
  }
  return null;
}

/**
 * The input a variable-coercion error is about, from graphql-js's wording: 'Variable "$events" got
 * invalid value 1.5 at "events[0].quantity"; …' names events[0].quantity, a bare variable its name.
 */
export function variableField(message: string): string | null {
  const match =
    /^Variable "\$(\w+)" got invalid value .*? at "([^"]+)";/s.exec(message) ??
    /^Variable "\$(\w+)" got invalid value/.exec(message);
  return match ? (match[2] ?? match[1]) : null;
}

export function isConnectionError(error: unknown): boolean {
  // mysql2 can reject with a plain object, which graphql-js wraps as NonErrorThrown { thrownValue }.
  const e = error as {
    code?: string;
    driverError?: { code?: string };
    thrownValue?: { code?: string };
    message?: string;
  };
  const code = e?.driverError?.code ?? e?.thrownValue?.code ?? e?.code;
  return (
    (!!code && CONNECTION_ERRORS.has(code)) ||
    /connect ECONNREFUSED|Connection lost|closed state|Pool is closed/i.test(e?.message ?? '')
  );
}

/** Hides everything unexpected (no stack, no SQL), logging it with the request id the client sees. */
export function makeFormatError(production: boolean, maxSelections = 2000) {
  return (formatted: GraphQLFormattedError, error: unknown): GraphQLFormattedError => {
    // Apollo's maxRecursiveSelections rule: answered like every other query limit.
    if (formatted.extensions?.validationErrorCode === 'MAX_RECURSIVE_SELECTIONS_EXCEEDED') {
      // Apollo already answers a validation failure with 400; `http` is not for the client.
      const { message, extensions } = tooManySelections(maxSelections);
      const { http: _status, ...publicExtensions } = extensions;
      return { message, extensions: publicExtensions };
    }
    const original = unwrapResolverError(error);
    if (original instanceof DomainError) return formatDomainError(original, formatted, production);
    if (original instanceof ArgumentValidationError) {
      const violation = firstViolation((original.extensions.validationErrors ?? []) as ValidationErrorLike[]);
      return {
        message: violation ? violation.message : 'Invalid input',
        path: formatted.path,
        extensions: { code: 'BAD_USER_INPUT', field: violation?.field ?? null },
      };
    }
    const code = formatted.extensions?.code as string | undefined;
    if (code === 'BAD_USER_INPUT' && formatted.extensions?.field === undefined) {
      const field = variableField(formatted.message);
      if (field) formatted = { ...formatted, extensions: { ...formatted.extensions, field } };
    }
    if (code && PUBLIC_CODES.has(code)) {
      const { stacktrace, ...extensions } = formatted.extensions ?? {};
      return {
        ...formatted,
        extensions: production ? extensions : { ...extensions, ...(stacktrace ? { stacktrace } : {}) },
      };
    }
    if (isConnectionError(original)) {
      return {
        message: 'The database is unavailable; try again shortly',
        path: formatted.path,
        extensions: { code: 'SERVICE_UNAVAILABLE' },
      };
    }
    return { message: 'Internal server error', path: formatted.path, extensions: { code: 'INTERNAL_SERVER_ERROR' } };
  };
}

/** Whether an error is one the client caused or may see (not logged as a fault). */
export function isExpectedError(error: unknown): boolean {
  const original = unwrapResolverError(error);
  if (original instanceof ArgumentValidationError || original instanceof DomainError) return true;
  const code = (original as { extensions?: { code?: string } })?.extensions?.code;
  return !!code && PUBLIC_CODES.has(code);
}

export function serviceUnavailable(requestId: string): GraphQLError {
  return new GraphQLError('The database is unavailable; try again shortly', {
    extensions: {
      code: 'SERVICE_UNAVAILABLE',
      requestId,
      http: { status: 503, headers: new HeaderMap([['retry-after', '5']]) },
    },
  });
}
