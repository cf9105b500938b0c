import { DomainError } from '../common/domain-error';
import { UsageType } from '../rating/usage-type';
import { includesAny, PlanTermsInput, validatePlanTerms } from './plan-terms';

const fieldOf = (input: PlanTermsInput): string | null => {
  try {
    validatePlanTerms(input);
  } catch (error) {
    if (error instanceof DomainError && error.code === 'INVALID_INPUT') return error.field;
    throw error;
  }
  return null;
};

describe('plan terms', () => {
  it('reads a plan into exact terms, every omitted amount 0', () => {
    expect(
      validatePlanTerms({
        name: '  Business Pooled  ',
        currency: 'USD',
        baseFee: '49',
        perActiveUserFee: '12.5',
        voice: { included: 100, includedPerActiveUser: 30, overageRate: '0.0375' },
        data: { overageRate: '4.3' },
      }),
    ).toEqual({
      name: 'Business Pooled',
      currency: 'USD',
      baseFee: 4900n,
      perActiveUserFee: 1250n,
      allowances: {
        VOICE: { included: 100, includedPerActiveUser: 30, overageRate: 37_500n },
        MESSAGE: { included: 0, includedPerActiveUser: 0, overageRate: 0n },
        DATA: { included: 0, includedPerActiveUser: 0, overageRate: 4_300_000n },
      },
    });
    const nulls = validatePlanTerms({ name: 'Yen', currency: 'JPY', baseFee: null, message: { included: null } });
    expect([nulls.baseFee, nulls.perActiveUserFee, nulls.allowances.MESSAGE.included]).toEqual([0n, 0n, 0]);
  });

  it('takes fees in the minor digits of their currency', () => {
    expect(validatePlanTerms({ name: 'Yen', currency: 'JPY', baseFee: '5000' }).baseFee).toBe(5000n);
    expect(validatePlanTerms({ name: 'Dinar', currency: 'BHD', baseFee: '2.5' }).baseFee).toBe(2500n);
    expect(fieldOf({ name: 'Yen', currency: 'JPY', baseFee: '5000.5' })).toBe('plan.baseFee');
    expect(fieldOf({ name: 'Dinar', currency: 'BHD', perActiveUserFee: '0.0001' })).toBe('plan.perActiveUserFee');
  });

  it('names the first offending field, in the order of the input', () => {
    const plan = { name: 'P', currency: 'USD' };
    expect(fieldOf({ ...plan, name: '   ' })).toBe('plan.name');
    expect(fieldOf({ ...plan, name: 'x'.repeat(101) })).toBe('plan.name');
    expect(fieldOf({ ...plan, name: '€'.repeat(100) })).toBeNull();
    expect(fieldOf({ ...plan, currency: 'XYZ' })).toBe('plan.currency');
    expect(fieldOf({ ...plan, currency: 'usd' })).toBe('plan.currency');
    expect(fieldOf({ ...plan, baseFee: '-1' })).toBe('plan.baseFee');
    expect(fieldOf({ ...plan, baseFee: '1000000000000.01' })).toBe('plan.baseFee');
    expect(fieldOf({ ...plan, baseFee: '1000000000000' })).toBeNull();
    expect(fieldOf({ ...plan, voice: { overageRate: '0.0000001' } })).toBe('plan.voice.overageRate');
    expect(fieldOf({ ...plan, voice: { overageRate: '0.000001' } })).toBeNull();
    expect(fieldOf({ ...plan, message: { included: -5 } })).toBe('plan.message.included');
    expect(fieldOf({ ...plan, data: { includedPerActiveUser: 1e12 + 1 } })).toBe('plan.data.includedPerActiveUser');
    expect(fieldOf({ ...plan, data: { includedPerActiveUser: 1e12 } })).toBeNull();
    expect(fieldOf({ ...plan, data: { overageRate: '1000000000000.5' } })).toBe('plan.data.overageRate');
    expect(fieldOf({ ...plan, currency: 'XYZ', baseFee: '-1' })).toBe('plan.currency');
  });

  it('tells whether a plan includes any of a type', () => {
    const terms = validatePlanTerms({
      name: 'P',
      currency: 'USD',
      voice: { includedPerActiveUser: 10 },
      message: { overageRate: '0.01' },
      data: { included: 1 },
    });
    expect([UsageType.VOICE, UsageType.MESSAGE, UsageType.DATA].map((t) => includesAny(terms, t))).toEqual([
      true,
      false,
      true,
    ]);
  });
});
