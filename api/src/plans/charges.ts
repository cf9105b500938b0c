/**
 * A cycle's bill under its plan (DESIGN §9): each usage type's allowance and how much of it is used,
 * and the charges so far and at the cycle's end. Pure functions, no I/O. Money is exact: integers of
 * the currency's minor unit, each usage line rounded half up once; percentages are exact to the
 * tenth (BigInt), rounded half away from zero as the other percentages of the API are.
 */
import { UsageType } from '../rating/usage-type';
import { divideHalfUp, minorDigits, pow10, RATE_DECIMALS } from './money';
import { PlanTerms } from './plan-terms';

/** The figures of a cycle a bill needs: the whole account's (the plan covers every sub-organization). */
export interface CycleAmounts {
  /** The cycle's active users (CURRENT: now; PAST: at its end). */
  activeUsers: number;
  /** Billable so far as the rollups hold it: VOICE rated seconds, MESSAGE messages, DATA bytes. */
  billable: Record<UsageType, number>;
  /** The forecast of the cycle's billable total as reported (VOICE minutes); null without one (and on PAST). */
  forecast: Record<UsageType, number | null>;
}

/** One type's allowance and its use. */
export interface AllowanceUse {
  /** included + includedPerActiveUser × activeUsers, in the type's unit (minutes, messages, bytes). */
  allowance: number;
  /** 100 × used / allowance, to one decimal; null when the allowance is 0. */
  percentUsed: number | null;
  /** The same with the forecast; null when the allowance is 0 or there is no forecast. */
  forecastPercent: number | null;
}

/** Charges in the currency's minor unit. */
export interface ChargeLines {
  fixed: bigint;
  voice: bigint;
  message: bigint;
  data: bigint;
  total: bigint;
  /** The same sum with the forecast in place of billable usage; null when the cycle has no forecast. */
  forecastTotal: bigint | null;
}

export interface CycleBill {
  currency: string;
  /** The currency's minor-unit digits: each charge is an integer of 10^-digits. */
  digits: number;
  use: Record<UsageType, AllowanceUse>;
  charges: ChargeLines;
}

const TYPES = [UsageType.VOICE, UsageType.MESSAGE, UsageType.DATA] as const;

/** Stored units (seconds, messages, bytes) per unit of the allowance (minutes, messages, bytes). */
const STORED_PER_ALLOWANCE_UNIT: Record<UsageType, bigint> = { VOICE: 60n, MESSAGE: 1n, DATA: 1n };
/** Stored units per unit the overage rate prices: a minute, a message, a gigabyte (10^9 bytes). */
const STORED_PER_PRICED_UNIT: Record<UsageType, bigint> = { VOICE: 60n, MESSAGE: 1n, DATA: 1_000_000_000n };

/** 100 × used / allowance (both in stored units) to one decimal, half away from zero; null for no allowance. */
export function percentOf(used: bigint, allowance: bigint): number | null {
  if (allowance <= 0n) return null;
  return Number(divideHalfUp(1000n * used, allowance)) / 10;
}

/**
 * One usage line: what is used beyond the allowance (both in stored units) × the rate (millionths of
 * the currency per priced unit), in the minor unit (10^-digits), rounded half up.
 */
export function overageCharge(type: UsageType, used: bigint, allowance: bigint, rate: bigint, digits: number): bigint {
  const over = used - allowance;
  if (over <= 0n) return 0n;
  return divideHalfUp(over * rate * pow10(digits), STORED_PER_PRICED_UNIT[type] * pow10(RATE_DECIMALS));
}

/** Usage in stored units: billable as the rollups hold it, or the forecast (VOICE: forecast minutes × 60 seconds). */
function storedUsage(type: UsageType, amounts: CycleAmounts, useForecast: boolean): bigint | null {
  if (!useForecast) return BigInt(amounts.billable[type]);
  const forecast = amounts.forecast[type];
  return forecast === null ? null : BigInt(forecast) * STORED_PER_ALLOWANCE_UNIT[type];
}

/** The bill of a cycle priced by `terms`, from the whole account's figures of that cycle. */
export function cycleBill(terms: PlanTerms, amounts: CycleAmounts): CycleBill {
  const digits = minorDigits(terms.currency);
  const users = BigInt(amounts.activeUsers);
  const fixed = terms.baseFee + terms.perActiveUserFee * users;
  const use = {} as Record<UsageType, AllowanceUse>;
  const lines = { actual: {} as Record<UsageType, bigint>, forecast: {} as Record<UsageType, bigint | null> };
  for (const type of TYPES) {
    const { included, includedPerActiveUser, overageRate } = terms.allowances[type];
    const allowance = BigInt(included) + BigInt(includedPerActiveUser) * users;
    const allowanceStored = allowance * STORED_PER_ALLOWANCE_UNIT[type];
    const used = storedUsage(type, amounts, false)!;
    const forecast = storedUsage(type, amounts, true);
    use[type] = {
      allowance: Number(allowance),
      percentUsed: percentOf(used, allowanceStored),
      forecastPercent: forecast === null ? null : percentOf(forecast, allowanceStored),
    };
    lines.actual[type] = overageCharge(type, used, allowanceStored, overageRate, digits);
    lines.forecast[type] =
      forecast === null ? null : overageCharge(type, forecast, allowanceStored, overageRate, digits);
  }
  const sum = (byType: Record<UsageType, bigint | null>): bigint | null =>
    TYPES.some((t) => byType[t] === null) ? null : TYPES.reduce((total, t) => total + byType[t]!, fixed);
  return {
    currency: terms.currency,
    digits,
    use,
    charges: {
      fixed,
      voice: lines.actual.VOICE,
      message: lines.actual.MESSAGE,
      data: lines.actual.DATA,
      total: sum(lines.actual)!,
      forecastTotal: sum(lines.forecast),
    },
  };
}
