import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../graphql/context';
import { badInput } from '../graphql/errors';
import { PhoneNumber } from '../numbers/phone-number.entity';
import { Organization } from '../organizations/organization.entity';
import { parseId } from '../organizations/organization.service';
import { isInvitationPending, User } from './user.entity';

@Resolver(() => User)
export class UserResolver {
  @FieldResolver(() => Boolean, { description: 'Until the user registers, is deactivated, or the invitation expires (INVITATION_TTL_DAYS).' })
  invitationPending(@Root() user: User, @Ctx() ctx: RequestContext): boolean {
    return isInvitationPending(user, ctx.now);
  }

  @FieldResolver(() => PhoneNumber, { nullable: true })
  number(@Root() user: User, @Ctx() ctx: RequestContext): Promise<PhoneNumber | null> {
    return ctx.loaders.numberOfUser.load(user.id);
  }

  @Mutation(() => User, { description: 'The user onboarded: their number becomes REGISTERED.' })
  registerUser(@Arg('userId', () => ID) userId: string, @Ctx() ctx: RequestContext): Promise<User> {
    return ctx.services.numbers.registerUser(ctx.scope, userId);
  }

  @Mutation(() => User, { description: 'Deactivates the user; their number becomes AVAILABLE.' })
  deactivateUser(@Arg('userId', () => ID) userId: string, @Ctx() ctx: RequestContext): Promise<User> {
    return ctx.services.numbers.deactivateUser(ctx.scope, userId);
  }
}

@Resolver(() => Organization)
export class OrganizationUsersResolver {
  @FieldResolver(() => [User], { description: "The organization's own users, newest first; page with `after` (a user id)." })
  async users(
    @Root() org: Organization,
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 100 }) first = 100,
    @Arg('after', () => ID, { nullable: true }) after?: string,
  ): Promise<User[]> {
    ctx.scope.require('read');
    if (first < 1 || first > 1000) throw badInput('first', 'first must be from 1 to 1000');
    const query = ctx.deps.db.manager
      .getRepository(User)
      .createQueryBuilder('u')
      .where('u.organization_id = :id', { id: org.id })
      .orderBy('u.id', 'DESC')
      .limit(first);
    if (after) query.andWhere('u.id < :after', { after: parseId(after, 'after') });
    return query.getMany();
  }
}
