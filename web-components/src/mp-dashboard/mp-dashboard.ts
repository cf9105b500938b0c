import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { dashboardStyles } from './mp-dashboard.styles';
import { defineElement } from '../shared/define';
import { MpElement } from '../shared/mp-element';
import { ORGANIZATION_NAME_QUERY, type OrganizationNameResult } from '../shared/queries';
import { pickOrganization } from '../shared/organization';
import { QueryController } from '../shared/query-controller';
import '../mp-cycle-card/mp-cycle-card';
import '../mp-usage-chart/mp-usage-chart';
import '../mp-utilization-pie/mp-utilization-pie';
import '../mp-usage-report/mp-usage-report';
import '../mp-alerts/mp-alerts';

// The inner widgets' parts, re-exported so `mp-dashboard::part(card)` styles every card at once.
const INNER_PARTS =
  'card, heading, figure, label, value, range, select, summary, legend, chart, open-details, threshold, ' +
  'details-button, state, retry-button, change, change-up, change-down, change-none, forecast, freshness, ' +
  'past-cycle-toggle, threshold-reached, download-button, allowance, meter, charges, charges-button, charges-breakdown';

/**
 * The management portal's first page: the current cycle, the usage chart, number utilization, the
 * past cycle and all time, laid out from 320 px wide to wide screens, and printed in one column without
 * controls. Its endpoint, credentials, organization, locale, theme (`auto` by default: the system's
 * light or dark) and `live` reach the widgets it holds through context, and they share one API client
 * and one live-update poll.
 *
 * @tagname mp-dashboard
 * @summary The whole dashboard: cycle cards, usage chart and utilization pie.
 *
 * @fires mp-threshold-change - Bubbles from the details modal; detail: `{ organizationId, percent, reached }`.
 * @fires mp-numbers-requested - Bubbles from the details modal;
 *   detail: `{ organizationId, requestId, quantity, note, contact }`.
 * @fires mp-usage-type-change - Bubbles from the chart; detail: `{ type }`.
 * @fires mp-details-open - Bubbles from the pie; detail: `{ organizationId }`.
 * @fires mp-details-close - Bubbles from the pie; detail: `{ organizationId }`.
 * @fires mp-report-download - Bubbles from the usage report; detail: `{ organizationId, from, to, by }`.
 * @fires mp-alerts-change - Bubbles from the alerts card; detail: `{ organizationId, kind, action, id }`.
 * @fires mp-error - Bubbles from any widget; detail: `{ kind, code, message, source, operation }`.
 *
 * @csspart layout - The grid holding the widgets.
 * @csspart header - The bar with the organization's name, on the theme's surface colour.
 * @csspart title - The organization's name.
 * @csspart current-cycle - The current cycle card (an mp-cycle-card).
 * @csspart usage-chart - The usage chart (an mp-usage-chart).
 * @csspart utilization-pie - The utilization pie (an mp-utilization-pie).
 * @csspart past-cycle - The past cycle card.
 * @csspart all-time - The all-time card.
 * @csspart usage-report - The usage report below the cards (an mp-usage-report).
 * @csspart alerts - Usage alerts and webhooks (an mp-alerts), shown to admins only.
 * @csspart card - Every inner widget's card (re-exported, as are heading, figure, label, value, range,
 *   select, summary, legend, chart, open-details, threshold, details-button, state, retry-button, change,
 *   change-up, change-down, change-none, forecast, freshness, past-cycle-toggle, threshold-reached,
 *   download-button, allowance, meter, charges, charges-button and charges-breakdown).
 *
 * @cssproperty [--mp-gap=16px] - Space between the widgets.
 * @cssproperty [--mp-surface-color=#ffffff] - Card and header backgrounds (dark theme: #111827).
 * @cssproperty [--mp-text-color=#1f2937] - Main text.
 * @cssproperty [--mp-muted-text-color=#4b5563] - Secondary text.
 * @cssproperty [--mp-border-color=#d1d5db] - Card borders.
 * @cssproperty [--mp-accent-color=#1d4ed8] - Buttons, links and focus ring.
 * @cssproperty [--mp-font-family=system-ui] - Font stack.
 */
export class MpDashboard extends MpElement {
  static override styles = dashboardStyles;

  private readonly organization = new QueryController<OrganizationNameResult>(this, {
    document: () => this.organizationDocument(ORGANIZATION_NAME_QUERY),
    variables: () => this.organizationVariables,
    // Each widget reports its own errors; the header's would repeat them.
  });

  override render(): TemplateResult {
    const name = pickOrganization(this.organization.data)?.name;
    const roles = this.organization.data?.viewer?.roles ?? [];
    // Alerts and webhooks are an admin's settings: shown to admins (and the carrier's operators).
    const admin = roles.includes('admin') || roles.includes('operator');
    // Endpoint, credentials, organization, locale and theme reach the widgets through context (see MpElement).
    return html`<div class="layout" part="layout">
      <header part="header">
        <h1 part="title">${name ? msg(str`${name} dashboard`) : msg('Dashboard')}</h1>
      </header>
      <mp-cycle-card class="current" part="current-cycle" exportparts=${INNER_PARTS} period="current"> </mp-cycle-card>
      <mp-usage-chart class="chart" part="usage-chart" exportparts=${INNER_PARTS}></mp-usage-chart>
      <mp-utilization-pie class="pie" part="utilization-pie" exportparts=${INNER_PARTS}> </mp-utilization-pie>
      <mp-cycle-card class="past" part="past-cycle" exportparts=${INNER_PARTS} period="past"> </mp-cycle-card>
      <mp-cycle-card class="all-time" part="all-time" exportparts=${INNER_PARTS} period="all-time"> </mp-cycle-card>
      <mp-usage-report class="report" part="usage-report" exportparts=${INNER_PARTS}></mp-usage-report>
      ${admin ? html`<mp-alerts class="alerts" part="alerts" exportparts=${INNER_PARTS}></mp-alerts>` : nothing}
    </div>`;
  }
}

defineElement('mp-dashboard', MpDashboard);

declare global {
  interface HTMLElementTagNameMap {
    'mp-dashboard': MpDashboard;
  }
}
