import { Arg, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../graphql/context';
import { organizationPage } from '../graphql/paging';
import { PhoneNumber } from '../numbers/phone-number.entity';
import { Organization } from '../organizations/organization.entity';
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
    return organizationPage(ctx.deps.db.manager, User, org.id, { first, after, max: 1000, order: 'DESC' }).getMany();
  }
}
