/**
 * Exact decimal money (DESIGN §9): amounts are bigint integers of a fixed scale (10^-digits), never a
 * JavaScript number, from the decimal strings the API takes to the ones it answers. Pure, no I/O.
 */
import { DomainError } from '../common/domain-error';

/** Decimal places an overage rate may have: rates are kept as integers of 10^-6. */
export const RATE_DECIMALS = 6;

/** The largest fee, rate or allowance a plan may hold (DESIGN §9: every amount ≤ 10^12). */
export const MAX_AMOUNT = 1_000_000_000_000n;

let currencies: ReadonlySet<string> | null = null;

/** Whether `code` is an ISO 4217 currency this runtime knows: one of `Intl.supportedValuesOf('currency')`. */
export function isCurrency(code: string): boolean {
  currencies ??= new Set(Intl.supportedValuesOf('currency'));
  return currencies.has(code);
}

const digitsOf = new Map<string, number>();

/** The currency's minor-unit digits as Intl formats it: USD 2, JPY 0, BHD 3. */
export function minorDigits(currency: string): number {
  let digits = digitsOf.get(currency);
  if (digits === undefined) {
    digits = new Intl.NumberFormat('en', { style: 'currency', currency }).resolvedOptions().maximumFractionDigits!;
    digitsOf.set(currency, digits);
  }
  return digits;
}

export const pow10 = (exponent: number): bigint => 10n ** BigInt(exponent);

const DECIMAL = /^(\d+)(?:\.(\d+))?$/;

/**
 * A non-negative decimal string ("12.5", "0.000125", "3") as an integer of 10^-`scale`, exactly;
 * INVALID_INPUT naming `field` when it is not one, is negative, has more than `scale` decimal places
 * (as written: "1.500" has three), or is over 10^12.
 */
export function parseDecimal(text: string, scale: number, field: string): bigint {
  const match = DECIMAL.exec(text);
  if (!match) {
    const negative = /^-\d+(?:\.\d+)?$/.test(text);
    throw DomainError.invalidInput(
      field,
      negative
        ? `${field} must not be negative, got "${text}"`
        : `${field} must be a decimal number such as "12.50", got "${text}"`,
    );
  }
  const [, whole, fraction = ''] = match;
  if (fraction.length > scale) {
    throw DomainError.invalidInput(
      field,
      `${field} has at most ${scale} decimal place${scale === 1 ? '' : 's'}, got "${text}"`,
    );
  }
  const units = BigInt(whole) * pow10(scale) + BigInt(fraction.padEnd(scale, '0') || '0');
  if (units > MAX_AMOUNT * pow10(scale)) throw DomainError.invalidInput(field, `${field} must be at most 10^12`);
  return units;
}

/** An integer of 10^-`scale` as a decimal string with exactly `scale` places: (123450n, 2) → "1234.50". */
export function formatUnits(units: bigint, scale: number): string {
  const negative = units < 0n;
  const digits = (negative ? -units : units).toString().padStart(scale + 1, '0');
  const whole = digits.slice(0, digits.length - scale);
  const text = scale === 0 ? whole : `${whole}.${digits.slice(digits.length - scale)}`;
  return negative ? `-${text}` : text;
}

/** An integer of 10^-`scale` as its shortest decimal string: (12500n, 6) → "0.0125", (2000000n, 6) → "2". */
export function formatShortest(units: bigint, scale: number): string {
  return formatUnits(units, scale)
    .replace(/(\.\d*?)0+$/, '$1')
    .replace(/\.$/, '');
}

/** numerator / denominator rounded half up (both ≥ 0, denominator > 0): the one rounding money sees. */
export function divideHalfUp(numerator: bigint, denominator: bigint): bigint {
  return (2n * numerator + denominator) / (2n * denominator);
}
