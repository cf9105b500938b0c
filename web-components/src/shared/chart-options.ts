/** ECharts option builders for the usage chart and the utilization pie. Pure: data and theme in, option out. */
import { formatAxisValue, formatCount, formatDay, formatPercent, formatUsage, type UsageKind } from './format';
import { LIGHT_PALETTE } from './palette';
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
    fontFamily: pick('--mp-font-family', DEFAULT_CHART_THEME.fontFamily),
  };
}

export interface UsageChartInput {
  type: UsageKind;
  points: readonly UsagePoint[];
  theme: ChartTheme;
  locale?: string;
  animation: boolean;
}

type Formatter = (value: unknown) => string;

/** A daily billable-and-total chart of one usage type, with axis tooltips in the type's unit. */
export function buildUsageChartOption({ type, points, theme, locale, animation }: UsageChartInput) {
  const valueFormatter: Formatter = (value) => formatUsage(type, Number(value ?? 0), locale);
  const textStyle = { color: theme.text, fontFamily: theme.fontFamily };
  return {
    animation,
    textStyle,
    color: [theme.billable, theme.total],
    // The legend is HTML beside the canvas (readable, themable, and no ECharts legend code to load).
    grid: { left: 8, right: 16, top: 16, bottom: 8, containLabel: true },
    tooltip: {
      trigger: 'axis',
      valueFormatter,
      backgroundColor: theme.surface,
      borderColor: theme.grid,
      textStyle,
    },
    xAxis: {
      type: 'category',
      boundaryGap: false,
      data: points.map((point) => formatDay(point.date, locale)),
      axisLabel: { color: theme.mutedText, hideOverlap: true },
      axisLine: { lineStyle: { color: theme.grid } },
    },
    yAxis: {
      type: 'value',
      minInterval: 1,
      axisLabel: { color: theme.mutedText, formatter: (value: number) => formatAxisValue(type, value, locale) },
      splitLine: { lineStyle: { color: theme.grid } },
    },
    series: [
      {
        name: 'Billable',
        type: 'line',
        showSymbol: false,
        areaStyle: { opacity: 0.15 },
        data: points.map((point) => point.billable),
      },
      {
        name: 'Total',
        type: 'line',
        showSymbol: false,
        lineStyle: { type: 'dashed' },
        data: points.map((point) => point.total),
      },
    ],
  };
}

export interface UtilizationPieInput {
  inUse: number;
  available: number;
  theme: ChartTheme;
  locale?: string;
  animation: boolean;
}

/** "In use: 150 (75%)": a slice's count and share, for the legend and the pie's accessible name. */
export function describeSlice(name: string, value: number, total: number, locale?: string): string {
  return `${name}: ${formatCount(value, locale)} (${formatPercent(total === 0 ? 0 : (100 * value) / total, locale)})`;
}

/**
 * In use vs Available. No tooltip: the same figures are printed beside the pie, and leaving the
 * tooltip out keeps its code off pages that hold only the pie.
 */
export function buildUtilizationPieOption({ inUse, available, theme, animation }: UtilizationPieInput) {
  return {
    animation,
    textStyle: { color: theme.text, fontFamily: theme.fontFamily },
    color: [theme.inUse, theme.available],
    series: [
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
    ],
  };
}
