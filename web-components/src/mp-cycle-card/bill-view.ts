/** The bill on the cycle card: an allowance's meter under its figure, and the charges line with its breakdown. */
import { html, nothing, type TemplateResult } from 'lit';
import type { AllowanceWording, ChargesWording } from './bill';

/**
 * "412 of 1,000 minutes (41%)" over a bar, then the forecast's percentage. The bar is a meter named by
 * the figure's label and read out in words; the printed words say the same, so they are hidden from
 * screen readers. An SVG rect draws the fill: its width is an attribute, which a strict CSP allows.
 */
export function renderAllowance(key: string, label: string, allowance: AllowanceWording): TemplateResult {
  return html`<dd class="allowance${allowance.over ? ' over' : ''}" part="allowance" data-allowance=${key}>
    <span aria-hidden="true">${allowance.text}</span>
    <div
      class="meter"
      part="meter"
      role="meter"
      aria-label=${label}
      aria-valuemin="0"
      aria-valuemax="100"
      aria-valuenow=${allowance.meterValue}
      aria-valuetext=${allowance.spoken}
    >
      <svg aria-hidden="true" focusable="false"><rect width=${`${allowance.meterValue}%`} height="100%"></rect></svg>
    </div>
    ${allowance.forecast ? html`<span>${allowance.forecast}</span>` : nothing}
  </dd>`;
}

/** A button carrying the charges line that shows and hides the breakdown below it; on paper, the line as text. */
export function renderCharges(charges: ChargesWording, open: boolean, onToggle: () => void): TemplateResult {
  return html`<div class="charges" part="charges">
    <button
      type="button"
      class="button"
      part="charges-button"
      aria-expanded=${open ? 'true' : 'false'}
      aria-controls="charges-breakdown"
      @click=${onToggle}
    >
      <span aria-hidden="true">${open ? '▾' : '▸'}</span> ${charges.summary}
    </button>
    <p class="print-only">${charges.summary}</p>
    <dl id="charges-breakdown" part="charges-breakdown" ?hidden=${!open}>
      ${charges.rows.map(
        ([key, label, amount]) =>
          html`<div data-charge=${key}>
            <dt>${label}</dt>
            <dd>${amount}</dd>
          </div>`,
      )}
    </dl>
  </div>`;
}
