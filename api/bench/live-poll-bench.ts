/**
 * What open dashboards cost the API through live updates (DESIGN §10, docs/embedding.md "Live
 * figures"): `--dashboards` organizations (default 1,000), each with an admin token, and the widgets'
 * exact poll (LiveVersionForViewer, as Apollo sends it) for each, sent at the rate that many visible
 * dashboards send it (one every 3 s each: LIVE_POLL_MS of web-components/src/shared/live.ts), against
 * one API process on MySQL/MariaDB. Prints the rate reached, the latencies, and the CPU of the API
 * process and of the database server over the measured run. The polls go out evenly spaced from this
 * process (one every 3 ms, over at most 64 kept-alive connections), as many jittered dashboards send them.
 *
 *   npm run build:api && DATABASE_URL=mysql://root@127.0.0.1:3306/mpd_bench \
 *     node dist/api/bench/live-poll-bench.js --dashboards 1000 --seconds 60
 */
import http from 'node:http';
import { signToken } from '../src/auth/token';
import { cpuSecondsOf, databasePid, GraphqlClient, JWT_SECRET, log, prepareDatabase, startApi } from './bench-infra';
import { createOrganizations } from './live-data';

/** The widgets' poll interval (web-components/src/shared/live.ts LIVE_POLL_MS). */
const POLL_MS = 3000;

/** The body the widgets' Apollo client sends: the document of queries.ts with __typename added. */
const POLL_BODY = JSON.stringify({
  operationName: 'LiveVersionForViewer',
  variables: {},
  query:
    'query LiveVersionForViewer {\n  viewer {\n    organization {\n      id\n      version\n      __typename\n' +
    '    }\n    __typename\n  }\n}',
});

function option(name: string, fallback: number): number {
  const at = process.argv.indexOf(`--${name}`);
  return at >= 0 ? Number(process.argv[at + 1]) : fallback;
}

interface PollResult {
  requests: number;
  errors: number;
  p50: number;
  p99: number;
  max: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** Kept-alive connections, at most 64 at once, as a load balancer in front of the API would hold. */
const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });

/** One poll; true when it answered a version. */
function post(url: string, token: string): Promise<boolean> {
  return new Promise((resolve, reject) => {
    const request = http.request(
      `${url}/graphql`,
      {
        method: 'POST',
        agent,
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
      },
      (res) => {
        let body = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => (body += chunk));
        res.on('end', () => resolve(res.statusCode === 200 && body.includes('"version"')));
        res.on('error', reject);
      },
    );
    request.on('error', reject);
    request.end(POLL_BODY);
  });
}

/**
 * The polls spread evenly over time, each with the next dashboard's token, as jittered dashboards send
 * them (autocannon's overallRate sends each second's requests in one burst, which queues them).
 */
async function pollEvenly(url: string, tokens: string[], rate: number, seconds: number): Promise<PollResult> {
  const latencies: number[] = [];
  const inFlight = new Set<Promise<void>>();
  let errors = 0;
  const started = performance.now();
  for (let sent = 0; performance.now() - started < seconds * 1000; sent++) {
    const wait = started + (sent * 1000) / rate - performance.now();
    if (wait >= 1) await sleep(wait);
    const from = performance.now();
    const poll = post(url, tokens[sent % tokens.length])
      .then((ok) => {
        if (!ok) errors++;
        latencies.push(performance.now() - from);
      })
      .catch(() => void errors++)
      .finally(() => inFlight.delete(poll));
    inFlight.add(poll);
  }
  await Promise.all(inFlight);
  latencies.sort((a, b) => a - b);
  const at = (share: number) =>
    Math.round(latencies[Math.min(latencies.length - 1, Math.floor(share * latencies.length))]);
  return { requests: latencies.length + errors, errors, p50: at(0.5), p99: at(0.99), max: at(1) };
}

async function main(): Promise<void> {
  const dashboards = option('dashboards', 1000);
  const seconds = option('seconds', 60);
  const rate = Math.round((dashboards * 1000) / POLL_MS);
  const database = await prepareDatabase('_live_poll');
  const api = await startApi(database.url);
  try {
    const operator = new GraphqlClient(
      `${api.url}/graphql`,
      await signToken(JWT_SECRET, { sub: 'bench-operator', org: null, roles: ['operator'] }, '2h'),
    );
    log(`creating ${dashboards} organizations (MySQL ${database.version})`);
    const ids = await createOrganizations(operator, dashboards);
    const tokens = await Promise.all(
      ids.map((id) => signToken(JWT_SECRET, { sub: `admin-${id}`, org: id, roles: ['admin'] }, '2h')),
    );
    log(`warming up: ${rate} polls/s for 10 s`);
    await pollEvenly(api.url, tokens, rate, 10);
    const dbPid = databasePid();
    const [apiBefore, dbBefore] = [cpuSecondsOf(api.child.pid), cpuSecondsOf(dbPid)];
    const result = await pollEvenly(api.url, tokens, rate, seconds);
    const [apiAfter, dbAfter] = [cpuSecondsOf(api.child.pid), cpuSecondsOf(dbPid)];
    const percent = (after: number | null, before: number | null) =>
      after === null || before === null ? 'n/a' : `${(((after - before) / seconds) * 100).toFixed(1)}%`;
    // Per request too: on a shared machine the rate reached may fall short of the target.
    const perRequest = (after: number | null, before: number | null) =>
      after === null || before === null ? 'n/a' : `${(((after - before) * 1000) / result.requests).toFixed(2)} ms`;
    log(
      `${dashboards} dashboards polling every ${POLL_MS / 1000} s: target ${rate} req/s, ` +
        `sent ${(result.requests / seconds).toFixed(1)} req/s (${result.requests} requests in ${seconds} s, ` +
        `${result.errors} errors); latency p50 ${result.p50} ms, p99 ${result.p99} ms, max ${result.max} ms; ` +
        `API process CPU ${percent(apiAfter, apiBefore)} of one core (${perRequest(apiAfter, apiBefore)} a request), ` +
        `database CPU ${percent(dbAfter, dbBefore)} (${perRequest(dbAfter, dbBefore)} a request)`,
    );
  } finally {
    await api.stop();
    await database.drop();
  }
}

main().catch((error) => {
  process.stderr.write(`${(error as Error).stack ?? error}\n`);
  process.exitCode = 1;
});
