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
  `,
];
