/** The pie card's footer: the utilization threshold, marked "Reached" once utilization reaches it, and View details. */
import { msg } from '@lit/localize';
import { html, type TemplateResult } from 'lit';

export interface FooterViewProps {
  /** "Utilization Threshold 80%", in the widget's language. */
  thresholdText: string;
  reached: boolean;
  onOpenDetails: (event: Event) => void;
}

export function renderFooterView({ thresholdText, reached, onOpenDetails }: FooterViewProps): TemplateResult {
  return html`<div class="footer">
    <p class="threshold-line muted" part="threshold">
      ${thresholdText} ·
      ${
        reached
          ? html`<strong class="reached" part="threshold-reached" data-reached>
              <span aria-hidden="true">⚠</span> ${msg('Reached')}
            </strong>`
          : html`<span data-reached="false">${msg('not reached')}</span>`
      }
    </p>
    <button type="button" class="button" part="details-button" aria-haspopup="dialog" @click=${onOpenDetails}>
      ${msg('View details')}
    </button>
  </div>`;
}
