import { DomainError } from '../common/domain-error';
import { divideHalfUp, formatShortest, formatUnits, isCurrency, minorDigits, parseDecimal } from './money';

const refusal = (fn: () => unknown) => {
  try {
    fn();
  } catch (error) {
    return { field: (error as DomainError).field, message: (error as DomainError).message };
  }
  throw new Error('expected a refusal');
};

describe('money', () => {
  it("knows a currency's minor digits as Intl formats it, and only the currencies Intl knows", () => {
    expect([minorDigits('USD'), minorDigits('JPY'), minorDigits('BHD'), minorDigits('EUR')]).toEqual([2, 0, 3, 2]);
    expect(['USD', 'JPY', 'BHD', 'EUR'].every(isCurrency)).toBe(true);
    expect(['XYZ', 'usd', 'US', 'USDD', ''].some(isCurrency)).toBe(false);
  });

  it('parses decimal strings exactly into integers of the scale', () => {
    expect(parseDecimal('1234.5', 2, 'f')).toBe(123450n);
    expect(parseDecimal('1234', 2, 'f')).toBe(123400n);
    expect(parseDecimal('0.000001', 6, 'f')).toBe(1n);
    expect(parseDecimal('007.10', 2, 'f')).toBe(710n);
    expect(parseDecimal('1000000000000', 0, 'f')).toBe(1_000_000_000_000n);
    expect(parseDecimal('1000000000000.000000', 6, 'f')).toBe(1_000_000_000_000_000_000n);
    // 0.1 + 0.2 is exactly 0.3 here: no binary fraction ever holds an amount.
    expect(parseDecimal('0.1', 2, 'f') + parseDecimal('0.2', 2, 'f')).toBe(parseDecimal('0.3', 2, 'f'));
  });

  it('refuses what is not a non-negative decimal of the scale up to 10^12, naming the field', () => {
    expect(refusal(() => parseDecimal('-1', 2, 'plan.baseFee'))).toEqual({
      field: 'plan.baseFee',
      message: 'plan.baseFee must not be negative, got "-1"',
    });
    expect(refusal(() => parseDecimal('10.001', 2, 'plan.baseFee'))).toEqual({
      field: 'plan.baseFee',
      message: 'plan.baseFee has at most 2 decimal places, got "10.001"',
    });
    expect(refusal(() => parseDecimal('0.5', 0, 'f')).message).toBe('f has at most 0 decimal places, got "0.5"');
    expect(refusal(() => parseDecimal('1000000000000.01', 2, 'f')).message).toBe('f must be at most 10^12');
    expect(refusal(() => parseDecimal('1000000000001', 6, 'f')).message).toBe('f must be at most 10^12');
    for (const bad of ['', '.5', '5.', '1e3', ' 1', '+1', '1,5', 'NaN', '0x10']) {
      expect(refusal(() => parseDecimal(bad, 2, 'f')).message).toBe(
        `f must be a decimal number such as "12.50", got "${bad}"`,
      );
    }
  });

  it('formats with exactly the digits of the scale, or at its shortest', () => {
    expect(formatUnits(123450n, 2)).toBe('1234.50');
    expect(formatUnits(1234n, 0)).toBe('1234');
    expect(formatUnits(1250n, 3)).toBe('1.250');
    expect(formatUnits(5n, 2)).toBe('0.05');
    expect(formatUnits(0n, 3)).toBe('0.000');
    expect(formatUnits(-5n, 2)).toBe('-0.05');
    expect(formatShortest(37500n, 6)).toBe('0.0375');
    expect(formatShortest(2_000_000n, 6)).toBe('2');
    expect(formatShortest(0n, 6)).toBe('0');
    expect(formatShortest(4_300_000n, 6)).toBe('4.3');
  });

  it('rounds half up, once', () => {
    expect(divideHalfUp(5n, 10n)).toBe(1n);
    expect(divideHalfUp(4n, 10n)).toBe(0n);
    expect(divideHalfUp(15n, 10n)).toBe(2n);
    expect(divideHalfUp(149n, 100n)).toBe(1n);
    expect(divideHalfUp(0n, 7n)).toBe(0n);
  });
});
