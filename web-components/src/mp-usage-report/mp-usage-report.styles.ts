import { css } from 'lit';
import { sharedStyles } from '../shared/styles';

export const usageReportStyles = [
  ...sharedStyles,
  css`
    .controls {
      display: flex;
      flex-wrap: wrap;
      align-items: end;
      gap: 8px 16px;
      margin-bottom: 8px;
    }
    label {
      display: inline-flex;
      flex-direction: column;
      gap: 2px;
      color: var(--_muted);
      font-size: 14px;
    }
    input {
      font: inherit;
      color: var(--_text);
      background: var(--_surface);
      border: 1px solid var(--_border);
      border-radius: calc(var(--_radius) / 2);
      padding: 4px 8px;
    }
    .download {
      margin-inline-start: auto;
    }
    .table-wrap {
      overflow-x: auto;
    }
    table {
      width: 100%;
      border-collapse: collapse;
      font-size: 14px;
      font-variant-numeric: tabular-nums;
    }
    th,
    td {
      padding: 6px 8px;
      border-bottom: 1px solid var(--_border);
      text-align: start;
    }
    td.number,
    th.number {
      text-align: end;
    }
    thead th {
      color: var(--_muted);
      font-weight: 600;
      white-space: nowrap;
    }
    tfoot th,
    tfoot td {
      font-weight: 600;
      border-bottom: none;
      border-top: 2px solid var(--_border);
    }
    .sort {
      font: inherit;
      color: inherit;
      background: none;
      border: none;
      padding: 0;
      cursor: pointer;
      text-decoration: underline dotted;
    }
    [aria-sort] .sort {
      color: var(--_text);
      text-decoration: none;
    }
    .pager {
      display: flex;
      align-items: center;
      justify-content: flex-end;
      gap: 12px;
      margin-top: 8px;
      font-size: 14px;
    }
    .problem {
      color: var(--_danger);
    }
  `,
];
