import {
  buildUsageChartOption,
  buildUtilizationPieOption,
  DEFAULT_CHART_THEME,
  describeSlice,
  resolveChartTheme,
  thresholdMarkSeries,
  usageTooltip,
} from './chart-options';

const points = [
  { date: '2026-11-01', billable: 1_500_000, total: 2_000_000 },
  { date: '2026-11-02', billable: 0, total: 0 },
];
const days = ['2026-11-01', '2026-11-02', '2026-11-03', '2026-11-04'];
const base = { type: 'DATA' as const, days, points, theme: DEFAULT_CHART_THEME, locale: 'en-US', animation: false };

describe('buildUsageChartOption', () => {
  it('spans the whole cycle and stops the measured lines at today', () => {
    const option = buildUsageChartOption(base);
    expect(option.xAxis.data).toEqual(['Nov 1', 'Nov 2', 'Nov 3', 'Nov 4']);
    expect(option.series.map((series) => series.name)).toEqual(['Billable', 'Total']);
    expect(option.series[0].data).toEqual([1_500_000, 0, null, null]);
    expect(option.series[1].data).toEqual([2_000_000, 0, null, null]);
    expect(option.series.every((series) => series.connectNulls === false)).toBe(true);
    expect(option.animation).toBe(false);
  });

  it('adds a dashed projection and the dotted past cycle when given', () => {
    const option = buildUsageChartOption({
      ...base,
      projection: [null, 0, 500, 500],
      past: [{ value: 7, date: '2026-10-01' }, null, null, null],
    });
    expect(option.series.map((series) => series.name)).toEqual([
      'Billable',
      'Total',
      'Projected billable',
      'Last cycle, billable',
    ]);
    expect(option.series[2]).toMatchObject({ data: [null, 0, 500, 500], lineStyle: { type: 'dashed' } });
    expect(option.series[3]).toMatchObject({
      data: [{ value: 7, date: '2026-10-01' }, null, null, null],
      lineStyle: { type: 'dotted' },
    });
  });

  it('leaves the projection out when it has no value', () => {
    const option = buildUsageChartOption({ ...base, projection: [null, null, null, null] });
    expect(option.series).toHaveLength(2);
  });

  it('formats axis labels in the type unit', () => {
    expect(buildUsageChartOption(base).yAxis.axisLabel.formatter(2_000_000)).toBe('2 MB');
  });

  it('uses the theme colours', () => {
    const theme = { ...DEFAULT_CHART_THEME, billable: '#ff0000', total: '#00ff00' };
    const option = buildUsageChartOption({ ...base, theme, projection: [null, 0, 1, 1] });
    expect(option.series.map((series) => series.color)).toEqual(['#ff0000', '#00ff00', '#ff0000']);
  });
});

describe('usageTooltip', () => {
  const entry = (seriesName: string, dataIndex: number, value: unknown, data: unknown = value) => ({
    seriesName,
    dataIndex,
    value,
    data,
    marker: '{m|}',
  });

  it('shows the measured values of a measured day, without repeating today as projected', () => {
    const text = usageTooltip(
      [entry('Billable', 1, 0), entry('Total', 1, 0), entry('Projected billable', 1, 0)],
      days,
      'VOICE',
      'en-US',
    );
    expect(text).toBe('Mon, Nov 2\n{m|}Billable: 0 minutes\n{m|}Total: 0 minutes');
  });

  it('never shows a future day as a measured 0: only its projection and the past cycle', () => {
    const text = usageTooltip(
      [
        entry('Billable', 3, null),
        entry('Total', 3, null),
        entry('Projected billable', 3, 420),
        entry('Last cycle, billable', 3, 380, { value: 380, date: '2026-10-04' }),
      ],
      days,
      'VOICE',
      'en-US',
    );
    expect(text).not.toContain('Billable:');
    expect(text).not.toContain('Total');
    expect(text).toBe('Wed, Nov 4\n{m|}Projected billable: 420 minutes\n{m|}Last cycle (Oct 4), billable: 380 minutes');
  });

  it('is rich text, never HTML: a brace in a name cannot start a style', () => {
    const names = { billable: 'Billable', total: 'Total', projection: 'Projected', past: 'Past' };
    const text = usageTooltip([entry('{b|x}', 1, 5)], days, 'MESSAGE', 'en-US', names);
    expect(text).toBe('Mon, Nov 2\n{m|}(b|x): 5 messages');
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
    expect(option.series).toHaveLength(1);
    expect(option.color).toEqual([DEFAULT_CHART_THEME.inUse, DEFAULT_CHART_THEME.available]);
  });

  it('marks the threshold on the ring, in the danger colour once reached', () => {
    const option = buildUtilizationPieOption({
      inUse: 150,
      available: 50,
      thresholdPercent: 80,
      reached: false,
      theme: DEFAULT_CHART_THEME,
      animation: false,
    });
    const mark = option.series[1] as ReturnType<typeof thresholdMarkSeries>;
    expect(mark.silent).toBe(true);
    expect(mark.data.map((slice) => slice.value)).toEqual([79.6, 0.8, 19.6]);
    expect(mark.data[1].itemStyle.color).toBe(DEFAULT_CHART_THEME.text);
    expect(thresholdMarkSeries(80, true, DEFAULT_CHART_THEME).data[1].itemStyle.color).toBe(DEFAULT_CHART_THEME.danger);
  });

  it('keeps the mark inside the circle at 1% and 100%', () => {
    for (const percent of [1, 100]) {
      const values = thresholdMarkSeries(percent, false, DEFAULT_CHART_THEME).data.map((slice) => slice.value);
      expect(values.every((value) => value >= 0)).toBe(true);
      expect(values.reduce((sum, value) => sum + value, 0)).toBeCloseTo(100);
    }
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
