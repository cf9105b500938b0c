/**
 * Waits `ms`, or less when `signal` aborts first (a shutdown): it resolves either way and never
 * rejects, so a worker pausing between steps just checks its signal afterwards. Not unref'd: a
 * command-line run awaiting it must not exit mid-wait.
 */
export function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) return Promise.resolve();
  return new Promise((resolve) => {
    const done = () => {
      clearTimeout(timer);
      signal?.removeEventListener('abort', done);
      resolve();
    };
    const timer = setTimeout(done, ms);
    signal?.addEventListener('abort', done, { once: true });
  });
}
