import { EntityManager } from 'typeorm';
import { AppDeps } from '../db/app-deps';
import { ViewerScope } from '../auth/viewer-scope';
import { DomainError } from '../common/domain-error';
import { parseId } from '../common/ids';
import { Organization } from '../organizations/organization.entity';
import { findOrganization } from '../organizations/organization.repository';
import { enqueueWebhookEvent } from './webhook-outbox';
import { newWebhookSecret, sealSecret, secretHint } from './webhook-secret';
import { checkWebhookUrl, ResolveHost } from './webhook-url';
import { CreatedWebhook, Webhook, WebhookDelivery } from './webhook.entity';

/** At most this many webhooks per organization. */
export const MAX_WEBHOOKS = 10;
export const MAX_DELIVERIES_PAGE = 100;

/** Webhooks (DESIGN.md §7): created with a secret shown once, deleted, tested; their delivery log. */
export class WebhookService {
  constructor(
    private readonly deps: AppDeps,
    /** Tests make names resolve where they want. */
    private readonly resolve?: ResolveHost,
  ) {}

  list(organizationId: number): Promise<Webhook[]> {
    return this.deps.db.manager.getRepository(Webhook).find({ where: { organizationId }, order: { id: 'ASC' } });
  }

  /** The webhook's latest deliveries, newest first. */
  deliveries(webhookId: number, first: number): Promise<WebhookDelivery[]> {
    if (!Number.isInteger(first) || first < 1 || first > MAX_DELIVERIES_PAGE) {
      throw DomainError.invalidInput('first', `first must be from 1 to ${MAX_DELIVERIES_PAGE}`);
    }
    return this.deps.db.manager
      .getRepository(WebhookDelivery)
      .find({ where: { webhookId }, order: { id: 'DESC' }, take: first });
  }

  async create(scope: ViewerScope, organizationIdRaw: string, url: string): Promise<CreatedWebhook> {
    const organizationId = parseId(organizationIdRaw, 'organizationId');
    const org = scope.ensureVisible(
      await findOrganization(this.deps.db.manager, organizationId),
      'Organization',
      organizationId,
    );
    // Outside the transaction: a DNS lookup must not hold database locks.
    const checked = await checkWebhookUrl(url, {
      allowPrivate: this.deps.config.webhookAllowPrivate,
      resolve: this.resolve,
    });
    const secret = newWebhookSecret();
    const webhook = await this.deps.db.transaction(async (manager) => {
      const repo = manager.getRepository(Webhook);
      if ((await repo.countBy({ organizationId: org.id })) >= MAX_WEBHOOKS) {
        throw DomainError.invalidInput('organizationId', `An organization has at most ${MAX_WEBHOOKS} webhooks`);
      }
      return repo.save(
        repo.create({
          organizationId: org.id,
          url: checked.url.toString(),
          secretSealed: sealSecret(secret, this.deps.config.webhookSecretKey),
          secretHint: secretHint(secret),
          enabled: true,
          createdAt: this.deps.clock(),
        }),
      );
    });
    this.deps.log.info('webhook created', { webhookId: webhook.id, organizationId: org.id });
    return { webhook, secret };
  }

  /** Changes the URL (checked as at creation) or turns the webhook off or on; the secret stays. */
  async update(scope: ViewerScope, idRaw: string, changes: { url?: string | null; enabled?: boolean | null }) {
    const id = parseId(idRaw, 'id');
    const policy = { allowPrivate: this.deps.config.webhookAllowPrivate, resolve: this.resolve };
    // Outside the transaction, like creation: a DNS lookup must not hold database locks.
    const checked = changes.url != null ? await checkWebhookUrl(changes.url, policy) : null;
    return this.deps.db.transaction(async (manager) => {
      const webhook = await this.visible(manager, scope, id);
      if (checked) webhook.url = checked.url.toString();
      if (changes.enabled != null) webhook.enabled = changes.enabled;
      return manager.getRepository(Webhook).save(webhook);
    });
  }

  /** Deletes the webhook and its delivery log; events still owed to it are dropped. */
  async delete(scope: ViewerScope, idRaw: string): Promise<boolean> {
    const id = parseId(idRaw, 'id');
    return this.deps.db.transaction(async (manager) => {
      const webhook = await this.visible(manager, scope, id);
      await manager.getRepository(WebhookDelivery).delete({ webhookId: webhook.id });
      await manager.getRepository(Webhook).delete({ id: webhook.id });
      return true;
    });
  }

  /** Queues a `webhook.test` event to this webhook only, through the same outbox and retries. */
  async test(scope: ViewerScope, idRaw: string): Promise<boolean> {
    const id = parseId(idRaw, 'id');
    return this.deps.db.transaction(async (manager) => {
      const webhook = await this.visible(manager, scope, id);
      if (!webhook.enabled) throw DomainError.invalidInput('id', 'The webhook is disabled');
      await enqueueWebhookEvent(manager, {
        organizationId: webhook.organizationId,
        webhookId: webhook.id,
        type: 'webhook.test',
        data: { webhookId: String(webhook.id), message: 'A test event from the management portal.' },
        now: this.deps.clock(),
      });
      return true;
    });
  }

  private async visible(manager: EntityManager, scope: ViewerScope, id: number): Promise<Webhook> {
    const webhook = await manager.getRepository(Webhook).findOneBy({ id });
    const org: Organization | null = webhook ? await findOrganization(manager, webhook.organizationId) : null;
    scope.ensureVisible(org, 'Webhook', id);
    return webhook!;
  }
}
