import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { SafeIntScalar } from '../common/scalars';
import { UsageType } from '../rating/usage-type';

@InputType({ description: 'A call, message or data record. Recording a known id again changes nothing.' })
export class UsageEventInput {
  @Field({
    description:
      'Client-chosen unique id of the record, 1-100 characters. Recording an id already recorded changes nothing.',
  })
  id!: string;

  @Field(() => ID, { description: "The organization whose usage this is; within the token's subtree." })
  organizationId!: string;

  @Field(() => ID, {
    nullable: true,
    description: 'The user whose usage this is, who must belong to organizationId; null for organization usage.',
  })
  userId?: string | null;

  @Field(() => UsageType, { description: 'Call, message or data.' })
  type!: UsageType;

  @Field({
    description:
      "When the usage happened; it counts in the cycle and local day (the organization's time zone) this falls " +
      'in. From the year 2000 to at most one day in the future.',
  })
  occurredAt!: Date;

  @Field(() => SafeIntScalar, {
    description: 'VOICE: seconds of the call; MESSAGE: number of messages; DATA: bytes. Whole number, 0 to 2^53 - 1.',
  })
  quantity!: number;

  @Field(() => Boolean, {
    nullable: true,
    defaultValue: true,
    description: 'Whether the record is billed: it counts in billable and total when true, in total only when false.',
  })
  billable!: boolean | null;
}

@ObjectType({ description: 'What one recordUsage call stored: events in the call = accepted + duplicates.' })
export class RecordUsageResult {
  @Field(() => Int, { description: 'Events recorded by this call.' })
  accepted!: number;

  @Field(() => Int, {
    description: 'Events whose id was already recorded (or repeated in this call): changed nothing.',
  })
  duplicates!: number;
}
