import { NumberState } from './phone-number.entity';
import { computeUtilization, countsFromRows, isThresholdReached } from './utilization';

describe('utilization', () => {
  it('counts own numbers by state and everything below as allocated', () => {
    const counts = countsFromRows([
      { own: true, state: NumberState.AVAILABLE, count: 3, pending: 0 },
      { own: true, state: NumberState.RESERVED, count: 2, pending: 0 },
      { own: true, state: NumberState.ASSIGNED, count: 4, pending: 3 },
      { own: true, state: NumberState.REGISTERED, count: 5, pending: 0 },
      { own: false, state: NumberState.AVAILABLE, count: 6, pending: 0 },
      { own: false, state: NumberState.REGISTERED, count: 1, pending: 0 },
    ]);
    expect(counts).toEqual({
      available: 3,
      reserved: 2,
      assigned: 4,
      registered: 5,
      allocatedToSubOrganizations: 7,
      pendingInvitation: 3,
    });
    const u = computeUtilization(counts);
    expect(u.total).toBe(21);
    expect(u.inUse).toBe(18);
    expect(u.percentInUse).toBeCloseTo((100 * 18) / 21, 10);
  });

  it('is 0% of nothing', () => {
    const u = computeUtilization({
      available: 0,
      reserved: 0,
      assigned: 0,
      registered: 0,
      allocatedToSubOrganizations: 0,
      pendingInvitation: 0,
    });
    expect(u).toMatchObject({ total: 0, inUse: 0, percentInUse: 0 });
    expect(isThresholdReached(u, 1)).toBe(false);
  });

  it('compares the threshold exactly', () => {
    expect(isThresholdReached({ inUse: 4, total: 5 }, 80)).toBe(true);
    expect(isThresholdReached({ inUse: 3, total: 5 }, 80)).toBe(false);
    expect(isThresholdReached({ inUse: 1, total: 3 }, 34)).toBe(false); // 33.33…%
    expect(isThresholdReached({ inUse: 1, total: 3 }, 33)).toBe(true);
    expect(isThresholdReached({ inUse: 5, total: 5 }, 100)).toBe(true);
  });
});
