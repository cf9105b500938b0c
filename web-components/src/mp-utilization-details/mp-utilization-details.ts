import { msg } from '@lit/localize';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { defineElement } from '../shared/define';
import { dispatchMpEvent } from '../shared/events';
import type { WidgetError } from '../shared/errors';
import { ModalController } from '../shared/modal-controller';
import { MpElement } from '../shared/mp-element';
import { pickOrganization } from '../shared/organization';
import {
  REQUEST_MORE_NUMBERS,
  SET_UTILIZATION_THRESHOLD,
  UTILIZATION_DETAILS_QUERY,
  type RequestMoreNumbersResult,
  type RequestMoreNumbersVariables,
  type SetUtilizationThresholdResult,
  type SetUtilizationThresholdVariables,
  type UtilizationDetailsResult,
} from '../shared/queries';
import { QueryController, toWidgetError } from '../shared/query-controller';
import { validateRequestedQuantity, validateRequestNote, validateThresholdPercent } from '../shared/threshold';
import { renderFiguresView } from './figures-view';
import { renderContactView, renderRequestView, type RecordedRequest } from './request-view';
import { renderThresholdView, type AlertPolicy } from './threshold-view';
import { utilizationDetailsStyles } from './mp-utilization-details.styles';

type View = 'details' | 'threshold' | 'request' | 'contact';

function viewTitle(view: View): string {
  switch (view) {
    case 'details':
      return msg('Number Utilization Details');
    case 'threshold':
      return msg('Manage Threshold');
    case 'request':
      return msg('Request More Numbers');
    case 'contact':
      return msg('Contact for More Numbers');
  }
}

/**
 * The Number Utilization Details modal: Total, Allocated to Sub-Organizations, Assigned, Available,
 * Pending invitation, Reserved and Registered; the utilization threshold with its editor
 * ("Manage Threshold"); numbers in use over the last 90 days as a small inline SVG chart, with when
 * the available numbers run out at the recent rate; the assigned numbers unused for 30 days (to reclaim
 * before asking for more); and "Request More Numbers", which shows a
 * message, then on OK records the request and shows whom to contact. Focus is trapped while open,
 * Escape closes, and focus returns to the element that opened it.
 *
 * @tagname mp-utilization-details
 * @summary Number utilization details modal with threshold editor and number requests.
 *
 * @fires mp-threshold-change - The admin saved a threshold; detail: `{ organizationId, percent, reached }`.
 * @fires mp-numbers-requested - A request for more numbers was recorded;
 *   detail: `{ organizationId, requestId, quantity, note, contact: { email, phone, message } }`.
 * @fires mp-details-open - The user opened the modal (through the pie); detail: `{ organizationId }`.
 * @fires mp-details-close - The user closed the modal (× or Escape); detail: `{ organizationId }`.
 * @fires mp-error - A query or a change failed; detail: `{ kind, code, message, field?, source, operation }`.
 *
 * @csspart dialog - The modal box.
 * @csspart heading - The modal's title.
 * @csspart close-button - The × button.
 * @csspart figures - The seven figures.
 * @csspart threshold - The threshold line.
 * @csspart edit-threshold-button - The edit icon that opens Manage Threshold.
 * @csspart history - The utilization history section (chart and run-out sentence).
 * @csspart history-chart - The 90-day in use and total chart (inline SVG).
 * @csspart run-out - The sentence saying when the available numbers run out at the recent rate.
 * @csspart threshold-input - The percentage field.
 * @csspart request-button - The Request More Numbers button.
 * @csspart idle - Beside it: how many assigned numbers went unused for 30 days, and which.
 * @csspart idle-summary - That sentence (it opens the list).
 * @csspart idle-numbers - The list of those numbers, each with its user's email.
 * @csspart button - Every secondary button.
 * @csspart primary-button - Every primary button (Save, OK).
 * @csspart contact - The contact information.
 * @csspart state - The loading or error message.
 *
 * @cssproperty [--mp-surface-color=#ffffff] - Modal background.
 * @cssproperty [--mp-text-color=#1f2937] - Main text.
 * @cssproperty [--mp-muted-text-color=#4b5563] - Secondary text.
 * @cssproperty [--mp-border-color=#d1d5db] - Borders and separators.
 * @cssproperty [--mp-accent-color=#1d4ed8] - Primary buttons, links and focus ring.
 * @cssproperty [--mp-accent-text-color=#ffffff] - Text on primary buttons.
 * @cssproperty [--mp-danger-color=#b91c1c] - Validation and refusal messages.
 * @cssproperty [--mp-pie-in-use-color=#1d4ed8] - The history chart's in-use line.
 * @cssproperty [--mp-backdrop-color=rgb(17 24 39 / 0.55)] - The page dimmer behind the modal.
 * @cssproperty [--mp-radius=8px] - Corner radius.
 */
export class MpUtilizationDetails extends MpElement {
  static override styles = utilizationDetailsStyles;

  /** Whether the modal is shown; `show()` and `close()` set it too. */
  @property({ type: Boolean, reflect: true }) open = false;

