import { Arg, Ctx, FieldResolver, ID, Int, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../graphql/context';
import { organizationPage } from '../graphql/paging';
import { Organization } from '../organizations/organization.entity';
import { Notification } from './notification.entity';

@Resolver(() => Organization)
export class OrganizationNotificationsResolver {
  @FieldResolver(() => [Notification], { description: 'Threshold emails owed or sent, newest first; page with `after` (a notification id).' })
  async notifications(
    @Root() org: Organization,
    @Ctx() ctx: RequestContext,
    @Arg('first', () => Int, { defaultValue: 20 }) first = 20,
    @Arg('after', () => ID, { nullable: true }) after?: string,
  ): Promise<Notification[]> {
    ctx.scope.require('read');
    return organizationPage(ctx.deps.db.manager, Notification, org.id, { first, after, max: 100, order: 'DESC' }).getMany();
  }
}
