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
  `,
];
