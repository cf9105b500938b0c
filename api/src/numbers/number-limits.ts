import { DomainError } from '../common/domain-error';

export const MAX_NUMBERS_PER_CALL = 10_000;

export function checkCount(count: number): void {
  if (!Number.isInteger(count) || count < 1 || count > MAX_NUMBERS_PER_CALL) {
    throw DomainError.invalidInput('count', `count must be a whole number from 1 to ${MAX_NUMBERS_PER_CALL}`);
  }
}
