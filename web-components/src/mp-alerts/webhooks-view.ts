/** The webhooks list, each with its recent deliveries, the add form and the secret shown once. */
import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { formatInstant } from '../shared/format';
import type { AlertSettings } from '../shared/queries';
import { deliveryStatus } from './alert-form';

/** A delivery's Status column, in the widget's language. */
function statusWords(status: ReturnType<typeof deliveryStatus>): string {
  switch (status) {
    case 'Delivered':
      return msg('Delivered');
    case 'Gave up':
      return msg('Gave up');
    case 'Pending':
      return msg('Pending');
    case 'Retrying':
      return msg('Retrying');
  }
}

export type WebhookRow = AlertSettings['webhooks'][number];

export interface WebhookEditState {
  id: string;
  url: string;
  enabled: boolean;
  message: string;
}

export interface WebhooksViewProps {
  edit: WebhookEditState | null;
  onEdit: (webhook: WebhookRow) => void;
  onEditChange: (changes: Partial<WebhookEditState>) => void;
  onEditSubmit: (event: Event) => void;
  onEditCancel: () => void;
  webhooks: WebhookRow[];
  canChange: boolean;
  locale?: string;
  timeZone?: string;
  urlText: string;
  urlMessage: string;
  createdSecret: { url: string; secret: string } | null;
  confirmingDelete: string | null;
  busy: boolean;
  onUrlInput: (event: Event) => void;
  onCreate: (event: Event) => void;
  onDismissSecret: () => void;
  onTest: (webhook: WebhookRow) => void;
  onDelete: (id: string) => void;
  onConfirmDelete: (id: string | null) => void;
}

export function renderWebhooks(props: WebhooksViewProps): TemplateResult {
  return html`<section class="group" part="webhooks" aria-labelledby="webhooks-heading">
    <h3 id="webhooks-heading">${msg('Webhooks')}</h3>
    <p class="muted">${msg('Every notification is also sent, signed, to each webhook.')}</p>
    ${props.createdSecret ? renderSecret(props) : nothing}
    ${
      props.webhooks.length
        ? html`<ul class="webhooks" part="webhook-list">
            ${props.webhooks.map((webhook) => renderWebhook(webhook, props))}
          </ul>`
        : html`<p class="empty" part="empty">${msg('No webhooks yet.')}</p>`
    }
    ${props.canChange ? renderCreateForm(props) : nothing}
  </section>`;
}

function renderSecret(props: WebhooksViewProps): TemplateResult {
  const { url, secret } = props.createdSecret!;
  return html`<div class="secret" part="secret" role="status">
    <p>${msg(str`Signing secret for ${url}. Copy it now: it is not shown again.`)}</p>
    <code class="secret-value" part="secret-value">${secret}</code>
    <button type="button" class="button" part="button" @click=${props.onDismissSecret}>${msg('Done')}</button>
  </div>`;
}

function renderWebhook(webhook: WebhookRow, props: WebhooksViewProps): TemplateResult {
  if (props.edit?.id === webhook.id) {
    return html`<li class="webhook" part="webhook">
      ${renderEditForm(props.edit, props)}${renderDeliveries(webhook, props)}
    </li>`;
  }
  return html`<li class="webhook" part="webhook">
    <div class="row">
      <span class="row-text url">${webhook.url}</span>
      <span class="muted">${msg(str`Secret ${webhook.secretHint}`)}</span>
      <span class="badge ${webhook.enabled ? 'on' : 'off'}">${webhook.enabled ? msg('On') : msg('Off')}</span>
      ${props.canChange ? renderWebhookActions(webhook, props) : nothing}
    </div>
    ${renderDeliveries(webhook, props)}
  </li>`;
}

