import { CONTRACT_LIMITS } from '../../../api/src/common/contract';
import { validateRequestedQuantity, validateRequestNote, validateThresholdPercent } from './threshold';

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

  it('follows the contract the API enforces', () => {
    const { min, max } = CONTRACT_LIMITS.thresholdPercent;
    expect(validateThresholdPercent(min).valid).toBe(true);
    expect(validateThresholdPercent(max).valid).toBe(true);
    expect(validateThresholdPercent(min - 1).valid).toBe(false);
    expect(validateThresholdPercent(max + 1).valid).toBe(false);
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
  it('follows the contract the API enforces', () => {
    const { max } = CONTRACT_LIMITS.requestedQuantity;
    expect(validateRequestedQuantity(max)).toEqual({ valid: true, quantity: max });
    expect(validateRequestedQuantity(max + 1).valid).toBe(false);
  });
});

describe('validateRequestNote', () => {
  it('trims, treats empty as no note and stops at the contract length', () => {
    const max = CONTRACT_LIMITS.requestNoteLength;
    expect(validateRequestNote('  ')).toEqual({ valid: true, note: null });
    expect(validateRequestNote(' Sales ')).toEqual({ valid: true, note: 'Sales' });
    expect(validateRequestNote('x'.repeat(max))).toEqual({ valid: true, note: 'x'.repeat(max) });
    expect(validateRequestNote('x'.repeat(max + 1)).valid).toBe(false);
  });
});
