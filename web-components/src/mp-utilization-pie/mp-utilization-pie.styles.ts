import { css } from 'lit';
import { sharedStyles } from '../shared/styles';

export const utilizationPieStyles = [
  ...sharedStyles,
  css`
    .header {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 8px 16px;
      margin-bottom: 12px;
    }
    .header h2 {
      margin: 0;
    }
    .body {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 12px 20px;
    }
    /* A size container: the centre figure's type scales with the ring (cqmin), so it fits in the hole. */
    .open-details {
      position: relative;
      flex: 1 1 180px;
      max-width: 260px;
      height: var(--mp-pie-size, 200px);
      container-type: size;
      border-radius: var(--_radius);
      cursor: pointer;
    }
    .open-details:hover {
      background: color-mix(in srgb, var(--_accent) 6%, transparent);
    }
    .open-details:focus-visible {
      outline: 3px solid var(--_accent);
      outline-offset: 2px;
    }
    .chart {
      width: 100%;
      height: 100%;
    }
    .center {
      position: absolute;
      inset: 0;
      display: flex;
      flex-direction: column;
      align-items: center;
      justify-content: center;
      pointer-events: none;
      line-height: 1.2;
    }
    /* The hole's radius is 24cqmin (the threshold tick reaches in to 48% of the half-size): type in cqmin fits. */
    .center strong {
      font-size: min(22px, 10.5cqmin);
    }
    .center span {
      color: var(--_muted);
      font-size: min(13px, 6.5cqmin);
    }
    ul {
      list-style: none;
      margin: 0;
      padding: 0;
      display: flex;
      flex-direction: column;
      gap: 6px;
      flex: 1 1 140px;
    }
    li {
      display: flex;
      align-items: center;
      gap: 8px;
    }
    .swatch {
      width: 12px;
      height: 12px;
      border-radius: 3px;
      flex: none;
    }
    .swatch.in-use {
      background: var(--_pie-in-use);
    }
    .swatch.available {
      background: var(--_pie-available);
    }
    .legend-value {
      font-weight: 600;
      font-variant-numeric: tabular-nums;
    }
    .footer {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      justify-content: space-between;
      gap: 8px;
      margin-top: 12px;
    }
    .footer p {
      margin: 0;
    }
    .reached {
      color: var(--_danger);
      font-weight: 600;
    }
  `,
];
