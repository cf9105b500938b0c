import { Field, ObjectType, registerEnumType } from 'type-graphql';
import { UsageTotal } from '../cycles/cycle.types';
import { Amount } from '../cycles/cycle-figures';
import { UsageType } from '../rating/usage-type';
import { Granularity } from './report-range';

registerEnumType(Granularity, {
  name: 'Granularity',
  description: "How a report's series is bucketed; each point is dated its first day inside the range.",
  valuesConfig: {
    DAY: { description: 'One point per local day.' },
    WEEK: { description: 'One point per ISO week (Monday to Sunday).' },
    MONTH: { description: 'One point per calendar month.' },
  },
});

/** What a usage breakdown has a row for. */
export enum BreakdownBy {
  USER = 'USER',
  SUB_ORGANIZATION = 'SUB_ORGANIZATION',
}
registerEnumType(BreakdownBy, {
  name: 'BreakdownBy',
  description: 'What a usage breakdown has one row for.',
  valuesConfig: {
    USER: {
      description: 'One row per user of the organization or below with usage in the range (others left out).',
    },
    SUB_ORGANIZATION: { description: 'One row per direct sub-organization, covering its whole subtree.' },
  },
});

@ObjectType({
  description:
    'Usage of an organization (by default with its sub-organizations) over a range of local days in its time zone. ' +
    'Totals carry no comparison or forecast (previous, changePercent, forecast and expectedDays are null).',
  simpleResolvers: true,
})
export class UsageRange {
  @Field({ description: 'First local day of the range (YYYY-MM-DD), included.' })
  from!: string;

  @Field({ description: 'Last local day of the range (YYYY-MM-DD), included.' })
  to!: string;

  @Field(() => UsageTotal, { description: 'Calls over the range, in minutes (each call rounded up to the minute).' })
  voice!: UsageTotal;

  @Field(() => UsageTotal, { description: 'Messages over the range, counted.' })
  message!: UsageTotal;

  @Field(() => UsageTotal, { description: 'Data over the range, in bytes.' })
  data!: UsageTotal;

  /** Each usage type's amounts per local day of the range, oldest first (the series field buckets them). */
  days!: Record<UsageType, Array<Amount & { date: string }>>;
}

@ObjectType({ description: "One row of a usage breakdown: a user's or a sub-organization's usage over the range." })
export class BreakdownRow {
  /** The user (BY USER) whose usage this is. */
  userId!: number | null;

  /** The user's organization (BY USER) or the sub-organization (BY SUB_ORGANIZATION). */
  organizationId!: number;

  @Field(() => UsageTotal, { description: 'Calls over the range, in minutes.' })
  voice!: UsageTotal;

  @Field(() => UsageTotal, { description: 'Messages over the range, counted.' })
  message!: UsageTotal;

  @Field(() => UsageTotal, { description: 'Data over the range, in bytes.' })
  data!: UsageTotal;
}

@ObjectType({ description: 'One page of a usage breakdown over a range of local days.' })
export class UsageBreakdown {
  @Field(() => [BreakdownRow], {
    description:
      "Rows ordered by the orderBy type's billable usage, descending, then by id (numerically), ascending; " +
      'at most `first` rows.',
  })
  rows!: BreakdownRow[];

  @Field(() => String, {
    nullable: true,
    description: 'Pass as `after` for the next page; null on the last page. Opaque.',
  })
  nextCursor!: string | null;

  @Field(() => [UsageTotal], {
    description:
      'BY USER: usage of events recorded without a user in the organization and below, three entries (VOICE, ' +
      'MESSAGE, DATA), zeros included, the same on every page. Empty BY SUB_ORGANIZATION.',
  })
  unattributed!: UsageTotal[];
}
