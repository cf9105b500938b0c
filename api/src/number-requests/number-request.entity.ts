import { Field, ID, Int, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { utcDate } from '../db/transformers';

@ObjectType({ description: 'Whom to ask for more numbers.', simpleResolvers: true })
export class ContactInfo {
  @Field(() => String, { nullable: true })
  email!: string | null;

  @Field(() => String, { nullable: true })
  phone!: string | null;

  @Field()
  message!: string;
}

@ObjectType({ description: "An admin's request for more numbers, recorded with the contact it was given." })
@Entity('number_request')
export class NumberRequest {
  @Field(() => ID)
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  organizationId!: number;

  @Field({ description: 'Token subject of the admin who asked.' })
  @Column({ type: 'varchar', length: 200 })
  requestedBy!: string;

  @Field()
  @Column({ type: 'datetime', transformer: utcDate })
  createdAt!: Date;

  @Field(() => Int, { nullable: true })
  @Column({ type: 'int', nullable: true })
  quantity!: number | null;

  @Field(() => String, { nullable: true })
  @Column({ type: 'varchar', length: 2000, nullable: true })
  note!: string | null;

  @Column({ type: 'varchar', length: 254, nullable: true })
  contactEmail!: string | null;

  @Column({ type: 'varchar', length: 32, nullable: true })
  contactPhone!: string | null;

  @Column({ type: 'varchar', length: 2000 })
  contactMessage!: string;

  @Field(() => ContactInfo)
  get contact(): ContactInfo {
    return { email: this.contactEmail, phone: this.contactPhone, message: this.contactMessage };
  }
}
