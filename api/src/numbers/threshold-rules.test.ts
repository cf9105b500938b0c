import { computeUtilization, NumberCounts, Utilization } from './utilization';
import { NotificationCause } from '../notifications/notification.entity';
import { thresholdCauseOfOperation, thresholdCauseOfSave } from './threshold-rules';

const { THRESHOLD_REACHED, NUMBERS_TAKEN_WHILE_REACHED, THRESHOLD_SAVED_REACHED } = NotificationCause;

/** An organization's utilization from its own counts (only what the rules look at). */
function u(counts: Partial<NumberCounts>): Utilization {
  return computeUtilization({
    available: 0,
    reserved: 0,
    assigned: 0,
    registered: 0,
    allocatedToSubOrganizations: 0,
    pendingInvitation: 0,
    ...counts,
  });
}

/** Plays assignments of available numbers one by one and answers the email each one owes. */
function assignAll(total: number, threshold: number): Array<NotificationCause | null> {
  const causes: Array<NotificationCause | null> = [];
  for (let assigned = 0; assigned < total; assigned++) {
    causes.push(
      thresholdCauseOfOperation(
        u({ available: total - assigned, assigned }),
        u({ available: total - assigned - 1, assigned: assigned + 1 }),
        threshold,
      ),
    );
  }
  return causes;
}

