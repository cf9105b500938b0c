/** ECharts option builders for the usage chart and the utilization pie. Pure: data and theme in, option out. */
import { msg, str } from '@lit/localize';
import { formatAxisValue, formatCount, formatDay, formatPercent, formatUsage, type UsageKind } from './format';
import { LIGHT_PALETTE } from './palette';
import { measuredOnAxis, type AlignedPastDay } from './cycle-days';
import type { UsagePoint } from './usage';

/** Colours read from the host's --mp-* custom properties, since CSS does not reach a canvas. */
export interface ChartTheme {
  billable: string;
  total: string;
  inUse: string;
  available: string;
  text: string;
  mutedText: string;
  grid: string;
  surface: string;
  danger: string;
  fontFamily: string;
}

export const DEFAULT_CHART_THEME: ChartTheme = {
  billable: LIGHT_PALETTE.chartBillable,
  total: LIGHT_PALETTE.chartTotal,
  inUse: LIGHT_PALETTE.pieInUse,
  available: LIGHT_PALETTE.pieAvailable,
  text: LIGHT_PALETTE.text,
  mutedText: LIGHT_PALETTE.muted,
  grid: LIGHT_PALETTE.border,
  surface: LIGHT_PALETTE.surface,
  danger: LIGHT_PALETTE.danger,
  fontFamily: 'system-ui, sans-serif',
};

/** Merges what the host declared over the defaults; empty custom properties keep the default. */
export function resolveChartTheme(read: (property: string) => string): ChartTheme {
  const pick = (property: string, fallback: string) => read(property).trim() || fallback;
  return {
    billable: pick('--mp-chart-billable-color', DEFAULT_CHART_THEME.billable),
    total: pick('--mp-chart-total-color', DEFAULT_CHART_THEME.total),
    inUse: pick('--mp-pie-in-use-color', DEFAULT_CHART_THEME.inUse),
    available: pick('--mp-pie-available-color', DEFAULT_CHART_THEME.available),
    text: pick('--mp-text-color', DEFAULT_CHART_THEME.text),
    mutedText: pick('--mp-muted-text-color', DEFAULT_CHART_THEME.mutedText),
    grid: pick('--mp-border-color', DEFAULT_CHART_THEME.grid),
    surface: pick('--mp-surface-color', DEFAULT_CHART_THEME.surface),
    danger: pick('--mp-danger-color', DEFAULT_CHART_THEME.danger),
    fontFamily: pick('--mp-font-family', DEFAULT_CHART_THEME.fontFamily),
  };
}

export interface UsageChartInput {
  type: UsageKind;
  /** Every day of the cycle, oldest first (see cycle-days.ts): the x axis. */
  days: readonly string[];
  /** The measured days, oldest first; the line stops at the last one (today). */
  points: readonly UsagePoint[];
  /** Per axis day: the projected billable from today to the cycle's end, else null. */
  projection?: readonly (number | null)[];
  /** Per axis day: the past cycle's billable on the same day of cycle, when it is shown. */
  past?: readonly (AlignedPastDay | null)[] | null;
  theme: ChartTheme;
  locale?: string;
  animation: boolean;
}

export interface UsageSeriesNames {
  billable: string;
  total: string;
  projection: string;
  past: string;
}

/** The series' names, in the widget's language: read when the option is built, as ECharts shows them later. */
export function usageSeriesNames(): UsageSeriesNames {
  return {
    billable: msg('Billable'),
    total: msg('Total'),
    projection: msg('Projected billable'),
    past: msg('Last cycle, billable'),
  };
}

/** The tooltip's label for a past cycle's day: "Last cycle (Oct 4), billable". */
function pastDayLabel(date: string, locale: string | undefined): string {
  const day = formatDay(date, locale);
  return msg(str`Last cycle (${day}), billable`);
}

/** One series' entry at the hovered day, as ECharts hands it to an axis tooltip's formatter. */
export interface TooltipEntry {
  seriesName?: string;
  dataIndex: number;
  value?: unknown;
  data?: unknown;
  marker?: unknown;
}

