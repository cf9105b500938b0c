import { Field, ObjectType, Float, Int } from 'type-graphql';

@ObjectType({ description: "An organization's numbers from its own point of view.", simpleResolvers: true })
export class NumberUtilization {
  @Field(() => Int, { description: 'available + reserved + assigned + registered + allocatedToSubOrganizations' })
  total!: number;

  @Field(() => Int, { description: 'total − available' })
  inUse!: number;

  @Field(() => Int)
  available!: number;

  @Field(() => Int, { description: 'Numbers held anywhere below this organization.' })
  allocatedToSubOrganizations!: number;

  @Field(() => Int)
  assigned!: number;

  @Field(() => Int, { description: 'Assigned numbers whose invitation is pending (a subset of assigned).' })
  pendingInvitation!: number;

  @Field(() => Int)
  reserved!: number;

  @Field(() => Int)
  registered!: number;

  @Field(() => Float, { description: '100 × inUse / total; 0 when total is 0.' })
  percentInUse!: number;
}

@ObjectType({ simpleResolvers: true })
export class UtilizationThreshold {
  @Field(() => Int, { description: '1-100: the admins are emailed when percentInUse reaches it.' })
  percent!: number;

  @Field({ description: 'percentInUse ≥ percent.' })
  reached!: boolean;
}
