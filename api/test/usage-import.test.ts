import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { parseImportArgs } from '../src/import-cli';
import { ImportLineError, importUsageCsv, ImportProgress, splitCsvLine } from '../src/ingestion/usage-import';
import { startTestServer, TestServer, testDatabases } from './harness';

const NOW = new Date('2027-03-14T12:00:00Z');

describe('CSV lines and arguments', () => {
  it('splits plain and quoted fields', () => {
    expect(splitCsvLine('a,b,,c')).toEqual(['a', 'b', '', 'c']);
    expect(splitCsvLine('"x,1","say ""hi""",3')).toEqual(['x,1', 'say "hi"', '3']);
    expect(splitCsvLine('a,')).toEqual(['a', '']);
    expect(splitCsvLine('"open,1')).toBeNull();
    expect(splitCsvLine('"a"b,1')).toBeNull();
  });

  it('reads --org, --chunk and the file', () => {
    expect(parseImportArgs(['--org', '12', 'usage.csv'])).toEqual({
      organizationId: 12,
      file: 'usage.csv',
      chunkSize: 10_000,
    });
    expect(parseImportArgs(['usage.csv', '--chunk', '500', '--org', '3'])).toEqual({
      organizationId: 3,
      file: 'usage.csv',
      chunkSize: 500,
    });
    expect(() => parseImportArgs(['usage.csv'])).toThrow(/Usage/);
    expect(() => parseImportArgs(['--org', 'x', 'usage.csv'])).toThrow(/--org/);
    expect(() => parseImportArgs(['--org', '1', '--chunk', '20000', 'usage.csv'])).toThrow(/--chunk/);
  });
});

