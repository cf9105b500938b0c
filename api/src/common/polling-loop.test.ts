import { createLogger } from './logger';
import { PollingLoop } from './polling-loop';
import { sleep } from './sleep';

const log = createLogger('silent');

describe('the polling loop', () => {
  beforeEach(() => jest.useFakeTimers({ now: 0 }));
  afterEach(() => jest.useRealTimers());

  it('at a fixed rate starts passes on a steady beat, skipping a beat that falls during a pass', async () => {
    const starts: number[] = [];
    const loop = new PollingLoop({
      name: 'beat',
      log,
      pollMs: 100,
      fixedRate: true,
      pass: async () => {
        starts.push(Date.now());
        await sleep(starts.length === 2 ? 130 : 30);
        return false;
      },
    });
    loop.start();
    await jest.advanceTimersByTimeAsync(550);
    await loop.stop();
    // The second pass (from 100 to 230) overran the beat at 200.
    expect(starts).toEqual([0, 100, 300, 400, 500]);
  });

  it('waits its first delay, and stop() wakes its sleep and aborts the pass in progress', async () => {
    const starts: number[] = [];
    let slept = -1;
    const loop = new PollingLoop({
      name: 'stoppable',
      log,
      pollMs: 60_000,
      firstDelayMs: 1000,
      pass: async (stopping) => {
        starts.push(Date.now());
        await sleep(10_000, stopping);
        slept = Date.now() - starts[0];
        return false;
      },
    });
    loop.start();
    await jest.advanceTimersByTimeAsync(999);
    expect(starts).toEqual([]);
    await jest.advanceTimersByTimeAsync(501);
    expect(starts).toEqual([1000]);
    await loop.stop();
    expect(slept).toBe(500);
    expect(loop.running).toBe(false);
  });
});
