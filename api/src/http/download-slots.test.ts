import { DownloadSlots } from './download-slots';

describe('download slots', () => {
  it('gives out at most its limit, and a slot given back once is free again', () => {
    const slots = new DownloadSlots(2);
    const first = slots.take();
    const second = slots.take();
    expect(first).not.toBeNull();
    expect(second).not.toBeNull();
    expect(slots.take()).toBeNull();
    first!();
    first!(); // a second release gives nothing back twice
    expect(slots.inUse).toBe(1);
    const third = slots.take();
    expect(third).not.toBeNull();
    expect(slots.take()).toBeNull();
    second!();
    third!();
    expect(slots.inUse).toBe(0);
  });
});
