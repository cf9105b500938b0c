/** Maps what the API or the network answered to the state a widget shows. Pure. */
import { msg } from '@lit/localize';
import { ERROR_CODES, type ErrorCode } from '../../../api/src/common/contract';

export type WidgetErrorKind =
  'unauthenticated' | 'forbidden' | 'not-found' | 'bad-input' | 'no-organization' | 'network' | 'server';

export interface WidgetError {
  kind: WidgetErrorKind;
  /** The API's extensions.code (an ErrorCode of the contract) when there was one, else a widget-side code. */
  code: ErrorCode | WidgetSideCode | (string & {});
  message: string;
  /** The offending input field of a BAD_USER_INPUT error. */
  field?: string;
}

/** The shape of a GraphQL error as it arrives in a response body. */
export interface GraphQLErrorLike {
  message?: string;
  extensions?: { code?: unknown; field?: unknown; [key: string]: unknown } | null;
}

/** Codes the widgets make up for failures the API did not answer (`HTTP_<status>` too). */
export type WidgetSideCode = 'NETWORK_ERROR' | 'NO_ORGANIZATION';

// Every contract code has a state, so a code added to the contract fails the typecheck until it has one.
const KIND_BY_CODE: Record<ErrorCode, WidgetErrorKind> = {
  UNAUTHENTICATED: 'unauthenticated',
  FORBIDDEN: 'forbidden',
  NOT_FOUND: 'not-found',
  BAD_USER_INPUT: 'bad-input',
  QUERY_TOO_COMPLEX: 'server',
  RATE_LIMITED: 'server',
  PAYLOAD_TOO_LARGE: 'server',
  SERVICE_UNAVAILABLE: 'server',
  INTERNAL_SERVER_ERROR: 'server',
};

/** Whether the API answered a code of the shared contract. */
export function isContractErrorCode(code: unknown): code is ErrorCode {
  return typeof code === 'string' && (ERROR_CODES as readonly string[]).includes(code);
}

/** Classifies GraphQL errors; the first one with a code that names a state other than a server error decides. */
export function classifyGraphQLErrors(errors: readonly GraphQLErrorLike[]): WidgetError {
  for (const error of errors) {
    const code = error.extensions?.code;
    if (isContractErrorCode(code) && KIND_BY_CODE[code] !== 'server') {
      const field = typeof error.extensions?.field === 'string' ? error.extensions.field : undefined;
      return { kind: KIND_BY_CODE[code], code, message: error.message || code, ...(field ? { field } : {}) };
    }
  }
  const first = errors[0];
  const code = typeof first?.extensions?.code === 'string' ? first.extensions.code : 'INTERNAL_SERVER_ERROR';
  return { kind: 'server', code, message: first?.message || 'The dashboard service answered with an error.' };
}

/** Classifies an HTTP failure that carried no GraphQL errors; its message is for the page's developer (mp-error). */
export function classifyHttpStatus(status: number, message?: string): WidgetError {
  if (status === 401) return { kind: 'unauthenticated', code: 'UNAUTHENTICATED', message: message || 'Not signed in.' };
  if (status === 403) return { kind: 'forbidden', code: 'FORBIDDEN', message: message || 'Not allowed.' };
  if (status === 404) return { kind: 'not-found', code: 'NOT_FOUND', message: message || 'Not found.' };
  return {
    kind: 'server',
    code: `HTTP_${status}`,
    message: message || `The dashboard service answered HTTP ${status}.`,
  };
}

/** What the widget tells the user for each kind; `detail` is the API's message, shown for input errors. */
export function describeError(error: WidgetError): { title: string; detail: string; retryable: boolean } {
  switch (error.kind) {
    case 'unauthenticated':
      return {
        title: msg('Sign-in required'),
        detail: msg('Your session is missing or has expired. Sign in again to see this information.'),
        retryable: true,
      };
    case 'forbidden':
      return {
        title: msg('No access'),
        detail: msg('Your account is not allowed to see or change this information.'),
        retryable: false,
      };
    case 'not-found':
      return {
        title: msg('Organization not found'),
        detail: msg('This organization does not exist or is not visible to your account.'),
        retryable: false,
      };
    case 'no-organization':
      return {
        title: msg('No organization selected'),
        detail: msg('Set the organization-id attribute to choose which organization to show.'),
        retryable: false,
      };
    case 'bad-input':
      return { title: msg('Not accepted'), detail: error.message, retryable: false };
    case 'network':
      return {
        title: msg('Could not reach the dashboard service'),
        detail: msg('Check your connection and try again.'),
        retryable: true,
      };
    case 'server':
      return {
        title: msg('Something went wrong'),
        detail: msg('The dashboard service could not answer. Try again in a moment.'),
        retryable: true,
      };
  }
}
