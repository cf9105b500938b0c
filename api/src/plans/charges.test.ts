import { UsageType } from '../rating/usage-type';
import { CycleAmounts, cycleBill, overageCharge, percentOf } from './charges';
import { formatUnits } from './money';
import { validatePlanTerms } from './plan-terms';

/** A bill's charges as the API writes them. */
const written = (bill: ReturnType<typeof cycleBill>) =>
  Object.fromEntries(
    Object.entries(bill.charges).map(([k, v]) => [k, v === null ? null : formatUnits(v as bigint, bill.digits)]),
  );

describe('a cycle bill (DESIGN §9)', () => {
  it('prices the USD example worked by hand (the same figures as api/test/plans.test.ts and docs/billing.md)', () => {
    const terms = validatePlanTerms({
      name: 'Business Pooled',
      currency: 'USD',
      baseFee: '49.00',
      perActiveUserFee: '12.50',
      voice: { included: 100, includedPerActiveUser: 30, overageRate: '0.0375' },
      message: { included: 200, overageRate: '0.01' },
      data: { included: 2_000_000_000, includedPerActiveUser: 1_000_000_000, overageRate: '4.3' },
    });
    const amounts: CycleAmounts = {
      activeUsers: 3,
      billable: { VOICE: 13_446, MESSAGE: 225, DATA: 5_850_000_000 },
      forecast: { VOICE: 772, MESSAGE: 775, DATA: 20_150_000_000 },
    };
    const bill = cycleBill(terms, amounts);
    expect(bill.use).toEqual({
      // 100 + 30 × 3 = 190 minutes = 11,400 s: 13,446 / 11,400 = 117.947…%; forecast 772 × 60 = 46,320 s, 406.315…%.
      VOICE: { allowance: 190, percentUsed: 117.9, forecastPercent: 406.3 },
      // 200: 225 / 200 = 112.5%; 775 / 200 = 387.5%.
      MESSAGE: { allowance: 200, percentUsed: 112.5, forecastPercent: 387.5 },
      // 2 GB + 1 GB × 3 = 5 GB: 5.85 / 5 = 117%; 20.15 / 5 = 403%.
      DATA: { allowance: 5_000_000_000, percentUsed: 117, forecastPercent: 403 },
    });
    expect(written(bill)).toEqual({
      fixed: '86.50', // 49.00 + 12.50 × 3
      voice: '1.28', // (13,446 − 11,400) s = 34.1 min × 0.0375 = 1.27875
      message: '0.25', // 25 × 0.01
      data: '3.66', // 0.85 GB × 4.3 = 3.655, half up
      total: '91.69',
      // 86.50 + 21.83 (582 min × 0.0375 = 21.825) + 5.75 (575 × 0.01) + 65.15 (15.15 GB × 4.3 = 65.145)
      forecastTotal: '179.23',
    });
  });

  it('rounds each line to whole yen, and leaves percentages null without an allowance', () => {
    const terms = validatePlanTerms({
      name: 'Yen',
      currency: 'JPY',
      baseFee: '5000',
      voice: { overageRate: '3.3333' },
      message: { included: 10, overageRate: '1.5' },
      data: { overageRate: '0.1' },
    });
    const bill = cycleBill(terms, {
      activeUsers: 0,
      billable: { VOICE: 120, MESSAGE: 17, DATA: 2_500_000_000 },
      forecast: { VOICE: null, MESSAGE: null, DATA: null },
    });
    // 2 min × 3.3333 = 6.6666 → 7; 7 × 1.5 = 10.5 → 11; 2.5 GB × 0.1 = 0.25 → 0.
    expect(written(bill)).toEqual({
      fixed: '5000',
      voice: '7',
      message: '11',
      data: '0',
      total: '5018',
      forecastTotal: null,
    });
    expect(bill.use.VOICE).toEqual({ allowance: 0, percentUsed: null, forecastPercent: null });
    expect(bill.use.MESSAGE).toEqual({ allowance: 10, percentUsed: 170, forecastPercent: null });
  });

  it('rounds 6-decimal rates to the 3 digits of the dinar', () => {
    const terms = validatePlanTerms({
      name: 'Dinar',
      currency: 'BHD',
      baseFee: '2.5',
      voice: { overageRate: '0.004567' },
      message: { overageRate: '0.012345' },
      data: { overageRate: '0.123456' },
    });
    const bill = cycleBill(terms, {
      activeUsers: 4,
      billable: { VOICE: 3600, MESSAGE: 100, DATA: 10_500_000_000 },
      forecast: { VOICE: 60, MESSAGE: 100, DATA: 10_500_000_000 },
    });
    // 60 min × 0.004567 = 0.27402; 100 × 0.012345 = 1.2345 (half up); 10.5 GB × 0.123456 = 1.296288.
    expect(written(bill)).toEqual({
      fixed: '2.500',
      voice: '0.274',
      message: '1.235',
      data: '1.296',
      total: '5.305',
      forecastTotal: '5.305',
    });
  });

  it('charges nothing within the allowance, and exactly at its edge', () => {
    expect(overageCharge(UsageType.VOICE, 11_400n, 11_400n, 37_500n, 2)).toBe(0n);
    expect(overageCharge(UsageType.VOICE, 11_406n, 11_400n, 37_500n, 2)).toBe(0n); // 0.00375 → 0.00
    expect(overageCharge(UsageType.VOICE, 11_408n, 11_400n, 37_500n, 2)).toBe(1n); // 0.005 → 0.01
    expect(overageCharge(UsageType.DATA, 1n, 0n, 1_000_000n, 2)).toBe(0n);
    expect(overageCharge(UsageType.MESSAGE, 0n, 5n, 1_000_000n, 2)).toBe(0n);
  });

  it('works percentages to the tenth exactly, half away from zero', () => {
    expect(percentOf(1n, 8n)).toBe(12.5);
    expect(percentOf(1_225n, 10_000n)).toBe(12.3); // 12.25 → 12.3, never 12.2 by a binary fraction
    expect(percentOf(0n, 1n)).toBe(0);
    expect(percentOf(5n, 0n)).toBeNull();
  });
});
