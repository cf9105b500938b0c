/**
 * Accessibility checks for the browser tests: axe-core injected from node_modules (nothing is fetched
 * at run time), and the contrast of every visible text measured from computed styles.
 */
import type { Page } from 'playwright-core';

const AXE_SCRIPT = require.resolve('axe-core/axe.min.js');

/** WCAG 2.0–2.2 A and AA, plus axe's best practices (landmarks, one h1, …). */
const AXE_TAGS = ['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa', 'wcag22aa', 'best-practice'];

export interface AxeViolation {
  id: string;
  impact: string | null;
  help: string;
  /** Each offending node's selector path (through shadow roots) and axe's summary of what is wrong. */
  nodes: { target: unknown; summary: string }[];
}

/** Runs axe over the whole page, open shadow roots included, and answers its violations. */
export async function axeViolations(page: Page): Promise<AxeViolation[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ path: AXE_SCRIPT });
  return page.evaluate(async (tags) => {
    const axe = (window as any).axe;
    const results = await axe.run(document, { runOnly: { type: 'tag', values: tags }, resultTypes: ['violations'] });
    return results.violations.map((violation: any) => ({
      id: violation.id,
      impact: violation.impact,
      help: violation.help,
      nodes: violation.nodes.map((node: any) => ({ target: node.target, summary: node.failureSummary })),
    }));
  }, AXE_TAGS);
}

export interface TextContrast {
  text: string;
  /** The widget (or page) the text sits in. */
  where: string;
  color: string;
  background: string;
  ratio: number;
}

/**
 * The contrast of every visible text on the page against its effective background: the text's colour
 * blended over the stack of (semi-transparent) backgrounds behind it, found by walking up through
 * shadow roots to the first opaque one (else the page canvas). Visually hidden text (1 px, clipped),
 * text in a canvas (not DOM text) and disabled controls (exempt under WCAG 1.4.3) are left out.
 */
export function measureTextContrast(page: Page): Promise<TextContrast[]> {
  return page.evaluate(() => {
    type Rgba = [number, number, number, number];
    const parse = (value: string): Rgba => {
      const numbers = value.match(/[\d.]+/g)?.map(Number) ?? [0, 0, 0, 0];
      return [numbers[0], numbers[1], numbers[2], numbers[3] ?? 1];
    };
    const over = (top: Rgba, bottom: Rgba): Rgba => {
      const alpha = top[3] + bottom[3] * (1 - top[3]);
      const mix = (index: number) => (top[index] * top[3] + bottom[index] * bottom[3] * (1 - top[3])) / alpha;
      return [mix(0), mix(1), mix(2), alpha];
    };
    const luminance = ([red, green, blue]: Rgba) => {
      const linear = (channel: number) => {
        const value = channel / 255;
        return value <= 0.03928 ? value / 12.92 : ((value + 0.055) / 1.055) ** 2.4;
      };
      return 0.2126 * linear(red) + 0.7152 * linear(green) + 0.0722 * linear(blue);
    };
    const parentOf = (element: Element): Element | null =>
      element.parentElement ?? ((element.getRootNode() as ShadowRoot).host || null);
    const canvasColour = (): Rgba =>
      getComputedStyle(document.documentElement).colorScheme.includes('dark') &&
      matchMedia('(prefers-color-scheme: dark)').matches
        ? [18, 18, 18, 1]
        : [255, 255, 255, 1];
    const backgroundOf = (element: Element): Rgba => {
      const layers: Rgba[] = [];
      for (let current: Element | null = element; current; current = parentOf(current)) {
        const layer = parse(getComputedStyle(current).backgroundColor);
        if (layer[3] > 0) layers.push(layer);
        if (layer[3] >= 1) break;
      }
      return layers.reduceRight((below, layer) => over(layer, below), canvasColour());
    };
    const whereOf = (element: Element): string => {
      let host: Element | null = element;
      let where = 'page';
      while (host) {
        const root = host.getRootNode();
        if (!(root instanceof ShadowRoot)) break;
        where = root.host.localName;
        host = root.host;
      }
      return where;
    };
    const clippedAway = (element: Element) => {
      const box = element.getBoundingClientRect();
      return (box.width <= 1 || box.height <= 1) && getComputedStyle(element).overflow === 'hidden';
    };
    const visible = (element: Element) => {
      const box = element.getBoundingClientRect();
      if (box.width <= 1 || box.height <= 1 || getComputedStyle(element).visibility === 'hidden') return false;
      if (!element.checkVisibility()) return false;
      for (let current = parentOf(element); current; current = parentOf(current)) {
        if (clippedAway(current)) return false;
      }
      return true;
    };
    const disabled = (element: Element) => element.closest(':disabled, [aria-disabled="true"]') !== null;
    const rgb = ([red, green, blue]: Rgba) => `rgb(${[red, green, blue].map(Math.round).join(', ')})`;

    const measured: TextContrast[] = [];
    const visit = (root: Document | ShadowRoot) => {
      for (const element of root.querySelectorAll('*')) {
        if (element.shadowRoot) visit(element.shadowRoot);
        const ownText = [...element.childNodes]
          .filter((node) => node.nodeType === Node.TEXT_NODE)
          .map((node) => node.textContent ?? '')
          .join('')
          .trim();
        const text = element instanceof HTMLSelectElement ? (element.selectedOptions[0]?.text ?? '') : ownText;
        if (!text || element instanceof HTMLOptionElement || element.closest('script, style, title')) continue;
        if (!visible(element) || disabled(element)) continue;
        const background = backgroundOf(element);
        const foreground = over(parse(getComputedStyle(element).color), background);
        const [lighter, darker] = [luminance(foreground), luminance(background)].sort((a, b) => b - a);
        measured.push({
          text: text.slice(0, 40),
          where: whereOf(element),
          color: rgb(foreground),
          background: rgb(background),
          ratio: Math.round(((lighter + 0.05) / (darker + 0.05)) * 100) / 100,
        });
      }
    };
    visit(document);
    return measured;
  });
}
