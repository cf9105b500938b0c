import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { SafeIntScalar } from '../common/scalars';
import { CycleFigures, CyclePeriod } from './cycle-figures';
import { UsageType } from '../rating/usage-type';

/**
 * Where a cycle's figures come from (not in the schema): the organization and period, so fields a
 * higher domain adds (a plan's allowance and charges) find what prices them. Absent on report totals.
 */
export interface CycleOrigin {
  organizationId: number;
  period: CyclePeriod;
  /** A top-level organization: the only kind with a plan (its sub-organizations share it). */
  topLevel: boolean;
}

registerEnumType(CyclePeriod, {
  name: 'CyclePeriod',
  description:
    "Which billing period a figure covers. A cycle starts at 00:00 on the organization's cycleStartDay in its " +
    'time zone and ends, exclusive, at the same moment a month later.',
  valuesConfig: {
    CURRENT: { description: 'The cycle that contains now.' },
    PAST: { description: 'The cycle before the current one.' },
    ALL_TIME: { description: 'Everything recorded for the organization, one series point per cycle.' },
  },
});

@ObjectType({
  description: 'The billable usage the forecast expects on one day still to come in the current cycle.',
  simpleResolvers: true,
})
export class ExpectedDay {
  @Field({ description: "The local day (YYYY-MM-DD, in the queried organization's time zone)." })
  date!: string;

  @Field(() => Float, {
    description:
      "Expected billable usage that day, in the UsageTotal's unit, unrounded: the mean of the day's weekday " +
      'over the (up to) 4 most recent complete days (DESIGN §5 expected(d)).',
  })
  expected!: number;
}

@ObjectType({
  description: 'One usage type over a period: billable events only, and all events.',
  simpleResolvers: true,
})
export class UsageTotal {
  @Field(() => UsageType, { description: 'What this total counts: calls, messages or data.' })
  type!: UsageType;

  @Field({
    description:
      "The unit of billable, total, previous and forecast: 'minutes' for VOICE (each call rated alone by the " +
      "organization's rating, the rated seconds summed, then / 60 rounded half up to a whole minute), " +
      "'messages' for MESSAGE, 'bytes' for DATA (each event rounded up to the rating's data increment).",
  })
  unit!: string;

  @Field(() => SafeIntScalar, { description: "Usage of billable events only, in this total's unit; 0 or more." })
  billable!: number;

  @Field(() => SafeIntScalar, {
    description: "Usage of all events, billable or not, in this total's unit; 0 or more, at least billable.",
  })
  total!: number;

  @Field(() => SafeIntScalar, {
    nullable: true,
    description:
      'VOICE only: rated seconds of billable calls (each call rated alone by the rating, then summed); billable is ' +
      'these / 60 rounded half up. 0 or more; null for MESSAGE and DATA.',
  })
  billableSeconds!: number | null;

  @Field(() => SafeIntScalar, {
    nullable: true,
    description: 'VOICE only: rated seconds of all calls, billable or not; 0 or more; null for MESSAGE and DATA.',
  })
  totalSeconds!: number | null;

  @Field(() => SafeIntScalar, {
    nullable: true,
    description:
      "Billable usage of the same type over the comparable span of the cycle before, in this total's unit. " +
      "CURRENT: the past cycle's first N local days, N = days elapsed in the current cycle, today included " +
      "(at most the past cycle's length); PAST: the whole cycle before it. Null on ALL_TIME.",
  })
  previous!: number | null;

  @Field(() => Float, {
    nullable: true,
    description:
      'Percent change of billable against previous: 100 × (billable − previous) / previous, rounded half away ' +
      'from zero to one decimal. Null when previous is 0 or null (ALL_TIME).',
  })
  changePercent!: number | null;

  @Field(() => SafeIntScalar, {
    nullable: true,
    description:
      "CURRENT only: the billable total the cycle is on track to reach at its end, in this total's unit " +
      '(weekday-aware: each remaining day expected at the mean of its weekday over the last 4 weeks). ' +
      'Null on PAST and ALL_TIME, and while no complete day with usage exists.',
  })
  forecast!: number | null;

