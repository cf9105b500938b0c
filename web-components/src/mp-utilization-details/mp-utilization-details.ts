import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, query, state } from 'lit/decorators.js';
import { defineElement } from '../shared/define';
import { dispatchMpEvent } from '../shared/events';
import { describeError, type WidgetError } from '../shared/errors';
import { formatCount, formatPercent } from '../shared/format';
import { MpElement } from '../shared/mp-element';
import { pickOrganization } from '../shared/organization';
import {
  REQUEST_MORE_NUMBERS,
  SET_UTILIZATION_THRESHOLD,
  UTILIZATION_DETAILS_QUERY,
  type RequestMoreNumbersResult,
  type SetUtilizationThresholdResult,
  type UtilizationDetails,
  type UtilizationDetailsResult,
} from '../shared/queries';
import { QueryController, toWidgetError } from '../shared/query-controller';
import { NOTE_MAX_LENGTH, validateRequestedQuantity, validateThresholdPercent } from '../shared/threshold';
import { utilizationDetailsStyles } from './mp-utilization-details.styles';

type View = 'details' | 'threshold' | 'request' | 'contact';

const TITLES: Record<View, string> = {
  details: 'Number Utilization Details',
  threshold: 'Manage Threshold',
  request: 'Request More Numbers',
  contact: 'Contact for More Numbers',
};

const DEFAULT_REQUEST_MESSAGE = 'More numbers are provided by your carrier. Select OK to see whom to contact.';

const FOCUSABLE = 'button:not([disabled]), input:not([disabled]), textarea:not([disabled]), select:not([disabled]), a[href], [tabindex]:not([tabindex="-1"])';

const editIcon = html`<svg viewBox="0 0 24 24" aria-hidden="true" focusable="false" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M12 20h9"/><path d="M16.5 3.5a2.1 2.1 0 0 1 3 3L7 19l-4 1 1-4Z"/></svg>`;

/**
 * The Number Utilization Details modal: Total, Allocated to Sub-Organizations, Assigned, Available,
 * Pending invitation, Reserved and Registered; the utilization threshold with its editor
 * ("Manage Threshold"); and "Request More Numbers", which shows a message, then on OK records the
 * request and shows whom to contact. Focus is trapped while open, Escape closes, and focus returns to
 * the element that opened it.
 *
 * @tagname mp-utilization-details
 * @summary Number utilization details modal with threshold editor and number requests.
 *
 * @fires mp-threshold-change - The admin saved a threshold; detail: `{ organizationId, percent, reached }`.
 * @fires mp-numbers-requested - A request for more numbers was recorded; detail: `{ organizationId, requestId, quantity, note, contact: { email, phone, message } }`.
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
 * @csspart threshold-input - The percentage field.
 * @csspart request-button - The Request More Numbers button.
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
 * @cssproperty [--mp-backdrop-color=rgb(17 24 39 / 0.55)] - The page dimmer behind the modal.
 * @cssproperty [--mp-radius=8px] - Corner radius.
 */
export class MpUtilizationDetails extends MpElement {
  static override styles = utilizationDetailsStyles;

  /** Whether the modal is shown; `show()` and `close()` set it too. */
  @property({ type: Boolean, reflect: true }) open = false;

  @state() private view: View = 'details';
  @state() private thresholdText = '';
  @state() private thresholdMessage = '';
  @state() private quantityText = '';
  @state() private quantityMessage = '';
  @state() private noteText = '';
  @state() private busy = false;
  @state() private refusal: WidgetError | null = null;
  @state() private contact: RequestMoreNumbersResult['requestMoreNumbers'] | null = null;

  @query('dialog') private dialog!: HTMLDialogElement;

  private opener: HTMLElement | null = null;

  private readonly details = new QueryController<UtilizationDetailsResult>(this, {
    document: () => this.organizationDocument(UTILIZATION_DETAILS_QUERY),
    variables: () => this.organizationVariables,
    enabled: () => this.open,
    onError: (error) => this.reportError(error, 'UtilizationDetails'),
  });