  @state() private view: View = 'details';
  @state() private thresholdText = '';
  @state() private thresholdPolicy: AlertPolicy = 'EVERY_ASSIGNMENT';
  @state() private thresholdMessage = '';
  @state() private quantityText = '';
  @state() private quantityMessage = '';
  @state() private noteText = '';
  @state() private noteMessage = '';
  @state() private busy = false;
  @state() private refusal: WidgetError | null = null;
  @state() private contact: RecordedRequest | null = null;

  @query('dialog') private dialog!: HTMLDialogElement;

  private opener: HTMLElement | null = null;

  private readonly modal = new ModalController(this, {
    dialog: () => this.dialog,
    onEscape: () => this.closeByUser(),
  });

  private readonly details = new QueryController<UtilizationDetailsResult>(this, {
    document: () => this.organizationDocument(UTILIZATION_DETAILS_QUERY),
    variables: () => this.organizationVariables,
    enabled: () => this.open,
    onError: (error) => this.reportError(error, 'UtilizationDetails'),
  });

  /** Opens the modal; focus returns to `opener` (default: the element focused now) when it closes. */
  show(opener?: HTMLElement | null): void {
    this.opener = opener ?? null;
    this.view = 'details';
    this.refusal = null;
    this.open = true;
  }

  /** Closes the modal and returns focus to whatever opened it. */
  close(): void {
    this.open = false;
  }

  /**
   * Opens the modal for a user action in another widget (the pie) and reports it.
   * @internal
   */
  showForUser(opener: HTMLElement | null): void {
    const wasOpen = this.open;
    this.show(opener);
    if (!wasOpen) dispatchMpEvent(this, 'mp-details-open', { organizationId: this.reportedOrganizationId });
  }

  private get organization() {
    return pickOrganization(this.details.data);
  }

  private get reportedOrganizationId(): string | null {
    return this.organization?.id ?? (this.effectiveOrganizationId || null);
  }

  override render(): TemplateResult {
    return html`<dialog part="dialog" aria-labelledby="dialog-title">
      ${
        this.open
          ? html`<div class="dialog-header">
                <h2 id="dialog-title" part="heading" tabindex="-1">${viewTitle(this.view)}</h2>
                <button
                  type="button"
                  class="icon-button close"
                  part="close-button"
                  aria-label=${msg('Close')}
                  @click=${this.closeByUser}
                >
                  ×
                </button>
              </div>
              ${this.renderView()}`
          : nothing
      }
    </dialog>`;
  }

