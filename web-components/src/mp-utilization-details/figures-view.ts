/**
 * The details' first view: the seven figures, the threshold with its edit icon, the 90-day history with the
 * run-out sentence, and Request More Numbers with the idle numbers beside it.
 */
import { msg, str } from '@lit/localize';
import { html, type TemplateResult } from 'lit';
import { formatCount, formatPercent } from '../shared/format';
import type { UtilizationDetails } from '../shared/queries';
import { renderHistoryView } from './history-view';
import { renderIdleView } from './idle-view';

const editIcon = html`<svg
  viewBox="0 0 24 24"
  aria-hidden="true"
  focusable="false"
  fill="none"
  stroke="currentColor"
  stroke-width="2"
  stroke-linecap="round"
  stroke-linejoin="round"
>
  <path d="M12 20h9" />
  <path d="M16.5 3.5a2.1 2.1 0 0 1 3 3L7 19l-4 1 1-4Z" />
</svg>`;

export interface FiguresViewProps {
  organization: UtilizationDetails;
  locale: string | undefined;
  onEditThreshold: () => void;
  onRequestNumbers: () => void;
}

export function renderFiguresView({ organization, locale, onEditThreshold, onRequestNumbers }: FiguresViewProps) {
  const { numberUtilization: figures, utilizationThreshold: threshold } = organization;
  const count = (value: number) => formatCount(value, locale);
  // [English key for data-figure (the same in every language), label, value]
  const rows: [string, string, number][] = [
    ['Total', msg('Total'), figures.total],
    ['Allocated to Sub-Organizations', msg('Allocated to Sub-Organizations'), figures.allocatedToSubOrganizations],
    ['Assigned', msg('Assigned'), figures.assigned],
    ['Available', msg('Available'), figures.available],
    ['Pending invitation', msg('Pending invitation'), figures.pendingInvitation],
    ['Reserved', msg('Reserved'), figures.reserved],
    ['Registered', msg('Registered'), figures.registered],
  ];
  const inUse = count(figures.inUse);
  const total = count(figures.total);
  const share = formatPercent(figures.percentInUse, locale);
  const thresholdPercent = formatPercent(threshold.percent, locale);
  return html`<dl part="figures">
      ${rows.map(
        ([key, label, value]) =>
          html`<div>
            <dt>${label}</dt>
            <dd data-figure=${key}>${count(value)}</dd>
          </div>`,
      )}
    </dl>
    <div class="threshold" part="threshold">
      <span>${msg('Utilization Threshold')}</span>
      <span class="threshold-value" data-figure="Utilization Threshold">${thresholdPercent}</span>
      <button
        type="button"
        class="icon-button"
        part="edit-threshold-button"
        aria-label=${msg('Edit utilization threshold')}
        @click=${onEditThreshold}
      >
        ${editIcon}
      </button>
      <span class="badge ${threshold.reached ? 'reached' : ''}"
        >${threshold.reached ? msg('Reached') : msg('Not reached')}</span
      >
    </div>
    <p class="muted">${msg(str`${share} of numbers in use (${inUse} of ${total}).`)}</p>
    ${renderHistoryView({ history: figures.history, runOut: figures.runOut, available: figures.available, locale })}
    <div class="actions">
      ${renderIdleView(figures.idle, locale)}
      <button type="button" class="button primary" part="request-button primary-button" @click=${onRequestNumbers}>
        ${msg('Request More Numbers')}
      </button>
    </div>` as TemplateResult;
}
