/** The report's controls: the range, its custom dates, the grouping and Download CSV. */
import { msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import type { RangePreset, ReportBy } from './report-range';

export interface ControlsViewProps {
  range: RangePreset;
  from: string;
  to: string;
  by: ReportBy;
  /** Until the range is known and valid, and while a download runs. */
  downloadDisabled: boolean;
  downloadFailed: boolean;
  onRange: (event: Event) => void;
  onDate: (which: 'from' | 'to', event: Event) => void;
  onBy: (event: Event) => void;
  onDownload: () => void;
}

export function renderControlsView(props: ControlsViewProps): TemplateResult {
  const { range, by } = props;
  return html`<div class="controls" part="controls">
    <label
      >${msg('Range')}
      <select part="select" name="range" @change=${props.onRange} .value=${range}>
        <option value="current-cycle" ?selected=${range === 'current-cycle'}>${msg('Current cycle')}</option>
        <option value="past-cycle" ?selected=${range === 'past-cycle'}>${msg('Past cycle')}</option>
        <option value="last-7-days" ?selected=${range === 'last-7-days'}>${msg('Last 7 days')}</option>
        <option value="last-30-days" ?selected=${range === 'last-30-days'}>${msg('Last 30 days')}</option>
        <option value="last-90-days" ?selected=${range === 'last-90-days'}>${msg('Last 90 days')}</option>
        <option value="custom" ?selected=${range === 'custom'}>${msg('Custom range')}</option>
      </select>
    </label>
    ${range === 'custom' ? renderCustomRange(props) : nothing}
    <label
      >${msg('Rows by')}
      <select part="select" name="by" @change=${props.onBy} .value=${by}>
        <option value="day" ?selected=${by === 'day'}>${msg('Day')}</option>
        <option value="user" ?selected=${by === 'user'}>${msg('User')}</option>
        <option value="sub-organization" ?selected=${by === 'sub-organization'}>${msg('Sub-organization')}</option>
      </select>
    </label>
    <button
      type="button"
      class="button download"
      part="download-button"
      ?disabled=${props.downloadDisabled}
      @click=${props.onDownload}
    >
      ${msg('Download CSV')}
    </button>
    ${
      props.downloadFailed
        ? html`<p class="problem" role="alert">${msg('The CSV could not be downloaded. Try again.')}</p>`
        : nothing
    }
  </div>`;
}

/** The custom range's from and to days. */
function renderCustomRange({ from, to, onDate }: ControlsViewProps): TemplateResult {
  return html`<label
      >${msg('From')}
      <input type="date" part="date-input" name="from" .value=${from} @change=${(e: Event) => onDate('from', e)}
    /></label>
    <label
      >${msg('To')}
      <input type="date" part="date-input" name="to" .value=${to} @change=${(e: Event) => onDate('to', e)}
    /></label>`;
}
