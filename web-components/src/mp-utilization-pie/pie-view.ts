/**
 * The pie card's figures: the ring, a button that opens the details; the same figures as a table for
 * screen readers; and the legend beside the ring.
 */
import { msg, str } from '@lit/localize';
import { html, type TemplateResult } from 'lit';
import { formatCount, formatPercent } from '../shared/format';
import type { UtilizationSummary } from '../shared/queries';

type UtilizationFigures = UtilizationSummary['numberUtilization'];

export interface PieViewProps {
  figures: UtilizationFigures;
  /** "Utilization Threshold 80%", as the footer prints it. */
  thresholdText: string;
  reached: boolean;
  locale: string | undefined;
  onOpenDetails: (event: Event) => void;
  onKeydown: (event: KeyboardEvent) => void;
}

export function renderPieView(props: PieViewProps): TemplateResult {
  const { figures, locale } = props;
  const inUseShare = shareOf(figures.inUse, figures, locale);
  const inUseLabel = msg('in use');
  return html`<div class="body">
    <div
      class="open-details"
      part="open-details"
      role="button"
      tabindex="0"
      aria-haspopup="dialog"
      aria-label=${pieLabel(props, inUseShare, inUseLabel)}
      @click=${props.onOpenDetails}
      @keydown=${props.onKeydown}
    >
      <div class="chart" part="chart" aria-hidden="true"></div>
      <div class="center" aria-hidden="true"><strong>${inUseShare}</strong> <span>${inUseLabel}</span></div>
    </div>
    ${renderFiguresTable(figures, locale)} ${renderLegend(figures, locale)}
  </div>`;
}

/** A count's share of all the organization's numbers. */
function shareOf(value: number, figures: UtilizationFigures, locale: string | undefined): string {
  return formatPercent(figures.total === 0 ? 0 : (100 * value) / figures.total, locale);
}

/**
 * The ring's accessible name: every figure and the threshold. It starts with the text printed in the ring
 * ("87.3% in use"), so speech users can say what they see.
 */
function pieLabel(
  { figures, thresholdText, reached, locale }: PieViewProps,
  inUseShare: string,
  inUseLabel: string,
): string {
  const inUse = formatCount(figures.inUse, locale);
  const total = formatCount(figures.total, locale);
  const available = formatCount(figures.available, locale);
  const reachedText = reached ? msg('reached') : msg('not reached');
  return (
    `${inUseShare} ${inUseLabel}: ` +
    msg(str`${inUse} of ${total} numbers, ${available} available`) +
    `; ${thresholdText}, ` +
    msg(str`marked on the ring, ${reachedText}`) +
    `. ${msg('Open Number Utilization Details')}`
  );
}

/** The figures for screen readers, who cannot read the canvas; the legend beside it is hidden from them. */
function renderFiguresTable(figures: UtilizationFigures, locale: string | undefined): TemplateResult {
  const share = (value: number) => shareOf(value, figures, locale);
  return html`<table class="visually-hidden">
    <caption>
      ${msg('Number utilization')}
    </caption>
    <thead>
      <tr>
        <th scope="col">${msg('State')}</th>
        <th scope="col">${msg('Numbers')}</th>
        <th scope="col">${msg('Share')}</th>
      </tr>
    </thead>
    <tbody>
      <tr>
        <th scope="row">${msg('In use')}</th>
        <td data-value=${figures.inUse}>${formatCount(figures.inUse, locale)}</td>
        <td>${share(figures.inUse)}</td>
      </tr>
      <tr>
        <th scope="row">${msg('Available')}</th>
        <td data-value=${figures.available}>${formatCount(figures.available, locale)}</td>
        <td>${share(figures.available)}</td>
      </tr>
      <tr>
        <th scope="row">${msg('Total')}</th>
        <td data-value=${figures.total}>${formatCount(figures.total, locale)}</td>
        <td>${share(figures.total)}</td>
      </tr>
    </tbody>
  </table>`;
}

/** In use and Available with their counts and shares, in the slices' colours. */
function renderLegend(figures: UtilizationFigures, locale: string | undefined): TemplateResult {
  const share = (value: number) => shareOf(value, figures, locale);
  return html`<ul part="legend" aria-hidden="true">
    <li>
      <span class="swatch in-use" aria-hidden="true"></span>${msg('In use')}
      <span class="legend-value" data-figure="In use">${formatCount(figures.inUse, locale)}</span>
      <span class="muted">(${share(figures.inUse)})</span>
    </li>
    <li>
      <span class="swatch available" aria-hidden="true"></span>${msg('Available')}
      <span class="legend-value" data-figure="Available">${formatCount(figures.available, locale)}</span>
      <span class="muted">(${share(figures.available)})</span>
    </li>
  </ul>`;
}
