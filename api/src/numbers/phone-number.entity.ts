import { Field, ID, ObjectType, registerEnumType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { utcDate } from '../db/transformers';

export enum NumberState {
  AVAILABLE = 'AVAILABLE',
  RESERVED = 'RESERVED',
  ASSIGNED = 'ASSIGNED',
  REGISTERED = 'REGISTERED',
}
registerEnumType(NumberState, {
  name: 'NumberState',
  description: "A number's state in the organization holding it; a number is in exactly one.",
  valuesConfig: {
    AVAILABLE: { description: 'Free: may be reserved, assigned, allocated to a sub-organization or withdrawn.' },
    RESERVED: { description: 'Tagged for later use; in use, no user yet.' },
    ASSIGNED: { description: 'Given to a user who has not registered yet (invitation pending or expired).' },
    REGISTERED: { description: 'Its user has onboarded.' },
  },
});

@ObjectType({ description: 'A phone number (E.164) held by exactly one organization.' })
@Entity('phone_number')
export class PhoneNumber {
  @Field(() => ID, { description: "The number's id (not the phone number itself)." })
  @PrimaryGeneratedColumn()
  id!: number;

  @Field({ description: 'The phone number, E.164, e.g. +14155550123; unique.' })
  @Column({ type: 'varchar', length: 16, unique: true })
  number!: string;

  @Column({ type: 'int' })
  organizationId!: number;

  /** Copy of the holder's path so "held anywhere below X" is one index range. */
  @Column({ type: 'varchar', length: 700 })
  orgPath!: string;

  @Field(() => NumberState, { description: 'Its state in the organization holding it.' })
  @Column({ type: 'varchar', length: 10 })
  state!: NumberState;

  @Column({ type: 'int', nullable: true })
  userId!: number | null;

  @Column({ type: 'datetime', transformer: utcDate })
  updatedAt!: Date;
}
