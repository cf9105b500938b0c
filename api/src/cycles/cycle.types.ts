import { Field, Int, ObjectType, registerEnumType } from 'type-graphql';
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

  /** The computed figures the series field reads. */
  figures!: CycleFigures;
}
