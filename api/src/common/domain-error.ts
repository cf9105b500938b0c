/** What went wrong, in the domain's words; the GraphQL edge alone turns it into a public error code. */
export type DomainErrorCode = 'NOT_FOUND' | 'FORBIDDEN' | 'UNAUTHENTICATED' | 'INVALID_INPUT' | 'CONFLICT';

/** Structured facts about an error, for callers that act on it (the CSV import maps them to lines). */
export interface DomainErrorDetails {
  /** NOT_FOUND: the kind of record and the id asked for. */
  entity?: string;
  id?: string;
  /** The position of the offending item in a list argument (events[3] → 3). */
  index?: number;
}

export class DomainError extends Error {
  constructor(
    readonly code: DomainErrorCode,
    message: string,
    /** INVALID_INPUT and CONFLICT: the offending argument, as a dotted path ('events[3].quantity'). */
    readonly field: string | null = null,
    readonly details: DomainErrorDetails = {},
  ) {
    super(message);
    this.name = 'DomainError';
  }

  /** Also answered for ids outside the token's subtree, so existence never leaks. */
  static notFound(entity: string, id: string | number): DomainError {
    return new DomainError('NOT_FOUND', `${entity} ${id} not found`, null, { entity, id: String(id) });
  }

  static forbidden(message = 'Your role does not allow this'): DomainError {
    return new DomainError('FORBIDDEN', message);
  }

  static unauthenticated(message = 'A valid bearer token is required'): DomainError {
    return new DomainError('UNAUTHENTICATED', message);
  }

  static invalidInput(field: string, message: string, details: DomainErrorDetails = {}): DomainError {
    return new DomainError('INVALID_INPUT', message, field, details);
  }

  /** The input is well-formed but clashes with the current state (a number already in service, in the wrong state). */
  static conflict(field: string, message: string): DomainError {
    return new DomainError('CONFLICT', message, field);
  }
}
