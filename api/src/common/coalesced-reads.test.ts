import { CoalescedReads } from './coalesced-reads';

describe('reads shared across requests', () => {
  it('starts a read at once when none is in flight, and gathers the keys asked meanwhile into the next', async () => {
    const reads: number[][] = [];
    const gates: Array<() => void> = [];
    const reader = new CoalescedReads<number, string>(async (keys) => {
      reads.push(keys);
      await new Promise<void>((resolve) => gates.push(resolve));
      return new Map(keys.map((k) => [k, `v${k}@${reads.length}`]));
    });
    const first = reader.load([1]);
    expect(reads).toEqual([[1]]);
    // Asked while the first read is in flight: they wait for a read that starts after they asked.
    const second = reader.load([2, 1]);
    const third = reader.load([3]);
    expect(reads).toEqual([[1]]);
    gates[0]();
    expect((await first).get(1)).toBe('v1@1');
    await new Promise((resolve) => setImmediate(resolve));
    expect(reads).toEqual([[1], [2, 1, 3]]);
    gates[1]();
    expect(await second).toEqual(
      new Map([
        [2, 'v2@2'],
        [1, 'v1@2'],
        [3, 'v3@2'],
      ]),
    );
    expect(await third).toBe(await second);
  });

  it('fails every request of a failed read, and reads again for the next', async () => {
    let fail = true;
    const reader = new CoalescedReads<number, number>(async (keys) => {
      if (fail) throw new Error('database down');
      return new Map(keys.map((k) => [k, k * 2]));
    });
    await expect(reader.load([1])).rejects.toThrow('database down');
    fail = false;
    expect(await reader.load([4])).toEqual(new Map([[4, 8]]));
  });
});
