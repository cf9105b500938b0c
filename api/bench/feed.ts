/**
 * The live feed of the production scenario, run as a process of its own (`node feed.js '<json>'`) so
 * its work is not billed to the load generator: recordUsage calls of `callSize` events of the last
 * hour, to random organizations, started at a steady rate (open loop: a call is due every
 * callSize / rate seconds whether or not the earlier ones have answered, at most `maxInFlight` at once;
 * a due call that finds them all busy is counted as missed). With `path: 'bulk'` the same events go as
 * NDJSON to POST /usage/events (DESIGN §12), as a carrier's collector sends them. Prints one JSON line.
 */
import { seededRandom } from '../src/demo/seeded-random';
import { eventBody } from './bench-data';

export interface FeedRequest {
  url: string;
  token: string;
  organizationIds: number[];
  /** Events a second the feed tries to deliver. */
  rate: number;
  callSize: number;
  seconds: number;
  maxInFlight: number;
  /** Distinguishes the ids of one run's feeds. */
  idPrefix: string;
  /** recordUsage calls to `url` (the default), or NDJSON to POST /usage/events beside it. */
  path?: 'graphql' | 'bulk';
}

export interface FeedResult {
  seconds: number;
  accepted: number;
  deliveredPerSec: number;
  calls: number;
  missedCalls: number;
  errors: number;
  callP50Ms: number;
  callP99Ms: number;
}

const RECORD_USAGE = 'mutation ($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted duplicates } }';

function percentile(sorted: number[], p: number): number {
  return sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((sorted.length * p) / 100))] : 0;
}

/** Sends one call's events; answers how many were accepted, or null when the call failed. */
async function send(request: FeedRequest, events: object[]): Promise<number | null> {
  const authorization = `Bearer ${request.token}`;
  if (request.path === 'bulk') {
    const res = await fetch(new URL('/usage/events', request.url), {
      method: 'POST',
      headers: { 'content-type': 'application/x-ndjson', authorization },
      body: events.map((event) => JSON.stringify(event)).join('\n'),
    });
    const json = (await res.json()) as { accepted?: number; rejected?: number };
    return res.ok && !json.rejected ? (json.accepted ?? 0) : null;
  }
  const res = await fetch(request.url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', authorization },
    body: JSON.stringify({ query: RECORD_USAGE, variables: { events } }),
  });
  const json = (await res.json()) as { data?: { recordUsage: { accepted: number } }; errors?: unknown[] };
  return json.errors?.length || !json.data ? null : json.data.recordUsage.accepted;
}

async function runFeed(request: FeedRequest): Promise<FeedResult> {
  const random = seededRandom(Date.now() % 100_000);
  const intervalMs = (1000 * request.callSize) / request.rate;
  const started = Date.now();
  const latencies: number[] = [];
  let [accepted, calls, missedCalls, errors, inFlight, sequence] = [0, 0, 0, 0, 0, 0];
  const pending: Promise<void>[] = [];
  const call = async () => {
    const now = Date.now();
    const events = Array.from({ length: request.callSize }, () => ({
      id: `${request.idPrefix}-${sequence++}`,
      organizationId: String(request.organizationIds[Math.floor(random() * request.organizationIds.length)]),
      occurredAt: new Date(now - Math.floor(random() * 3_600_000)).toISOString(),
      ...eventBody(random),
    }));
    const sent = performance.now();
    try {
      const answer = await send(request, events);
      if (answer === null) errors++;
      else accepted += answer;
    } catch {
      errors++;
    }
    latencies.push(performance.now() - sent);
  };
  for (let due = started; due < started + request.seconds * 1000; due += intervalMs) {
    const wait = due - Date.now();
    if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
    if (inFlight >= request.maxInFlight) {
      missedCalls++;
      continue;
    }
    calls++;
    inFlight++;
    pending.push(call().finally(() => inFlight--));
  }
  await Promise.all(pending);
  const seconds = (Date.now() - started) / 1000;
  latencies.sort((a, b) => a - b);
  return {
    seconds,
    accepted,
    deliveredPerSec: accepted / seconds,
    calls,
    missedCalls,
    errors,
    callP50Ms: percentile(latencies, 50),
    callP99Ms: percentile(latencies, 99),
  };
}

if (require.main === module) {
  runFeed(JSON.parse(process.argv[2]) as FeedRequest)
    .then((result) => process.stdout.write(`${JSON.stringify(result)}\n`))
    .catch((error) => {
      process.stderr.write(`${(error as Error).stack ?? error}\n`);
      process.exitCode = 1;
    });
}
