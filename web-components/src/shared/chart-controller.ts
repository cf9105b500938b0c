/**
 * Owns one ECharts instance for its host: created when the host's chart container first renders,
 * resized whenever the container changes size, disposed when the host leaves the page.
 * Only the chart and pie widgets import this module, so a cycle card never loads ECharts.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import { init, type EChartsCoreOption, type EChartsType } from 'echarts/core';
import { resolveChartTheme, type ChartTheme } from './chart-options';

export class ChartController implements ReactiveController {
  chart: EChartsType | undefined;
  private container: HTMLElement | undefined;
  private resizeObserver: ResizeObserver | undefined;
  private pendingOption: EChartsCoreOption | undefined;
  private printMedia: MediaQueryList | undefined;

  constructor(
    private readonly host: ReactiveControllerHost & HTMLElement,
    private readonly findContainer: () => HTMLElement | null | undefined,
    private readonly onChartClick?: (params: unknown) => void,
  ) {
    host.addController(this);
  }

  hostUpdated(): void {
    const container = this.findContainer() ?? undefined;
    if (container === this.container) return;
    this.dispose();
    if (!container) return;
    this.container = container;
    this.chart = init(clearedWithoutHtmlSink(container), null, { renderer: 'canvas' });
    if (this.onChartClick) this.chart.on('click', this.onChartClick);
    this.resizeObserver = new ResizeObserver(() => this.chart?.resize());
    this.resizeObserver.observe(container);
    this.listenForPrint(true);
    if (this.pendingOption) this.setOption(this.pendingOption);
  }

  hostDisconnected(): void {
    this.dispose();
  }

  /** Replaces the whole option; kept until the container exists if it does not yet. */
  setOption(option: EChartsCoreOption): void {
    this.pendingOption = option;
    this.chart?.setOption(option, { notMerge: true });
  }

  /** Colours from the host's resolved custom properties; reads the light or dark fallbacks too. */
  theme(): ChartTheme {
    const style = getComputedStyle(this.host);
    return resolveChartTheme((property) => style.getPropertyValue(INTERNAL_PROPERTY[property] ?? property));
  }

  /** Animations off when the user asked for reduced motion. */
  get animation(): boolean {
    return !window.matchMedia?.('(prefers-reduced-motion: reduce)').matches;
  }

  /**
   * Printing lays the page out at the paper's width without running animation frames or resize
   * observers first: the chart is redrawn at once, at its container's print size, and again after.
   */
  private readonly fitToPrintedPage = () => {
    if (!this.chart) return;
    this.chart.resize();
    this.chart.getZr().flush();
  };

  private listenForPrint(listen: boolean): void {
    const method = listen ? 'addEventListener' : 'removeEventListener';
    window[method]('beforeprint', this.fitToPrintedPage);
    window[method]('afterprint', this.fitToPrintedPage);
    // The same MediaQueryList both times: a listener is removed only from the list it was added to.
    this.printMedia ??= window.matchMedia?.('print');
    this.printMedia?.[method]('change', this.fitToPrintedPage);
  }

  private dispose(): void {
    this.listenForPrint(false);
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
    this.chart?.dispose();
    this.chart = undefined;
    this.container = undefined;
  }
}

/**
 * zrender empties its container with `innerHTML = ''` on init and dispose; under a strict CSP's
 * `require-trusted-types-for 'script'` even an empty string there throws. This container empties
 * itself through the DOM instead, and hands any other markup to the browser's own (guarded) setter.
 * Upstream: ecomfe/zrender#1167 (textContent instead); drop this once an ECharts release has it.
 */
function clearedWithoutHtmlSink(container: HTMLElement): HTMLElement {
  const inherited = Object.getOwnPropertyDescriptor(Element.prototype, 'innerHTML');
  Object.defineProperty(container, 'innerHTML', {
    configurable: true,
    get: () => inherited?.get?.call(container),
    set: (markup: unknown) => (markup === '' ? container.replaceChildren() : inherited?.set?.call(container, markup)),
  });
  return container;
}

// The public --mp-* names map to the resolved values :host computes (public value, else theme default).
const INTERNAL_PROPERTY: Record<string, string> = {
  '--mp-chart-billable-color': '--_chart-billable',
  '--mp-chart-total-color': '--_chart-total',
  '--mp-pie-in-use-color': '--_pie-in-use',
  '--mp-pie-available-color': '--_pie-available',
  '--mp-text-color': '--_text',
  '--mp-muted-text-color': '--_muted',
  '--mp-border-color': '--_border',
  '--mp-surface-color': '--_surface',
  '--mp-danger-color': '--_danger',
  '--mp-font-family': '--_font',
};
