/** The report's table: a row per day, user or sub-organization, sortable by column, then the totals. */
import { msg } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { formatBytes, formatCount } from '../shared/format';
import type { UsageReportResult } from '../shared/queries';
import type { ReportBy, SortKey } from './report-range';

type Amounts = { billable: number };
export interface TableRow {
  key: string;
  cells: TemplateResult;
  voice: Amounts;
  message: Amounts;
  data: Amounts;
}
type RowAmounts = Pick<TableRow, 'voice' | 'message' | 'data'>;
type UnattributedTotal = NonNullable<UsageReportResult['organization']['usageBreakdown']>['unattributed'][number];
export type SortDirection = 'ascending' | 'descending';

export interface TableViewProps {
  by: ReportBy;
  /** The page's rows. */
  rows: TableRow[];
  /** Per type, the usage no user is known for; empty when the rows are days. */
  unattributed: readonly UnattributedTotal[];
  totals: RowAmounts;
  sortKey: SortKey;
  sortDirection: SortDirection;
  locale: string | undefined;
  onSort: (key: SortKey) => void;
}

export function renderTableView(props: TableViewProps): TemplateResult {
  const { by, rows, locale } = props;
  const loose = props.unattributed.length ? Object.fromEntries(props.unattributed.map((t) => [t.type, t])) : null;
  const keyColumns = by === 'day' ? 1 : by === 'user' ? 2 : 1;
  return html`<div class="table-wrap">
    <table part="table">
      <caption class="visually-hidden">
        ${tableCaption(by)}
      </caption>
      <thead>
        <tr>
          ${
            by === 'day'
              ? sortableHeader(props, 'date', html`${msg('Date')}`, false)
              : by === 'user'
                ? html`<th scope="col">${msg('User')}</th>
                    <th scope="col">${msg('Organization')}</th>`
                : html`<th scope="col">${msg('Sub-organization')}</th>`
          }
          ${sortableHeader(props, 'VOICE', html`${msg('Voice (minutes)')}`, true)}
          ${sortableHeader(props, 'MESSAGE', html`${msg('Messages')}`, true)}
          ${sortableHeader(props, 'DATA', html`${msg('Data')}`, true)}
        </tr>
      </thead>
      <tbody>
        ${
          rows.length
            ? rows.map(
                (row) =>
                  html`<tr data-row=${row.key}>
                    ${row.cells}${amountCells(row, locale)}
                  </tr>`,
              )
            : html`<tr>
                <td colspan=${keyColumns + 3}>${msg('No rows on this page.')}</td>
              </tr>`
        }
      </tbody>
      <tfoot>
        ${
          loose && (loose.VOICE.total || loose.MESSAGE.total || loose.DATA.total)
            ? html`<tr data-row="unattributed">
                <th scope="row" colspan=${keyColumns}>${msg('Without a user')}</th>
                ${amountCells({ voice: loose.VOICE, message: loose.MESSAGE, data: loose.DATA }, locale)}
              </tr>`
            : nothing
        }
        <tr part="totals" data-row="totals">
          <th scope="row" colspan=${keyColumns}>${msg('Total')}</th>
          ${amountCells(props.totals, locale)}
        </tr>
      </tfoot>
    </table>
  </div>`;
}

/** The table's name for screen readers, after what its rows are. */
function tableCaption(by: ReportBy): string {
  return by === 'day'
    ? msg('Billable usage by day')
    : by === 'user'
      ? msg('Billable usage by user')
      : msg('Billable usage by sub-organization');
}

/** A column heading that sorts the table by its column, with an arrow when it does. */
function sortableHeader(
  { sortKey, sortDirection, onSort }: TableViewProps,
  key: SortKey,
  label: TemplateResult,
  numeric: boolean,
): TemplateResult {
  const active = sortKey === key;
  return html`<th
    scope="col"
    class=${numeric ? 'number' : ''}
    aria-sort=${active ? sortDirection : nothing}
    data-column=${key}
  >
    <button type="button" class="sort" part="sort-button" @click=${() => onSort(key)}>
      ${label}${active ? sortArrow(sortDirection) : nothing}
    </button>
  </th>`;
}

function sortArrow(direction: SortDirection): TemplateResult {
  return html`<span aria-hidden="true">${direction === 'ascending' ? ' ▲' : ' ▼'}</span>`;
}

/** A row's billable voice, messages and data. */
function amountCells(row: RowAmounts, locale: string | undefined): TemplateResult {
  return html`<td class="number">${formatCount(row.voice.billable, locale)}</td>
    <td class="number">${formatCount(row.message.billable, locale)}</td>
    <td class="number">${formatBytes(row.data.billable, locale)}</td>`;
}
