import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Resolver, Root } from 'type-graphql';
import { CAN } from '../auth/roles';
import { RequestContext } from '../auth/request-context';
import { Organization } from '../organizations/organization.entity';
import { Notification } from './notification.entity';
import { notificationsPage } from './notification.repository';

@Resolver(() => Organization)
export class OrganizationNotificationsResolver {
  @Authorized(CAN.read)
  @FieldResolver(() => [Notification], {
    description: 'Notification emails owed or sent, newest first; page with `after` (a notification id).',
  })
  notifications(
    @Root() org: Organization,
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 20, description: 'Page size, 1-100.' }) first = 20,
    @Arg('after', () => ID, {
      nullable: true,
      description: 'The id of the last notification of the previous page; omit for the first page.',
    })
    after?: string,
  ): Promise<Notification[]> {
    return notificationsPage(ctx.deps.db.manager, org.id, first, after);
  }
}
