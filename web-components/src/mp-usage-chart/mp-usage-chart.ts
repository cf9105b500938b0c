import { msg, str } from '@lit/localize';
import { html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property } from 'lit/decorators.js';
import { LineChart } from 'echarts/charts';
import { GridComponent, TooltipComponent } from 'echarts/components';
import { use } from 'echarts/core';
import { CanvasRenderer } from 'echarts/renderers';
import { ChartController } from '../shared/chart-controller';
import { downloadChartPng, renderDownloadButton } from '../shared/chart-export';
import { exportFileName } from '../shared/export-file-name';
import { buildUsageChartOption, usageSeriesNames } from '../shared/chart-options';
import { defineElement } from '../shared/define';
import { dispatchMpEvent } from '../shared/events';
import { chartAxisDays, cycleDays, pastOnAxis, projectionOnAxis, type AlignedPastDay } from '../shared/cycle-days';
import { formatDay, formatInstant, formatUsage } from '../shared/format';
import { describeForecast } from '../shared/insight';
import { MpElement } from '../shared/mp-element';
import {
  CURRENT_CYCLE_SERIES_QUERY,
  type CurrentCycleSeries,
  type CurrentCycleSeriesResult,
  type UsageSeriesPoint,
} from '../shared/queries';
import { pickOrganization } from '../shared/organization';
import { QueryController } from '../shared/query-controller';
import {
  isSeriesEmpty,
  parseUsageKind,
  usageKindLabel,
  USAGE_KINDS,
  usageChartHeading,
  type UsageKind,
  plottedPoints,
} from '../shared/usage';
import { usageChartStyles } from './mp-usage-chart.styles';

use([LineChart, GridComponent, TooltipComponent, CanvasRenderer]);

const SERIES_FIELD = { VOICE: 'voiceSeries', MESSAGE: 'messageSeries', DATA: 'dataSeries' } as const;
const TOTAL_FIELD = { VOICE: 'voice', MESSAGE: 'message', DATA: 'data' } as const;

/**
 * The current cycle's daily usage as a chart, with a Voice / Message / Data dropdown; the heading
 * follows the choice ("Voice Usage for The Current Cycle"). The x axis spans the whole cycle: billable
 * and total per day stop at today, a dashed line projects billable usage to the cycle's end (each day
 * at the API's expected value for its weekday), and the past cycle's billable can be shown alongside,
 * aligned by day of cycle. "Data as of" under the chart says when usage was last recorded. "Download
 * PNG" saves the chart as drawn, at twice its size. A visually hidden table and sentences give the same
 * figures to screen readers. The chart is redrawn in the other palette when the theme (or, for `auto`,
 * the system's colour scheme) changes.
 *
 * @tagname mp-usage-chart
 * @summary Current-cycle usage chart with a usage-type dropdown, projection and past-cycle comparison.
 *
 * @fires mp-usage-type-change - The user picked another usage type; detail: `{ type: 'VOICE' | 'MESSAGE' | 'DATA' }`.
 * @fires mp-error - A query failed; detail: `{ kind, code, message, source, operation }`.
 *
 * @csspart card - The card box.
 * @csspart heading - The chart heading.
 * @csspart select - The usage-type dropdown.
 * @csspart download-button - The "Download PNG" button.
 * @csspart chart - The chart drawing area.
 * @csspart legend - The key: Billable, Total, Projected billable, Last cycle.
 * @csspart summary - The line under the heading with the cycle's billable, total and forecast.
 * @csspart past-cycle-toggle - The "Show last cycle" checkbox.
 * @csspart freshness - The "Data as of …" line under the chart.
 * @csspart state - The loading, empty or error message.
 * @csspart retry-button - The Retry button of an error.
 *
 * @cssproperty [--mp-chart-billable-color=#1d4ed8] - Billable series and its projection.
 * @cssproperty [--mp-chart-total-color=#0f766e] - Total series colour.
 * @cssproperty [--mp-chart-height=280px] - Height of the drawing area.
 * @cssproperty [--mp-surface-color=#ffffff] - Card background.
 * @cssproperty [--mp-text-color=#1f2937] - Main text, also the chart's.
 * @cssproperty [--mp-muted-text-color=#4b5563] - Labels, axis text and the last cycle's line.
 * @cssproperty [--mp-border-color=#d1d5db] - Card border and grid lines.
 * @cssproperty [--mp-accent-color=#1d4ed8] - Focus ring.
 * @cssproperty [--mp-radius=8px] - Corner radius.
 * @cssproperty [--mp-font-family=system-ui] - Font stack.
 */
export class MpUsageChart extends MpElement {
  static override styles = usageChartStyles;

  /** The usage type shown: `voice` (default), `message` or `data`; the dropdown changes it. */
  @property({ reflect: true }) type: 'voice' | 'message' | 'data' = 'voice';

