/**
 * The details' utilization history: numbers in use and held over the last 90 days as a small inline
 * SVG chart (this page loads no charting library), its text alternative, and the run-out sentence.
 */
import { msg, str } from '@lit/localize';
import { html, nothing, svg, type TemplateResult } from 'lit';
import { formatDay } from '../shared/format';
import { describeRunOut, type RunOut } from '../shared/insight';
import { describeHistory, sparklinePaths, type UtilizationHistoryPoint } from '../shared/sparkline';

const WIDTH = 300;
const HEIGHT = 60;

export interface HistoryViewProps {
  history: readonly UtilizationHistoryPoint[];
  runOut: RunOut;
  available: number;
  locale: string | undefined;
}

export function renderHistoryView({ history, runOut, available, locale }: HistoryViewProps): TemplateResult {
  const paths = sparklinePaths(history, WIDTH, HEIGHT);
  const today = history.at(-1)?.date;
  const days = history.length;
  const caption = days > 1 ? msg(str`Last ${days} days`) : msg('Today');
  return html`<section class="history" part="history" aria-labelledby="history-heading">
    <h3 id="history-heading" class="history-heading">${msg('Utilization over time')}</h3>
    ${
      paths
        ? html`<figure class="sparkline-figure">
            <svg
              class="sparkline"
              part="history-chart"
              viewBox="0 0 ${WIDTH} ${HEIGHT}"
              preserveAspectRatio="none"
              role="img"
              aria-label=${describeHistory(history, locale)}
            >
              ${svg`<path class="in-use-area" d=${paths.inUseArea} />
                <path class="total-line" d=${paths.total} vector-effect="non-scaling-stroke" />
                <path class="in-use-line" d=${paths.inUse} vector-effect="non-scaling-stroke" />`}
            </svg>
            <figcaption class="muted" aria-hidden="true">
              <span><span class="key in-use"></span>${msg('In use')}</span>
              <span><span class="key total"></span>${msg('Total')}</span>
              <span class="span"
                >${caption}${
                  history.length > 1 ? `, ${formatDay(history[0].date, locale)} – ${formatDay(today!, locale)}` : ''
                }</span
              >
            </figcaption>
          </figure>`
        : nothing
    }
    <p class="run-out" part="run-out" data-run-out>${describeRunOut(runOut, available, locale, today)}</p>
  </section>`;
}
