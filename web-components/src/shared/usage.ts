/** Product wording and period mapping for usage figures. Pure. */
import { msg } from '@lit/localize';
import type { UsageKind } from './format';

export type { UsageKind };

export const USAGE_KINDS: readonly UsageKind[] = ['VOICE', 'MESSAGE', 'DATA'];

/** The dropdown's option label, in the widget's language. */
export function usageKindLabel(type: UsageKind): string {
  switch (type) {
    case 'VOICE':
      return msg('Voice');
    case 'MESSAGE':
      return msg('Message');
    case 'DATA':
      return msg('Data');
  }
}

/**
 * The chart heading: DESIGN §1's English words ("Voice Usage for The Current Cycle"), translated in
 * other languages like every other string. One whole sentence per type, since languages inflect it.
 */
export function usageChartHeading(type: UsageKind): string {
  switch (type) {
    case 'VOICE':
      return msg('Voice Usage for The Current Cycle');
    case 'MESSAGE':
      return msg('Message Usage for The Current Cycle');
    case 'DATA':
      return msg('Data Usage for The Current Cycle');
  }
}

/** Accepts the attribute's lowercase spelling ("voice") as well as the API's ("VOICE"). */
export function parseUsageKind(value: string | null | undefined): UsageKind {
  const upper = (value ?? '').trim().toUpperCase();
  return (USAGE_KINDS as readonly string[]).includes(upper) ? (upper as UsageKind) : 'VOICE';
}

export type CycleAttribute = 'current' | 'past' | 'all-time';
export type CyclePeriod = 'CURRENT' | 'PAST' | 'ALL_TIME';

/** `period="all-time"` → `ALL_TIME`; anything unknown means the current cycle. */
export function parseCyclePeriod(value: string | null | undefined): CyclePeriod {
  switch ((value ?? '').trim().toLowerCase().replace(/_/g, '-')) {
    case 'past':
      return 'PAST';
    case 'all-time':
      return 'ALL_TIME';
    default:
      return 'CURRENT';
  }
}

/** A cycle card's title, in the widget's language. */
export function cycleTitle(period: CyclePeriod): string {
  switch (period) {
    case 'CURRENT':
      return msg('Current Cycle');
    case 'PAST':
      return msg('Past Cycle');
    case 'ALL_TIME':
      return msg('All Time');
  }
}

export interface UsagePoint {
  date: string;
  billable: number;
  total: number;
}

/** True when a series has no usage at all, so the widget shows its empty state. */
export function isSeriesEmpty(points: readonly UsagePoint[] | null | undefined): boolean {
  return !points || points.every((point) => point.billable === 0 && point.total === 0);
}

/** A point that may carry VOICE's rated seconds (null for messages and data). */
export interface RatedUsagePoint extends UsagePoint {
  billableSeconds?: number | null;
  totalSeconds?: number | null;
}

/**
 * Points as the widgets plot them: VOICE in minutes from its rated seconds (DESIGN §8: 63.5, not the
 * API's rounded 64, where the seconds are not whole minutes), others as they are.
 */
export function plottedPoints<T extends RatedUsagePoint>(points: readonly T[]): T[] {
  return points.map((point) =>
    point.billableSeconds === null || point.billableSeconds === undefined
      ? point
      : { ...point, billable: point.billableSeconds / 60, total: (point.totalSeconds ?? 0) / 60 },
  );
}