/**
 * The axis tooltip: the day, then only the values that exist that day. A future day shows its
 * projection alone, never a measured 0; a measured day does not repeat itself as projected.
 * Plain text in ECharts' rich-text form (lines, and the markers ECharts hands over), drawn on the
 * canvas: an HTML tooltip needs innerHTML and inline styles, which a strict CSP with Trusted Types refuses.
 */
export function usageTooltip(
  entries: readonly TooltipEntry[],
  days: readonly string[],
  type: UsageKind,
  locale?: string,
  names: UsageSeriesNames = usageSeriesNames(),
): string {
  const index = entries[0]?.dataIndex ?? 0;
  const measuredDay = entries.some((entry) => entry.seriesName === names.billable && isValue(entry.value));
  const lines = [formatDay(days[index] ?? '', locale, { weekday: 'short', month: 'short', day: 'numeric' })];
  for (const entry of entries) {
    if (!isValue(entry.value)) continue;
    if (entry.seriesName === names.projection && measuredDay) continue;
    const past = entry.data as { date?: string; label?: string } | null;
    const label =
      entry.seriesName === names.past && past?.date
        ? (past.label ?? pastDayLabel(past.date, locale))
        : (entry.seriesName ?? '');
    const marker = typeof entry.marker === 'string' ? entry.marker : '';
    lines.push(`${marker}${plainRichText(label)}: ${plainRichText(formatUsage(type, Number(entry.value), locale))}`);
  }
  return lines.join('\n');
}

function isValue(value: unknown): boolean {
  return value !== null && value !== undefined && value !== '-' && Number.isFinite(Number(value));
}

/** Braces would start a rich-text style ("{name|text}"); the words never need them, so they become parentheses. */
function plainRichText(text: string): string {
  return text.replaceAll('{', '(').replaceAll('}', ')');
}

/**
 * The lines: the measured billable and total (null after today, so no future day reads as 0), then the
 * dashed projection and the dotted past cycle, each only when there is one.
 */
function usageChartSeries(
  { days, points, projection, past, theme, locale }: UsageChartInput,
  names: UsageSeriesNames,
): Record<string, unknown>[] {
  const measured = measuredOnAxis(days, points);
  const line = { type: 'line', showSymbol: false, connectNulls: false } as const;
  const series: Record<string, unknown>[] = [
    {
      ...line,
      name: names.billable,
      color: theme.billable,
      areaStyle: { opacity: 0.15 },
      data: measured.billable,
    },
    { ...line, name: names.total, color: theme.total, data: measured.total },
  ];
  if (projection?.some((value) => value !== null)) {
    series.push({
      ...line,
      name: names.projection,
      color: theme.billable,
      lineStyle: { type: 'dashed', width: 2 },
      data: [...projection],
    });
  }
  if (past) {
    series.push({
      ...line,
      name: names.past,
      color: theme.mutedText,
      lineStyle: { type: 'dotted', width: 2 },
      data: past.map((day) =>
        day ? { value: day.value, date: day.date, label: pastDayLabel(day.date, locale) } : null,
      ),
    });
  }
  return series;
}

/**
 * The cycle's daily billable and total over the whole cycle: the measured lines stop at today, a dashed
 * projection runs on to the cycle's end, and the past cycle's billable can be drawn dotted alongside,
 * aligned by day of cycle.
 */
