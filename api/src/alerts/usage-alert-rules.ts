import { CONTRACT_LIMITS } from '../common/contract';
import { DomainError } from '../common/domain-error';
import { UsageType } from '../rating/usage-type';
import { AlertBasis, AlertMeasure } from './usage-alert.entity';

export interface AlertFigures {
  /** Billable so far in the current cycle, per type (the cycle card's figures). */
  billable: Record<UsageType, number>;
  /** The cycle forecast per type (null: no forecast yet). */
  forecast: Record<UsageType, number | null>;
  /** The plan's allowance per type this cycle (null: no plan); DESIGN §9. */
  allowance: Record<UsageType, number | null>;
  /** percentUsed per type (null: no plan, or an allowance of 0). */
  percentUsed: Record<UsageType, number | null>;
  /** forecastPercent per type (null: no plan, an allowance of 0, or no forecast yet). */
  forecastPercent: Record<UsageType, number | null>;
}

export interface AlertLike {
  type: UsageType;
  threshold: number;
  basis: AlertBasis;
  measure: AlertMeasure;
  enabled: boolean;
}

/** INVALID_INPUT naming `threshold` when it is outside what its measure allows. */
export function checkThreshold(threshold: number, measure: AlertMeasure): void {
  if (measure === AlertMeasure.PERCENT_OF_ALLOWANCE) {
    const { min, max } = CONTRACT_LIMITS.allowancePercent;
    if (!Number.isInteger(threshold) || threshold < min || threshold > max) {
      throw DomainError.invalidInput(
        'threshold',
        `A PERCENT_OF_ALLOWANCE threshold is a whole percentage from ${min} to ${max}, got ${threshold}`,
      );
    }
    return;
  }
  if (!Number.isSafeInteger(threshold) || threshold < 1) {
    throw DomainError.invalidInput('threshold', 'threshold must be a whole number from 1 to 2^53-1');
  }
}

/**
 * The figure an alert compares with its threshold: usage or its forecast (UNITS), or the percentage of
 * the allowance either is (PERCENT_OF_ALLOWANCE); null when it has none (no forecast yet, no plan).
 */
export function alertValue(alert: Pick<AlertLike, 'type' | 'basis' | 'measure'>, figures: AlertFigures): number | null {
  const actual = alert.basis === AlertBasis.ACTUAL;
  if (alert.measure === AlertMeasure.PERCENT_OF_ALLOWANCE) {
    return actual ? figures.percentUsed[alert.type] : figures.forecastPercent[alert.type];
  }
  return actual ? figures.billable[alert.type] : figures.forecast[alert.type];
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
