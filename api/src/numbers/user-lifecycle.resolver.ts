import { Arg, Authorized, Ctx, FieldResolver, ID, Mutation, Resolver, Root } from 'type-graphql';
import { CAN } from '../auth/roles';
import { RequestContext } from '../auth/request-context';
import { User } from '../users/user.entity';
import { PhoneNumber } from './phone-number.entity';
import { UserLifecycleService } from './user-lifecycle.service';
import { NumberLoaders } from './number.loaders';

/** The services and loaders these resolvers use. */
type UserLifecycleContext = RequestContext<{ userLifecycle: UserLifecycleService }, NumberLoaders>;

const USER_ID = { description: "The user's id." };

/** A user's number and the lifecycle that moves it (registered, deactivated). */
@Resolver(() => User)
export class UserLifecycleResolver {
  @FieldResolver(() => PhoneNumber, {
    nullable: true,
    description: "The user's number while it is ASSIGNED or REGISTERED to them; null once deactivated.",
  })
  number(@Root() user: User, @Ctx() ctx: UserLifecycleContext): Promise<PhoneNumber | null> {
    return ctx.loaders.numberOfUser.load(user.id);
  }

  @Authorized(CAN.change)
  @Mutation(() => User, { description: 'The user onboarded: their number becomes REGISTERED.' })
  registerUser(@Arg('userId', () => ID, USER_ID) userId: string, @Ctx() ctx: UserLifecycleContext): Promise<User> {
    return ctx.services.userLifecycle.register(ctx.scope, userId);
  }

  @Authorized(CAN.change)
  @Mutation(() => User, { description: 'Deactivates the user; their number becomes AVAILABLE.' })
  deactivateUser(@Arg('userId', () => ID, USER_ID) userId: string, @Ctx() ctx: UserLifecycleContext): Promise<User> {
    return ctx.services.userLifecycle.deactivate(ctx.scope, userId);
  }
}