  /** Whether the past cycle's billable is drawn alongside, by day of cycle; the checkbox changes it. */
  @property({ type: Boolean, reflect: true, attribute: 'show-past-cycle' }) showPastCycle = false;

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

  private get organization(): CurrentCycleSeries | null {
    return pickOrganization(this.series.data);
  }

  /** Everything drawn for the chosen type, computed once per render from the query's answer. */
  private get plot(): UsagePlot | null {
    const organization = this.organization;
    if (!organization) return null;
    return usagePlot(organization, this.usageKind, this.showPastCycle);
  }

  override render(): TemplateResult {
    const kind = this.usageKind;
    const queryState = this.renderQueryState(this.series, 6);
    const plot = queryState ? null : this.plot;
    const drawn = plot !== null && !isSeriesEmpty(plot.points);
    return html`<section class="card" part="card" aria-labelledby="heading">
      <div class="header">
        <h2 id="heading" part="heading">${usageChartHeading(kind)}</h2>
        <div class="header-controls">
          <label>
            ${msg('Usage type')}
            <select part="select" .value=${kind} @change=${this.onTypeChange}>
              ${USAGE_KINDS.map(
                (option) =>
                  html`<option value=${option} ?selected=${option === kind}>${usageKindLabel(option)}</option>`,
              )}
            </select>
          </label>
          ${drawn ? renderDownloadButton(() => this.downloadPng()) : nothing}
        </div>
      </div>
      ${queryState ?? this.renderChart(kind)}
    </section>`;
  }

  /** Saves the chart as drawn: "acme-corporation-voice-current-cycle.png". */
  private downloadPng(): void {
    const name = this.organization?.name ?? '';
    downloadChartPng(this.chart, exportFileName(name, this.usageKind, 'current cycle'));
  }

  private renderChart(kind: UsageKind): TemplateResult {
    const organization = this.organization;
    const plot = this.plot;
    if (!organization || !plot) {
      return this.renderErrorState({ kind: 'no-organization', code: 'NO_ORGANIZATION', message: '' }, null);
    }
    const freshness = this.renderFreshness(organization);
    if (isSeriesEmpty(plot.points)) {
      return html`${this.renderEmpty(emptyTitle(kind), msg('Nothing has been recorded in the current cycle so far.'))}
      ${freshness}`;
    }
    const locale = this.effectiveLocale;
    const billable = plot.points.reduce((sum, point) => sum + point.billable, 0);
    const total = plot.points.reduce((sum, point) => sum + point.total, 0);
    const forecast = describeForecast(kind, plot.forecast, locale);
    const billableText = formatUsage(kind, billable, locale);
    const totalText = formatUsage(kind, total, locale);
    const names = usageSeriesNames();
    return html`<p class="summary muted" part="summary">
        ${msg(str`Billable ${billableText} of ${totalText} in total`)}${
          forecast ? html`<span class="forecast" data-forecast> · ${forecast}</span>` : nothing
        }
      </p>
      <div class="controls">
        <ul class="legend" part="legend" aria-hidden="true">
          <li><span class="swatch billable"></span>${names.billable}</li>
          <li><span class="swatch total"></span>${names.total}</li>
          ${plot.hasProjection ? html`<li><span class="swatch projection"></span>${names.projection}</li>` : nothing}
          ${plot.past ? html`<li><span class="swatch past"></span>${names.past}</li>` : nothing}
        </ul>
        <label class="toggle">
          <input
            type="checkbox"
            part="past-cycle-toggle"
            .checked=${this.showPastCycle}
            @change=${this.onPastCycleToggle}
          />
          ${msg('Show last cycle')}
        </label>
      </div>
      <div class="chart" part="chart" aria-hidden="true"></div>
      ${freshness} ${this.renderTextAlternative(kind, plot)}`;
  }

  private renderFreshness(organization: CurrentCycleSeries): TemplateResult {
    const { dataAsOf } = organization.cycle;
    return html`<p class="freshness muted" part="freshness">
      ${
        dataAsOf
          ? html`${msg('Data as of')}
              <time datetime=${dataAsOf}>${formatInstant(dataAsOf, this.effectiveLocale, organization.timezone)}</time>`
          : msg('No usage recorded yet')
      }
    </p>`;
  }

