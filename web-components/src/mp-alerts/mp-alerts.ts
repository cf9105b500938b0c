import { msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { state } from 'lit/decorators.js';
import type { DocumentNode } from '@apollo/client/core';
import { defineElement } from '../shared/define';
import { describeError, type WidgetError } from '../shared/errors';
import { dispatchMpEvent, type AlertsChangeDetail } from '../shared/events';
import { MpElement } from '../shared/mp-element';
import { pickOrganization } from '../shared/organization';
import {
  ALERT_SETTINGS_QUERY,
  CREATE_USAGE_ALERT,
  CREATE_WEBHOOK,
  DELETE_USAGE_ALERT,
  DELETE_WEBHOOK,
  TEST_WEBHOOK,
  UPDATE_USAGE_ALERT,
  UPDATE_WEBHOOK,
  type AlertSettingsResult,
} from '../shared/queries';
import { QueryController, toWidgetError } from '../shared/query-controller';
import { validateAlertThreshold, validateAllowancePercent, validateWebhookUrl } from './alert-form';
import { alertsStyles } from './mp-alerts.styles';
import { renderUsageAlerts, type AlertFormState, type UsageAlertRow } from './usage-alerts-view';
import { renderWebhooks, type WebhookEditState, type WebhookRow } from './webhooks-view';

/**
 * Usage alerts and webhooks of an organization: admins list, create, edit and delete usage alerts
 * ("warn me when voice reaches 10,000 minutes", on usage so far or on the cycle's forecast; with a price
 * plan's allowance of that type also "when voice reaches 80% of allowance") and
 * webhooks (the signing secret shown once; edit changes the URL or turns it off), see each webhook's
 * recent deliveries and send a test; viewers read.
 *
 * @tagname mp-alerts
 * @summary Usage alerts and webhooks, with each webhook's recent deliveries.
 *
 * @fires mp-alerts-change - An alert or webhook was created, updated, deleted or tested;
 *   detail: `{ organizationId, kind, action, id }`.
 * @fires mp-error - A query or change failed; detail: `{ kind, code, message, source, operation }`.
 *
 * @csspart card - The card box.
 * @csspart heading - The title.
 * @csspart usage-alerts - The usage alerts section.
 * @csspart alert-list - The list of usage alerts.
 * @csspart alert - One usage alert.
 * @csspart alert-form - The add / edit form of a usage alert.
 * @csspart webhooks - The webhooks section.
 * @csspart webhook-list - The list of webhooks.
 * @csspart webhook - One webhook with its deliveries.
 * @csspart deliveries - A webhook's recent deliveries table.
 * @csspart delivery - One row of it.
 * @csspart webhook-form - The add webhook form.
 * @csspart secret - The just-created webhook's signing secret, shown once.
 * @csspart secret-value - The secret itself.
 * @csspart empty - "No usage alerts yet" and "No webhooks yet".
 * @csspart button - Every secondary button.
 * @csspart primary-button - Save alert and Add webhook.
 * @csspart add-alert - The Add usage alert button.
 * @csspart send-test - A webhook's Send test button.
 * @csspart notice - The announcement of the last change.
 * @csspart state - The loading, empty or error message.
 * @csspart retry-button - The Retry button of an error.
 *
 * @cssproperty [--mp-surface-color=#ffffff] - Card background.
 * @cssproperty [--mp-text-color=#1f2937] - Main text.
 * @cssproperty [--mp-muted-text-color=#4b5563] - Captions and hints.
 * @cssproperty [--mp-border-color=#d1d5db] - Card border and table rules.
 * @cssproperty [--mp-accent-color=#1d4ed8] - Buttons, focus ring and the secret's frame.
 * @cssproperty [--mp-danger-color=#b91c1c] - Errors.
 * @cssproperty [--mp-radius=8px] - Corner radius.
 * @cssproperty [--mp-font-family=system-ui] - Font stack.
 * @cssproperty [--mp-font-size=16px] - Base font size.
 * @cssproperty [--mp-card-padding=16px] - Inner padding.
 */
export class MpAlerts extends MpElement {
  static override styles = alertsStyles;

  @state() private form: AlertFormState | null = null;
  @state() private confirmingDelete: string | null = null;
  @state() private urlText = '';
  @state() private urlMessage = '';
  @state() private createdSecret: { url: string; secret: string } | null = null;
  @state() private busy = false;
  @state() private refusal: WidgetError | null = null;
  @state() private notice = '';
  @state() private webhookEdit: WebhookEditState | null = null;

  private readonly settings = new QueryController<AlertSettingsResult>(this, {
    document: () => this.organizationDocument(ALERT_SETTINGS_QUERY),
    variables: () => this.organizationVariables,
    onError: (error) => this.reportError(error, 'AlertSettings'),
  });

  private get roles(): string[] {
    const data = this.settings.data;
    return data?.viewer?.roles ?? [];
  }

  private get canChange(): boolean {
    return this.roles.includes('admin') || this.roles.includes('operator');
  }

  override render(): TemplateResult {
    return html`<section
      class="card"
      part="card"
      aria-labelledby="alerts-heading"
      aria-busy=${this.settings.status === 'loading' ? 'true' : 'false'}
    >
      <h2 id="alerts-heading" part="heading">${msg('Alerts')}</h2>
      ${this.renderQueryState(this.settings, 4) ?? this.renderSettings()}
    </section>`;
  }

  private renderSettings(): TemplateResult {
    const organization = pickOrganization(this.settings.data);
    if (!organization) {
      return this.renderErrorState({ kind: 'no-organization', code: 'NO_ORGANIZATION', message: '' }, null);
    }
    const locale = this.effectiveLocale;
    return html`<p class="notice" part="notice" role="status">${this.notice}</p>
      ${this.refusal ? this.renderRefusal(this.refusal) : nothing}
      ${renderUsageAlerts({
        alerts: organization.usageAlerts,
        canChange: this.canChange,
        locale,
        allowances: {
          VOICE: !!organization.cycle.voice.allowance,
          MESSAGE: !!organization.cycle.message.allowance,
          DATA: !!organization.cycle.data.allowance,
        },
        form: this.form,
        confirmingDelete: this.confirmingDelete,
        busy: this.busy,
        onAdd: () => this.openForm(null),
        onEdit: (alert) => this.openForm(alert),
        onDelete: (id) => void this.change('usage-alert', 'deleted', id, DELETE_USAGE_ALERT, { id }),
        onConfirmDelete: (id) => (this.confirmingDelete = id),
        onFormChange: (changes) => (this.form = { ...this.form!, ...changes }),
        onSubmit: (event) => void this.saveAlert(event, organization.id),
        onCancel: () => (this.form = null),
      })}
      ${renderWebhooks({
        webhooks: organization.webhooks,
        canChange: this.canChange,
        locale,
        timeZone: organization.timezone,
        urlText: this.urlText,
        urlMessage: this.urlMessage,
        createdSecret: this.createdSecret,
        confirmingDelete: this.confirmingDelete,
        busy: this.busy,
        onUrlInput: (event) => {
          this.urlText = (event.target as HTMLInputElement).value;
          this.urlMessage = '';
        },
        onCreate: (event) => void this.createWebhook(event, organization.id),
        onDismissSecret: () => (this.createdSecret = null),
        onTest: (webhook: WebhookRow) =>
          void this.change('webhook', 'tested', webhook.id, TEST_WEBHOOK, { id: webhook.id }),
        onDelete: (id) => void this.change('webhook', 'deleted', id, DELETE_WEBHOOK, { id }),
        onConfirmDelete: (id) => (this.confirmingDelete = id),
        edit: this.webhookEdit,
        onEdit: (webhook) => {
          this.confirmingDelete = null;
          this.webhookEdit = { id: webhook.id, url: webhook.url, enabled: webhook.enabled, message: '' };
        },
        onEditChange: (changes) => (this.webhookEdit = { ...this.webhookEdit!, ...changes }),
        onEditSubmit: (event) => void this.saveWebhook(event),
        onEditCancel: () => (this.webhookEdit = null),
      })}`;
  }

  private renderRefusal(refusal: WidgetError): TemplateResult {
    const { title, detail } = describeError(refusal);
    return html`<p class="form-error" role="alert" data-state=${refusal.kind}>${title}: ${detail}</p>`;
  }

  private openForm(alert: UsageAlertRow | null): void {
    this.refusal = null;
    this.confirmingDelete = null;
    this.form = alert
      ? {
          id: alert.id,
          type: alert.type,
          threshold: String(alert.threshold),
          basis: alert.basis,
          measure: alert.measure,
          enabled: alert.enabled,
          message: '',
        }
      : { id: 'new', type: 'VOICE', threshold: '', basis: 'ACTUAL', measure: 'UNITS', enabled: true, message: '' };
    void this.updateComplete.then(() => this.renderRoot.querySelector<HTMLElement>('#alert-threshold')?.focus());
  }

  private async saveAlert(event: Event, organizationId: string): Promise<void> {
    event.preventDefault();
    const form = this.form;
    if (!form) return;
    const validate = form.measure === 'PERCENT_OF_ALLOWANCE' ? validateAllowancePercent : validateAlertThreshold;
    const checked = this.inOwnLanguage(() => validate(form.threshold));
    if (!checked.valid) {
      this.form = { ...form, message: checked.message };
      this.renderRoot.querySelector<HTMLElement>('#alert-threshold')?.focus();
      return;
    }
    const fields = { threshold: checked.threshold, basis: form.basis, measure: form.measure, enabled: form.enabled };
    const done =
      form.id === 'new'
        ? await this.change('usage-alert', 'created', '', CREATE_USAGE_ALERT, {
            organizationId,
            type: form.type,
            ...fields,
          })
        : await this.change('usage-alert', 'updated', form.id, UPDATE_USAGE_ALERT, { id: form.id, ...fields });
    if (done) this.form = null;
  }

  private async createWebhook(event: Event, organizationId: string): Promise<void> {
    event.preventDefault();
    const checked = this.inOwnLanguage(() => validateWebhookUrl(this.urlText));
    if (!checked.valid) {
      this.urlMessage = checked.message;
      this.renderRoot.querySelector<HTMLElement>('#webhook-url')?.focus();
      return;
    }
    const data = await this.change('webhook', 'created', '', CREATE_WEBHOOK, { organizationId, url: checked.url });
    const created = (data as { createWebhook?: { secret: string } } | null)?.createWebhook;
    if (created) {
      this.createdSecret = { url: checked.url, secret: created.secret };
      this.urlText = '';
    }
  }

  private async saveWebhook(event: Event): Promise<void> {
    event.preventDefault();
    const edit = this.webhookEdit;
    if (!edit) return;
    const checked = this.inOwnLanguage(() => validateWebhookUrl(edit.url));
    if (!checked.valid) {
      this.webhookEdit = { ...edit, message: checked.message };
      return;
    }
    const variables = { id: edit.id, url: checked.url, enabled: edit.enabled };
    if (await this.change('webhook', 'updated', edit.id, UPDATE_WEBHOOK, variables)) this.webhookEdit = null;
  }

  /** Runs a mutation, refreshes the settings, announces it; answers the data, or null when refused. */
  private async change(
    kind: AlertsChangeDetail['kind'],
    action: AlertsChangeDetail['action'],
    id: string,
    mutation: DocumentNode,
    variables: Record<string, unknown>,
  ): Promise<Record<string, unknown> | null> {
    const client = this.apolloClient;
    const organization = pickOrganization(this.settings.data);
    if (!client || !organization || this.busy) return null;
    this.busy = true;
    this.refusal = null;
    try {
      const { data } = await client.mutate<Record<string, unknown>>({
        mutation,
        variables,
        context: this.requestContext,
        refetchQueries: [this.organizationDocument(ALERT_SETTINGS_QUERY)],
        awaitRefetchQueries: true,
      });
      if (!data) throw new Error('No answer from the dashboard service.');
      this.confirmingDelete = null;
      this.notice = this.inOwnLanguage(() => notices()[kind][action]);
      const newId = (Object.values(data)[0] as { id?: string; webhook?: { id: string } } | boolean) ?? null;
      const answeredId = typeof newId === 'object' && newId ? (newId.id ?? newId.webhook?.id ?? id) : id;
      dispatchMpEvent(this, 'mp-alerts-change', { organizationId: organization.id, kind, action, id: answeredId });
      return data;
    } catch (error) {
      const widgetError = toWidgetError(error);
      const definition = mutation.definitions[0];
      this.reportError(widgetError, definition?.kind === 'OperationDefinition' ? (definition.name?.value ?? '') : '');
      if (widgetError.field === 'url' && this.webhookEdit)
        this.webhookEdit = { ...this.webhookEdit, message: widgetError.message };
      else if (widgetError.field === 'url') this.urlMessage = widgetError.message;
      else if (widgetError.field === 'threshold' && this.form)
        this.form = { ...this.form, message: widgetError.message };
      else this.refusal = widgetError;
      return null;
    } finally {
      this.busy = false;
    }
  }
}

/** What the status line says after a change, in the language msg() answers in. */
const notices = (): Record<AlertsChangeDetail['kind'], Record<AlertsChangeDetail['action'], string>> => ({
  'usage-alert': {
    created: msg('Usage alert added.'),
    updated: msg('Usage alert saved.'),
    deleted: msg('Usage alert deleted.'),
    tested: '',
  },
  webhook: {
    created: msg('Webhook added.'),
    updated: msg('Webhook saved.'),
    deleted: msg('Webhook deleted.'),
    tested: msg('Test event queued.'),
  },
});

defineElement('mp-alerts', MpAlerts);

declare global {
  interface HTMLElementTagNameMap {
    'mp-alerts': MpAlerts;
  }
}