  /** Opens the modal; focus returns to `opener` (default: the element focused now) when it closes. */
  show(opener?: HTMLElement | null): void {
    this.opener = opener ?? deepActiveElement();
    this.view = 'details';
    this.refusal = null;
    this.open = true;
  }

  /** Closes the modal and returns focus to whatever opened it. */
  close(): void {
    this.open = false;
  }

  private get organization() {
    return pickOrganization(this.details.data);
  }

  override render(): TemplateResult {
    return html`<dialog part="dialog" aria-labelledby="dialog-title" @cancel=${this.onCancel} @keydown=${this.trapFocus}>
      ${this.open
        ? html`<div class="dialog-header">
              <h2 id="dialog-title" part="heading" tabindex="-1">${TITLES[this.view]}</h2>
              <button type="button" class="icon-button close" part="close-button" aria-label="Close" @click=${this.closeByUser}>×</button>
            </div>
            ${this.renderView()}`
        : nothing}
    </dialog>`;
  }

  private renderView(): TemplateResult {
    const state = this.renderQueryState(this.details, 7);
    if (state) return state;
    const organization = this.organization;
    if (!organization) return this.renderErrorState({ kind: 'no-organization', code: 'NO_ORGANIZATION', message: '' }, null);
    switch (this.view) {
      case 'details':
        return this.renderDetails(organization);
      case 'threshold':
        return this.renderThresholdForm();
      case 'request':
        return this.renderRequest(organization.numberRequestContact.message);
      case 'contact':
        return this.renderContact();
    }
  }

  private renderDetails(organization: UtilizationDetails): TemplateResult {
    const locale = this.effectiveLocale;
    const { numberUtilization: figures, utilizationThreshold: threshold } = organization;
    const rows: [string, number][] = [
      ['Total', figures.total],
      ['Allocated to Sub-Organizations', figures.allocatedToSubOrganizations],
      ['Assigned', figures.assigned],
      ['Available', figures.available],
      ['Pending invitation', figures.pendingInvitation],
      ['Reserved', figures.reserved],
      ['Registered', figures.registered],
    ];
    return html`<dl part="figures">
        ${rows.map(([label, value]) => html`<div><dt>${label}</dt><dd data-figure=${label}>${formatCount(value, locale)}</dd></div>`)}
      </dl>
      <div class="threshold" part="threshold">
        <span>Utilization Threshold</span>
        <span class="threshold-value" data-figure="Utilization Threshold">${formatPercent(threshold.percent, locale)}</span>
        <button type="button" class="icon-button" part="edit-threshold-button" aria-label="Edit utilization threshold" @click=${this.openThresholdForm}>
          ${editIcon}
        </button>
        <span class="badge ${threshold.reached ? 'reached' : ''}">${threshold.reached ? 'Reached' : 'Not reached'}</span>
      </div>
      <p class="muted">${formatPercent(figures.percentInUse, locale)} of numbers in use (${formatCount(figures.inUse, locale)} of ${formatCount(figures.total, locale)}).</p>
      <div class="actions">
        <button type="button" class="button primary" part="request-button primary-button" @click=${this.openRequest}>Request More Numbers</button>
      </div>`;
  }