describe.each(testDatabases())('CSV usage import on %s', (database) => {
  let api: TestServer;
  let dir: string;
  let org: string;
  let team: string;
  let outsider: string;
  let admin: string;

  const CREATE = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`;
  const TOTALS = (id: string, sub = true) =>
    `{ organization(id: "${id}") { cycle(period: ALL_TIME, includeSubOrganizations: ${sub}) { ` +
    'voice { billable total } message { billable total } data { billable total } } } }';

  async function ok<T = any>(query: string, variables: Record<string, unknown> = {}, token = admin): Promise<T> {
    const body = await api.query<T>(query, variables, token);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data as T;
  }

  function csv(name: string, lines: string[]): string {
    const file = path.join(dir, name);
    fs.writeFileSync(file, `${lines.join('\n')}\n`);
    return file;
  }

  const run = (file: string, chunkSize = 3, organizationId = Number(org), progress: ImportProgress[] = []) =>
    importUsageCsv(api.server.deps, api.server.services, {
      organizationId,
      file,
      chunkSize,
      onProgress: (p) => progress.push(p),
    });

  const eventCount = async () =>
    Number((await api.server.deps.db.manager.query('SELECT COUNT(*) AS n FROM usage_event'))[0].n);

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mpd-import-'));
    api = await startTestServer({ database, demoData: false, now: NOW });
    const operator = await api.token({ roles: ['operator'], org: null });
    org = (await ok(CREATE, { input: { name: 'Importer Co', adminEmails: ['a@importer.example'] } }, operator))
      .createOrganization.id;
    admin = await api.token({ org, roles: ['admin'] });
    team = (await ok(CREATE, { input: { name: 'Team', parentId: org, adminEmails: ['t@importer.example'] } }))
      .createOrganization.id;
    outsider = (await ok(CREATE, { input: { name: 'Elsewhere', adminEmails: ['e@elsewhere.example'] } }, operator))
      .createOrganization.id;
  });

  afterAll(async () => {
    await api?.close();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  it('streams a file in chunks, shows progress, and a second run records nothing twice', async () => {
    const file = csv('good.csv', [
      'id,occurredAt,type,quantity,billable,organization_id',
      'c-1,2027-02-01T10:00:00Z,VOICE,61,true,',
      'c-2,2027-02-01T11:00:00Z,voice,59,false,',
      '',
      'm-1,2027-02-02T10:00:00Z,MESSAGE,3,1,',
      `m-2,2027-02-02T10:00:00Z,MESSAGE,2,yes,${team}`,
      `"d-1",2027-03-01T00:00:00.000Z,DATA,1500000,0,${team}`,
      'c-1,2027-02-01T10:00:00Z,VOICE,61,true,',
    ]);
    const progress: ImportProgress[] = [];
    const first = await run(file, 3, Number(org), progress);
    expect(first).toMatchObject({ lines: 8, events: 6, recorded: 5, duplicates: 1 });
    expect(progress.map((p) => p.events)).toEqual([3, 6]);
    const all = await ok(TOTALS(org));
    expect(all.organization.cycle).toEqual({
      voice: { billable: 2, total: 3 },
      message: { billable: 5, total: 5 },
      data: { billable: 0, total: 1_500_000 },
    });
    expect((await ok(TOTALS(org, false))).organization.cycle.message).toEqual({ billable: 3, total: 3 });

    const again = await run(file);
    expect(again).toMatchObject({ events: 6, recorded: 0, duplicates: 6 });
    expect((await ok(TOTALS(org))).organization.cycle).toEqual(all.organization.cycle);
  });

  it('reports a bad line by number and records nothing of its chunk, keeping the earlier chunks', async () => {
    const before = await eventCount();
    const file = csv('bad.csv', [
      'id,occurredAt,type,quantity',
      'b-1,2027-02-03T10:00:00Z,VOICE,60',
      'b-2,2027-02-03T10:00:00Z,VOICE,60',
      'b-3,2027-02-03T10:00:00Z,VOICE,60',
      'b-4,2027-02-03T10:00:00Z,VOICE,60',
      'b-5,2027-02-03T10:00:00Z,VOICE,-5',
      'b-6,2027-02-03T10:00:00Z,VOICE,60',
    ]);
    await expect(run(file)).rejects.toThrow(
      new ImportLineError(6, 'quantity must be a whole number from 0 to 2^53-1, got "-5"'),
    );
    expect(await eventCount()).toBe(before + 3);
    const ids: Array<{ id: string }> = await api.server.deps.db.manager.query(
      `SELECT id FROM usage_event WHERE id LIKE 'b-%' ORDER BY id`,
    );
    expect(ids.map((r) => r.id)).toEqual(['b-1', 'b-2', 'b-3']);

    // Fixed and run again: the recorded chunk is skipped, the rest recorded.
    const fixed = csv(
      'fixed.csv',
      fs
        .readFileSync(file, 'utf8')
        .trim()
        .split('\n')
        .map((l) => l.replace(',-5', ',5')),
    );
    expect(await run(fixed)).toMatchObject({ recorded: 3, duplicates: 3 });
  });

  it('names the line of a value the service refuses, and of an organization outside the tree', async () => {
    const future = csv('future.csv', [
      'id,occurredAt,type,quantity',
      'f-1,2027-02-03T10:00:00Z,DATA,1',
      'f-2,2030-01-01T00:00:00Z,DATA,1',
    ]);
    await expect(run(future, 10)).rejects.toMatchObject({
      line: 3,
      message: expect.stringMatching(/^line 3: occurredAt/),
    });
    const elsewhere = csv('elsewhere.csv', [
      'id,occurredAt,type,quantity,organizationId',
      'o-1,2027-02-03T10:00:00Z,DATA,1,',
      `o-2,2027-02-03T10:00:00Z,DATA,1,${outsider}`,
    ]);
    await expect(run(elsewhere, 10)).rejects.toMatchObject({ line: 3 });
    expect(
      Number(
        (await api.server.deps.db.manager.query(`SELECT COUNT(*) AS n FROM usage_event WHERE id IN ('f-1', 'o-1')`))[0]
          .n,
      ),
    ).toBe(0);
  });

  it('refuses malformed lines and headers with their line numbers', async () => {
    const cases: Array<[string[], number, RegExp]> = [
      [['id,occurredAt,type'], 1, /missing column quantity/],
      [['id,when,type,quantity'], 1, /unknown column "when"/],
      [
        ['id,occurredAt,type,quantity', 'x-1,yesterday,VOICE,1'],
        2,
        /occurredAt must be an RFC 3339 instant with an offset/,
      ],
      // The same parser as GraphQL's DateTime: no local-zone guess, no rolling 30 February into March.
      [
        ['id,occurredAt,type,quantity', 'x-1,2027-02-03T10:00:00,VOICE,1'],
        2,
        /occurredAt must be an RFC 3339 instant.*got "2027-02-03T10:00:00"/,
      ],
      [
        ['id,occurredAt,type,quantity', 'x-1,2027-02-01T10:00:00Z,VOICE,1', 'x-2,2027-02-30T10:00:00Z,VOICE,1'],
        3,
        /got "2027-02-30T10:00:00Z"/,
      ],
      [['id,occurredAt,type,quantity', 'x-1,2027-02-03T24:00:00Z,VOICE,1'], 2, /got "2027-02-03T24:00:00Z"/],
      [['id,occurredAt,type,quantity', 'x-1,2027-02-03T10:00:00Z,FAX,1'], 2, /type must be VOICE, MESSAGE or DATA/],
      [['id,occurredAt,type,quantity', 'x-1,2027-02-03T10:00:00Z,VOICE'], 2, /expected 4 fields, got 3/],
      [
        ['id,occurredAt,type,quantity', 'x-1,2027-02-03T10:00:00Z,VOICE,1', '"x-2,2027-02-03T10:00:00Z,VOICE,1'],
        3,
        /unbalanced quotes/,
      ],
      [
        ['id,occurredAt,type,quantity,billable', 'x-1,2027-02-03T10:00:00Z,VOICE,1,maybe'],
        2,
        /billable must be true or false/,
      ],
    ];
    for (const [lines, line, message] of cases) {
      const error = await run(csv('case.csv', lines), 10).catch((e) => e);
      expect(error).toBeInstanceOf(ImportLineError);
      expect(error.line).toBe(line);
      expect(error.message).toMatch(message);
    }
    expect(
      Number(
        (await api.server.deps.db.manager.query(`SELECT COUNT(*) AS n FROM usage_event WHERE id LIKE 'x-%'`))[0].n,
      ),
    ).toBe(0);
  });
});
