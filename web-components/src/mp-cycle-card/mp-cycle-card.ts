import { msg, str } from '@lit/localize';
import { html, nothing, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { defineElement } from '../shared/define';
import { formatCount, formatCycleRange, formatRating, formatUsage, formatVoiceSeconds } from '../shared/format';
import { describeChange, describeForecast, type ChangeWording } from '../shared/insight';
import { MpElement } from '../shared/mp-element';
import {
  CYCLE_FIGURES_QUERY,
  type CycleFigures,
  type CycleFiguresResult,
  type CycleUsageTotal,
} from '../shared/queries';
import { pickOrganization } from '../shared/organization';
import { QueryController } from '../shared/query-controller';
import { cycleTitle, parseCyclePeriod } from '../shared/usage';
import { describeAllowance, describeCharges, type AllowanceWording } from './bill';
import { renderAllowance, renderCharges } from './bill-view';
import { cycleCardStyles } from './mp-cycle-card.styles';

/**
 * One billing cycle's figures: the current cycle's new users, active users and billable voice,
 * messages and data; or the total voice, messages and data of the past cycle or of all time. Each
 * current and past usage figure carries its billable change against the last cycle ("▲ 12% on the
 * same days of the last cycle", also in words for screen readers), and the current cycle's usage
 * figures what the cycle is on track to reach ("On track for 12,400 minutes"). With a price plan
 * (DESIGN §9), each current usage figure with an allowance shows its use ("412 of 1,000 minutes (41%)")
 * on a meter with the forecast's percentage, and the current and past cards their charges ("Charges so
 * far $1,234.56 · on track for $2,345.67"), a button that shows the breakdown.
 *
 * @tagname mp-cycle-card
 * @summary A billing cycle's usage figures.
 *
 * @fires mp-error - A query failed; detail: `{ kind, code, message, source, operation }`.
 *
 * @csspart card - The card box.
 * @csspart heading - The cycle's title.
 * @csspart range - The cycle's dates.
 * @csspart rating - The voice rating the figures are billed by ("Voice billed 30/6"), to compare with the invoice.
 * @csspart figures - The list of figures.
 * @csspart figure - One label and value pair.
 * @csspart label - A figure's label.
 * @csspart value - A figure's value.
 * @csspart change - A figure's change against the last cycle; also `change-up`, `change-down` or `change-none`.
 * @csspart forecast - A current usage figure's forecast ("On track for …").
 * @csspart allowance - A current usage figure's use of its allowance: the words, the meter, the forecast's percentage.
 * @csspart meter - The allowance's bar (`role="meter"`).
 * @csspart charges - The charges line and its breakdown.
 * @csspart charges-button - The charges line, a button that shows or hides the breakdown.
 * @csspart charges-breakdown - Fixed fees, voice, messages, data and total.
 * @csspart state - The loading, empty or error message.
 * @csspart retry-button - The Retry button of an error.
 *
 * @cssproperty [--mp-surface-color=#ffffff] - Card background.
 * @cssproperty [--mp-text-color=#1f2937] - Main text.
 * @cssproperty [--mp-muted-text-color=#4b5563] - Labels and captions.
 * @cssproperty [--mp-border-color=#d1d5db] - Card border.
 * @cssproperty [--mp-accent-color=#1d4ed8] - Buttons and focus ring.
 * @cssproperty [--mp-danger-color=#b91c1c] - Error titles, and an allowance's bar past the allowance.
 * @cssproperty [--mp-radius=8px] - Corner radius.
 * @cssproperty [--mp-font-family=system-ui] - Font stack.
 * @cssproperty [--mp-font-size=16px] - Base font size.
 * @cssproperty [--mp-figure-font-size=22px] - Size of the figures.
 * @cssproperty [--mp-card-padding=16px] - Inner padding.
 */
export class MpCycleCard extends MpElement {
  static override styles = cycleCardStyles;

  /** Which cycle: `current` (default), `past` or `all-time`. */
  @property({ reflect: true }) period: 'current' | 'past' | 'all-time' = 'current';

  @state() private chargesOpen = false;

  private readonly figures = new QueryController<CycleFiguresResult>(this, {
    document: () => this.organizationDocument(CYCLE_FIGURES_QUERY),
    variables: () => ({
      period: parseCyclePeriod(this.period),
      ...this.organizationVariables,
    }),
    onError: (error) => this.reportError(error, 'CycleFigures'),
  });

  override render(): TemplateResult {
    const period = parseCyclePeriod(this.period);
    const title = cycleTitle(period);
    const headingId = 'heading';
    return html`<section
      class="card"
      part="card"
      aria-labelledby=${headingId}
      aria-busy=${this.figures.status === 'loading' ? 'true' : 'false'}
    >
      <h2 id=${headingId} part="heading">${title}</h2>
      ${this.renderQueryState(this.figures, 5) ?? this.renderFigures()}
    </section>`;
  }

  private renderFigures(): TemplateResult {
    const organization = pickOrganization(this.figures.data);
    if (!organization) {
      return this.renderErrorState({ kind: 'no-organization', code: 'NO_ORGANIZATION', message: '' }, null);
    }
    const { cycle } = organization;
    const locale = this.effectiveLocale;
    const rating = formatRating(organization.rating);
    return html`<p class="range muted" part="range">
        ${formatCycleRange(cycle.start, cycle.end, locale, organization.timezone)}
      </p>
      <p class="rating muted" part="rating" data-rating>${msg(str`Voice ${rating}`)}</p>
      <dl part="figures">${cycleFigures(cycle, locale).map(renderFigure)}</dl>
      ${
        cycle.charges && cycle.period !== 'ALL_TIME'
          ? renderCharges(
              describeCharges(cycle.charges, cycle.period, locale),
              this.chargesOpen,
              () => (this.chargesOpen = !this.chargesOpen),
            )
          : nothing
      }`;
  }
}

/**
 * The current cycle's new and active users and billable usage; for the past cycle or all time, the total
 * usage. Usage figures carry their change against the last cycle; the current cycle's, also a forecast.
 */
function cycleFigures(cycle: CycleFigures['cycle'], locale: string | undefined): Figure[] {
  // VOICE from its rated seconds: one decimal when they are not whole minutes (DESIGN §8).
  const usage = (
    key: string,
    label: string,
    total: CycleUsageTotal,
    value: number,
    seconds?: number | null,
  ): Figure => ({
    key,
    label,
    value:
      seconds === null || seconds === undefined
        ? formatUsage(total.type, value, locale)
        : formatVoiceSeconds(seconds, locale),
    change: cycle.period === 'ALL_TIME' ? null : describeChange(total.changePercent, cycle.period, locale),
    forecast: cycle.period === 'CURRENT' ? describeForecast(total.type, total.forecast, locale) : null,
    allowance: cycle.period === 'CURRENT' ? describeAllowance(total, locale) : null,
  });
  return cycle.period === 'CURRENT'
    ? [
        { key: 'New Users', label: msg('New Users'), value: formatCount(cycle.newUsers, locale) },
        {
          key: 'Total Active Users',
          label: msg('Total Active Users'),
          value: formatCount(cycle.activeUsers, locale),
        },
        usage('Billable Voice', msg('Billable Voice'), cycle.voice, cycle.voice.billable, cycle.voice.billableSeconds),
        usage('Billable Message', msg('Billable Message'), cycle.message, cycle.message.billable),
        usage('Billable Data', msg('Billable Data'), cycle.data, cycle.data.billable),
      ]
    : [
        usage('Total Voice', msg('Total Voice'), cycle.voice, cycle.voice.total, cycle.voice.totalSeconds),
        usage('Total Message', msg('Total Message'), cycle.message, cycle.message.total),
        usage('Total Data', msg('Total Data'), cycle.data, cycle.data.total),
      ];
}

/** One figure: its label, its value with the unit set small, then its change, forecast and allowance if any. */
function renderFigure({ key, label, value, change, forecast, allowance }: Figure): TemplateResult {
  return html`<div class="figure" part="figure">
    <dt part="label">${label}</dt>
    <dd class="value" part="value" data-figure=${key}>${splitUnit(value)}</dd>
    ${change ? renderChange(key, change) : nothing}
    ${forecast ? html`<dd class="forecast" part="forecast" data-forecast=${key}>${forecast}</dd>` : nothing}
    ${allowance ? renderAllowance(key, label, allowance) : nothing}
  </div>`;
}

interface Figure {
  /** The figure's English name, a stable hook for scripts and tests (`data-figure`) in every language. */
  key: string;
  label: string;
  value: string;
  change?: ChangeWording | null;
  forecast?: string | null;
  allowance?: AllowanceWording | null;
}

/** The arrow and percentage for the eye, the same in words for a screen reader; never colour alone. */
function renderChange(key: string, change: ChangeWording): TemplateResult {
  return html`<dd class="change ${change.direction}" part="change change-${change.direction}" data-change=${key}>
    <span aria-hidden="true">${emphasize(change.text, change.badge)}</span
    ><span class="visually-hidden">${change.spoken}</span>
  </dd>`;
}

/** "Billable ▲ 12% on the last cycle" with "▲ 12%" in bold. */
function emphasize(text: string, badge: string): TemplateResult {
  const at = text.indexOf(badge);
  if (at < 0) return html`${text}`;
  return html`${text.slice(0, at)}<strong class="badge">${badge}</strong>${text.slice(at + badge.length)}`;
}

/** "9,071 minutes" → the number large and the unit small, so figures fit narrow cards. */
function splitUnit(formatted: string): TemplateResult {
  const match = /^(\S+)\s(.+)$/.exec(formatted);
  return match
    ? html`<span class="number">${match[1]}</span> <span class="unit">${match[2]}</span>`
    : html`${formatted}`;
}

defineElement('mp-cycle-card', MpCycleCard);

declare global {
  interface HTMLElementTagNameMap {
    'mp-cycle-card': MpCycleCard;
  }
}