describe('threshold rules (DESIGN.md §2)', () => {
  it('(1) emails when an operation crosses from below to at or above, exactly at 4/5 for 80%', () => {
    expect(thresholdCauseOfOperation(u({ available: 2, assigned: 3 }), u({ available: 1, assigned: 4 }), 80)).toBe(
      THRESHOLD_REACHED,
    );
    // 3/5 = 60% stays below 80%: nothing.
    expect(
      thresholdCauseOfOperation(u({ available: 3, assigned: 2 }), u({ available: 2, assigned: 3 }), 80),
    ).toBeNull();
    // 79/100 → 80/100 crosses; 78 → 79 does not.
    expect(thresholdCauseOfOperation(u({ available: 21, assigned: 79 }), u({ available: 20, assigned: 80 }), 80)).toBe(
      THRESHOLD_REACHED,
    );
    expect(
      thresholdCauseOfOperation(u({ available: 22, assigned: 78 }), u({ available: 21, assigned: 79 }), 80),
    ).toBeNull();
    // 1/3 is 33.33…%: reaches 33%, not 34%.
    expect(thresholdCauseOfOperation(u({ available: 3 }), u({ available: 2, reserved: 1 }), 33)).toBe(
      THRESHOLD_REACHED,
    );
    expect(thresholdCauseOfOperation(u({ available: 3 }), u({ available: 2, reserved: 1 }), 34)).toBeNull();
    // One operation taking several numbers across the line: one email.
    expect(
      thresholdCauseOfOperation(u({ available: 10 }), u({ available: 1, allocatedToSubOrganizations: 9 }), 80),
    ).toBe(THRESHOLD_REACHED);
  });

  it('(2) then one email per further operation that takes numbers into use, down to the last number', () => {
    // 10 numbers at 80%: the 8th assignment crosses, the 9th and 10th each owe one more, nothing before.
    expect(assignAll(10, 80)).toEqual([
      null,
      null,
      null,
      null,
      null,
      null,
      null,
      THRESHOLD_REACHED,
      NUMBERS_TAKEN_WHILE_REACHED,
      NUMBERS_TAKEN_WHILE_REACHED,
    ]);
    // 5 numbers at 80%: crossing at 4/5, the last number at 5/5.
    expect(assignAll(5, 80)).toEqual([null, null, null, THRESHOLD_REACHED, NUMBERS_TAKEN_WHILE_REACHED]);
    // 100%: only the very last number reaches it.
    expect(assignAll(3, 100)).toEqual([null, null, THRESHOLD_REACHED]);
    // 1%: the first number reaches it, every other one follows.
    expect(assignAll(4, 1)).toEqual([
      THRESHOLD_REACHED,
      NUMBERS_TAKEN_WHILE_REACHED,
      NUMBERS_TAKEN_WHILE_REACHED,
      NUMBERS_TAKEN_WHILE_REACHED,
    ]);
  });

  it('(2) counts a reservation and an allocation to a sub-organization as one email each, whatever the count', () => {
    const reached = u({ available: 5, assigned: 15 }); // 75% with 5 left; threshold 70
    expect(thresholdCauseOfOperation(reached, u({ available: 4, assigned: 15, reserved: 1 }), 70)).toBe(
      NUMBERS_TAKEN_WHILE_REACHED,
    );
    expect(
      thresholdCauseOfOperation(reached, u({ available: 1, assigned: 15, allocatedToSubOrganizations: 4 }), 70),
    ).toBe(NUMBERS_TAKEN_WHILE_REACHED);
  });

  it('sends nothing for operations that do not raise inUse: reserved → assigned, registering, releasing', () => {
    const before = u({ available: 1, reserved: 2, assigned: 7 });
    // reserved → assigned
    expect(thresholdCauseOfOperation(before, u({ available: 1, reserved: 1, assigned: 8 }), 80)).toBeNull();
    expect(
      thresholdCauseOfOperation(before, u({ available: 1, reserved: 2, assigned: 6, registered: 1 }), 80),
    ).toBeNull(); // registering
    expect(
      thresholdCauseOfOperation(u({ available: 0, assigned: 10 }), u({ available: 1, assigned: 9 }), 80),
    ).toBeNull(); // release, still 90%
  });

  it('sends nothing to a parent when numbers are added to its sub-organization while it is reached', () => {
    // The parent's in-use count grows (the new numbers are allocated below it), but none of its own available
    // numbers was taken.
    expect(
      thresholdCauseOfOperation(
        u({ available: 1, allocatedToSubOrganizations: 9 }),
        u({ available: 1, allocatedToSubOrganizations: 14 }),
        80,
      ),
    ).toBeNull();
  });

  it('re-arms after falling below: reaching the threshold again is a new crossing', () => {
    const t = 80;
    const reached = u({ available: 1, assigned: 4 }); // 80%
    const below = u({ available: 2, assigned: 3 }); // released one: 60%
    expect(thresholdCauseOfOperation(reached, below, t)).toBeNull();
    expect(thresholdCauseOfOperation(below, reached, t)).toBe(THRESHOLD_REACHED);
    // Falling below by adding numbers, then taking one: a crossing again, not a "further" email.
    const grown = u({ available: 6, assigned: 4 }); // 40%
    expect(thresholdCauseOfOperation(reached, grown, t)).toBeNull();
    expect(thresholdCauseOfOperation(u({ available: 3, assigned: 7 }), u({ available: 2, assigned: 8 }), t)).toBe(
      THRESHOLD_REACHED,
    );
  });

  it('does not count a shrinking pool as taking numbers into use', () => {
    // Withdrawing available numbers back to the parent: inUse unchanged. Crossing by it is still (1).
    expect(thresholdCauseOfOperation(u({ available: 3, assigned: 7 }), u({ available: 1, assigned: 7 }), 80)).toBe(
      THRESHOLD_REACHED,
    );
    expect(
      thresholdCauseOfOperation(u({ available: 2, assigned: 8 }), u({ available: 1, assigned: 8 }), 80),
    ).toBeNull();
  });

  it('an empty pool never reaches a threshold', () => {
    expect(thresholdCauseOfOperation(u({}), u({}), 1)).toBeNull();
    expect(thresholdCauseOfSave(u({}), 1)).toBeNull();
  });

  it(
    '(3) saving a threshold that utilization already reaches emails, on every such save; ' +
      'one it does not reach does not',
    () => {
      const current = u({ available: 1, assigned: 4 }); // exactly 80%
      expect(thresholdCauseOfSave(current, 80)).toBe(THRESHOLD_SAVED_REACHED);
      expect(thresholdCauseOfSave(current, 50)).toBe(THRESHOLD_SAVED_REACHED);
      expect(thresholdCauseOfSave(current, 81)).toBeNull();
      expect(thresholdCauseOfSave(u({ assigned: 5 }), 100)).toBe(THRESHOLD_SAVED_REACHED);
      expect(thresholdCauseOfSave(u({ available: 1, assigned: 99 }), 100)).toBeNull();
    },
  );
});
