import { registerEnumType } from 'type-graphql';

/** How often the utilization threshold re-alerts while it stays reached (DESIGN.md §7). */
export enum AlertPolicy {
  EVERY_ASSIGNMENT = 'EVERY_ASSIGNMENT',
  DAILY_DIGEST = 'DAILY_DIGEST',
}
registerEnumType(AlertPolicy, {
  name: 'AlertPolicy',
  description: 'How often the utilization threshold re-alerts while it stays reached.',
  valuesConfig: {
    EVERY_ASSIGNMENT: {
      description: 'The default: the crossing, a reached save, and every further operation taking numbers into use.',
    },
    DAILY_DIGEST: {
      description:
        "The crossing and a reached save at once; further takes that local day (the organization's time zone) " +
        'are listed in one digest sent after the day ends.',
    },
  },
});

/** The organization's stored policy as the enum (the organization stores its string). */
export function alertPolicyOf(org: { alertPolicy: keyof typeof AlertPolicy }): AlertPolicy {
  return AlertPolicy[org.alertPolicy];
}
