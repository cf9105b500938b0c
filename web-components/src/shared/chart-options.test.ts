import {
  buildUsageChartOption,
  buildUtilizationPieOption,
  DEFAULT_CHART_THEME,
  describeSlice,
  resolveChartTheme,
} from './chart-options';

const points = [
  { date: '2026-11-01', billable: 1_500_000, total: 2_000_000 },
  { date: '2026-11-02', billable: 0, total: 0 },
];

describe('buildUsageChartOption', () => {
  it('plots billable and total per day with locale dates', () => {
    const option = buildUsageChartOption({
      type: 'DATA',
      points,
      theme: DEFAULT_CHART_THEME,
      locale: 'en-US',
      animation: false,
    });
    expect(option.xAxis.data).toEqual(['Nov 1', 'Nov 2']);
    expect(option.series.map((series) => series.name)).toEqual(['Billable', 'Total']);
    expect(option.series[0].data).toEqual([1_500_000, 0]);
    expect(option.series[1].data).toEqual([2_000_000, 0]);
    expect(option.animation).toBe(false);
  });

  it('formats tooltips and axis labels in the type unit', () => {
    const data = buildUsageChartOption({
      type: 'DATA',
      points,
      theme: DEFAULT_CHART_THEME,
      locale: 'en-US',
      animation: true,
    });
    expect(data.tooltip.valueFormatter(1_500_000)).toBe('1.5 MB');
    expect(data.yAxis.axisLabel.formatter(2_000_000)).toBe('2 MB');
    const voice = buildUsageChartOption({
      type: 'VOICE',
      points,
      theme: DEFAULT_CHART_THEME,
      locale: 'en-US',
      animation: true,
    });
    expect(voice.tooltip.valueFormatter(90)).toBe('90 minutes');
  });

  it('uses the theme colours', () => {
    const theme = { ...DEFAULT_CHART_THEME, billable: '#ff0000', total: '#00ff00' };
    expect(buildUsageChartOption({ type: 'VOICE', points, theme, animation: false }).color).toEqual([
      '#ff0000',
      '#00ff00',
    ]);
  });
});

describe('buildUtilizationPieOption', () => {
  it('shows In use and Available with count and share', () => {
    const option = buildUtilizationPieOption({
      inUse: 150,
      available: 50,
      theme: DEFAULT_CHART_THEME,
      locale: 'en-US',
      animation: false,
    });
    expect(option.series[0].data).toEqual([
      { name: 'In use', value: 150 },
      { name: 'Available', value: 50 },
    ]);
    expect(option.color).toEqual([DEFAULT_CHART_THEME.inUse, DEFAULT_CHART_THEME.available]);
  });
});

describe('describeSlice', () => {
  it('gives count and share', () => {
    expect(describeSlice('In use', 150, 200, 'en-US')).toBe('In use: 150 (75%)');
  });

  it('does not divide by zero without numbers', () => {
    expect(describeSlice('In use', 0, 0, 'en-US')).toBe('In use: 0 (0%)');
  });
});

describe('resolveChartTheme', () => {
  it('reads custom properties and keeps defaults for empty ones', () => {
    const declared: Record<string, string> = { '--mp-chart-billable-color': ' #123456 ', '--mp-text-color': '' };
    const theme = resolveChartTheme((property) => declared[property] ?? '');
    expect(theme.billable).toBe('#123456');
    expect(theme.text).toBe(DEFAULT_CHART_THEME.text);
  });
});
