import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { DEFAULT_ENDPOINT } from '../shared/apollo-client';
import { tokenFromGetter } from '../shared/credentials';
import { defineElement } from '../shared/define';
import { classifyHttpStatus, type WidgetError } from '../shared/errors';
import { dispatchMpEvent } from '../shared/events';
import { formatDay } from '../shared/format';
import { MpElement } from '../shared/mp-element';
import { pickOrganization } from '../shared/organization';
import {
  REPORT_ORGANIZATION_QUERY,
  USAGE_REPORT_QUERY,
  type ReportOrganizationResult,
  type UsageReportResult,
  type UsageReportVariables,
} from '../shared/queries';
import { QueryController } from '../shared/query-controller';
import {
  csvUrl,
  presetRange,
  rangeProblem,
  sortDays,
  todayIn,
  type DateRange,
  type DayRow,
  type RangePreset,
  type ReportBy,
  type SortKey,
} from './report-range';
import { renderControlsView } from './controls-view';
import { usageReportStyles } from './mp-usage-report.styles';
import { renderTableView, type SortDirection, type TableRow } from './table-view';

/**
 * Usage over any range of days, who used it: a table by day, by user or by sub-organization with
 * range presets (current cycle, past cycle, the last 7, 30 or 90 days) or a custom from/to in the
 * organization's days, sortable and paged, with a totals row, and the same report as a CSV file.
 * No charting library.
 *
 * @tagname mp-usage-report
 * @summary A usage report over any range, with a CSV download.
 *
 * @fires mp-report-download - The CSV was downloaded; detail: `{ organizationId, from, to, by }`.
 * @fires mp-error - A query or the download failed; detail: `{ kind, code, message, source, operation }`.
 *
 * @csspart card - The card box.
 * @csspart heading - The title.
 * @csspart controls - The range, grouping and download controls.
 * @csspart select - The range and grouping dropdowns.
 * @csspart date-input - The custom range's from and to fields.
 * @csspart download-button - The Download CSV button.
 * @csspart range - The range's dates under the controls.
 * @csspart table - The report table.
 * @csspart sort-button - A column heading that sorts the table.
 * @csspart totals - The totals row.
 * @csspart pager - The Previous / Next page controls.
 * @csspart state - The loading, empty or error message.
 * @csspart retry-button - The Retry button of an error.
 *
 * @cssproperty [--mp-surface-color=#ffffff] - Card background.
 * @cssproperty [--mp-text-color=#1f2937] - Main text.
 * @cssproperty [--mp-muted-text-color=#4b5563] - Labels and column headings.
 * @cssproperty [--mp-border-color=#d1d5db] - Card border and table rules.
 * @cssproperty [--mp-accent-color=#1d4ed8] - Buttons and focus ring.
 * @cssproperty [--mp-danger-color=#b91c1c] - Error titles and range problems.
 * @cssproperty [--mp-radius=8px] - Corner radius.
 * @cssproperty [--mp-font-family=system-ui] - Font stack.
 */
export class MpUsageReport extends MpElement {
  static override styles = usageReportStyles;

  /** The range: `current-cycle` (default), `past-cycle`, `last-7-days`, `last-30-days`, `last-90-days` or `custom`. */
  @property({ reflect: true }) range: RangePreset = 'current-cycle';

  /** With `range="custom"`: the first local day, YYYY-MM-DD. */
  @property({ reflect: true }) from = '';

  /** With `range="custom"`: the last local day, YYYY-MM-DD (at most 731 days from `from`). */
  @property({ reflect: true }) to = '';

  /** One row per `day` (default), `user` or `sub-organization`. */
  @property({ reflect: true }) by: ReportBy = 'day';

  /** Rows per page, 1–100 (default 20). */
  @property({ attribute: 'page-size', type: Number }) pageSize = 20;

  @state() private sortKey: SortKey = 'date';
  @state() private sortDirection: SortDirection = 'ascending';
  /** Breakdown pages: the cursor of each page after the first. */
  @state() private cursors: string[] = [];
  @state() private dayPage = 0;
  @state() private downloadFailed = false;
  @state() private downloading = false;

  private readonly organization = new QueryController<ReportOrganizationResult>(this, {
    document: () => this.organizationDocument(REPORT_ORGANIZATION_QUERY),
    variables: () => this.organizationVariables,
    onError: (error) => this.reportError(error, 'ReportOrganization'),
  });

  private readonly report = new QueryController<UsageReportResult, UsageReportVariables>(this, {
    document: () => USAGE_REPORT_QUERY,
    variables: () => this.reportVariables()!,
    enabled: () => this.reportVariables() !== null,
    onError: (error) => this.reportError(error, 'UsageReport'),
  });

  private get org() {
    return pickOrganization(this.organization.data);
  }

