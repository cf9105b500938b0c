/**
 * Live figures (DESIGN §10): the `live` attribute and how often a page asks whether its organization's
 * figures changed. Pure; the polling itself is live-feed.ts.
 */

export type LiveSetting = 'on' | 'off';

/** How often a visible page asks for its organization's version: a change shows within about 3.5 s. */
export const LIVE_POLL_MS = 3000;

/** ± this much at random on each wait, so dashboards opened together do not ask in step. */
export const LIVE_JITTER_MS = 500;

/** After failed asks the wait doubles, up to this: a server that is down is not asked 20 times a minute. */
export const LIVE_MAX_WAIT_MS = 60_000;

/**
 * Figures that move with the clock alone (the day turning, an invitation expiring) change no version:
 * they are fetched again after this long without a change.
 */
export const LIVE_FULL_REFRESH_MS = 10 * 60_000;

/** `live="off"` (also `false`, `0` and `none`) stops live updates; `on` asks for them; anything else is unset. */
export function parseLive(value: string | null | undefined): LiveSetting | '' {
  const normalized = (value ?? '').trim().toLowerCase();
  if (['off', 'false', '0', 'none'].includes(normalized)) return 'off';
  return normalized === 'on' || normalized === 'true' ? 'on' : '';
}

/** Live unless turned off: on by default. */
export function isLive(setting: LiveSetting | ''): boolean {
  return setting !== 'off';
}

/** The wait before the next ask, after `failures` failed asks in a row; `random` in [0, 1). */
export function nextPollDelay(failures: number, random: number = Math.random()): number {
  const base = Math.min(LIVE_POLL_MS * 2 ** Math.max(0, failures), LIVE_MAX_WAIT_MS);
  const jitter = Math.round((random * 2 - 1) * LIVE_JITTER_MS);
  return Math.min(base + jitter, LIVE_MAX_WAIT_MS);
}
