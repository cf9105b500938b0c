/**
 * Runs `work` while renewing the lease it holds every `everyMs` (a row of db/lease.ts, or a
 * db/single-row-lease.ts), so only a dead holder's lease runs out. Renewals run one after another
 * and a failed one is ignored: the next tries again, and a holder whose lease ran out anyway finds
 * out at its next conditional write. Answers what `work` does, once the last renewal has settled.
 */
export async function withLeaseHeartbeat<T>(
  renew: () => Promise<unknown>,
  everyMs: number,
  work: () => Promise<T>,
): Promise<T> {
  let renewing: Promise<unknown> = Promise.resolve();
  const heartbeat = setInterval(() => {
    renewing = renewing.then(() => renew()).catch(() => undefined);
  }, everyMs);
  heartbeat.unref?.();
  try {
    return await work();
  } finally {
    clearInterval(heartbeat);
    await renewing;
  }
}