  /** The range asked for, in the organization's local days; null until known or while the custom one is invalid. */
  private get dateRange(): DateRange | null {
    const org = this.org;
    if (!org) return null;
    if (this.range === 'custom') return rangeProblem(this) ? null : { from: this.from, to: this.to };
    return presetRange(this.range, todayIn(org.timezone), org.cycleStartDay);
  }

  private get rowsPerPage(): number {
    return Math.min(100, Math.max(1, Math.floor(this.pageSize) || 20));
  }

  private reportVariables(): UsageReportVariables | null {
    const org = this.org;
    const range = this.dateRange;
    if (!org || !range) return null;
    const byDay = this.by === 'day';
    return {
      organizationId: org.id,
      from: range.from,
      to: range.to,
      withDays: byDay,
      withBreakdown: !byDay,
      by: this.by === 'sub-organization' ? 'SUB_ORGANIZATION' : 'USER',
      orderBy: this.sortKey === 'date' ? 'VOICE' : this.sortKey,
      first: this.rowsPerPage,
      after: byDay ? null : (this.cursors[this.cursors.length - 1] ?? null),
    };
  }

  /** A new range, grouping or order starts again at the first page. */
  private restart(): void {
    this.cursors = [];
    this.dayPage = 0;
    this.downloadFailed = false;
  }

  private onRange(event: Event): void {
    const preset = (event.target as HTMLSelectElement).value as RangePreset;
    if (preset === 'custom' && this.range !== 'custom') {
      const current = this.dateRange;
      if (current) ({ from: this.from, to: this.to } = current);
    }
    this.range = preset;
    this.restart();
  }

  private onDate(which: 'from' | 'to', event: Event): void {
    this[which] = (event.target as HTMLInputElement).value;
    this.restart();
  }

  private onBy(event: Event): void {
    this.by = (event.target as HTMLSelectElement).value as ReportBy;
    if (this.by !== 'day' && this.sortKey === 'date') this.sortKey = 'VOICE';
    if (this.by === 'day') this.sortKey = 'date';
    this.sortDirection = this.sortKey === 'date' ? 'ascending' : 'descending';
    this.restart();
  }

  private sortBy(key: SortKey): void {
    if (key === 'date' && this.sortKey === 'date') {
      this.sortDirection = this.sortDirection === 'ascending' ? 'descending' : 'ascending';
    } else {
      this.sortKey = key;
      this.sortDirection = key === 'date' ? 'ascending' : 'descending';
    }
    this.restart();
  }

  override render(): TemplateResult {
    const range = this.dateRange;
    return html`<section class="card" part="card" aria-labelledby="heading">
      <h2 id="heading" part="heading">${msg('Usage report')}</h2>
      ${this.renderControls()}
      ${
        range
          ? html`<p class="muted" part="range">
              ${formatDay(range.from, this.effectiveLocale, { year: 'numeric', month: 'short', day: 'numeric' })} –
              ${formatDay(range.to, this.effectiveLocale, { year: 'numeric', month: 'short', day: 'numeric' })}
            </p>`
          : nothing
      }
      ${this.renderBody()}
    </section>`;
  }

  private renderControls(): TemplateResult {
    return renderControlsView({
      range: this.range,
      from: this.from,
      to: this.to,
      by: this.by,
      downloadDisabled: !this.dateRange || this.downloading,
      downloadFailed: this.downloadFailed,
      onRange: (event) => this.onRange(event),
      onDate: (which, event) => this.onDate(which, event),
      onBy: (event) => this.onBy(event),
      onDownload: () => void this.download(),
    });
  }

  private renderBody(): TemplateResult {
    const orgState = this.renderQueryState(this.organization, 4);
    if (orgState) return orgState;
    if (!this.org)
      return this.renderErrorState({ kind: 'no-organization', code: 'NO_ORGANIZATION', message: '' }, null);
    if (this.range === 'custom') {
      const problem = rangeProblem(this);
      if (problem === 'missing')
        return html`<p class="problem" role="alert">${msg('Choose a start and an end date.')}</p>`;
      if (problem === 'reversed')
        return html`<p class="problem" role="alert">${msg('The end date is before the start date.')}</p>`;
      if (problem === 'too-long')
        return html`<p class="problem" role="alert">${msg('A report covers at most 731 days.')}</p>`;
    }
    const reportState = this.renderQueryState(this.report, 6);
    if (reportState) return reportState;
    const usage = this.report.data?.organization.usage;
    if (!usage) return this.renderLoading(6);
    if (usage.voice.total + usage.message.total + usage.data.total === 0) {
      return this.renderEmpty(
        msg('No usage in this range'),
        msg('Choose another range, or come back once usage is recorded.'),
      );
    }
    return this.renderTable();
  }

