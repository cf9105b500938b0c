import { css } from 'lit';
import { sharedStyles } from '../shared/styles';

export const alertsStyles = [
  ...sharedStyles,
  css`
    h3 {
      margin: 16px 0 4px;
      font-size: 1.05em;
    }
    .group + .group {
      margin-top: 16px;
      padding-top: 8px;
      border-top: 1px solid var(--_border);
    }
    p {
      margin: 0 0 8px;
    }
    .rows,
    .webhooks {
      list-style: none;
      margin: 0 0 12px;
      padding: 0;
    }
    .row {
      display: flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 8px;
      padding: 6px 0;
    }
    .row-text {
      flex: 1 1 12em;
      overflow-wrap: anywhere;
    }
    .row-actions,
    .confirm {
      display: inline-flex;
      flex-wrap: wrap;
      align-items: center;
      gap: 6px;
    }
    .badge {
      padding: 0 6px;
      border: 1px solid var(--_border);
      border-radius: 999px;
      font-size: 0.85em;
    }
    .badge.off {
      color: var(--_muted);
    }
    .webhook {
      padding: 6px 0 10px;
    }
    .deliveries {
      width: 100%;
      border-collapse: collapse;
      font-size: 0.9em;
    }
    .deliveries caption {
      text-align: start;
      color: var(--_muted);
      padding: 4px 0;
    }
    .deliveries th,
    .deliveries td {
      text-align: start;
      padding: 2px 6px 2px 0;
      border-bottom: 1px solid var(--_border);
    }
    form {
      display: flex;
      flex-direction: column;
      gap: 6px;
      margin: 8px 0;
    }
    .fields {
      display: flex;
      flex-wrap: wrap;
      gap: 8px 16px;
    }
    label {
      display: flex;
      flex-direction: column;
      gap: 2px;
      font-weight: 600;
    }
    label.check {
      flex-direction: row;
      align-items: center;
      gap: 6px;
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
    .actions {
      display: flex;
      gap: 8px;
    }
    .secret {
      margin: 8px 0;
      padding: 8px;
      border: 2px solid var(--_accent);
      border-radius: var(--mp-radius, 8px);
    }
    .secret-value {
      display: block;
      margin: 0 0 8px;
      overflow-wrap: anywhere;
      user-select: all;
    }
    .notice:empty {
      display: none;
    }
  `,
];
