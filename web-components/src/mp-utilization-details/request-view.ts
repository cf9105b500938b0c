/** The details' Request More Numbers views: the message with quantity and note, then whom to contact. */
import { msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import type { WidgetError } from '../shared/errors';
import type { RequestMoreNumbersResult } from '../shared/queries';
import { NOTE_MAX_LENGTH, QUANTITY_MAX, QUANTITY_MIN } from '../shared/threshold';
import { renderRefusal } from './refusal';

export interface RequestViewProps {
  /** The organization's message for number requests; a default one when empty. */
  message: string;
  quantityText: string;
  quantityMessage: string;
  noteText: string;
  noteMessage: string;
  busy: boolean;
  refusal: WidgetError | null;
  onQuantityInput: (event: Event) => void;
  onNoteInput: (event: Event) => void;
  onSubmit: (event: Event) => void;
  onCancel: () => void;
}

export function renderRequestView(props: RequestViewProps): TemplateResult {
  return html`<form novalidate @submit=${props.onSubmit}>
    <p class="request-message" role="note">
      ${props.message || msg('More numbers are provided by your carrier. Select OK to see whom to contact.')}
    </p>
    <label for="quantity-input">${msg('How many numbers?')} <span class="muted">${msg('(optional)')}</span></label>
    <input
      id="quantity-input"
      type="number"
      inputmode="numeric"
      min=${QUANTITY_MIN}
      max=${QUANTITY_MAX}
      step="1"
      .value=${props.quantityText}
      aria-invalid=${props.quantityMessage ? 'true' : 'false'}
      aria-describedby="quantity-error"
      @input=${props.onQuantityInput}
    />
    <p id="quantity-error" class="field-error" aria-live="polite">${props.quantityMessage}</p>
    <label for="note-input">${msg('Note')} <span class="muted">${msg('(optional)')}</span></label>
    <textarea
      id="note-input"
      rows="2"
      maxlength=${NOTE_MAX_LENGTH}
      .value=${props.noteText}
      aria-invalid=${props.noteMessage ? 'true' : 'false'}
      aria-describedby="note-error"
      @input=${props.onNoteInput}
    ></textarea>
    <p id="note-error" class="field-error" aria-live="polite">${props.noteMessage}</p>
    ${renderRefusal(props.refusal)}
    <div class="actions">
      <button type="button" class="button" part="button" @click=${props.onCancel}>${msg('Cancel')}</button>
      <button type="submit" class="button primary" part="primary-button" ?disabled=${props.busy}>
        ${props.busy ? msg('Sending…') : msg('OK')}
      </button>
    </div>
  </form>`;
}

export type RecordedRequest = RequestMoreNumbersResult['requestMoreNumbers'];

export function renderContactView(request: RecordedRequest | null, onDone: () => void): TemplateResult {
  const contact = request?.contact;
  const phoneHref = contact?.phone ? `tel:${contact.phone.replace(/[^+\d]/g, '')}` : '';
  return html`<div class="contact" part="contact" role="status">
      ${contact?.message ? html`<p>${contact.message}</p>` : nothing}
      <p>${msg('Your request was recorded. Contact us to get more numbers:')}</p>
      <dl>
        <div>
          <dt>${msg('Email')}</dt>
          <dd data-contact="email">
            ${contact?.email ? html`<a href="mailto:${contact.email}">${contact.email}</a>` : msg('Not provided')}
          </dd>
        </div>
        <div>
          <dt>${msg('Phone')}</dt>
          <dd data-contact="phone">
            ${contact?.phone ? html`<a href=${phoneHref}>${contact.phone}</a>` : msg('Not provided')}
          </dd>
        </div>
      </dl>
    </div>
    <div class="actions">
      <button type="button" class="button primary" part="primary-button" @click=${onDone}>${msg('Done')}</button>
    </div>`;
}
