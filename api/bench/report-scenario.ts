/**
 * Issue 13's benchmark scenario: an organization with many users (default 100,000) and a year of
 * usage attributed to them; then the USER breakdown of its past cycle (top 50) under load, and the
 * CSV of every user's year streamed once, timed, with the API's RSS sampled while it streams.
 *
 * The users are inserted straight into app_user (through the API they would take two mutations each,
 * minutes for 100,000); the usage goes through recordUsage like the main benchmark's.
 */
import mysql from 'mysql2/promise';
import { seededRandom } from '../src/demo/seeded-random';

export interface ReportScenarioDeps {
  apiUrl: string;
  databaseUrl: string;
  /** Sends GraphQL as an operator. */
  request<T>(query: string, variables?: Record<string, unknown>, body?: string): Promise<T>;
  viewerToken(organizationId: number): Promise<string>;
  log(message: string): void;
  rssOf(): number;
  /** Waits until the database has written out the load (as before the dashboard scenarios). */
  settle?(): Promise<{ seconds: number; dirtyPages: number }>;
}

export interface ReportFigures {
  users: number;
  events: number;
  ingestSeconds: number;
  breakdownBody: string;
  token: string;
  cycle: { from: string; to: string };
  csv: { rows: number; seconds: number; rowsPerSec: number; rssBeforeMb: number; rssPeakMb: number; growthMb: number };
}

const EVENTS_PER_USER = 6;
const BATCH = 10_000;
const RECORD_USAGE = 'mutation ($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted } }';
const DAY = 86_400_000;

/** The calendar month before now's, in UTC (the organization's zone), as from/to local dates. */
function pastMonth(now: Date): { from: string; to: string } {
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() - 1, 1));
  const last = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 0));
  return { from: first.toISOString().slice(0, 10), to: last.toISOString().slice(0, 10) };
}

