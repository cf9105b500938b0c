import { msg, str } from '@lit/localize';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { query } from 'lit/decorators.js';
import { PieChart } from 'echarts/charts';
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { ChartController } from '../shared/chart-controller';
import { downloadChartPng, renderDownloadButton } from '../shared/chart-export';
import { exportFileName } from '../shared/export-file-name';
import { buildUtilizationPieOption } from '../shared/chart-options';
import { defineElement } from '../shared/define';
import { formatPercent } from '../shared/format';
import { MpElement } from '../shared/mp-element';
import { UTILIZATION_SUMMARY_QUERY, type UtilizationSummaryResult } from '../shared/queries';
import { pickOrganization } from '../shared/organization';
import { QueryController } from '../shared/query-controller';
import type { MpUtilizationDetails } from '../mp-utilization-details/mp-utilization-details';
import { renderFooterView } from './footer-view';
import { utilizationPieStyles } from './mp-utilization-pie.styles';
import { renderPieView } from './pie-view';

use([PieChart, CanvasRenderer]);

/**
 * Number utilization as a pie: In use vs Available, with counts and shares beside it. The
 * utilization threshold is marked on the ring (a tick at its share of the circle) and, once reached,
 * the tick and the threshold line turn the danger colour and the line says "Reached". A click on the
 * pie, or Enter or Space while it has focus, opens the Number Utilization Details modal, which takes the
 * pie's connection and theme. The pie is redrawn in the other palette when the theme (or, for `auto`,
 * the system's colour scheme) changes. "Download PNG" saves the pie as drawn, its centre figure included,
 * at twice its size.
 *
 * @tagname mp-utilization-pie
 * @summary In use vs Available pie that opens the utilization details.
 *
 * @fires mp-details-open - The user opened the details modal; detail: `{ organizationId }`.
 * @fires mp-details-close - The user closed the details modal; detail: `{ organizationId }`.
 * @fires mp-threshold-change - Bubbles from the details modal; detail: `{ organizationId, percent, reached }`.
 * @fires mp-numbers-requested - Bubbles from the details modal;
 *   detail: `{ organizationId, requestId, quantity, note, contact }`.
 * @fires mp-error - A query or a change failed; detail: `{ kind, code, message, source, operation }`.
 *
 * @csspart card - The card box.
 * @csspart heading - The card heading.
 * @csspart download-button - The "Download PNG" button.
 * @csspart open-details - The pie, a button that opens the details.
 * @csspart chart - The pie's drawing area.
 * @csspart legend - The In use and Available figures.
 * @csspart threshold - The utilization threshold line.
 * @csspart threshold-reached - "Reached" in the threshold line, shown once utilization reaches it.
 * @csspart details-button - The "View details" button.
 * @csspart state - The loading, empty or error message.
 * @csspart retry-button - The Retry button of an error.
 *
 * @cssproperty [--mp-pie-in-use-color=#1d4ed8] - In use slice.
 * @cssproperty [--mp-pie-available-color=#9ca3af] - Available slice.
 * @cssproperty [--mp-pie-size=200px] - Height of the pie.
 * @cssproperty [--mp-surface-color=#ffffff] - Card background.
 * @cssproperty [--mp-text-color=#1f2937] - Main text.
 * @cssproperty [--mp-muted-text-color=#4b5563] - Secondary text.
 * @cssproperty [--mp-border-color=#d1d5db] - Card border.
 * @cssproperty [--mp-accent-color=#1d4ed8] - Focus ring and buttons.
 * @cssproperty [--mp-danger-color=#b91c1c] - The threshold mark and "Reached" once utilization reaches it.
 * @cssproperty [--mp-radius=8px] - Corner radius.
 */
export class MpUtilizationPie extends MpElement {
  static override styles = utilizationPieStyles;

  @query('mp-utilization-details') private details!: MpUtilizationDetails;

  private readonly summary = new QueryController<UtilizationSummaryResult>(this, {
    document: () => this.organizationDocument(UTILIZATION_SUMMARY_QUERY),
    variables: () => this.organizationVariables,
    onError: (error) => this.reportError(error, 'UtilizationSummary'),
  });

