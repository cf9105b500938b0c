import { Field, Float, Int, ObjectType, registerEnumType } from 'type-graphql';
import { SafeIntScalar } from '../common/scalars';
import { CycleFigures, CyclePeriod } from './cycle-figures';
import { UsageType } from './usage-event.entity';

registerEnumType(CyclePeriod, {
  name: 'CyclePeriod',
  description: 'CURRENT: the cycle containing now; PAST: the one before; ALL_TIME: everything recorded.',
});

@ObjectType({
  description: 'One usage type over a period: billable events only, and all events.',
  simpleResolvers: true,
})
export class UsageTotal {
  @Field(() => UsageType)
  type!: UsageType;

  @Field({ description: 'minutes (each call rounded up), messages, or bytes.' })
  unit!: string;

  @Field(() => SafeIntScalar)
  billable!: number;

  @Field(() => SafeIntScalar)
  total!: number;

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
}

// simpleResolvers: plain properties, no middleware; a dashboard resolves hundreds of these per request.
@ObjectType({ simpleResolvers: true })
export class UsagePoint {
  @Field({ description: "YYYY-MM-DD in the organization's time zone." })
  date!: string;

  @Field(() => SafeIntScalar)
  billable!: number;

  @Field(() => SafeIntScalar)
  total!: number;
}

@ObjectType({
  description: "A billing period's figures for an organization (and, by default, its sub-organizations).",
  simpleResolvers: true,
})
export class CycleUsage {
  @Field(() => CyclePeriod)
  period!: CyclePeriod;

  @Field(() => Date, { nullable: true, description: 'Null for ALL_TIME when nothing is recorded yet.' })
  start!: Date | null;

  @Field({ description: 'Exclusive.' })
  end!: Date;

  @Field(() => Int)
  newUsers!: number;

  @Field(() => Int)
  activeUsers!: number;

  @Field(() => UsageTotal)
  voice!: UsageTotal;

  @Field(() => UsageTotal)
  message!: UsageTotal;

  @Field(() => UsageTotal)
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
}