  private renderView(): TemplateResult {
    const state = this.renderQueryState(this.details, 7);
    if (state) return state;
    const organization = this.organization;
    if (!organization) {
      return this.renderErrorState({ kind: 'no-organization', code: 'NO_ORGANIZATION', message: '' }, null);
    }
    switch (this.view) {
      case 'details':
        return renderFiguresView({
          organization,
          locale: this.effectiveLocale,
          onEditThreshold: () => this.openThresholdForm(),
          onRequestNumbers: () => this.openRequest(),
        });
      case 'threshold':
        return renderThresholdView({
          text: this.thresholdText,
          policy: this.thresholdPolicy,
          onPolicy: (policy) => (this.thresholdPolicy = policy),
          message: this.thresholdMessage,
          busy: this.busy,
          refusal: this.refusal,
          onInput: (event) => this.onThresholdInput(event),
          onSubmit: (event) => void this.saveThreshold(event),
          onCancel: () => this.backToDetails(),
        });
      case 'request':
        return renderRequestView({
          message: organization.numberRequestContact.message,
          quantityText: this.quantityText,
          quantityMessage: this.quantityMessage,
          noteText: this.noteText,
          noteMessage: this.noteMessage,
          busy: this.busy,
          refusal: this.refusal,
          onQuantityInput: (event) => {
            this.quantityText = (event.target as HTMLInputElement).value;
            this.quantityMessage = '';
          },
          onNoteInput: (event) => {
            this.noteText = (event.target as HTMLTextAreaElement).value;
            this.noteMessage = '';
          },
          onSubmit: (event) => void this.submitRequest(event),
          onCancel: () => this.backToDetails(),
        });
      case 'contact':
        return renderContactView(this.contact, () => this.backToDetails());
    }
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('open')) {
      if (this.open && !this.modal.isOpen) {
        this.modal.activate(this.opener);
        this.opener = null;
        this.focusView();
      } else if (!this.open && this.modal.isOpen) {
        this.modal.deactivate();
        this.resetForms();
      }
    }
    if (changed.has('view') && changed.get('view') !== undefined) this.focusView();
  }

  /** Puts focus where the view starts: its first field, else its heading. */
  private focusView(): void {
    const target =
      this.renderRoot.querySelector<HTMLElement>('dialog input') ??
      this.renderRoot.querySelector<HTMLElement>('#dialog-title');
    target?.focus();
  }

  /** The user closed the modal (× or Escape): unlike close() from the page, this is reported. */
  private closeByUser(): void {
    if (!this.open) return;
    this.close();
    dispatchMpEvent(this, 'mp-details-close', { organizationId: this.reportedOrganizationId });
  }

  private openThresholdForm(): void {
    this.thresholdText = String(this.organization?.utilizationThreshold.percent ?? '');
    this.thresholdPolicy = this.organization?.utilizationThreshold.policy ?? 'EVERY_ASSIGNMENT';
    this.thresholdMessage = '';
    this.refusal = null;
    this.view = 'threshold';
  }

  private openRequest(): void {
    this.refusal = null;
    this.view = 'request';
  }

  private backToDetails(): void {
    this.resetForms();
    this.view = 'details';
  }

  private resetForms(): void {
    this.refusal = null;
    this.thresholdMessage = '';
    this.quantityText = '';
    this.quantityMessage = '';
    this.noteText = '';
    this.noteMessage = '';
    this.busy = false;
  }

  private onThresholdInput(event: Event): void {
    this.thresholdText = (event.target as HTMLInputElement).value;
    const result = this.inOwnLanguage(() => validateThresholdPercent(this.thresholdText));
    this.thresholdMessage = result.valid ? '' : result.message;
    this.refusal = null;
  }

  private async saveThreshold(event: Event): Promise<void> {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('#threshold-input');
    // A number input reports "" for text it cannot parse; its raw validity tells us something was typed.
    const text = input?.validity.badInput ? 'x' : this.thresholdText;
    const result = this.inOwnLanguage(() => validateThresholdPercent(text));
    if (!result.valid) {
      this.thresholdMessage = result.message;
      input?.focus();
      return;
    }
    const organization = this.organization;
    const client = this.apolloClient;
    if (!organization || !client || this.busy) return;
    this.busy = true;
    this.refusal = null;
    try {
      const { data } = await client.mutate<SetUtilizationThresholdResult, SetUtilizationThresholdVariables>({
        mutation: SET_UTILIZATION_THRESHOLD,
        context: this.requestContext,
        variables: { organizationId: organization.id, percent: result.percent, policy: this.thresholdPolicy },
        update: (cache, { data: saved }) => {
          if (!saved) return;
          cache.modify({
            id: cache.identify({ __typename: 'Organization', id: organization.id }),
            fields: {
              utilizationThreshold: (existing: object) => ({ ...existing, ...saved.setUtilizationThreshold }),
            },
          });
        },
      });
      if (!data) throw new Error('No answer from the dashboard service.');
      this.busy = false;
      this.view = 'details';
      dispatchMpEvent(this, 'mp-threshold-change', {
        organizationId: organization.id,
        percent: data.setUtilizationThreshold.percent,
        reached: data.setUtilizationThreshold.reached,
      });
    } catch (error) {
      this.busy = false;
      this.refuse(error, 'SetUtilizationThreshold');
    }
  }

  private async submitRequest(event: Event): Promise<void> {
    event.preventDefault();
    const quantity = this.inOwnLanguage(() => validateRequestedQuantity(this.quantityText, this.effectiveLocale));
    if (!quantity.valid) {
      this.quantityMessage = quantity.message;
      this.renderRoot.querySelector<HTMLInputElement>('#quantity-input')?.focus();
      return;
    }
    const note = this.inOwnLanguage(() => validateRequestNote(this.noteText, this.effectiveLocale));
    if (!note.valid) {
      this.noteMessage = note.message;
      this.renderRoot.querySelector<HTMLTextAreaElement>('#note-input')?.focus();
      return;
    }
    const organization = this.organization;
    const client = this.apolloClient;
    if (!organization || !client || this.busy) return;
    this.busy = true;
    this.refusal = null;
    try {
      const { data } = await client.mutate<RequestMoreNumbersResult, RequestMoreNumbersVariables>({
        mutation: REQUEST_MORE_NUMBERS,
        context: this.requestContext,
        variables: { organizationId: organization.id, quantity: quantity.quantity, note: note.note },
      });
      if (!data) throw new Error('No answer from the dashboard service.');
      this.busy = false;
      this.contact = data.requestMoreNumbers;
      this.view = 'contact';
      const { email, phone, message } = data.requestMoreNumbers.contact;
      dispatchMpEvent(this, 'mp-numbers-requested', {
        organizationId: organization.id,
        requestId: data.requestMoreNumbers.id,
        quantity: data.requestMoreNumbers.quantity ?? null,
        note: data.requestMoreNumbers.note ?? null,
        contact: { email, phone, message },
      });
    } catch (error) {
      this.busy = false;
      this.refuse(error, 'RequestMoreNumbers');
    }
  }

  private refuse(error: unknown, operation: string): void {
    const widgetError = toWidgetError(error);
    if (widgetError.kind === 'bad-input' && widgetError.field === 'percent') {
      this.thresholdMessage = widgetError.message;
    } else if (widgetError.kind === 'bad-input' && widgetError.field === 'quantity') {
      this.quantityMessage = widgetError.message;
    } else if (widgetError.kind === 'bad-input' && widgetError.field === 'note') {
      this.noteMessage = widgetError.message;
    } else {
      this.refusal = widgetError;
    }
    this.reportError(widgetError, operation);
  }
}

defineElement('mp-utilization-details', MpUtilizationDetails);

declare global {
  interface HTMLElementTagNameMap {
    'mp-utilization-details': MpUtilizationDetails;
  }
}
