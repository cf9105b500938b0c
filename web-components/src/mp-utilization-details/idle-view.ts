/**
 * The details' idle numbers (DESIGN §10), beside Request More Numbers: how many assigned numbers went
 * unused, and which, so an admin can reclaim them before asking for more.
 */
import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { formatCount } from '../shared/format';
import type { UtilizationDetails } from '../shared/queries';

/** The window the details query asks for (`idle(days: 30)` in shared/queries.ts). */
export const IDLE_DAYS = 30;

export type IdleNumbers = UtilizationDetails['numberUtilization']['idle'];

function idleSentence(count: number, locale: string | undefined): string {
  const days = IDLE_DAYS;
  const numbers = formatCount(count, locale);
  if (count === 0) return msg(str`No assigned numbers unused for ${days} days`);
  return count === 1
    ? msg(str`${numbers} assigned number unused for ${days} days`)
    : msg(str`${numbers} assigned numbers unused for ${days} days`);
}

/** The sentence; when some are idle, a disclosure listing them (the first page, then "and N more"). */
export function renderIdleView(idle: IdleNumbers, locale: string | undefined): TemplateResult {
  const sentence = idleSentence(idle.count, locale);
  if (idle.count === 0) return html`<p class="idle muted" part="idle" data-idle-count="0">${sentence}</p>`;
  const more = idle.count - idle.numbers.length;
  const rest = formatCount(more, locale);
  return html`<details class="idle" part="idle">
    <summary part="idle-summary" data-idle-count=${idle.count}>${sentence}</summary>
    <ul class="idle-numbers" part="idle-numbers">
      ${idle.numbers.map(
        (n) =>
          html`<li data-number-id=${n.id}>
            <span class="idle-number">${n.number}</span>
            ${n.user ? html`<span class="muted">${n.user.email}</span>` : nothing}
          </li>`,
      )}
    </ul>
    ${more > 0 ? html`<p class="muted" data-idle-more>${msg(str`and ${rest} more`)}</p>` : nothing}
  </details>`;
}
