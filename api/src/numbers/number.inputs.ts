import { AlertPolicy } from './alert-policy';
import { Field, ObjectType, Float, Int } from 'type-graphql';
import { Organization } from '../organizations/organization.entity';
import type { IdleNumbersScope } from './idle-numbers.repository';

@ObjectType({
  description:
    "An organization's phone numbers from its own point of view, as counts of numbers: its own numbers by state, " +
    'plus those allocated below it.',
  simpleResolvers: true,
})
export class NumberUtilization {
  @Field(() => Int, {
    description:
      'All numbers the organization holds or allocated below it: available + reserved + assigned + ' +
      'registered + allocatedToSubOrganizations.',
  })
  total!: number;

  @Field(() => Int, { description: 'Numbers in use: total − available.' })
  inUse!: number;

  @Field(() => Int, { description: "The organization's own AVAILABLE numbers: free to reserve, assign or allocate." })
  available!: number;

  @Field(() => Int, { description: 'Numbers held anywhere below this organization, in any state.' })
  allocatedToSubOrganizations!: number;

  @Field(() => Int, {
    description: "The organization's own ASSIGNED numbers: given to a user who has not registered yet.",
  })
  assigned!: number;

  @Field(() => Int, { description: 'Assigned numbers whose invitation is pending (a subset of assigned).' })
  pendingInvitation!: number;

  @Field(() => Int, { description: "The organization's own RESERVED numbers: tagged for later use." })
  reserved!: number;

  @Field(() => Int, { description: "The organization's own REGISTERED numbers: their users have onboarded." })
  registered!: number;

  @Field(() => Float, {
    description: 'Percent of numbers in use, 0-100: 100 × inUse / total, unrounded; 0 when total is 0.',
  })
  percentInUse!: number;

  /** Whose figures these are: history and runOut read its log. */
  organization!: Organization;
}

@ObjectType({
  description: "An organization's utilization at the end of one local day (today: now).",
  simpleResolvers: true,
})
export class UtilizationPoint {
  @Field({ description: "The local day, YYYY-MM-DD in the organization's time zone." })
  date!: string;

  @Field(() => Int, { description: 'Numbers in use (total − available); 0 before the organization existed.' })
  inUse!: number;

  @Field(() => Int, {
    description: 'Numbers in the pool, as NumberUtilization.total; 0 before the organization existed.',
  })
  total!: number;
}

@ObjectType({
  description: 'When the available numbers run out at the rate of the last 30 days.',
  simpleResolvers: true,
})
export class RunOutForecast {
  @Field(() => Float, {
    description:
      'Numbers taken into use per day: (inUse now − inUse at the end of the day 30 days before today) / 30. ' +
      'Zero or negative when use did not grow.',
  })
  perDay!: number;

  @Field(() => Int, {
    nullable: true,
    description:
      'Days until no number is available: ceil(30 × available / (inUse now − inUse 30 days ago)) when perDay > 0 ' +
      'and available > 0; 0 when available is 0 and total > 0; otherwise null.',
  })
  daysLeft!: number | null;

  @Field(() => String, {
    nullable: true,
    description: "Today + daysLeft (YYYY-MM-DD, the organization's time zone); null with daysLeft.",
  })
  date!: string | null;
}

@ObjectType({
  description: "The organization's utilization threshold: when percentInUse reaches it, the admins are emailed.",
  simpleResolvers: true,
})
export class UtilizationThreshold {
  @Field(() => Int, {
    description: 'Threshold in percent, 1-100 (default 80): the admins are emailed when percentInUse reaches it.',
  })
  percent!: number;

  @Field({ description: 'True when percentInUse ≥ percent.' })
  reached!: boolean;

  @Field(() => AlertPolicy, {
    description: 'How often it re-alerts while reached: EVERY_ASSIGNMENT (default) or DAILY_DIGEST.',
  })
  policy!: AlertPolicy;
}

@ObjectType({
  description:
    "The organization's own ASSIGNED or REGISTERED numbers whose user has no usage event of any type, billable or " +
    'not, in the last `days` local days (today included), and was added before those days began: numbers to ' +
    'reclaim before requesting more.',
})
export class IdleNumbers {
  /** Whose numbers, over which window: count and numbers read it. */
  scope!: IdleNumbersScope;
}