  private renderThresholdForm(): TemplateResult {
    const invalid = this.thresholdMessage !== '';
    return html`<form novalidate @submit=${this.saveThreshold}>
      <label for="threshold-input">Utilization threshold (%)</label>
      <input
        id="threshold-input"
        part="threshold-input"
        type="number"
        inputmode="numeric"
        min="1"
        max="100"
        step="1"
        required
        .value=${this.thresholdText}
        aria-invalid=${invalid ? 'true' : 'false'}
        aria-describedby="threshold-hint threshold-error"
        @input=${this.onThresholdInput}
      />
      <p id="threshold-hint" class="muted">A whole number from 1 to 100. When this share of numbers is in use, the admins are emailed.</p>
      <p id="threshold-error" class="field-error" aria-live="polite">${this.thresholdMessage}</p>
      ${this.renderRefusal()}
      <div class="actions">
        <button type="button" class="button" part="button" @click=${this.backToDetails}>Cancel</button>
        <button type="submit" class="button primary" part="primary-button" ?disabled=${this.busy}>${this.busy ? 'Saving…' : 'Save'}</button>
      </div>
    </form>`;
  }

  private renderRequest(message: string): TemplateResult {
    return html`<form novalidate @submit=${this.submitRequest}>
      <p class="request-message" role="note">${message || DEFAULT_REQUEST_MESSAGE}</p>
      <label for="quantity-input">How many numbers? <span class="muted">(optional)</span></label>
      <input
        id="quantity-input"
        type="number"
        inputmode="numeric"
        min="1"
        step="1"
        .value=${this.quantityText}
        aria-invalid=${this.quantityMessage ? 'true' : 'false'}
        aria-describedby="quantity-error"
        @input=${(event: Event) => {
          this.quantityText = (event.target as HTMLInputElement).value;
          this.quantityMessage = '';
        }}
      />
      <p id="quantity-error" class="field-error" aria-live="polite">${this.quantityMessage}</p>
      <label for="note-input">Note <span class="muted">(optional)</span></label>
      <textarea id="note-input" rows="2" maxlength=${NOTE_MAX_LENGTH} .value=${this.noteText} @input=${(event: Event) => (this.noteText = (event.target as HTMLTextAreaElement).value)}></textarea>
      ${this.renderRefusal()}
      <div class="actions">
        <button type="button" class="button" part="button" @click=${this.backToDetails}>Cancel</button>
        <button type="submit" class="button primary" part="primary-button" ?disabled=${this.busy}>${this.busy ? 'Sending…' : 'OK'}</button>
      </div>
    </form>`;
  }

  private renderContact(): TemplateResult {
    const contact = this.contact?.contact;
    return html`<div class="contact" part="contact" role="status">
        ${contact?.message ? html`<p>${contact.message}</p>` : nothing}
        <p>Your request was recorded. Contact us to get more numbers:</p>
        <dl>
          <div><dt>Email</dt><dd data-contact="email">${contact?.email ? html`<a href="mailto:${contact.email}">${contact.email}</a>` : 'Not provided'}</dd></div>
          <div><dt>Phone</dt><dd data-contact="phone">${contact?.phone ? html`<a href="tel:${contact.phone.replace(/[^+\d]/g, '')}">${contact.phone}</a>` : 'Not provided'}</dd></div>
        </dl>
      </div>
      <div class="actions">
        <button type="button" class="button primary" part="primary-button" @click=${this.backToDetails}>Done</button>
      </div>`;
  }

  private renderRefusal(): TemplateResult | typeof nothing {
    if (!this.refusal) return nothing;
    const { title, detail } = describeError(this.refusal);
    return html`<p class="form-error" role="alert" data-state=${this.refusal.kind}>${title}: ${detail}</p>`;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    if (changed.has('open')) {
      if (this.open && !this.dialog.open) {
        this.dialog.showModal();
        this.focusView();
      } else if (!this.open && this.dialog.open) {
        this.dialog.close();
        this.resetForms();
        this.opener?.focus();
        this.opener = null;
      }
    }
    if (changed.has('view') && changed.get('view') !== undefined) this.focusView();
  }

  /** Puts focus where the view starts: its first field, else its heading. */
  private focusView(): void {
    const target = this.renderRoot.querySelector<HTMLElement>('dialog input') ?? this.renderRoot.querySelector<HTMLElement>('#dialog-title');
    target?.focus();
  }

