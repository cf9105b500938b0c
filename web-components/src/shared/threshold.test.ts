import { validateRequestedQuantity, validateThresholdPercent } from './threshold';

describe('validateThresholdPercent', () => {
  it.each(['1', '80', '100', ' 42 '])('accepts %p', (input) => {
    expect(validateThresholdPercent(input)).toEqual({ valid: true, percent: Number(input.trim()) });
  });

  it.each([
    ['0', 'at least 1%'],
    ['101', 'at most 100%'],
    ['-5', 'at least 1%'],
    ['', 'from 1 to 100'],
    ['50.5', 'whole number'],
    ['abc', 'whole number'],
  ])('refuses %p', (input, message) => {
    const result = validateThresholdPercent(input);
    expect(result.valid).toBe(false);
    if (!result.valid) expect(result.message).toContain(message);
  });
});

describe('validateRequestedQuantity', () => {
  it('treats empty as no quantity', () => {
    expect(validateRequestedQuantity('')).toEqual({ valid: true, quantity: null });
  });
  it('accepts a positive whole number and refuses others', () => {
    expect(validateRequestedQuantity('25')).toEqual({ valid: true, quantity: 25 });
    expect(validateRequestedQuantity('0').valid).toBe(false);
    expect(validateRequestedQuantity('2.5').valid).toBe(false);
  });
});
