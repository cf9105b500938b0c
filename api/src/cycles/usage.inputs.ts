import { Field, ID, InputType, Int, ObjectType } from 'type-graphql';
import { SafeIntScalar } from '../common/scalars';
import { UsageType } from './usage-event.entity';

@InputType({ description: 'A call, message or data record. Recording a known id again changes nothing.' })
export class UsageEventInput {
  @Field({ description: 'Client-chosen unique id, 1-100 characters.' })
  id!: string;

  @Field(() => ID)
  organizationId!: string;

  @Field(() => ID, { nullable: true, description: 'The user, who must belong to organizationId.' })
  userId?: string | null;

  @Field(() => UsageType)
  type!: UsageType;

  @Field()
  occurredAt!: Date;

  @Field(() => SafeIntScalar, { description: 'VOICE: seconds of the call; MESSAGE: messages; DATA: bytes.' })
  quantity!: number;

  @Field(() => Boolean, { nullable: true, defaultValue: true })
  billable!: boolean | null;
}

@ObjectType()
export class RecordUsageResult {
  @Field(() => Int, { description: 'Events recorded by this call.' })
  accepted!: number;

  @Field(() => Int, {
    description: 'Events whose id was already recorded (or repeated in this call): changed nothing.',
  })
  duplicates!: number;
}
