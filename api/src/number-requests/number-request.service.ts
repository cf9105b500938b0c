import { EntityManager } from 'typeorm';
import { AppDeps } from '../db/app-deps';
import { ViewerScope } from '../auth/viewer-scope';
import { DomainError } from '../common/domain-error';
import { parseId } from '../common/ids';
import { organizationPage } from '../common/paging';
import { NotificationCause } from '../notifications/notification.entity';
import { enqueueNotification } from '../notifications/outbox';
import { enqueueWebhookEvent } from '../webhooks/webhook-outbox';
import { numberRequestEmail } from './number-request-email';
import { findOrganization } from '../organizations/organization.repository';
import { Organization } from '../organizations/organization.entity';
import { OrganizationService } from '../organizations/organization.service';
import { ContactInfo, NumberRequest } from './number-request.entity';
import { CONTRACT_LIMITS } from '../common/contract';
import { idsOnPath } from '../organizations/organization-path';

export const MAX_NOTE_LENGTH = CONTRACT_LIMITS.requestNoteLength;
const { min: MIN_QUANTITY, max: MAX_QUANTITY } = CONTRACT_LIMITS.requestedQuantity;

/** "Request More Numbers": records who asked, when, how many and why, and answers whom to contact. */
export class NumberRequestService {
  constructor(
    private readonly deps: AppDeps,
    private readonly organizations: OrganizationService,
  ) {}

  /** The organization's own contact, else the nearest ancestor's, else the server default. */
  async contactOf(
    org: Organization,
    manager: EntityManager = this.deps.db.manager,
    load: (ids: number[]) => Promise<Organization[]> = (ids) => this.organizations.findByIds(ids, manager),
  ): Promise<ContactInfo> {
    const chainIds = idsOnPath(org.path).reverse();
    const chain = new Map((await load(chainIds)).map((o) => [o.id, o]));
    const defaults = this.deps.config.defaultContact;
    const nearest = chainIds.map((id) => chain.get(id)).filter((o): o is Organization => !!o);
    // The address and the message inherit separately (docs/data-model.md, "Contact inheritance").
    const holder = nearest.find((o) => o.contactEmail || o.contactPhone);
    const message = nearest.find((o) => o.contactMessage)?.contactMessage ?? defaults.message;
    return holder
      ? { email: holder.contactEmail, phone: holder.contactPhone, message }
      : { email: defaults.email, phone: defaults.phone, message };
  }

  async request(
    scope: ViewerScope,
    organizationIdRaw: string,
    quantity: number | null | undefined,
    note: string | null | undefined,
  ): Promise<NumberRequest> {
    const organizationId = parseId(organizationIdRaw, 'organizationId');
    if (
      quantity !== null &&
      quantity !== undefined &&
      (!Number.isInteger(quantity) || quantity < MIN_QUANTITY || quantity > MAX_QUANTITY)
    ) {
      throw DomainError.invalidInput(
        'quantity',
        `quantity must be a whole number from ${MIN_QUANTITY} to ${MAX_QUANTITY}`,
      );
    }
    const cleanNote = note?.trim() || null;
    if (cleanNote && cleanNote.length > MAX_NOTE_LENGTH) {
      throw DomainError.invalidInput('note', `note must be at most ${MAX_NOTE_LENGTH} characters`);
    }
    return this.deps.db.transaction(async (manager) => {
      const org = scope.ensureVisible(await findOrganization(manager, organizationId), 'Organization', organizationId);
      const contact = await this.contactOf(org, manager);
      const now = this.deps.clock();
      const repo = manager.getRepository(NumberRequest);
      const request = repo.create({
        organizationId: org.id,
        requestedBy: scope.subject.slice(0, 200),
        createdAt: now,
        quantity: quantity ?? null,
        note: cleanNote,
        contactEmail: contact.email,
        contactPhone: contact.phone,
        contactMessage: contact.message,
      });
      await repo.save(request);
      await this.notify(manager, org, request, contact, now);
      return request;
    });
  }

  /** The numbers.requested event to every webhook, and the email to the contact when EMAIL_NUMBER_REQUESTS is on. */
  private async notify(
    manager: EntityManager,
    org: Organization,
    request: NumberRequest,
    contact: ContactInfo,
    now: Date,
  ): Promise<void> {
    const event = {
      type: 'numbers.requested' as const,
      data: {
        requestId: String(request.id),
        requestedBy: request.requestedBy,
        quantity: request.quantity,
        note: request.note,
        contact: { email: contact.email, phone: contact.phone, message: contact.message },
      },
    };
    if (this.deps.config.emailNumberRequests && contact.email) {
      await enqueueNotification(manager, {
        organizationId: org.id,
        cause: NotificationCause.NUMBERS_REQUESTED,
        causeKey: `number-request:${request.id}`,
        recipients: [contact.email],
        email: numberRequestEmail({
          organizationName: org.name,
          requestedBy: request.requestedBy,
          quantity: request.quantity,
          note: request.note,
          portalUrl: this.deps.config.portalUrl,
        }),
        now,
        event,
      });
    } else {
      // No email owed (EMAIL_NUMBER_REQUESTS off): the webhooks are still told (DESIGN.md §7).
      await enqueueWebhookEvent(manager, { organizationId: org.id, now, ...event });
    }
  }

  list(organizationId: number, first: number, after: string | null): Promise<NumberRequest[]> {
    return organizationPage(this.deps.db.manager, NumberRequest, organizationId, {
      first,
      after,
      max: 100,
      order: 'DESC',
    }).getMany();
  }
}
