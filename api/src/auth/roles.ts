import { ROLES } from '../common/contract';

export { ROLES };
export type Role = (typeof ROLES)[number];

/** What each action needs. `operator` is the carrier's staff and may do everything. */
export const CAN = {
  read: ['operator', 'admin', 'viewer'],
  change: ['operator', 'admin'],
  ingest: ['operator', 'admin', 'ingest'],
  createTopLevel: ['operator'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof CAN;
