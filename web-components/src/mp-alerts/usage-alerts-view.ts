/** The usage alerts list and its add / edit form. */
import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import type { AlertSettings } from '../shared/queries';
import { describeThreshold, type Basis, type Measure, type UsageKind } from './alert-form';

export type UsageAlertRow = AlertSettings['usageAlerts'][number];

export interface AlertFormState {
  /** The alert being edited, or 'new'. */
  id: string;
  type: UsageKind;
  threshold: string;
  basis: Basis;
  measure: Measure;
  enabled: boolean;
  message: string;
}

export interface UsageAlertsViewProps {
  alerts: UsageAlertRow[];
  canChange: boolean;
  locale?: string;
  /** The types whose current cycle has an allowance (> 0): "% of allowance" is offered for them. */
  allowances: Record<UsageKind, boolean>;
  form: AlertFormState | null;
  confirmingDelete: string | null;
  busy: boolean;
  onAdd: () => void;
  onEdit: (alert: UsageAlertRow) => void;
  onDelete: (id: string) => void;
  onConfirmDelete: (id: string | null) => void;
  onFormChange: (changes: Partial<AlertFormState>) => void;
  onSubmit: (event: Event) => void;
  onCancel: () => void;
}

/**
 * "Voice usage reaches 10,000 minutes", "Data forecast reaches 5 GB", "Voice usage reaches 80% of
 * allowance" (in the language msg() answers in).
 */
export function describeAlert(
  alert: Pick<UsageAlertRow, 'type' | 'threshold' | 'basis' | 'measure'>,
  locale?: string,
): string {
  const amount = describeThreshold(alert, locale);
  const forecast = alert.basis === 'FORECAST';
  switch (alert.type) {
    case 'VOICE':
      return forecast ? msg(str`Voice forecast reaches ${amount}`) : msg(str`Voice usage reaches ${amount}`);
    case 'MESSAGE':
      return forecast ? msg(str`Messages forecast reaches ${amount}`) : msg(str`Messages usage reaches ${amount}`);
    case 'DATA':
      return forecast ? msg(str`Data forecast reaches ${amount}`) : msg(str`Data usage reaches ${amount}`);
  }
}

/** The threshold field's label, with the unit the API counts the type in. */
function thresholdLabel(type: UsageKind, measure: Measure): string {
  if (measure === 'PERCENT_OF_ALLOWANCE') return msg('Threshold (% of allowance)');
  switch (type) {
    case 'VOICE':
      return msg('Threshold (minutes)');
    case 'MESSAGE':
      return msg('Threshold (messages)');
    case 'DATA':
      return msg('Threshold (bytes)');
  }
}

export function renderUsageAlerts(props: UsageAlertsViewProps): TemplateResult {
  const { alerts, canChange, form } = props;
  return html`<section class="group" part="usage-alerts" aria-labelledby="usage-alerts-heading">
    <h3 id="usage-alerts-heading">${msg('Usage alerts')}</h3>
    <p class="muted">${msg('Each alert notifies the admins and webhooks at most once per billing cycle.')}</p>
    ${
      alerts.length
        ? html`<ul class="rows" part="alert-list">
            ${alerts.map((alert) => renderAlertRow(alert, props))}
          </ul>`
        : html`<p class="empty" part="empty">${msg('No usage alerts yet.')}</p>`
    }
    ${form && form.id === 'new' ? renderAlertForm(form, props) : nothing}
    ${
      canChange && !form
        ? html`<button type="button" class="button" part="button add-alert" @click=${props.onAdd}>
            ${msg('Add usage alert')}
          </button>`
        : nothing
    }
  </section>`;
}

function renderAlertRow(alert: UsageAlertRow, props: UsageAlertsViewProps): TemplateResult {
  const description = describeAlert(alert, props.locale);
  if (props.form?.id === alert.id) return html`<li class="row">${renderAlertForm(props.form, props)}</li>`;
  return html`<li class="row" part="alert">
    <span class="row-text">${description}</span>
    <span class="badge ${alert.enabled ? 'on' : 'off'}">${alert.enabled ? msg('On') : msg('Off')}</span>
    ${
      props.canChange
        ? props.confirmingDelete === alert.id
          ? html`<span class="confirm" role="group" aria-label=${msg(str`Delete alert: ${description}?`)}>
              <span>${msg('Delete this alert?')}</span>
              <button type="button" class="button danger" part="button" @click=${() => props.onDelete(alert.id)}>
                ${msg('Delete')}
              </button>
              <button type="button" class="button" part="button" @click=${() => props.onConfirmDelete(null)}>
                ${msg('Keep')}
              </button>
            </span>`
          : html`<span class="row-actions">
              <button
                type="button"
                class="button"
                part="button"
                aria-label=${msg(str`Edit alert: ${description}`)}
                @click=${() => props.onEdit(alert)}
              >
                ${msg('Edit')}
              </button>
              <button
                type="button"
                class="button"
                part="button"
                aria-label=${msg(str`Delete alert: ${description}`)}
                @click=${() => props.onConfirmDelete(alert.id)}
              >
                ${msg('Delete')}
              </button>
            </span>`
        : nothing
    }
  </li>`;
}