  @Field(() => [ExpectedDay], {
    nullable: true,
    description:
      "CURRENT only: expected(d) of each local day after today up to the cycle's last day, oldest first, in " +
      "this total's unit, unrounded (VOICE: the rated seconds' mean / 60): the mean billable of the (up to) 4 " +
      'most recent complete days with its weekday, which forecast sums. Empty on the last day of the cycle; ' +
      'null wherever forecast is null.',
  })
  expectedDays!: ExpectedDay[] | null;

  /** The cycle this total belongs to; undefined for a report's totals. */
  origin?: CycleOrigin;
}

// simpleResolvers: plain properties, no middleware; a dashboard resolves hundreds of these per request.
@ObjectType({
  description:
    "One usage type's usage on one local day (or, for ALL_TIME, over one cycle), in the unit of the series' " +
    'UsageTotal: minutes, messages or bytes.',
  simpleResolvers: true,
})
export class UsagePoint {
  @Field({
    description:
      "The local day (YYYY-MM-DD, in the queried organization's time zone); for ALL_TIME the first day of the cycle.",
  })
  date!: string;

  @Field(() => SafeIntScalar, { description: 'Usage of billable events on that day (or cycle); 0 or more.' })
  billable!: number;

  @Field(() => SafeIntScalar, { description: 'Usage of all events on that day (or cycle); 0 or more.' })
  total!: number;

  @Field(() => SafeIntScalar, {
    nullable: true,
    description:
      'VOICE only: rated seconds of billable calls on that day (or cycle), each call rated alone, then summed; ' +
      'billable is these / 60 rounded half up. 0 or more; null for MESSAGE and DATA.',
  })
  billableSeconds!: number | null;

  @Field(() => SafeIntScalar, {
    nullable: true,
    description: 'VOICE only: rated seconds of all calls, billable or not; 0 or more; null for MESSAGE and DATA.',
  })
  totalSeconds!: number | null;
}

@ObjectType({
  description: "A billing period's figures for an organization (and, by default, its sub-organizations).",
  simpleResolvers: true,
})
export class CycleUsage {
  @Field(() => CyclePeriod, { description: 'The period these figures cover.' })
  period!: CyclePeriod;

  @Field(() => Date, {
    nullable: true,
    description:
      "The period's first instant (00:00 local on the cycle start day). For ALL_TIME the start of the first " +
      'cycle with usage; null for ALL_TIME when nothing is recorded yet.',
  })
  start!: Date | null;

  @Field({
    description:
      "The period's end, exclusive: the start of the next cycle. For ALL_TIME the end of the current cycle " +
      '(or of a later one holding usage).',
  })
  end!: Date;

  @Field(() => Int, {
    description: 'Users added (invited) during the period; for ALL_TIME every user ever added. Count, 0 or more.',
  })
  newUsers!: number;

  @Field(() => Int, {
    description:
      "Users registered before the period's end (before now for CURRENT and ALL_TIME) and not deactivated before " +
      'that moment. Count, 0 or more.',
  })
  activeUsers!: number;

  @Field(() => UsageTotal, {
    description: "Calls, in minutes of the organization's rating (rated seconds beside, in billableSeconds).",
  })
  voice!: UsageTotal;

  @Field(() => UsageTotal, { description: 'Messages, counted.' })
  message!: UsageTotal;

  @Field(() => UsageTotal, { description: 'Data, in bytes.' })
  data!: UsageTotal;

  @Field(() => Date, {
    nullable: true,
    description:
      'Freshness: the latest moment any usage event in scope (of any period) was first stored by the service. ' +
      'Recording a duplicate does not move it; null when no usage was ever recorded in scope.',
  })
  dataAsOf!: Date | null;

  /** The computed figures the series field reads. */
  figures!: CycleFigures;

  /** The organization and period these figures are of. */
  origin!: CycleOrigin;
}
