/** The details' Manage Threshold view: the percentage field, its inline error and Save. */
import { msg, str } from '@lit/localize';
import { html, type TemplateResult } from 'lit';
import type { WidgetError } from '../shared/errors';
import { THRESHOLD_MAX, THRESHOLD_MIN } from '../shared/threshold';
import { renderRefusal } from './refusal';

export type AlertPolicy = 'EVERY_ASSIGNMENT' | 'DAILY_DIGEST';

export interface ThresholdViewProps {
  text: string;
  policy: AlertPolicy;
  onPolicy: (policy: AlertPolicy) => void;
  /** The inline validation or API message for the field; empty when valid. */
  message: string;
  busy: boolean;
  refusal: WidgetError | null;
  onInput: (event: Event) => void;
  onSubmit: (event: Event) => void;
  onCancel: () => void;
}

export function renderThresholdView(props: ThresholdViewProps): TemplateResult {
  const invalid = props.message !== '';
  return html`<form novalidate @submit=${props.onSubmit}>
    <label for="threshold-input">${msg('Utilization threshold (%)')}</label>
    <input
      id="threshold-input"
      part="threshold-input"
      type="number"
      inputmode="numeric"
      min=${THRESHOLD_MIN}
      max=${THRESHOLD_MAX}
      step="1"
      required
      .value=${props.text}
      aria-invalid=${invalid ? 'true' : 'false'}
      aria-describedby="threshold-hint threshold-error"
      @input=${props.onInput}
    />
    <p id="threshold-hint" class="muted">
      ${msg(
        // eslint-disable-next-line max-len -- the message's text is its translation key; kept on one line
        str`A whole number from ${THRESHOLD_MIN} to ${THRESHOLD_MAX}. When this share of numbers is in use, the admins are emailed.`,
      )}
    </p>
    <p id="threshold-error" class="field-error" aria-live="polite">${props.message}</p>
    <fieldset class="policy" part="policy">
      <legend>${msg('After the threshold is reached')}</legend>
      <label>
        <input
          type="radio"
          name="policy"
          value="EVERY_ASSIGNMENT"
          .checked=${props.policy === 'EVERY_ASSIGNMENT'}
          @change=${() => props.onPolicy('EVERY_ASSIGNMENT')}
        />
        ${msg('Email on every further assignment')}
      </label>
      <label>
        <input
          type="radio"
          name="policy"
          value="DAILY_DIGEST"
          .checked=${props.policy === 'DAILY_DIGEST'}
          @change=${() => props.onPolicy('DAILY_DIGEST')}
        />
        ${msg('One daily digest of further assignments')}
      </label>
    </fieldset>
    ${renderRefusal(props.refusal)}
    <div class="actions">
      <button type="button" class="button" part="button" @click=${props.onCancel}>${msg('Cancel')}</button>
      <button type="submit" class="button primary" part="primary-button" ?disabled=${props.busy}>
        ${props.busy ? msg('Saving…') : msg('Save')}
      </button>
    </div>
  </form>`;
}
