/** Reading and hovering a widget's ECharts chart in the browser tests. */
import type { Locator, Page } from 'playwright-core';

/**
 * The chart's tooltip as drawn on its canvas (ECharts rich text), without ECharts' colour markers (a
 * `{name|}` token and two spaces): the lines a user reads. '' while no tooltip shows.
 */
export function drawnTooltip(widget: Locator): Promise<string> {
  return widget.evaluate((element: any) => {
    const roots: any[] = element.chart.chart.getZr().storage.getRoots();
    const tooltip = roots.find((root) => root.type === 'text' && !root.invisible);
    return tooltip ? String(tooltip.style.text).replace(/\{\w+\|\} */g, '') : '';
  });
}

/** Moves the mouse over the chart at the x-axis category `dayIndex`, halfway up, as a user hovering that day. */
export async function hoverDay(page: Page, widget: Locator, dayIndex: number): Promise<void> {
  const point = await widget.evaluate((element: any, index) => {
    const container = element.renderRoot.querySelector('.chart').getBoundingClientRect();
    const x = element.chart.chart.convertToPixel({ xAxisIndex: 0 }, index);
    return { x: container.left + x, y: container.top + container.height / 2 };
  }, dayIndex);
  await page.mouse.move(point.x, point.y);
}
