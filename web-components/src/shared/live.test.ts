import { isLive, LIVE_MAX_WAIT_MS, nextPollDelay, parseLive } from './live';

describe('parseLive', () => {
  it('reads off and its spellings as off, on as on, anything else as unset', () => {
    expect(['off', 'OFF', ' false ', '0', 'none'].map(parseLive)).toEqual(['off', 'off', 'off', 'off', 'off']);
    expect(['on', 'true'].map(parseLive)).toEqual(['on', 'on']);
    expect(['', 'sometimes', null, undefined].map(parseLive)).toEqual(['', '', '', '']);
  });

  it('leaves a widget live unless it is turned off', () => {
    expect([isLive(''), isLive('on'), isLive('off')]).toEqual([true, true, false]);
  });
});

describe('nextPollDelay', () => {
  it('waits 3 s ± 0.5 s while the asks succeed', () => {
    expect([nextPollDelay(0, 0), nextPollDelay(0, 0.5), nextPollDelay(0, 0.999999)]).toEqual([2500, 3000, 3500]);
  });

  it('doubles the wait after each failed ask, up to a minute', () => {
    expect([1, 2, 3, 4].map((failures) => nextPollDelay(failures, 0.5))).toEqual([6000, 12_000, 24_000, 48_000]);
    expect(nextPollDelay(5, 0.5)).toBe(LIVE_MAX_WAIT_MS);
    expect(nextPollDelay(30, 0.999999)).toBe(LIVE_MAX_WAIT_MS);
  });
});
