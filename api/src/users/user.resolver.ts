import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { CAN } from '../auth/roles';
import { RequestContext } from '../auth/request-context';
import { PhoneNumber } from '../numbers/phone-number.entity';
import { Organization } from '../organizations/organization.entity';
import { isInvitationPending, User } from './user.entity';

const USER_ID = { description: "The user's id." };

@Resolver(() => User)
export class UserResolver {
  @FieldResolver(() => Boolean, {
    description:
      'True from the assignment until the user registers, is deactivated, or the invitation expires ' +
      '(INVITATION_TTL_DAYS after it was sent, default 30 days).',
  })
  invitationPending(@Root() user: User, @Ctx() ctx: RequestContext): boolean {
    return isInvitationPending(user, ctx.now);
  }

  @FieldResolver(() => PhoneNumber, {
    nullable: true,
    description: "The user's number while it is ASSIGNED or REGISTERED to them; null once deactivated.",
  })
  number(@Root() user: User, @Ctx() ctx: RequestContext): Promise<PhoneNumber | null> {
    return ctx.loaders.numberOfUser.load(user.id);
  }

  @Authorized(CAN.change)
  @Mutation(() => User, { description: 'The user onboarded: their number becomes REGISTERED.' })
  registerUser(@Arg('userId', () => ID, USER_ID) userId: string, @Ctx() ctx: RequestContext): Promise<User> {
    return ctx.services.users.register(ctx.scope, userId);
  }

  @Authorized(CAN.change)
  @Mutation(() => User, { description: 'Deactivates the user; their number becomes AVAILABLE.' })
  deactivateUser(@Arg('userId', () => ID, USER_ID) userId: string, @Ctx() ctx: RequestContext): Promise<User> {
    return ctx.services.users.deactivate(ctx.scope, userId);
  }
}

@Resolver(() => Organization)
export class OrganizationUsersResolver {
  @Authorized(CAN.read)
  @FieldResolver(() => [User], {
    description: "The organization's own users, newest first; page with `after` (a user id).",
  })
  users(
    @Root() org: Organization,
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 100, description: 'Page size, 1-1000.' }) first = 100,
    @Arg('after', () => ID, {
      nullable: true,
      description: 'The id of the last user of the previous page; omit for the first page.',
    })
    after?: string,
  ): Promise<User[]> {
    return ctx.services.users.page(org.id, first, after);
  }
}