  private onCancel(event: Event): void {
    // Escape: close through our own path so focus returns to the opener.
    event.preventDefault();
    this.closeByUser();
  }

  /** The user closed the modal (× or Escape): unlike close() from the page, this is reported. */
  private closeByUser(): void {
    if (!this.open) return;
    this.close();
    dispatchMpEvent(this, 'mp-details-close', { organizationId: this.organization?.id ?? (this.organizationId || null) });
  }

  /**
   * Opens the modal for a user action in another widget (the pie) and reports it.
   * @internal
   */
  showForUser(opener: HTMLElement | null): void {
    const wasOpen = this.open;
    this.show(opener);
    if (!wasOpen) dispatchMpEvent(this, 'mp-details-open', { organizationId: this.organization?.id ?? (this.organizationId || null) });
  }

  private trapFocus(event: KeyboardEvent): void {
    if (event.key !== 'Tab') return;
    const focusable = [...this.dialog.querySelectorAll<HTMLElement>(FOCUSABLE)];
    if (focusable.length === 0) return;
    const first = focusable[0];
    const last = focusable[focusable.length - 1];
    const active = this.shadowRoot?.activeElement;
    if (event.shiftKey && (active === first || !this.dialog.contains(active ?? null))) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && active === last) {
      event.preventDefault();
      first.focus();
    }
  }

  private openThresholdForm(): void {
    this.thresholdText = String(this.organization?.utilizationThreshold.percent ?? '');
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
    this.busy = false;
  }

  private onThresholdInput(event: Event): void {
    this.thresholdText = (event.target as HTMLInputElement).value;
    const result = validateThresholdPercent(this.thresholdText);
    this.thresholdMessage = result.valid ? '' : result.message;
    this.refusal = null;
  }

  private async saveThreshold(event: Event): Promise<void> {
    event.preventDefault();
    const input = this.renderRoot.querySelector<HTMLInputElement>('#threshold-input');
    // A number input reports "" for text it cannot parse; its raw validity tells us something was typed.
    const text = input?.validity.badInput ? 'x' : this.thresholdText;
    const result = validateThresholdPercent(text);
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
      const { data } = await client.mutate<SetUtilizationThresholdResult>({
        mutation: SET_UTILIZATION_THRESHOLD,
        context: this.requestContext,
        variables: { organizationId: organization.id, percent: result.percent },
        update: (cache, { data: saved }) => {
          if (!saved) return;
          cache.modify({
            id: cache.identify({ __typename: 'Organization', id: organization.id }),
            fields: { utilizationThreshold: (existing: object) => ({ ...existing, ...saved.setUtilizationThreshold }) },
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
    const quantity = validateRequestedQuantity(this.quantityText);
    if (!quantity.valid) {
      this.quantityMessage = quantity.message;
      this.renderRoot.querySelector<HTMLInputElement>('#quantity-input')?.focus();
      return;
    }
    const organization = this.organization;
    const client = this.apolloClient;
    if (!organization || !client || this.busy) return;
    const note = this.noteText.trim() || null;
    this.busy = true;
    this.refusal = null;
    try {
      const { data } = await client.mutate<RequestMoreNumbersResult>({
        mutation: REQUEST_MORE_NUMBERS,
        context: this.requestContext,
        variables: { organizationId: organization.id, quantity: quantity.quantity, note },
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
    } else {
      this.refusal = widgetError;
    }
    this.reportError(widgetError, operation);
  }
}

/** The focused element, looking inside shadow roots (the opener is often inside another widget). */
function deepActiveElement(): HTMLElement | null {
  let active = document.activeElement;
  while (active?.shadowRoot?.activeElement) active = active.shadowRoot.activeElement;
  return active instanceof HTMLElement ? active : null;
}

defineElement('mp-utilization-details', MpUtilizationDetails);

declare global {
  interface HTMLElementTagNameMap {
    'mp-utilization-details': MpUtilizationDetails;
  }
}
