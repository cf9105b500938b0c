import { css } from 'lit';
import { sharedStyles } from '../shared/styles';

export const usageChartStyles = [
  ...sharedStyles,
  css`
    .header {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 8px 16px;
      margin-bottom: 8px;
    }
    .header h2 {
      margin: 0;
    }
    .header-controls {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px 12px;
    }
    label {
      display: inline-flex;
      align-items: center;
      gap: 8px;
      color: var(--_muted);
      font-size: 14px;
    }
    .chart {
      width: 100%;
      height: var(--mp-chart-height, 280px);
      min-height: 200px;
    }
    .controls {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 4px 16px;
    }
    .legend {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 16px;
      margin: 0;
      padding: 0;
      list-style: none;
      font-size: 14px;
      color: var(--_muted);
    }
    .legend li {
      display: inline-flex;
      align-items: center;
      gap: 6px;
    }
    .swatch {
      display: inline-block;
      width: 18px;
      height: 0;
      border-top: 3px solid var(--_chart-billable);
    }
    .swatch.total {
      border-top-color: var(--_chart-total);
    }
    .swatch.projection {
      border-top-style: dashed;
    }
    .swatch.past {
      border-top: 3px dotted var(--_muted);
    }
    .toggle input {
      min-height: 0;
      width: 18px;
      height: 18px;
      margin: 0;
      accent-color: var(--_accent);
    }
    .freshness {
      margin: 4px 0 0;
    }
    .summary {
      margin: 0 0 4px;
    }
  `,
];
