import { css } from 'lit';
import { sharedStyles } from '../shared/styles';

export const utilizationDetailsStyles = [
  ...sharedStyles,
  css`
    :host {
      display: contents;
    }
    dialog {
      width: min(92vw, 560px);
      max-height: 90vh;
      overflow: auto;
      padding: 20px;
      border: 1px solid var(--_border);
      border-radius: var(--_radius);
      background: var(--_surface);
      color: var(--_text);
      box-shadow: 0 20px 50px rgb(0 0 0 / 0.3);
    }
    dialog::backdrop {
      background: var(--mp-backdrop-color, rgb(17 24 39 / 0.55));
    }
    .dialog-header {
      display: flex;
      align-items: flex-start;
      justify-content: space-between;
      gap: 12px;
      margin-bottom: 12px;
    }
    .dialog-header h2 {
      margin: 0;
      padding-top: 6px;
    }
    .dialog-header h2:focus {
      outline: none;
    }
    .close {
      color: var(--_muted);
      font-size: 24px;
      line-height: 1;
    }
    dl {
      display: grid;
      grid-template-columns: 1fr auto;
      gap: 0;
      margin: 0 0 16px;
    }
    dl > div {
      display: contents;
    }
    dt,
    dd {
      padding: 8px 0;
      border-bottom: 1px solid var(--_border);
    }
    dd {
      margin: 0;
      text-align: end;
      font-weight: 600;
      font-variant-numeric: tabular-nums;
    }
    .threshold {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 4px 12px;
      margin-bottom: 16px;
    }
    .threshold-value {
      font-weight: 600;
      font-size: 18px;
    }
    .badge {
      padding: 2px 8px;
      border-radius: 999px;
      border: 1px solid currentColor;
      font-size: 13px;
    }
    .badge.reached {
      color: var(--_danger);
    }
    .actions {
      display: flex;
      flex-wrap: wrap;
      justify-content: flex-end;
      gap: 8px;
      margin-top: 16px;
    }
    form {
      display: flex;
      flex-direction: column;
      gap: 6px;
    }
    label {
      font-weight: 600;
    }
    input,
    textarea {
      max-width: 100%;
    }
    input[aria-invalid='true'] {
      border-color: var(--_danger);
      border-width: 2px;
    }
    .field-error,
    .form-error {
      margin: 0;
      color: var(--_danger);
      font-weight: 600;
    }
    .field-error:empty {
      display: none;
    }
    .contact {
      margin: 0;
    }
    .contact a {
      color: var(--_accent);
      font-weight: 600;
    }
    p {
      margin: 0 0 8px;
    }
    .history {
      margin: 12px 0 0;
      padding-top: 12px;
      border-top: 1px solid var(--_border);
    }
    .history-heading {
      margin: 0 0 6px;
      font-size: 15px;
    }
    .sparkline-figure {
      margin: 0;
    }
    .sparkline {
      display: block;
      width: 100%;
      height: 60px;
      overflow: visible;
    }
    .in-use-area {
      fill: color-mix(in srgb, var(--_pie-in-use) 15%, transparent);
      stroke: none;
    }
    .in-use-line,
    .total-line {
      fill: none;
      stroke-width: 2;
      stroke-linejoin: round;
    }
    .in-use-line {
      stroke: var(--_pie-in-use);
    }
    .total-line {
      stroke: var(--_muted);
      stroke-dasharray: 4 3;
    }
    figcaption {
      display: flex;
      flex-wrap: wrap;
      gap: 4px 14px;
      margin-top: 4px;
    }
    figcaption .span {
      margin-inline-start: auto;
    }
    .key {
      display: inline-block;
      width: 14px;
      height: 0;
      margin-inline-end: 6px;
      vertical-align: middle;
      border-top: 2px solid var(--_pie-in-use);
    }
    .key.total {
      border-top: 2px dashed var(--_muted);
    }
    .run-out {
      margin: 8px 0 0;
    }
    .actions {
      align-items: flex-start;
    }
    .idle {
      flex: 1 1 240px;
      margin: 0;
      padding-top: 8px;
    }
    .idle summary {
      cursor: pointer;
    }
    .idle-numbers {
      max-height: 12em;
      overflow: auto;
      margin: 6px 0 0;
      padding-inline-start: 20px;
    }
    .idle-number {
      font-variant-numeric: tabular-nums;
      margin-inline-end: 8px;
    }
  `,
];
