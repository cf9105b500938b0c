import { DomainError } from './domain-error';

/** Ids are positive integers; anything else cannot name a record. */
export function parseId(raw: string | number, field: string, details: { index?: number } = {}): number {
  const text = String(raw).trim();
  if (!/^[1-9]\d{0,9}$/.test(text) || Number(text) > 4294967295) {
    throw DomainError.invalidInput(field, `${field} "${raw}" is not a valid id`, details);
  }
  return Number(text);
}
