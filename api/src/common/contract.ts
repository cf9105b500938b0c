/**
 * Limits and error codes that the API enforces and the widgets check before sending, in one module
 * both import (the widgets' bundler reads it from here), so the two cannot drift.
 */
export const CONTRACT_LIMITS = {
  /** Utilization threshold, percent (DESIGN §2). */
  thresholdPercent: { min: 1, max: 100 },
  /** Numbers asked for in one "Request More Numbers". */
  requestedQuantity: { min: 1, max: 100_000 },
  /** Characters of the note sent with a request for more numbers. */
  requestNoteLength: 2000,
  /** Billing cycle start day (DESIGN §2). */
  cycleStartDay: { min: 1, max: 28 },
  /** Usage events in one recordUsage call (DESIGN §3). */
  recordUsageEvents: 10_000,
  /** Days a usage report covers at most, from and to included (DESIGN §6). */
  reportRangeDays: 731,
  /** Rows of a usage breakdown page (`first`). */
  breakdownPageSize: { min: 1, max: 500, default: 50 },
  /** Idle numbers (DESIGN §10): the local days without usage (`days`), and a page of them (`first`). */
  idleDays: { min: 1, max: 400, default: 30 },
  idleNumbersPageSize: { min: 1, max: 1000, default: 50 },
  /** Carrier rating (DESIGN §8): 1 ≤ increment ≤ initial ≤ 3600 seconds; data increment 1 byte to 10^9. */
  rating: { voiceSeconds: { min: 1, max: 3600 }, dataIncrementBytes: { min: 1, max: 1_000_000_000 } },
  /** A usage alert's threshold with measure PERCENT_OF_ALLOWANCE, percent (DESIGN §9). */
  allowancePercent: { min: 1, max: 1000 },
  /** Characters of a price plan's name (DESIGN §9). */
  planNameLength: { min: 1, max: 100 },
} as const;

/** The `extensions.code` values a client may act on (DESIGN §3 and the service's own). */
export const ERROR_CODES = [
  'UNAUTHENTICATED',
  'FORBIDDEN',
  'NOT_FOUND',
  'BAD_USER_INPUT',
  'QUERY_TOO_COMPLEX',
  'RATE_LIMITED',
  'PAYLOAD_TOO_LARGE',
  'SERVICE_UNAVAILABLE',
  'INTERNAL_SERVER_ERROR',
] as const;

export type ErrorCode = (typeof ERROR_CODES)[number];

/** The roles a token may carry (DESIGN §3); configuration checks JWT_SECRET_ROLES and AUTH_ROLE_MAP against them. */
export const ROLES = ['operator', 'admin', 'viewer', 'ingest'] as const;