async function insertUsers(databaseUrl: string, organizationId: number, count: number, now: Date): Promise<number[]> {
  const url = new URL(databaseUrl);
  const conn = await mysql.createConnection({
    host: url.hostname,
    port: Number(url.port || 3306),
    user: decodeURIComponent(url.username),
    password: decodeURIComponent(url.password),
    database: url.pathname.replace(/^\//, ''),
  });
  try {
    const added = new Date(now.getTime() - 400 * DAY).toISOString().slice(0, 19).replace('T', ' ');
    for (let i = 0; i < count; i += 5000) {
      const rows = Array.from({ length: Math.min(5000, count - i) }, (_, k) => [
        organizationId,
        `user${i + k}@report.bench.example`,
        added,
        added,
        null,
        added,
      ]);
      await conn.query(
        'INSERT INTO app_user (organization_id, email, added_at, registered_at, deactivated_at, ' +
          'invitation_expires_at) VALUES ?',
        [rows],
      );
    }
    const [ids] = (await conn.query('SELECT id FROM app_user WHERE organization_id = ? ORDER BY id', [
      organizationId,
    ])) as unknown as [Array<{ id: number }>];
    return ids.map((r) => Number(r.id));
  } finally {
    await conn.end();
  }
}

function* reportEvents(organizationId: number, userIds: number[], now: Date): Generator<unknown[]> {
  const random = seededRandom(13);
  let batch: unknown[] = [];
  const types = ['VOICE', 'MESSAGE', 'DATA'] as const;
  for (const [u, userId] of userIds.entries()) {
    for (let k = 0; k < EVENTS_PER_USER; k++) {
      const type = types[k % 3];
      batch.push({
        id: `report-${u}-${k}`,
        organizationId: String(organizationId),
        userId: String(userId),
        type,
        occurredAt: new Date(now.getTime() - Math.floor(random() * 365 * DAY) - 1000).toISOString(),
        quantity:
          type === 'VOICE' ? 30 + Math.floor(random() * 900) : type === 'MESSAGE' ? 1 : Math.floor(random() * 5e7),
        billable: random() < 0.95,
      });
      if (batch.length === BATCH) {
        yield batch;
        batch = [];
      }
    }
  }
  if (batch.length) yield batch;
}

/** Streams the CSV once: rows, seconds and the API's RSS before and at its highest while streaming. */
async function streamCsv(deps: ReportScenarioDeps, url: string, token: string): Promise<ReportFigures['csv']> {
  const rssBeforeMb = deps.rssOf();
  let rssPeakMb = rssBeforeMb;
  const sampler = setInterval(() => (rssPeakMb = Math.max(rssPeakMb, deps.rssOf())), 50);
  const started = process.hrtime.bigint();
  let rows = -1; // the header
  try {
    const res = await fetch(url, { headers: { authorization: `Bearer ${token}` } });
    if (!res.ok || !res.body) throw new Error(`CSV answered ${res.status}`);
    const decoder = new TextDecoder();
    for await (const chunk of res.body as unknown as AsyncIterable<Uint8Array>) {
      const text = decoder.decode(chunk, { stream: true });
      for (let i = text.indexOf('\n'); i >= 0; i = text.indexOf('\n', i + 1)) rows++;
    }
  } finally {
    clearInterval(sampler);
  }
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  rssPeakMb = Math.max(rssPeakMb, deps.rssOf());
  return { rows, seconds, rowsPerSec: rows / seconds, rssBeforeMb, rssPeakMb, growthMb: rssPeakMb - rssBeforeMb };
}

export async function prepareAndStreamReport(deps: ReportScenarioDeps, users: number): Promise<ReportFigures> {
  const now = new Date();
  const created = await deps.request<{ createOrganization: { id: string } }>(
    `mutation ($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`,
    { input: { name: 'Report Co', timezone: 'UTC', cycleStartDay: 1, adminEmails: ['admin@report.bench.example'] } },
  );
  const orgId = Number(created.createOrganization.id);
  let t = Date.now();
  const userIds = await insertUsers(deps.databaseUrl, orgId, users, now);
  deps.log(`report scenario: inserted ${userIds.length.toLocaleString('en-US')} users in ${(Date.now() - t) / 1000} s`);
  t = Date.now();
  let events = 0;
  for (const batch of reportEvents(orgId, userIds, now)) {
    await deps.request(RECORD_USAGE, {}, JSON.stringify({ query: RECORD_USAGE, variables: { events: batch } }));
    events += batch.length;
  }
  const ingestSeconds = (Date.now() - t) / 1000;
  deps.log(`report scenario: ingested ${events.toLocaleString('en-US')} user events in ${ingestSeconds} s`);
  const settled = await deps.settle?.();
  if (settled)
    deps.log(`report scenario: waited ${settled.seconds.toFixed(0)} s for the database to write out the load`);
  const token = await deps.viewerToken(orgId);
  const cycle = pastMonth(now);
  const breakdownBody = JSON.stringify({
    query: `query ($id: ID!, $from: String!, $to: String!) { organization(id: $id) {
      usageBreakdown(from: $from, to: $to, by: USER, first: 50) {
        rows { user { id email } voice { billable total } message { billable total } data { billable total } }
        nextCursor unattributed { type billable total } } } }`,
    variables: { id: String(orgId), ...cycle },
  });
  const yearAgo = new Date(now.getTime() - 364 * DAY).toISOString().slice(0, 10);
  const query = new URLSearchParams({
    organizationId: String(orgId),
    from: yearAgo,
    to: now.toISOString().slice(0, 10),
    by: 'user',
  });
  const csv = await streamCsv(deps, `${deps.apiUrl}/reports/usage.csv?${query}`, token);
  deps.log(
    `report scenario: CSV of ${csv.rows.toLocaleString('en-US')} user rows in ${csv.seconds.toFixed(2)} s = ` +
      `${Math.round(csv.rowsPerSec).toLocaleString('en-US')} rows/s; API RSS ${csv.rssBeforeMb.toFixed(0)} → ` +
      `${csv.rssPeakMb.toFixed(0)} MB`,
  );
  return { users: userIds.length, events, ingestSeconds, breakdownBody, token, cycle, csv };
}