  /** The chart for screen readers: the measured days in a table, the projection and comparison in words. */
  private renderTextAlternative(kind: UsageKind, plot: UsagePlot): TemplateResult {
    const locale = this.effectiveLocale;
    const longDay = (day: string) => formatDay(day, locale, { year: 'numeric', month: 'long', day: 'numeric' });
    const pastByDay = plot.past ? new Map(plot.days.map((day, index) => [day, plot.past![index]])) : null;
    const projection = describeProjection(kind, plot, locale);
    return html`<table class="visually-hidden">
        <caption>
          ${msg(str`${usageKindLabel(kind)} usage per day so far in the current cycle`)}
        </caption>
        <thead>
          <tr>
            <th scope="col">${msg('Day')}</th>
            <th scope="col">${msg('Billable')}</th>
            <th scope="col">${msg('Total')}</th>
            ${pastByDay ? html`<th scope="col">${msg('Last cycle, same day of cycle, billable')}</th>` : nothing}
          </tr>
        </thead>
        <tbody>
          ${plot.points.map((point) => {
            const past = pastByDay?.get(point.date);
            return html`<tr data-date=${point.date}>
              <th scope="row">${longDay(point.date)}</th>
              <td data-value=${point.billable}>${formatUsage(kind, point.billable, locale)}</td>
              <td data-value=${point.total}>${formatUsage(kind, point.total, locale)}</td>
              ${
                pastByDay
                  ? html`<td data-value=${past?.value ?? ''}>
                      ${past ? `${formatUsage(kind, past.value, locale)} (${longDay(past.date)})` : msg('No day')}
                    </td>`
                  : nothing
              }
            </tr>`;
          })}
        </tbody>
      </table>
      ${projection ? html`<p class="visually-hidden" data-projection>${projection}</p>` : nothing}`;
  }

  protected override updated(changed: PropertyValues): void {
    super.updated(changed);
    const organization = this.organization;
    if (!this.chart.chart || !organization) return;
    // Re-plot only when what is drawn changed, so unrelated updates do not replay the animation.
    const drawn = [
      this.chart.chart,
      this.usageKind,
      organization,
      this.showPastCycle,
      this.effectiveLocale,
      this.colorScheme,
    ];
    if (this.lastDrawn && drawn.every((part, index) => part === this.lastDrawn![index])) return;
    this.lastDrawn = drawn;
    const plot = usagePlot(organization, this.usageKind, this.showPastCycle);
    this.chart.setOption(
      buildUsageChartOption({
        type: this.usageKind,
        days: plot.days,
        points: plot.points,
        projection: plot.projection,
        past: plot.past,
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

  private onPastCycleToggle(event: Event): void {
    this.showPastCycle = (event.target as HTMLInputElement).checked;
  }
}

interface UsagePlot {
  /** The x axis: every day of the cycle. */
  days: string[];
  /** The measured days, through today. */
  points: UsageSeriesPoint[];
  today: string | undefined;
  forecast: number | null;
  projection: (number | null)[];
  hasProjection: boolean;
  past: (AlignedPastDay | null)[] | null;
}

function usagePlot(organization: CurrentCycleSeries, kind: UsageKind, showPastCycle: boolean): UsagePlot {
  const { cycle, pastCycle, timezone } = organization;
  const points = plottedPoints(cycle[SERIES_FIELD[kind]]);
  const days = chartAxisDays(cycleDays(cycle.start, cycle.end, timezone), points);
  // The CURRENT series ends today, so its last day is today in the organization's timezone.
  const today = points.at(-1)?.date;
  const totals = cycle[TOTAL_FIELD[kind]];
  const projection = today
    ? projectionOnAxis({ days, today, billableToday: points.at(-1)!.billable, expectedDays: totals.expectedDays })
    : days.map(() => null);
  return {
    days,
    points,
    today,
    forecast: totals.forecast ?? null,
    projection,
    hasProjection: projection.some((value) => value !== null),
    past: showPastCycle ? pastOnAxis(days.length, plottedPoints(pastCycle[SERIES_FIELD[kind]])) : null,
  };
}

/**
 * "Projected: about 420 minutes a day for the 12 days left, on track for 12,400 minutes by Nov 30." The
 * daily figure is the mean of the projected days, which follow their weekdays.
 */
function describeProjection(kind: UsageKind, plot: UsagePlot, locale: string | undefined): string | null {
  if (!plot.hasProjection || !plot.today || plot.forecast === null) return null;
  const projected = plot.projection.slice(plot.days.indexOf(plot.today) + 1);
  const daysLeft = projected.length;
  const perDay = projected.reduce((sum: number, value) => sum + (value ?? 0), 0) / Math.max(1, daysLeft);
  const daily = formatUsage(kind, Math.round(perDay), locale);
  const forecast = formatUsage(kind, plot.forecast, locale);
  const lastDay = formatDay(plot.days.at(-1)!, locale);
  return daysLeft === 1
    ? msg(str`Projected: about ${daily} a day for the 1 day left, on track for ${forecast} by ${lastDay}.`)
    : msg(str`Projected: about ${daily} a day for the ${daysLeft} days left, on track for ${forecast} by ${lastDay}.`);
}

/** "No voice usage yet", per type, since other languages inflect the type's word differently. */
function emptyTitle(kind: UsageKind): string {
  switch (kind) {
    case 'VOICE':
      return msg('No voice usage yet');
    case 'MESSAGE':
      return msg('No message usage yet');
    case 'DATA':
      return msg('No data usage yet');
  }
}

defineElement('mp-usage-chart', MpUsageChart);

declare global {
  interface HTMLElementTagNameMap {
    'mp-usage-chart': MpUsageChart;
  }
}
