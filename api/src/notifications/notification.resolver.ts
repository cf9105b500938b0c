import { Arg, Ctx, FieldResolver, ID, Int, Resolver, Root } from 'type-graphql';
import { RequestContext } from '../graphql/context';
import { badInput } from '../graphql/errors';
import { Organization } from '../organizations/organization.entity';
import { parseId } from '../organizations/organization.service';
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
    if (first < 1 || first > 100) throw badInput('first', 'first must be from 1 to 100');
    const query = ctx.deps.db.manager
      .getRepository(Notification)
      .createQueryBuilder('n')
      .where('n.organization_id = :id', { id: org.id })
      .orderBy('n.id', 'DESC')
      .limit(first);
    if (after) query.andWhere('n.id < :after', { after: parseId(after, 'after') });
    return query.getMany();
  }
}