  private readonly chart = new ChartController(this, () => this.renderRoot.querySelector<HTMLElement>('.chart'));

  private lastDrawn: unknown[] | undefined;

  /** Opens the Number Utilization Details modal, as a click on the pie does (without the event a click fires). */
  async openDetails(): Promise<void> {
    (await this.detailsModal()).show(this.renderRoot.querySelector<HTMLElement>('.open-details'));
  }

  private onOpenDetails(event: Event): void {
    const opener = (event.currentTarget as HTMLElement | null) ?? null;
    void this.detailsModal().then((details) => details.showForUser(opener));
  }

  /**
   * The modal, its code imported on the first open (a chunk of its own, about 7 KB gzipped): a page
   * whose user never opens it never downloads it. Its settings reach it through context once defined.
   */
  private async detailsModal(): Promise<MpUtilizationDetails> {
    await import('../mp-utilization-details/mp-utilization-details');
    await this.updateComplete;
    return this.details;
  }

  override render(): TemplateResult {
    const queryState = this.renderQueryState(this.summary, 4);
    const drawn = !queryState && (pickOrganization(this.summary.data)?.numberUtilization.total ?? 0) > 0;
    return html`<section class="card" part="card" aria-labelledby="heading">
      <div class="header">
        <h2 id="heading" part="heading">${msg('Number Utilization')}</h2>
        ${drawn ? renderDownloadButton(() => this.downloadPng()) : nothing}
      </div>
      ${queryState ?? this.renderPie()}
      <mp-utilization-details></mp-utilization-details>
    </section>`;
  }

  /** Saves the pie with its centre figure: "acme-corporation-number-utilization.png". */
  private downloadPng(): void {
    const name = pickOrganization(this.summary.data)?.name ?? '';
    const centreText = [...this.renderRoot.querySelectorAll<HTMLElement>('.center > *')];
    downloadChartPng(this.chart, exportFileName(name, 'number utilization'), centreText);
  }

  private renderPie(): TemplateResult {
    const organization = pickOrganization(this.summary.data);
    if (!organization)
      return this.renderErrorState({ kind: 'no-organization', code: 'NO_ORGANIZATION', message: '' }, null);
    const { numberUtilization: figures, utilizationThreshold: threshold } = organization;
    const locale = this.effectiveLocale;
    const thresholdPercent = formatPercent(threshold.percent, locale);
    const thresholdText = msg(str`Utilization Threshold ${thresholdPercent}`);
    const onOpenDetails = (event: Event) => this.onOpenDetails(event);
    const footer = renderFooterView({ thresholdText, reached: threshold.reached, onOpenDetails });
    if (figures.total === 0) {
      const empty = this.renderEmpty(msg('No numbers yet'), msg('This organization holds no phone numbers.'));
      return html`${empty}${footer}`;
    }
    const pie = renderPieView({
      figures,
      thresholdText,
      reached: threshold.reached,
      locale,
      onOpenDetails,
      onKeydown: (event) => this.onPieKeydown(event),
    });
    return html`${pie} ${footer}`;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const organization = pickOrganization(this.summary.data);
    if (!this.chart.chart || !organization) return;
    const { inUse, available } = organization.numberUtilization;
    const { percent, reached } = organization.utilizationThreshold;
    const drawn = [this.chart.chart, inUse, available, percent, reached, this.effectiveLocale, this.colorScheme];
    if (this.lastDrawn && drawn.every((part, index) => part === this.lastDrawn![index])) return;
    this.lastDrawn = drawn;
    this.chart.setOption(
      buildUtilizationPieOption({
        inUse,
        available,
        thresholdPercent: percent,
        reached,
        theme: this.chart.theme(),
        locale: this.effectiveLocale,
        animation: this.chart.animation,
      }),
    );
  }

  private onPieKeydown(event: KeyboardEvent): void {
    if (event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.onOpenDetails(event);
    }
  }
}

defineElement('mp-utilization-pie', MpUtilizationPie);

declare global {
  interface HTMLElementTagNameMap {
    'mp-utilization-pie': MpUtilizationPie;
  }
}
