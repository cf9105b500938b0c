import { Field, Int, ObjectType } from 'type-graphql';

@ObjectType('Rating', {
  description:
    "How the organization's calls and data are billed (DESIGN §8): its top-level organization's rating, fixed " +
    'at that organization\'s creation. 60/60 with 1-byte data is "every call rounded up to the whole minute".',
  simpleResolvers: true,
})
export class RatingView {
  @Field(() => Int, {
    description: 'Seconds billed for any call of 1 second up to this long (the initial period), 1-3600.',
  })
  voiceInitialSeconds!: number;

  @Field(() => Int, {
    description: 'After the initial period a call is billed in steps of this many seconds, 1 to voiceInitialSeconds.',
  })
  voiceIncrementSeconds!: number;

  @Field(() => Int, {
    description: 'Data events are billed rounded up to whole units of this many bytes, 1-1000000000.',
  })
  dataIncrementBytes!: number;
}
