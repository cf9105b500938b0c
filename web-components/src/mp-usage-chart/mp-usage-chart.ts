import { html, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { ChartController } from '../shared/chart-controller';
import { buildUsageChartOption } from '../shared/chart-options';
import { defineElement } from '../shared/define';
import { dispatchMpEvent } from '../shared/events';
import { formatDay, formatUsage } from '../shared/format';
import { MpElement } from '../shared/mp-element';
import { CURRENT_CYCLE_SERIES_QUERY, type CurrentCycleSeriesResult, type UsageSeriesPoint } from '../shared/queries';
import { pickOrganization } from '../shared/organization';
import { QueryController } from '../shared/query-controller';
import {
  isSeriesEmpty,
  parseUsageKind,
  USAGE_KIND_LABELS,
  USAGE_KINDS,
  usageChartHeading,
  type UsageKind,
} from '../shared/usage';
import { usageChartStyles } from './mp-usage-chart.styles';

use([LineChart, GridComponent, TooltipComponent, CanvasRenderer]);

const SERIES_FIELD = { VOICE: 'voiceSeries', MESSAGE: 'messageSeries', DATA: 'dataSeries' } as const;

/**
 * The current cycle's daily usage as a chart, with a Voice / Message / Data dropdown; the heading
 * follows the choice ("Voice Usage for The Current Cycle"). Billable and total per day, with
 * tooltips, and a visually hidden table of the same figures for screen readers.
 *
 * @tagname mp-usage-chart
 * @summary Current-cycle usage chart with a usage-type dropdown.
 *
 * @fires mp-usage-type-change - The user picked another usage type; detail: `{ type: 'VOICE' | 'MESSAGE' | 'DATA' }`.
 * @fires mp-error - A query failed; detail: `{ kind, code, message, source, operation }`.
 *
 * @csspart card - The card box.
 * @csspart heading - The chart heading.
 * @csspart select - The usage-type dropdown.
 * @csspart chart - The chart drawing area.
 * @csspart legend - The Billable and Total key.
 * @csspart summary - The line under the heading with the cycle's billable and total.
 * @csspart state - The loading, empty or error message.
 * @csspart retry-button - The Retry button of an error.
 *
 * @cssproperty [--mp-chart-billable-color=#1d4ed8] - Billable series colour.
 * @cssproperty [--mp-chart-total-color=#0f766e] - Total series colour.
 * @cssproperty [--mp-chart-height=280px] - Height of the drawing area.
 * @cssproperty [--mp-surface-color=#ffffff] - Card background.
 * @cssproperty [--mp-text-color=#1f2937] - Main text, also the chart's.
 * @cssproperty [--mp-muted-text-color=#4b5563] - Labels and axis text.
 * @cssproperty [--mp-border-color=#d1d5db] - Card border and grid lines.
 * @cssproperty [--mp-accent-color=#1d4ed8] - Focus ring.
 * @cssproperty [--mp-radius=8px] - Corner radius.
 * @cssproperty [--mp-font-family=system-ui] - Font stack.
 */
export class MpUsageChart extends MpElement {
  static override styles = usageChartStyles;

  /** The usage type shown: `voice` (default), `message` or `data`; the dropdown changes it. */
  @property({ reflect: true }) type: 'voice' | 'message' | 'data' = 'voice';

  private readonly series = new QueryController<CurrentCycleSeriesResult>(this, {
    document: () => this.organizationDocument(CURRENT_CYCLE_SERIES_QUERY),
    variables: () => this.organizationVariables,
    onError: (error) => this.reportError(error, 'CurrentCycleSeries'),
  });

  private readonly chart = new ChartController(this, () => this.renderRoot.querySelector<HTMLElement>('.chart'));

  private lastDrawn: unknown[] | undefined;

  private get usageKind(): UsageKind {
    return parseUsageKind(this.type);
  }

  private get points(): UsageSeriesPoint[] | null {
    const organization = pickOrganization(this.series.data);
    return organization ? organization.cycle[SERIES_FIELD[this.usageKind]] : null;
  }

  override render(): TemplateResult {
    const kind = this.usageKind;
    return html`<section class="card" part="card" aria-labelledby="heading">
      <div class="header">
        <h2 id="heading" part="heading">${usageChartHeading(kind)}</h2>
        <label>
          Usage type
          <select part="select" .value=${kind} @change=${this.onTypeChange}>
            ${USAGE_KINDS.map(
              (option) =>
                html`<option value=${option} ?selected=${option === kind}>${USAGE_KIND_LABELS[option]}</option>`,
            )}
          </select>
        </label>
      </div>
      ${this.renderQueryState(this.series, 6) ?? this.renderChart(kind)}
    </section>`;
  }

  private renderChart(kind: UsageKind): TemplateResult {
    const points = this.points;
    if (!points) return this.renderErrorState({ kind: 'no-organization', code: 'NO_ORGANIZATION', message: '' }, null);
    const label = USAGE_KIND_LABELS[kind].toLowerCase();
    if (isSeriesEmpty(points)) {
      return this.renderEmpty(`No ${label} usage yet`, `Nothing has been recorded in the current cycle so far.`);
    }
    const locale = this.effectiveLocale;
    const billable = points.reduce((sum, point) => sum + point.billable, 0);
    const total = points.reduce((sum, point) => sum + point.total, 0);
    return html`<p class="summary muted" part="summary">
        Billable ${formatUsage(kind, billable, locale)} of ${formatUsage(kind, total, locale)} in total
      </p>
      <ul class="legend" part="legend" aria-hidden="true">
        <li><span class="swatch billable"></span>Billable</li>
        <li><span class="swatch total"></span>Total</li>
      </ul>
      <div class="chart" part="chart" aria-hidden="true"></div>
      <table class="visually-hidden">
        <caption>
          ${usageChartHeading(kind)}, per day
        </caption>
        <thead>
          <tr>
            <th scope="col">Day</th>
            <th scope="col">Billable</th>
            <th scope="col">Total</th>
          </tr>
        </thead>
        <tbody>
          ${points.map(
            (point) =>
              html`<tr data-date=${point.date}>
                <th scope="row">
                  ${formatDay(point.date, locale, { year: 'numeric', month: 'long', day: 'numeric' })}
                </th>
                <td data-value=${point.billable}>${formatUsage(kind, point.billable, locale)}</td>
                <td data-value=${point.total}>${formatUsage(kind, point.total, locale)}</td>
              </tr>`,
          )}
        </tbody>
      </table>`;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const points = this.points;
    if (!this.chart.chart || !points) return;
    // Re-plot only when what is drawn changed, so unrelated updates do not replay the animation.
    const drawn = [this.chart.chart, this.usageKind, points, this.effectiveLocale, this.theme];
    if (this.lastDrawn && drawn.every((part, index) => part === this.lastDrawn![index])) return;
    this.lastDrawn = drawn;
    this.chart.setOption(
      buildUsageChartOption({
        type: this.usageKind,
        points,
        theme: this.chart.theme(),
        locale: this.effectiveLocale,
        animation: this.chart.animation,
      }),
    );
  }

  private onTypeChange(event: Event): void {
    const type = parseUsageKind((event.target as HTMLSelectElement).value);
    this.type = type.toLowerCase() as MpUsageChart['type'];
    dispatchMpEvent(this, 'mp-usage-type-change', { type });
  }
}

defineElement('mp-usage-chart', MpUsageChart);

declare global {
  interface HTMLElementTagNameMap {
    'mp-usage-chart': MpUsageChart;
  }
}
