import { UsageType } from '../rating/usage-type';
import { AlertBasis } from './usage-alert.entity';

export interface AlertFigures {
  /** Billable so far in the current cycle, per type (the cycle card's figures). */
  billable: Record<UsageType, number>;
  /** The cycle forecast per type (null: no forecast yet). */
  forecast: Record<UsageType, number | null>;
}

export interface AlertLike {
  type: UsageType;
  threshold: number;
  basis: AlertBasis;
  enabled: boolean;
}

/** The figure an alert compares with its threshold; null when it has none (no forecast yet). */
export function alertValue(alert: Pick<AlertLike, 'type' | 'basis'>, figures: AlertFigures): number | null {
  return alert.basis === AlertBasis.ACTUAL ? figures.billable[alert.type] : figures.forecast[alert.type];
}

/** Reached: enabled and its figure at or above the threshold (whether it fired this cycle is the caller's). */
export function isAlertReached(alert: AlertLike, figures: AlertFigures): boolean {
  const value = alertValue(alert, figures);
  return alert.enabled && value !== null && value >= alert.threshold;
}

/** Unique per alert and cycle: the outbox's cause_key makes "once per cycle" hold across retries and processes. */
export function usageAlertCauseKey(alertId: number, cycleStartDate: string): string {
  return `usage-alert:${alertId}:cycle:${cycleStartDate}`;
}
