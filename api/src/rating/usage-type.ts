import { registerEnumType } from 'type-graphql';

/** The kinds of usage every layer counts and rates: the product's basic vocabulary (DESIGN.md §2). */
export enum UsageType {
  VOICE = 'VOICE',
  MESSAGE = 'MESSAGE',
  DATA = 'DATA',
}
registerEnumType(UsageType, {
  name: 'UsageType',
  description:
    'A kind of usage. Recorded per event in seconds (VOICE), messages (MESSAGE) or bytes (DATA); ' +
    'reported in minutes, messages and bytes.',
  valuesConfig: {
    VOICE: {
      description:
        'Calls: recorded in seconds per call, reported in minutes, each call rounded up to the whole minute.',
    },
    MESSAGE: { description: 'Messages: recorded and reported as a number of messages.' },
    DATA: { description: 'Mobile data: recorded and reported in bytes.' },
  },
});
