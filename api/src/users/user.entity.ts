import { Field, ID, ObjectType } from 'type-graphql';
import { Column, Entity, PrimaryGeneratedColumn } from 'typeorm';
import { utcDate } from '../db/transformers';

@ObjectType({ description: 'An employee given a business number by an admin.' })
@Entity('app_user')
export class User {
  @Field(() => ID, { description: "The user's id." })
  @PrimaryGeneratedColumn()
  id!: number;

  @Column({ type: 'int' })
  organizationId!: number;

  @Field({ description: "The user's email address, in lower case, up to 254 characters." })
  @Column({ type: 'varchar', length: 254 })
  email!: string;

  @Field({ description: 'When an admin added (invited) the user.' })
  @Column({ type: 'datetime', transformer: utcDate })
  addedAt!: Date;

  @Field(() => Date, { nullable: true, description: 'When the user registered (onboarded); null until then.' })
  @Column({ type: 'datetime', nullable: true, transformer: utcDate })
  registeredAt!: Date | null;

  @Field(() => Date, {
    nullable: true,
    description: 'When the user was deactivated (or their number released); null while active.',
  })
  @Column({ type: 'datetime', nullable: true, transformer: utcDate })
  deactivatedAt!: Date | null;

  @Column({ type: 'datetime', transformer: utcDate })
  invitationExpiresAt!: Date;
}

/** Pending until the user registers, is deactivated, or the invitation expires. */
export function isInvitationPending(user: User, now: Date): boolean {
  return !user.registeredAt && !user.deactivatedAt && user.invitationExpiresAt.getTime() > now.getTime();
}
