/** Design tokens and the building blocks every widget's shadow DOM shares. */
import { css, unsafeCSS } from 'lit';
import { DARK_PALETTE, LIGHT_PALETTE, paletteDeclarations } from './palette';

/**
 * Component-level properties fall back to the page's global --mp-* tokens, then to the theme's palette.
 * MpElement resolves the theme (own, the container's, or auto: the system's prefers-color-scheme) into
 * the host's color-scheme attribute; dark swaps only the fallbacks, so a host's own --mp-* values win.
 */
export const tokens = css`
  :host {
    ${unsafeCSS(paletteDeclarations(LIGHT_PALETTE))}

    --_surface: var(--mp-surface-color, var(--_default-surface));
    --_text: var(--mp-text-color, var(--_default-text));
    --_muted: var(--mp-muted-text-color, var(--_default-muted));
    --_border: var(--mp-border-color, var(--_default-border));
    --_accent: var(--mp-accent-color, var(--_default-accent));
    --_accent-text: var(--mp-accent-text-color, var(--_default-accent-text));
    --_danger: var(--mp-danger-color, var(--_default-danger));
    --_skeleton: var(--mp-skeleton-color, var(--_default-skeleton));
    --_radius: var(--mp-radius, 8px);
    --_gap: var(--mp-gap, 16px);
    --_font: var(--mp-font-family, system-ui, -apple-system, 'Segoe UI', Roboto, sans-serif);
    --_chart-billable: var(--mp-chart-billable-color, var(--_default-chart-billable));
    --_chart-total: var(--mp-chart-total-color, var(--_default-chart-total));
    --_pie-in-use: var(--mp-pie-in-use-color, var(--_default-pie-in-use));
    --_pie-available: var(--mp-pie-available-color, var(--_default-pie-available));

    /* Hostile host CSS must not reach in: reset what inherits through the shadow boundary. */
    all: initial;
    display: block;
    box-sizing: border-box;
    contain: layout style;
    font-family: var(--_font);
    font-size: var(--mp-font-size, 16px);
    line-height: 1.5;
    color: var(--_text);
    text-align: start;
    letter-spacing: normal;
    word-spacing: normal;
    text-transform: none;
    -webkit-font-smoothing: antialiased;
    /* Native parts (select lists, checkboxes, scrollbars) in the palette's scheme. */
    color-scheme: light;
  }
  :host([hidden]) {
    display: none;
  }
  :host([color-scheme='dark']) {
    ${unsafeCSS(paletteDeclarations(DARK_PALETTE))}
    color-scheme: dark;
  }
  *,
  *::before,
  *::after {
    box-sizing: inherit;
  }
`;

export const card = css`
  /* Inner roots repeat the reset: a page's "* { ... }" rules reach the host element itself. */
  .card,
  dialog {
    font-family: var(--_font);
    font-size: var(--mp-font-size, 16px);
    font-weight: 400;
    font-style: normal;
    line-height: 1.5;
    letter-spacing: normal;
    text-transform: none;
    text-align: start;
  }
  .card {
    background: var(--_surface);
    color: var(--_text);
    border: 1px solid var(--_border);
    border-radius: var(--_radius);
    padding: var(--mp-card-padding, 16px);
    height: 100%;
    min-width: 0;
  }
  h2,
  h3 {
    margin: 0 0 12px;
    font-size: 18px;
    font-weight: 600;
    line-height: 1.3;
    color: var(--_text);
  }
  .muted {
    color: var(--_muted);
    font-size: 14px;
  }
`;

export const controls = css`
  button,
  select,
  input,
  textarea {
    font: inherit;
    min-height: 40px;
    padding: 6px 10px;
    border: 1px solid var(--_border);
    border-radius: 6px;
    background: var(--_surface);
    color: var(--_text);
  }
  .button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    gap: 6px;
    min-height: 40px;
    padding: 6px 14px;
    border-radius: 6px;
    border: 1px solid var(--_border);
    background: var(--_surface);
    color: var(--_text);
    cursor: pointer;
  }
  .button.primary {
    background: var(--_accent);
    border-color: var(--_accent);
    color: var(--_accent-text);
  }
  .button:disabled {
    opacity: 0.6;
    cursor: not-allowed;
  }
  .icon-button {
    display: inline-flex;
    align-items: center;
    justify-content: center;
    width: 40px;
    height: 40px;
    padding: 0;
    border: 1px solid transparent;
    border-radius: 6px;
    background: transparent;
    color: var(--_accent);
    cursor: pointer;
  }
  .icon-button svg {
    width: 20px;
    height: 20px;
  }
  :is(button, select, input, textarea, [tabindex]):focus-visible {
    outline: 3px solid var(--_accent);
    outline-offset: 2px;
  }
`;

export const states = css`
  .state {
    display: flex;
    flex-direction: column;
    align-items: flex-start;
    gap: 8px;
    padding: 8px 0;
  }
  .state-title {
    margin: 0;
    font-weight: 600;
  }
  .state-detail {
    margin: 0;
    color: var(--_muted);
  }
  .state.error .state-title {
    color: var(--_danger);
  }
  .skeleton {
    display: block;
    border-radius: 4px;
    background: var(--_skeleton);
    height: 1.25em;
    margin: 6px 0;
    animation: mp-pulse 1.4s ease-in-out infinite;
    width: 90%;
  }
  /* Each bar shorter than the one before. Here, not in a style attribute (or Lit's styleMap, which
     writes one on its first render): a strict CSP refuses those. */
  .skeleton + .skeleton {
    width: 75%;
  }
  .skeleton + .skeleton + .skeleton {
    width: 60%;
  }
  .skeleton + .skeleton + .skeleton + .skeleton {
    width: 45%;
  }
  .skeleton + .skeleton + .skeleton + .skeleton + .skeleton {
    width: 30%;
  }
  .skeleton + .skeleton + .skeleton + .skeleton + .skeleton + .skeleton {
    width: 15%;
  }
  @keyframes mp-pulse {
    50% {
      opacity: 0.5;
    }
  }
  @media (prefers-reduced-motion: reduce) {
    .skeleton {
      animation: none;
    }
  }
  .visually-hidden {
    position: absolute !important;
    width: 1px;
    height: 1px;
    padding: 0;
    margin: -1px;
    overflow: hidden;
    clip: rect(0 0 0 0);
    clip-path: inset(50%);
    white-space: nowrap;
    border: 0;
  }
`;

/** On paper a card shows its figures and charts as drawn, without controls, and is never split across pages. */
export const print = css`
  @media print {
    button,
    select,
    input,
    textarea,
    form,
    label:has(select, input, textarea) {
      display: none !important;
    }
    .card {
      break-inside: avoid;
      height: auto;
    }
  }
`;

export const sharedStyles = [tokens, card, controls, states, print];
