import { isThresholdReached, Utilization } from '../numbers/utilization';
import { NotificationCause } from './notification.entity';

/**
 * Which email, if any, a number operation owes an organization (DESIGN.md §2):
 * (1) from below the threshold to at or above it → THRESHOLD_REACHED;
 * (2) already reached and the operation took numbers into use → NUMBERS_TAKEN_WHILE_REACHED;
 * nothing for operations that do not raise inUse, or that leave it below.
 */
export function thresholdCauseOfOperation(before: Utilization, after: Utilization, thresholdPercent: number): NotificationCause | null {
  const reachedBefore = isThresholdReached(before, thresholdPercent);
  const reachedAfter = isThresholdReached(after, thresholdPercent);
  if (!reachedAfter) return null;
  if (!reachedBefore) return NotificationCause.THRESHOLD_REACHED;
  return after.inUse > before.inUse ? NotificationCause.NUMBERS_TAKEN_WHILE_REACHED : null;
}

/** (3) Saving a threshold that the current utilization already reaches. */
export function thresholdCauseOfSave(current: Utilization, newThresholdPercent: number): NotificationCause | null {
  return isThresholdReached(current, newThresholdPercent) ? NotificationCause.THRESHOLD_SAVED_REACHED : null;
}
