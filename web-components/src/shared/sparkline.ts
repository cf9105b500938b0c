/**
 * The utilization history as SVG path data, so the details modal draws its small chart with a few
 * lines of inline SVG instead of loading a charting library; and its text alternative. Pure.
 */
import { msg, str } from '@lit/localize';
import { formatCount, formatDay } from './format';

export interface UtilizationHistoryPoint {
  date: string;
  inUse: number;
  total: number;
}

export interface SparklinePaths {
  /** The in-use line. */
  inUse: string;
  /** The in-use line closed down to the baseline, for a light fill under it. */
  inUseArea: string;
  /** The numbers held (total) line. */
  total: string;
}

/**
 * Paths in a `width` × `height` box (y grows downwards, 0 at the top), scaled to the largest total
 * so in use and total share one scale; a single point is drawn as a flat line across the box.
 */
export function sparklinePaths(
  points: readonly UtilizationHistoryPoint[],
  width: number,
  height: number,
): SparklinePaths | null {
  if (points.length === 0) return null;
  const top = Math.max(1, ...points.map((point) => Math.max(point.total, point.inUse)));
  const series = points.length === 1 ? [points[0], points[0]] : points;
  const x = (index: number) => round((index * width) / (series.length - 1));
  const y = (value: number) => round(height - (value * height) / top);
  const line = (pick: (point: UtilizationHistoryPoint) => number) =>
    series.map((point, index) => `${index === 0 ? 'M' : 'L'}${x(index)} ${y(pick(point))}`).join(' ');
  const inUse = line((point) => point.inUse);
  return {
    inUse,
    inUseArea: `${inUse} L${x(series.length - 1)} ${height} L0 ${height} Z`,
    total: line((point) => point.total),
  };
}

function round(value: number): number {
  return Math.round(value * 10) / 10;
}

/**
 * The history in one sentence for screen readers: "Numbers in use over the last 90 days: 150 of 200 on
 * Aug 8, 192 of 220 on Nov 5; lowest 140, highest 192."
 */
export function describeHistory(points: readonly UtilizationHistoryPoint[], locale?: string): string {
  if (points.length === 0) return msg('No utilization history yet.');
  const first = points[0];
  const last = points[points.length - 1];
  const inUse = points.map((point) => point.inUse);
  const at = (point: UtilizationHistoryPoint) => {
    const inUseThen = formatCount(point.inUse, locale);
    const totalThen = formatCount(point.total, locale);
    const day = formatDay(point.date, locale);
    return msg(str`${inUseThen} of ${totalThen} on ${day}`);
  };
  const lowest = formatCount(Math.min(...inUse), locale);
  const highest = formatCount(Math.max(...inUse), locale);
  if (points.length === 1) return msg(str`Numbers in use today: ${at(first)}; lowest ${lowest}, highest ${highest}.`);
  const days = formatCount(points.length, locale);
  const span = `${at(first)}, ${at(last)}`;
  return msg(str`Numbers in use over the last ${days} days: ${span}; lowest ${lowest}, highest ${highest}.`);
}