  private dayRows(): TableRow[] {
    const usage = this.report.data!.organization.usage;
    const days: DayRow[] = (usage.voiceDays ?? []).map((point, i) => ({
      date: point.date,
      VOICE: point.billable,
      MESSAGE: usage.messageDays?.[i]?.billable ?? 0,
      DATA: usage.dataDays?.[i]?.billable ?? 0,
    }));
    const page = sortDays(days, this.sortKey, this.sortDirection).slice(
      this.dayPage * this.rowsPerPage,
      (this.dayPage + 1) * this.rowsPerPage,
    );
    const locale = this.effectiveLocale;
    return page.map((d) => ({
      key: d.date,
      cells: html`<th scope="row">
        <time datetime=${d.date}
          >${formatDay(d.date, locale, { year: 'numeric', month: 'short', day: 'numeric' })}</time
        >
      </th>`,
      voice: { billable: d.VOICE },
      message: { billable: d.MESSAGE },
      data: { billable: d.DATA },
    }));
  }

  private breakdownRows(): TableRow[] {
    const rows = this.report.data!.organization.usageBreakdown?.rows ?? [];
    return rows.map((row) => ({
      key: row.user ? `u${row.user.id}` : `o${row.organization.id}`,
      cells: row.user
        ? html`<th scope="row">${row.user.email}</th>
            <td>${row.organization.name}</td>`
        : html`<th scope="row">${row.organization.name}</th>`,
      voice: row.voice,
      message: row.message,
      data: row.data,
    }));
  }

  private renderTable(): TemplateResult {
    const data = this.report.data!.organization;
    const table = renderTableView({
      by: this.by,
      rows: this.by === 'day' ? this.dayRows() : this.breakdownRows(),
      unattributed: data.usageBreakdown?.unattributed ?? [],
      totals: data.usage,
      sortKey: this.sortKey,
      sortDirection: this.sortDirection,
      locale: this.effectiveLocale,
      onSort: (key) => this.sortBy(key),
    });
    return html`${table} ${this.renderPager()}`;
  }

  private renderPager(): TemplateResult {
    const data = this.report.data!.organization;
    const page = this.by === 'day' ? this.dayPage : this.cursors.length;
    const hasNext =
      this.by === 'day'
        ? (this.dayPage + 1) * this.rowsPerPage < (data.usage.voiceDays?.length ?? 0)
        : !!data.usageBreakdown?.nextCursor;
    if (page === 0 && !hasNext) return html``;
    const pageNumber = page + 1;
    return html`<nav class="pager" part="pager" aria-label=${msg('Report pages')}>
      <button type="button" class="button" ?disabled=${page === 0} @click=${() => this.turnPage(-1)}>
        ${msg('Previous page')}
      </button>
      <span role="status" aria-live="polite">${msg(str`Page ${pageNumber}`)}</span>
      <button type="button" class="button" ?disabled=${!hasNext} @click=${() => this.turnPage(1)}>
        ${msg('Next page')}
      </button>
    </nav>`;
  }

  private turnPage(step: 1 | -1): void {
    if (this.by === 'day') {
      this.dayPage = Math.max(0, this.dayPage + step);
      return;
    }
    const next = this.report.data?.organization.usageBreakdown?.nextCursor;
    if (step === 1 && next) this.cursors = [...this.cursors, next];
    if (step === -1) this.cursors = this.cursors.slice(0, -1);
  }

  /** Fetches the CSV with the widget's token and saves it as a file. */
  private async download(): Promise<void> {
    const org = this.org;
    const range = this.dateRange;
    if (!org || !range) return;
    this.downloading = true;
    this.downloadFailed = false;
    try {
      const connection = this.connection;
      const token = connection.getToken ? await tokenFromGetter(connection.getToken) : connection.token;
      const response = await fetch(csvUrl(connection.endpoint || DEFAULT_ENDPOINT, org.id, range, this.by), {
        headers: token ? { authorization: `Bearer ${token}` } : {},
      });
      if (!response.ok) throw classifyHttpStatus(response.status);
      const blob = await response.blob();
      const disposition = response.headers.get('content-disposition') ?? '';
      const link = document.createElement('a');
      link.href = URL.createObjectURL(blob);
      link.download = /filename="([^"]+)"/.exec(disposition)?.[1] ?? 'usage.csv';
      this.renderRoot.appendChild(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(link.href), 10_000);
      dispatchMpEvent(this, 'mp-report-download', { organizationId: org.id, ...range, by: this.by });
    } catch (error) {
      const widgetError: WidgetError =
        error && typeof error === 'object' && 'kind' in error
          ? (error as WidgetError)
          : { kind: 'network', code: 'NETWORK_ERROR', message: String(error) };
      this.reportError(widgetError, 'UsageCsv');
      this.downloadFailed = true;
    } finally {
      this.downloading = false;
    }
  }
}

defineElement('mp-usage-report', MpUsageReport);

declare global {
  interface HTMLElementTagNameMap {
    'mp-usage-report': MpUsageReport;
  }
}
