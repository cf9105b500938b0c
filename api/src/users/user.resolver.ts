import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Resolver, Root } from 'type-graphql';
import { CAN } from '../auth/roles';
import { RequestContext } from '../auth/request-context';
import { Organization } from '../organizations/organization.entity';
import { isInvitationPending, User } from './user.entity';
import { UserService } from './user.service';

/** The services and loaders these resolvers use. */
type UserContext = RequestContext<{ users: UserService }>;

@Resolver(() => User)
export class UserResolver {
  @FieldResolver(() => Boolean, {
    description:
      'True from the assignment until the user registers, is deactivated, or the invitation expires ' +
      '(INVITATION_TTL_DAYS after it was sent, default 30 days).',
  })
  invitationPending(@Root() user: User, @Ctx() ctx: UserContext): boolean {
    return isInvitationPending(user, ctx.now);
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
    @Ctx() ctx: UserContext,
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