export function buildUsageChartOption(input: UsageChartInput) {
  const { type, days, theme, locale, animation } = input;
  const textStyle = { color: theme.text, fontFamily: theme.fontFamily };
  // Words are looked up now, in the widget's language; the tooltip formatter runs later, on hover.
  const names = usageSeriesNames();
  return {
    animation,
    textStyle,
    color: [theme.billable, theme.total],
    // The legend is HTML beside the canvas (readable, themable, and no ECharts legend code to load).
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      // Drawn on the canvas, inside the chart: no HTML, so it works under a strict CSP (docs/embedding.md).
      renderMode: 'richText',
      confine: true,
      formatter: (entries: TooltipEntry[] | TooltipEntry) =>
        usageTooltip(Array.isArray(entries) ? entries : [entries], days, type, locale, names),
      backgroundColor: theme.surface,
      borderColor: theme.grid,
      textStyle,
    },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: days.map((day) => formatDay(day, locale)),
      axisLabel: { color: theme.mutedText, hideOverlap: true },
      axisLine: { lineStyle: { color: theme.grid } },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: theme.mutedText, formatter: (value: number) => formatAxisValue(type, value, locale) },
      splitLine: { lineStyle: { color: theme.grid } },
    },
    series: usageChartSeries(input, names),
  };
}

export interface UtilizationPieInput {
  inUse: number;
  available: number;
  /** The utilization threshold, 1–100, marked on the ring; left out when absent. */
  thresholdPercent?: number | null;
  /** Whether utilization reaches the threshold: the mark turns the danger colour. */
  reached?: boolean;
  theme: ChartTheme;
  locale?: string;
  animation: boolean;
}

/** "In use: 150 (75%)": a slice's count and share, for the legend and the pie's accessible name. */
export function describeSlice(name: string, value: number, total: number, locale?: string): string {
  return `${name}: ${formatCount(value, locale)} (${formatPercent(total === 0 ? 0 : (100 * value) / total, locale)})`;
}

// The threshold mark's width, in percent of the ring: thin, yet wide enough to see at 200 px.
const THRESHOLD_MARK_WIDTH = 0.8;

/**
 * The threshold mark: a second, silent ring over the first whose only visible slice is a thin tick at
 * the threshold's share of the circle (the pie starts at 12 o'clock and runs clockwise, as the first
 * ring does), reaching a little past the ring on both sides. Drawn with the pie itself, so it costs no
 * further charting code on the page.
 */
export function thresholdMarkSeries(percent: number, reached: boolean, theme: ChartTheme) {
  const clamped = Math.min(100, Math.max(0, percent));
  const before = round3(Math.min(100 - THRESHOLD_MARK_WIDTH, Math.max(0, clamped - THRESHOLD_MARK_WIDTH / 2)));
  const hidden = { color: 'transparent' };
  return {
    name: 'Utilization threshold',
    type: 'pie',
    radius: ['48%', '92%'],
    silent: true,
    z: 3,
    label: { show: false },
    labelLine: { show: false },
    emphasis: { disabled: true },
    itemStyle: { borderWidth: 0 },
    data: [
      { name: 'Below threshold', value: before, itemStyle: hidden },
      { name: 'Threshold', value: THRESHOLD_MARK_WIDTH, itemStyle: { color: reached ? theme.danger : theme.text } },
      { name: 'Above threshold', value: Math.max(0, round3(100 - before - THRESHOLD_MARK_WIDTH)), itemStyle: hidden },
    ],
  };
}

function round3(value: number): number {
  return Math.round(value * 1000) / 1000;
}

/**
 * In use vs Available, with the threshold marked on the ring. No tooltip: the same figures are
 * printed beside the pie, and leaving the tooltip out keeps its code off pages that hold only the pie.
 */
export function buildUtilizationPieOption({
  inUse,
  available,
  thresholdPercent,
  reached = false,
  theme,
  animation,
}: UtilizationPieInput) {
  const series: Record<string, unknown>[] = [
    {
      name: 'Number utilization',
      type: 'pie',
      radius: ['55%', '85%'],
      silent: false,
      label: { show: false },
      emphasis: { scale: false },
      itemStyle: { borderColor: theme.surface, borderWidth: 2 },
      data: [
        { name: 'In use', value: inUse },
        { name: 'Available', value: available },
      ],
    },
  ];
  if (thresholdPercent !== null && thresholdPercent !== undefined) {
    series.push(thresholdMarkSeries(thresholdPercent, reached, theme));
  }
  return {
    animation,
    textStyle: { color: theme.text, fontFamily: theme.fontFamily },
    color: [theme.inUse, theme.available],
    series,
  };
}
