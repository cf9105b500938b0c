import { css } from 'lit';
import { sharedStyles } from '../shared/styles';

export const dashboardStyles = [
  ...sharedStyles,
  css`
    :host {
      container-type: inline-size;
    }
    .layout {
      display: grid;
      gap: var(--_gap);
      grid-template-columns: minmax(0, 1fr);
      font-family: var(--_font);
      font-size: var(--mp-font-size, 16px);
      color: var(--_text);
    }
    /* On the theme's surface like the cards: the page's own background may not suit the theme's text. */
    header {
      background: var(--_surface);
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      padding: 12px var(--mp-card-padding, 16px);
      display: flex;
      flex-wrap: wrap;
      align-items: baseline;
      justify-content: space-between;
      gap: 4px 16px;
    }
    h1 {
      margin: 0;
      font-size: 24px;
      font-weight: 600;
      line-height: 1.25;
    }
    .current,
    .chart,
    .pie,
    .past,
    .all-time,
    .report,
    .alerts {
      min-width: 0;
    }
    /* From 320px up: one column; two columns from 640px; the portal's full layout from 1000px. */
    @container (min-width: 640px) {
      .layout {
        grid-template-columns: repeat(2, minmax(0, 1fr));
      }
      header,
      .current,
      .chart,
      .report,
      .alerts {
        grid-column: 1 / -1;
      }
    }
    @container (min-width: 1000px) {
      .layout {
        grid-template-columns: repeat(3, minmax(0, 1fr));
      }
      .current {
        grid-column: 1 / 3;
      }
      .pie {
        grid-column: 3;
        grid-row: 2 / 4;
      }
      .chart {
        grid-column: 1 / 3;
      }
      .past {
        grid-column: 1;
      }
      .all-time {
        grid-column: 2;
      }
    }
    /* On paper: one column at the page's width, each widget whole on a page where it fits. */
    @media print {
      .layout {
        display: block;
      }
      .layout > * {
        margin-block-end: var(--_gap);
        break-inside: avoid;
      }
    }
  `,
];
