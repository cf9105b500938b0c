import { isThresholdReached, Utilization } from './utilization';
import { NotificationCause } from '../notifications/notification.entity';

/**
 * Which email, if any, a number operation owes an organization (DESIGN.md §2):
 * (1) from below the threshold to at or above it → THRESHOLD_REACHED;
 * (2) reached before and after, and the operation took available numbers into use (an assignment
 *     or reservation of an available number, an allocation to a sub-organization) →
 *     NUMBERS_TAKEN_WHILE_REACHED, one per operation whatever its count;
 * nothing for operations that do not raise inUse (reserved → assigned, registering, releasing),
 * that leave it below, or that add numbers to a sub-organization (more in use for the parent, but
 * none of its available numbers taken).
 * Falling below and reaching it again is simply (1) again: the rule looks only at before and after.
 */
export function thresholdCauseOfOperation(
  before: Utilization,
  after: Utilization,
  thresholdPercent: number,
): NotificationCause | null {
  const reachedBefore = isThresholdReached(before, thresholdPercent);
  const reachedAfter = isThresholdReached(after, thresholdPercent);
  if (!reachedAfter) return null;
  if (!reachedBefore) return NotificationCause.THRESHOLD_REACHED;
  return tookAvailableNumbersIntoUse(before, after) ? NotificationCause.NUMBERS_TAKEN_WHILE_REACHED : null;
}

/** In use went up and the organization's own available pool went down. */
export function tookAvailableNumbersIntoUse(before: Utilization, after: Utilization): boolean {
  return after.inUse > before.inUse && after.available < before.available;
}

/** (3) Saving a threshold that the current utilization already reaches: every such save. */
export function thresholdCauseOfSave(current: Utilization, newThresholdPercent: number): NotificationCause | null {
  return isThresholdReached(current, newThresholdPercent) ? NotificationCause.THRESHOLD_SAVED_REACHED : null;
}
