import { Arg, Authorized, Ctx, FieldResolver, ID, Int, Mutation, Resolver, Root } from 'type-graphql';
import { CAN } from '../auth/roles';
import { RequestContext } from '../auth/request-context';
import { Organization } from '../organizations/organization.entity';
import { CreatedWebhook, Webhook, WebhookDelivery } from './webhook.entity';
import { MAX_DELIVERIES_PAGE, MAX_WEBHOOKS, WebhookService } from './webhook.service';

/** The services and loaders these resolvers use. */
type WebhookContext = RequestContext<{ webhooks: WebhookService }>;

@Resolver(() => Webhook)
export class WebhookResolver {
  @Authorized(CAN.read)
  @FieldResolver(() => [WebhookDelivery], { description: 'The latest deliveries to this webhook, newest first.' })
  deliveries(
    @Root() webhook: Webhook,
    @Ctx() ctx: WebhookContext,
    @Arg('first', () => Int, { defaultValue: 20, description: `How many, 1-${MAX_DELIVERIES_PAGE}; default 20.` })
    first = 20,
  ): Promise<WebhookDelivery[]> {
    return ctx.services.webhooks.deliveries(webhook.id, first);
  }

  @Authorized(CAN.change)
  @Mutation(() => CreatedWebhook, {
    description:
      `Adds a webhook (at most ${MAX_WEBHOOKS} per organization) and answers its signing secret, shown only this ` +
      'once. The URL must be https and must not resolve to a loopback, private, link-local or metadata address.',
  })
  createWebhook(
    @Arg('organizationId', () => ID, { description: 'The organization whose notifications it receives.' })
    organizationId: string,
    @Arg('url', { description: 'Where events are POSTed: an https URL, up to 2000 characters.' }) url: string,
    @Ctx() ctx: WebhookContext,
  ): Promise<CreatedWebhook> {
    return ctx.services.webhooks.create(ctx.scope, organizationId, url);
  }

  @Authorized(CAN.change)
  @Mutation(() => Webhook, {
    description:
      'Changes a webhook: a new URL (checked as at creation) or enabled on or off; omitted arguments keep ' +
      'their value. The secret stays.',
  })
  updateWebhook(
    @Arg('id', () => ID, { description: "The webhook's id." }) id: string,
    @Ctx() ctx: WebhookContext,
    @Arg('url', () => String, {
      nullable: true,
      description: 'A new https URL, up to 2000 characters; omit to keep it.',
    })
    url?: string,
    @Arg('enabled', () => Boolean, {
      nullable: true,
      description: 'False: no events are sent to it (none are queued while off); omit to keep it.',
    })
    enabled?: boolean,
  ): Promise<Webhook> {
    return ctx.services.webhooks.update(ctx.scope, id, { url, enabled });
  }

  @Authorized(CAN.change)
  @Mutation(() => Boolean, { description: 'Deletes a webhook and its delivery log; answers true.' })
  deleteWebhook(@Arg('id', () => ID, { description: "The webhook's id." }) id: string, @Ctx() ctx: WebhookContext) {
    return ctx.services.webhooks.delete(ctx.scope, id);
  }

  @Authorized(CAN.change)
  @Mutation(() => Boolean, {
    description: 'Sends a webhook.test event to this webhook (through the outbox, with retries); answers true.',
  })
  testWebhook(@Arg('id', () => ID, { description: "The webhook's id." }) id: string, @Ctx() ctx: WebhookContext) {
    return ctx.services.webhooks.test(ctx.scope, id);
  }
}

@Resolver(() => Organization)
export class OrganizationWebhooksResolver {
  @Authorized(CAN.read)
  @FieldResolver(() => [Webhook], {
    description: `The organization's webhooks, oldest first (at most ${MAX_WEBHOOKS}).`,
  })
  webhooks(@Root() org: Organization, @Ctx() ctx: WebhookContext): Promise<Webhook[]> {
    return ctx.services.webhooks.list(org.id);
  }
}
