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
    this.chart = init(container, null, { renderer: 'canvas' });
    if (this.onChartClick) this.chart.on('click', this.onChartClick);
    this.resizeObserver = new ResizeObserver(() => this.chart?.resize());
    this.resizeObserver.observe(container);
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

  private dispose(): void {
    this.resizeObserver?.disconnect();
    this.resizeObserver = undefined;
    this.chart?.dispose();
    this.chart = undefined;
    this.container = undefined;
  }
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
