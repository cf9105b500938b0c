/**
 * Idle numbers (DESIGN §10): the rule that says which window "unused for `days` days" covers. Pure
 * functions, no I/O; the query that applies it is in idle-numbers.repository.ts.
 */
import { addDays, localDateOf, zonedStartOfDay } from '../common/calendar';
import { CONTRACT_LIMITS } from '../common/contract';
import { DomainError } from '../common/domain-error';

export const IDLE_DAYS = CONTRACT_LIMITS.idleDays;

/** The last `days` local days of an organization, today included. */
export interface IdleWindow {
  /** The window's first local day, 'YYYY-MM-DD' in the organization's zone. */
  firstDay: string;
  /** Today, 'YYYY-MM-DD' in the organization's zone: the window's last day. */
  today: string;
  /** 00:00 local of firstDay: a user added before this instant was there for the whole window. */
  startsAt: Date;
}

/**
 * The window of `days` local days ending today in `timeZone`. A number is idle when its user was
 * added before `startsAt` and has no usage event on any day from `firstDay` to `today`.
 */
export function idleWindowOf(days: number, now: Date, timeZone: string): IdleWindow {
  if (!Number.isInteger(days) || days < IDLE_DAYS.min || days > IDLE_DAYS.max) {
    throw DomainError.invalidInput('days', `days must be from ${IDLE_DAYS.min} to ${IDLE_DAYS.max}, got ${days}`);
  }
  const today = localDateOf(now, timeZone);
  const firstDay = addDays(today, -(days - 1));
  return { firstDay, today, startsAt: zonedStartOfDay(firstDay, timeZone) };
}
