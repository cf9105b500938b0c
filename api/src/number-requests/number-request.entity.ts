import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { CONTRACT_LIMITS } from '../common/contract';
import { utcDate } from '../db/transformers';

const requested = CONTRACT_LIMITS.requestedQuantity;

@ObjectType({
  description:
    "Whom to ask for more numbers: the organization's own contact, else the nearest ancestor's, else the carrier's.",
  simpleResolvers: true,
})
export class ContactInfo {
  @Field(() => String, { nullable: true, description: 'Email address to request numbers from; null when none is set.' })
  email!: string | null;

  @Field(() => String, {
    nullable: true,
    description: 'Phone number to request numbers from, E.164 (+14155550123); null when none is set.',
  })
  phone!: string | null;

  @Field({ description: 'What to tell the admin with the contact (up to 2000 characters); never empty.' })
  message!: string;
}

@ObjectType({ description: "An admin's request for more numbers, recorded with the contact it was given." })
@Entity('number_request')
export class NumberRequest {
  @Field(() => ID, { description: "The request's id." })
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  organizationId!: number;

  @Field({ description: 'Token subject of the admin who asked.' })
  @Column({ type: 'varchar', length: 200 })
  requestedBy!: string;

  @Field({ description: 'When the admin asked.' })
  @Column({ type: 'datetime', transformer: utcDate })
  createdAt!: Date;

  @Field(() => Int, {
    nullable: true,
    description:
      `How many numbers were asked for, ${requested.min}-${requested.max.toLocaleString('en-US')}; ` +
      'null when the admin did not say.',
  })
  @Column({ type: 'int', nullable: true })
  quantity!: number | null;

  @Field(() => String, {
    nullable: true,
    description: `The admin's note, trimmed, up to ${CONTRACT_LIMITS.requestNoteLength} characters; null when none.`,
  })
  @Column({ type: 'varchar', length: 2000, nullable: true })
  note!: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  contactEmail!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  contactPhone!: string | null;

  @Column({ type: 'varchar', length: 2000 })
  contactMessage!: string;

  @Field(() => ContactInfo, { description: 'The contact the admin was given when asking (as it was then).' })
  get contact(): ContactInfo {
    return { email: this.contactEmail, phone: this.contactPhone, message: this.contactMessage };
  }
}
