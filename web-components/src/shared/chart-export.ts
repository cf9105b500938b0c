/**
 * "Download PNG" for the chart and the pie: ECharts' own export of the chart as drawn, at twice its CSS
 * size, on the card's background, saved under a file name that says what it shows. Only the chart and
 * pie widgets import this module, beside ECharts.
 */
import { msg } from '@lit/localize';
import { html, type TemplateResult } from 'lit';
import type { ChartController } from './chart-controller';

/** Exported pixels per CSS pixel: sharp on a slide or a high-density screen. */
export const EXPORT_PIXEL_RATIO = 2;

/** The header's button; described by the card's heading, so each one's purpose is clear when read out. */
export function renderDownloadButton(onDownload: () => void): TemplateResult {
  return html`<button
    type="button"
    class="button download"
    part="download-button"
    aria-describedby="heading"
    @click=${onDownload}
  >
    ${msg('Download PNG')}
  </button>`;
}

/**
 * Saves the chart as a PNG. Text the widget lays over the canvas in HTML (the pie's centre figure) is
 * painted onto the image where it sits, so the file shows what the user sees. False without a chart.
 */
export function downloadChartPng(controller: ChartController, fileName: string, overlay: HTMLElement[] = []): boolean {
  const chart = controller.chart;
  if (!chart) return false;
  const backgroundColor = controller.theme().surface;
  const url = overlay.length
    ? withOverlayText(chart.renderToCanvas({ pixelRatio: EXPORT_PIXEL_RATIO, backgroundColor }), chart, overlay)
    : chart.getDataURL({ type: 'png', pixelRatio: EXPORT_PIXEL_RATIO, backgroundColor });
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  link.click();
  return true;
}

function withOverlayText(
  canvas: HTMLCanvasElement,
  chart: NonNullable<ChartController['chart']>,
  overlay: HTMLElement[],
): string {
  const context = canvas.getContext('2d');
  const origin = chart.getDom().getBoundingClientRect();
  if (context) {
    // Whatever transform the renderer left on its context: CSS pixels, scaled to the export's.
    context.setTransform(EXPORT_PIXEL_RATIO, 0, 0, EXPORT_PIXEL_RATIO, 0, 0);
    context.globalAlpha = 1;
    context.textAlign = 'center';
    context.textBaseline = 'middle';
    for (const element of overlay) {
      const box = element.getBoundingClientRect();
      const style = getComputedStyle(element);
      context.font = `${style.fontWeight} ${style.fontSize} ${style.fontFamily}`;
      context.fillStyle = style.color;
      const x = box.left + box.width / 2 - origin.left;
      const y = box.top + box.height / 2 - origin.top;
      context.fillText(element.textContent?.trim() ?? '', x, y);
    }
  }
  return canvas.toDataURL('image/png');
}