function renderWebhookActions(webhook: WebhookRow, props: WebhooksViewProps): TemplateResult {
  if (props.confirmingDelete === webhook.id) {
    return html`<span class="confirm" role="group" aria-label=${msg(str`Delete webhook ${webhook.url}?`)}>
      <span>${msg('Delete this webhook and its log?')}</span>
      <button type="button" class="button danger" part="button" @click=${() => props.onDelete(webhook.id)}>
        ${msg('Delete')}
      </button>
      <button type="button" class="button" part="button" @click=${() => props.onConfirmDelete(null)}>
        ${msg('Keep')}
      </button>
    </span>`;
  }
  return html`<span class="row-actions">
    <button
      type="button"
      class="button"
      part="button"
      aria-label=${msg(str`Edit webhook ${webhook.url}`)}
      @click=${() => props.onEdit(webhook)}
    >
      ${msg('Edit')}
    </button>
    <button
      type="button"
      class="button"
      part="button send-test"
      aria-label=${msg(str`Send test to ${webhook.url}`)}
      ?disabled=${props.busy || !webhook.enabled}
      @click=${() => props.onTest(webhook)}
    >
      ${msg('Send test')}
    </button>
    <button
      type="button"
      class="button"
      part="button"
      aria-label=${msg(str`Delete webhook ${webhook.url}`)}
      @click=${() => props.onConfirmDelete(webhook.id)}
    >
      ${msg('Delete')}
    </button>
  </span>`;
}

function renderDeliveries(webhook: WebhookRow, props: WebhooksViewProps): TemplateResult {
  if (!webhook.deliveries.length) return html`<p class="muted">${msg('No deliveries yet.')}</p>`;
  return html`<table class="deliveries" part="deliveries">
    <caption>
      ${msg(str`Recent deliveries to ${webhook.url}`)}
    </caption>
    <thead>
      <tr>
        <th scope="col">${msg('Event')}</th>
        <th scope="col">${msg('Status')}</th>
        <th scope="col">${msg('Attempts')}</th>
        <th scope="col">${msg('Last answer')}</th>
        <th scope="col">${msg('Delivered')}</th>
      </tr>
    </thead>
    <tbody>
      ${webhook.deliveries.map(
        (d) =>
          html`<tr part="delivery" data-event-id=${d.eventId}>
            <td>${d.type}</td>
            <td>${statusWords(deliveryStatus(d))}</td>
            <td>${d.attempts}</td>
            <td>${d.lastStatus ?? (d.lastError ? msg('No answer') : '—')}</td>
            <td>${d.deliveredAt ? formatInstant(d.deliveredAt, props.locale, props.timeZone) : '—'}</td>
          </tr>`,
      )}
    </tbody>
  </table>`;
}

function renderEditForm(edit: WebhookEditState, props: WebhooksViewProps): TemplateResult {
  const invalid = edit.message !== '';
  return html`<form class="webhook-form" part="webhook-form" novalidate @submit=${props.onEditSubmit}>
    <label for="webhook-edit-url">${msg('Webhook URL')}</label>
    <input
      id="webhook-edit-url"
      type="url"
      .value=${edit.url}
      aria-invalid=${invalid ? 'true' : 'false'}
      aria-describedby="webhook-edit-error"
      @input=${(e: Event) => props.onEditChange({ url: (e.target as HTMLInputElement).value, message: '' })}
    />
    <p id="webhook-edit-error" class="field-error" aria-live="polite">${edit.message}</p>
    <label class="check">
      <input
        id="webhook-edit-enabled"
        type="checkbox"
        .checked=${edit.enabled}
        @change=${(e: Event) => props.onEditChange({ enabled: (e.target as HTMLInputElement).checked })}
      />
      ${msg('Send events to this webhook')}
    </label>
    <div class="actions">
      <button type="button" class="button" part="button" @click=${props.onEditCancel}>${msg('Cancel')}</button>
      <button type="submit" class="button primary" part="primary-button" ?disabled=${props.busy}>
        ${props.busy ? msg('Saving…') : msg('Save webhook')}
      </button>
    </div>
  </form>`;
}

function renderCreateForm(props: WebhooksViewProps): TemplateResult {
  const invalid = props.urlMessage !== '';
  return html`<form class="webhook-form" part="webhook-form" novalidate @submit=${props.onCreate}>
    <label for="webhook-url">${msg('Webhook URL')}</label>
    <input
      id="webhook-url"
      type="url"
      placeholder=${'https://hooks.example.com/portal'}
      .value=${props.urlText}
      aria-invalid=${invalid ? 'true' : 'false'}
      aria-describedby="webhook-url-hint webhook-url-error"
      @input=${props.onUrlInput}
    />
    <p id="webhook-url-hint" class="muted">${msg('An https address on the internet (not a private network).')}</p>
    <p id="webhook-url-error" class="field-error" aria-live="polite">${props.urlMessage}</p>
    <div class="actions">
      <button type="submit" class="button primary" part="primary-button" ?disabled=${props.busy}>
        ${props.busy ? msg('Adding…') : msg('Add webhook')}
      </button>
    </div>
  </form>`;
}
