import { ROLES } from '../common/contract';

export { ROLES };
export type Role = (typeof ROLES)[number];

/** What each action needs. `operator` is the carrier's staff and may do everything. */
export const CAN = {
  read: ['operator', 'admin', 'viewer'],
  change: ['operator', 'admin'],
  ingest: ['operator', 'admin', 'ingest'],
  createTopLevel: ['operator'],
  // Price plans (DESIGN §9) are the carrier's to set. The same roles as createTopLevel, which is checked
  // in its service (scope.require): @Authorized(CAN.managePlans) is the only field naming this list.
  managePlans: ['operator'],
} as const satisfies Record<string, readonly Role[]>;

export type Action = keyof typeof CAN;
