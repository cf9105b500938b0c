import { css } from 'lit';
import { sharedStyles } from '../shared/styles';

export const cycleCardStyles = [
  ...sharedStyles,
  css`
    .range {
      margin: -8px 0 4px;
    }
    .rating {
      margin: 0 0 12px;
      font-size: 0.875em;
    }
    dl {
      display: grid;
      grid-template-columns: repeat(auto-fit, minmax(min(100%, 130px), 1fr));
      gap: 12px 16px;
      margin: 0;
    }
    .figure {
      display: flex;
      flex-direction: column;
      margin: 0;
    }
    dt {
      color: var(--_muted);
      font-size: 14px;
    }
    dd {
      margin: 0;
    }
    dd.value {
      order: -1;
      font-size: var(--mp-figure-font-size, 22px);
      font-weight: 600;
      font-variant-numeric: tabular-nums;
      overflow-wrap: anywhere;
    }
    .change,
    .forecast {
      margin-top: 2px;
      color: var(--_muted);
      font-size: 13px;
      line-height: 1.35;
    }
    .change .badge {
      font-weight: 600;
      color: var(--_text);
      white-space: nowrap;
    }
    .unit {
      font-size: 14px;
      font-weight: 400;
      color: var(--_muted);
    }
    .allowance {
      margin-top: 6px;
      color: var(--_muted);
      font-size: 13px;
      line-height: 1.35;
    }
    .over > span:first-child {
      color: var(--_text);
      font-weight: 600;
    }
    .meter {
      height: 8px;
      margin: 3px 0;
      border-radius: 4px;
      background: var(--_border);
      overflow: hidden;
    }
    .meter svg {
      display: block;
      width: 100%;
      height: 100%;
    }
    rect {
      fill: var(--_accent);
    }
    .over rect {
      fill: var(--_danger);
    }
    .charges {
      margin-top: 12px;
    }
    .charges .button {
      width: 100%;
      justify-content: flex-start;
      text-align: start;
    }
    .charges dl {
      display: block;
      margin-top: 8px;
      font-variant-numeric: tabular-nums;
    }
    .charges dl[hidden] {
      display: none;
    }
    [data-charge] {
      display: flex;
      justify-content: space-between;
      gap: 16px;
      padding: 2px 0;
    }
    [data-charge='total'] {
      border-top: 1px solid var(--_border);
      font-weight: 600;
    }
    /* On paper, where no control shows, the charges line is printed as text (and the breakdown if open). */
    .print-only {
      display: none;
    }
    @media print {
      .print-only {
        display: block;
        margin: 0;
      }
    }
  `,
];
