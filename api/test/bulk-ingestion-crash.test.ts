import { ChildProcess } from 'node:child_process';
import http from 'node:http';
import { signToken } from '../src/auth/token';
import { createDataSource } from '../src/data-model';
import { exited, queryAt, startApiProcess } from './api-process';
import { freshDatabase, TEST_JWT_SECRET, testDatabases } from './harness';

const LINES = 200_000;
/** Lines sent before the first process is killed: ten chunks of 10,000 commit, the eleventh is half read. */
const SENT_BEFORE_KILL = 105_000;
const COMMITTED_BEFORE_KILL = 100_000;

/** The rows of usage_event, read beside the API process (SQLite in WAL mode allows a second connection). */
async function eventCounter(url: string): Promise<{ count(): Promise<number>; close(): Promise<void> }> {
  const dataSource = createDataSource({ databaseUrl: url });
  await dataSource.initialize();
  return {
    count: async () => Number((await dataSource.query('SELECT COUNT(*) AS n FROM usage_event'))[0].n),
    close: () => dataSource.destroy(),
  };
}

async function until(what: string, check: () => Promise<boolean>, timeoutMs = 45_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await check())) {
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** The feed: every third line a message, a call (whole minutes) or data; every tenth not billable. */
function feed(organizationId: string, since: number) {
  const expected = {
    voice: { billable: 0, total: 0 },
    message: { billable: 0, total: 0 },
    data: { billable: 0, total: 0 },
  };
  const lines = Array.from({ length: LINES }, (_, i) => {
    const type = (['VOICE', 'MESSAGE', 'DATA'] as const)[i % 3];
    const quantity = type === 'VOICE' ? 60 * ((i % 4) + 1) : type === 'MESSAGE' ? (i % 5) + 1 : (i % 1000) + 1;
    const billable = i % 10 !== 0;
    const figures = expected[type.toLowerCase() as keyof typeof expected];
    const units = type === 'VOICE' ? quantity / 60 : quantity;
    figures.total += units;
    if (billable) figures.billable += units;
    const occurredAt = new Date(since + i * 1000).toISOString();
    return `${JSON.stringify({ id: `feed-${i}`, organizationId, type, occurredAt, quantity, billable })}\n`;
  });
  return { lines, expected };
}

/** POSTs the first `count` lines and keeps the request open, as a feeder still sending would. */
function startSending(url: string, token: string, lines: string[], count: number): http.ClientRequest {
  const req = http.request(`${url}/usage/events`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${token}` },
  });
  req.on('error', () => undefined); // the server is killed under it
  const BATCH = 5000;
  let at = 0;
  const write = () => {
    while (at < count) {
      const more = req.write(lines.slice(at, Math.min(at + BATCH, count)).join(''));
      at += BATCH;
      if (!more) return void req.once('drain', write);
    }
  };
  write();
  return req;
}

describe.each(testDatabases())('a bulk request cut off by a crash, then resent, on %s', (database) => {
  const children: ChildProcess[] = [];

  afterAll(async () => {
    for (const child of children) if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
    await Promise.all(children.map(exited));
  });

  it('records every event exactly once: the committed chunks stay, the resend adds the rest', async () => {
    const db = await freshDatabase(database);
    try {
      const first = await startApiProcess(children, { DATABASE_URL: db.url });
      const operator = await signToken(TEST_JWT_SECRET, { sub: 'carrier-staff', org: null, roles: ['operator'] });
      const created = await queryAt(first.url)(
        `mutation { createOrganization(input: { name: "Feed Co", adminEmails: ["noc@feed.example"] }) { id } }`,
        {},
        operator,
      );
      const org: string = created.data.createOrganization.id;
      const ingest = await signToken(TEST_JWT_SECRET, { sub: 'mediation', org: Number(org), roles: ['ingest'] });
      const { lines, expected } = feed(org, Date.now() - 10 * 86_400_000);

      const events = await eventCounter(db.url);
      try {
        const started = Date.now();
        const cutOff = startSending(first.url, ingest, lines, SENT_BEFORE_KILL);
        await until('ten chunks to commit', async () => (await events.count()) >= COMMITTED_BEFORE_KILL);
        first.child.kill('SIGKILL');
        await exited(first.child);
        cutOff.destroy();
        const killedAfter = Date.now() - started;
        expect(await events.count()).toBe(COMMITTED_BEFORE_KILL);

        const second = await startApiProcess(children, { DATABASE_URL: db.url });
        const resentAt = Date.now();
        const res = await fetch(`${second.url}/usage/events`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-ndjson', authorization: `Bearer ${ingest}` },
          body: lines.join(''),
        });
        expect({ status: res.status, body: await res.json() }).toEqual({
          status: 200,
          body: { accepted: LINES - COMMITTED_BEFORE_KILL, duplicates: COMMITTED_BEFORE_KILL, rejected: 0, errors: [] },
        });
        const resendMs = Date.now() - resentAt;
        expect(await events.count()).toBe(LINES);

        const figures = await queryAt(second.url)(
          `{ organization(id: "${org}") { cycle(period: ALL_TIME) { ` +
            'voice { billable total } message { billable total } data { billable total } } } }',
          {},
          await signToken(TEST_JWT_SECRET, { sub: 'noc', org: Number(org), roles: ['viewer'] }),
        );
        expect(figures.data.organization.cycle).toEqual(expected);
        console.log(
          `[${database}] ${COMMITTED_BEFORE_KILL.toLocaleString('en-US')} events committed and the process killed ` +
            `after ${killedAfter} ms; the resend of ${LINES.toLocaleString('en-US')} lines took ${resendMs} ms`,
        );
        second.child.kill('SIGTERM');
        await exited(second.child);
      } finally {
        await events.close();
      }
    } finally {
      await db.drop();
    }
  }, 120_000);
});
