/** The line a form shows when the API refused its change. */
import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { describeError, type WidgetError } from '../shared/errors';

export function renderRefusal(refusal: WidgetError | null): TemplateResult | typeof nothing {
  if (!refusal) return nothing;
  const { title, detail } = describeError(refusal);
  return html`<p class="form-error" role="alert" data-state=${refusal.kind}>${msg(str`${title}: ${detail}`)}</p>`;
}