function renderAlertForm(form: AlertFormState, props: UsageAlertsViewProps): TemplateResult {
  const invalid = form.message !== '';
  return html`<form class="alert-form" part="alert-form" novalidate @submit=${props.onSubmit}>
    <div class="fields">
      <label>
        ${msg('Usage type')}
        <select
          id="alert-type"
          .value=${form.type}
          ?disabled=${form.id !== 'new'}
          @change=${(e: Event) => changeType(e, props)}
        >
          <option value="VOICE" ?selected=${form.type === 'VOICE'}>${msg('Voice')}</option>
          <option value="MESSAGE" ?selected=${form.type === 'MESSAGE'}>${msg('Messages')}</option>
          <option value="DATA" ?selected=${form.type === 'DATA'}>${msg('Data')}</option>
        </select>
      </label>
      ${renderMeasure(form, props)}
      <label>
        ${thresholdLabel(form.type, form.measure)}
        <input
          id="alert-threshold"
          type="text"
          inputmode="numeric"
          .value=${form.threshold}
          aria-invalid=${invalid ? 'true' : 'false'}
          aria-describedby="alert-threshold-error"
          @input=${(e: Event) => props.onFormChange({ threshold: (e.target as HTMLInputElement).value, message: '' })}
        />
      </label>
      <label>
        ${msg('Compare with')}
        <select
          id="alert-basis"
          .value=${form.basis}
          @change=${(e: Event) => props.onFormChange({ basis: (e.target as HTMLSelectElement).value as Basis })}
        >
          <option value="ACTUAL" ?selected=${form.basis === 'ACTUAL'}>${msg('Usage so far')}</option>
          <option value="FORECAST" ?selected=${form.basis === 'FORECAST'}>${msg('Forecast for the cycle')}</option>
        </select>
      </label>
      <label class="check">
        <input
          id="alert-enabled"
          type="checkbox"
          .checked=${form.enabled}
          @change=${(e: Event) => props.onFormChange({ enabled: (e.target as HTMLInputElement).checked })}
        />
        ${msg('Enabled')}
      </label>
    </div>
    <p id="alert-threshold-error" class="field-error" aria-live="polite">${form.message}</p>
    <div class="actions">
      <button type="button" class="button" part="button" @click=${props.onCancel}>${msg('Cancel')}</button>
      <button type="submit" class="button primary" part="primary-button" ?disabled=${props.busy}>
        ${props.busy ? msg('Saving…') : msg('Save alert')}
      </button>
    </div>
  </form>`;
}

/** A new alert's type: "% of allowance" stays chosen only when that type has an allowance. */
function changeType(event: Event, props: UsageAlertsViewProps): void {
  const type = (event.target as HTMLSelectElement).value as UsageKind;
  props.onFormChange(props.allowances[type] ? { type } : { type, measure: 'UNITS' });
}

/** The measure, offered when the type has an allowance (or the alert already counts in one). */
function renderMeasure(form: AlertFormState, props: UsageAlertsViewProps): TemplateResult | typeof nothing {
  const percent = form.measure === 'PERCENT_OF_ALLOWANCE';
  if (!props.allowances[form.type] && !percent) return nothing;
  return html`<label>
    ${msg('Measure')}
    <select
      id="alert-measure"
      .value=${form.measure}
      @change=${(e: Event) =>
        props.onFormChange({ measure: (e.target as HTMLSelectElement).value as Measure, message: '' })}
    >
      <option value="UNITS" ?selected=${!percent}>${msg('Amount')}</option>
      <option value="PERCENT_OF_ALLOWANCE" ?selected=${percent}>${msg('% of allowance')}</option>
    </select>
  </label>`;
}
