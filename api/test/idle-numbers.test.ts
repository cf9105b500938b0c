import { startTestServer, TestServer, testDatabases } from './harness';

/**
 * DESIGN §10 idle numbers end to end. Lima Co runs on America/Lima (UTC−5, no DST) and is asked at
 * 2027-03-31 10:00 local: the last 30 local days are 2027-03-02..2027-03-31, starting at
 * 2027-03-02T05:00:00Z. Each number below has one reason to be idle or not; the expected figures are
 * also worked out here from the recorded events (expectedIdle), for other windows too.
 */
const ZONE = 'America/Lima';
const QUERY_TIME = new Date('2027-03-31T15:00:00Z');
const BEFORE_WINDOW = '2027-01-10T12:00:00Z';

/** A number's holder: when its user was added (the number assigned), and the user's events. */
type Event = [type: 'VOICE' | 'MESSAGE' | 'DATA', occurredAt: string, quantity: number, billable: boolean];
interface Holder {
  name: string;
  addedAt: string;
  events: Event[];
  registers?: boolean;
}

const HOLDERS: Holder[] = [
  // 2027-03-02 00:05 local: just inside the window.
  { name: 'just-inside', addedAt: BEFORE_WINDOW, events: [['VOICE', '2027-03-02T05:05:00Z', 60, true]] },
  // 2027-03-01 23:55 local (already 03-02 in UTC): just outside, 31 local days ago.
  { name: 'just-outside', addedAt: BEFORE_WINDOW, events: [['VOICE', '2027-03-02T04:55:00Z', 60, true]] },
  // 2027-03-02 23:50 local (03-03 in UTC): late on the window's first local day.
  { name: 'late-first-day', addedAt: BEFORE_WINDOW, events: [['VOICE', '2027-03-03T04:50:00Z', 30, true]] },
  { name: 'non-billable', addedAt: BEFORE_WINDOW, events: [['DATA', '2027-03-20T12:00:00Z', 1000, false]] },
  { name: 'zero-quantity', addedAt: BEFORE_WINDOW, events: [['MESSAGE', '2027-03-25T12:00:00Z', 0, true]] },
  { name: 'old-usage-only', addedAt: BEFORE_WINDOW, events: [['MESSAGE', '2027-02-01T12:00:00Z', 3, true]] },
  { name: 'added-inside', addedAt: '2027-03-10T12:00:00Z', events: [] },
  { name: 'added-at-window-start', addedAt: '2027-03-02T05:00:00Z', events: [] },
  { name: 'added-second-before', addedAt: '2027-03-02T04:59:59Z', events: [] },
  { name: 'registered-silent', addedAt: BEFORE_WINDOW, events: [], registers: true },
];

const localDay = (at: Date) => new Intl.DateTimeFormat('en-CA', { timeZone: ZONE }).format(at);
const minusDays = (day: string, days: number) =>
  new Date(Date.parse(`${day}T00:00:00Z`) - days * 86_400_000).toISOString().slice(0, 10);

/** The holders idle over the last `days` local days at QUERY_TIME, from the events as recorded. */
function expectedIdle(days: number): string[] {
  const today = localDay(QUERY_TIME);
  const firstDay = minusDays(today, days - 1);
  const startsAt = Date.parse(`${firstDay}T00:00:00-05:00`);
  return HOLDERS.filter(
    (h) =>
      Date.parse(h.addedAt) < startsAt &&
      !h.events.some(([, at]) => localDay(new Date(at)) >= firstDay && localDay(new Date(at)) <= today),
  ).map((h) => h.name);
}

describe.each(testDatabases())('idle numbers (DESIGN §10) on %s', (database) => {
  let api: TestServer;
  let clock = new Date('2027-01-05T12:00:00Z');
  let admin: string;
  const ids = { lima: '', branch: '' };
  /** Holder name → its number's id and E.164 number; its user's id. */
  const held = new Map<string, { id: string; number: string; userId: string }>();

  async function ok<T = any>(query: string, variables: Record<string, unknown> = {}): Promise<T> {
    const body = await api.query<T>(query, variables, admin);
    if (body.errors) throw new Error(`unexpected errors: ${JSON.stringify(body.errors)}`);
    return body.data as T;
  }
  const IDLE = `query($id: ID!, $days: Int, $first: Int, $after: ID) { organization(id: $id) { numberUtilization {
    idle(days: $days) { count numbers(first: $first, after: $after) { id number state user { email } } } } } }`;
  const idle = async (variables: { days?: number; first?: number; after?: string }, id = ids.lima) =>
    (await ok(IDLE, { id, ...variables })).organization.numberUtilization.idle;
  const assign = async (numberId: string, email: string) =>
    (await ok(`mutation { assignNumber(numberId: "${numberId}", email: "${email}") { user { id } } }`)).assignNumber
      .user.id as string;

  async function addNumbers(organizationId: string, numbers: string[]): Promise<Array<{ id: string; number: string }>> {
    const added = await ok(
      `mutation($org: ID!, $n: [String!]!) { addNumbers(organizationId: $org, numbers: $n) { id number } }`,
      { org: organizationId, n: numbers },
    );
    return added.addNumbers;
  }

  async function seedHolders(numbers: Array<{ id: string; number: string }>): Promise<void> {
    // Assigned in the order of their addedAt, so the clock only moves forward.
    const order = HOLDERS.map((h, i) => ({ h, n: numbers[i] })).sort((a, b) => a.h.addedAt.localeCompare(b.h.addedAt));
    for (const { h, n } of order) {
      clock = new Date(h.addedAt);
      const userId = await assign(n.id, `${h.name}@lima.example`);
      held.set(h.name, { ...n, userId });
      if (h.registers) await ok(`mutation { registerUser(userId: "${userId}") { id } }`);
    }
  }

  beforeAll(async () => {
    api = await startTestServer({ database, demoData: false, now: () => clock });
    const operator = await api.token({ roles: ['operator'], org: null });
    const create = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`;
    const limaBody = await api.query(
      create,
      { input: { name: 'Lima Co', timezone: ZONE, adminEmails: ['a@lima.example'] } },
      operator,
    );
    ids.lima = limaBody.data.createOrganization.id;
    admin = await api.token({ org: ids.lima, roles: ['admin'] });
    ids.branch = (
      await ok(create, { input: { name: 'Branch', parentId: ids.lima, adminEmails: ['b@lima.example'] } })
    ).createOrganization.id;
    const numbers = await addNumbers(
      ids.lima,
      Array.from({ length: HOLDERS.length + 2 }, (_, i) => `+1415555${String(100 + i).padStart(4, '0')}`),
    );
    const [reserved, released] = numbers.slice(HOLDERS.length);
    await ok(`mutation { reserveNumber(numberId: "${reserved.id}") { id } }`);
    await assign(released.id, 'released@lima.example');
    await ok(`mutation { releaseNumber(numberId: "${released.id}") { id } }`);
    // The sub-organization's own silent user: idle there, never in Lima Co's figures.
    const [branchNumber] = await addNumbers(ids.branch, ['+14155559900']);
    await assign(branchNumber.id, 'branch@lima.example');
    await seedHolders(numbers);
    clock = QUERY_TIME;
    const events = HOLDERS.flatMap((h) =>
      h.events.map(([type, occurredAt, quantity, billable], i) => ({
        id: `${h.name}-${i}`,
        organizationId: ids.lima,
        userId: held.get(h.name)!.userId,
        type,
        occurredAt,
        quantity,
        billable,
      })),
    );
    const recorded = await ok(
      `mutation($events: [UsageEventInput!]!) { recordUsage(events: $events) { accepted duplicates } }`,
      { events },
    );
    expect(recorded.recordUsage).toEqual({ accepted: events.length, duplicates: 0 });
  }, 60_000);

  afterAll(() => api?.close());

  const namesOf = (numbers: Array<{ id: string }>) =>
    numbers.map((n) => [...held].find(([, h]) => h.id === n.id)?.[0] ?? `unknown ${n.id}`);

  it('lists the numbers whose users were there all window and used nothing in it, by number id', async () => {
    expect(expectedIdle(30)).toEqual(['just-outside', 'old-usage-only', 'added-second-before', 'registered-silent']);
    const answer = await idle({});
    expect(answer.count).toBe(4);
    expect(namesOf(answer.numbers)).toEqual(expectedIdle(30));
    const silent = held.get('registered-silent')!;
    expect(answer.numbers[3]).toEqual({
      id: silent.id,
      number: silent.number,
      state: 'REGISTERED',
      user: { email: 'registered-silent@lima.example' },
    });
    expect(answer.numbers.slice(0, 3).map((n: { state: string }) => n.state)).toEqual([
      'ASSIGNED',
      'ASSIGNED',
      'ASSIGNED',
    ]);
    // The default is 30 days.
    expect(await idle({ days: 30 })).toEqual(answer);
  });

  it.each([1, 29, 31, 60, 400])('counts what the events say for the last %i days', async (days) => {
    const answer = await idle({ days, first: 100 });
    expect(answer.count).toBe(expectedIdle(days).length);
    expect(namesOf(answer.numbers)).toEqual(expectedIdle(days));
  });

  it('answers 31 days without the user who called at 23:55 local on the 31st day back', async () => {
    expect(namesOf((await idle({ days: 31 })).numbers)).toEqual(['old-usage-only', 'registered-silent']);
  });

  it("counts a sub-organization's numbers there, not in its parent's", async () => {
    const branch = await idle({}, ids.branch);
    expect(branch).toEqual({
      count: 1,
      numbers: [
        { id: expect.any(String), number: '+14155559900', state: 'ASSIGNED', user: { email: 'branch@lima.example' } },
      ],
    });
  });

  it('pages by number id with first and after', async () => {
    const first = await idle({ first: 2 });
    expect(first.count).toBe(4);
    expect(namesOf(first.numbers)).toEqual(['just-outside', 'old-usage-only']);
    const second = await idle({ first: 2, after: first.numbers[1].id });
    expect(namesOf(second.numbers)).toEqual(['added-second-before', 'registered-silent']);
    expect((await idle({ first: 2, after: second.numbers[1].id })).numbers).toEqual([]);
  });

  it.each([0, 401])('refuses days = %i with BAD_USER_INPUT on days', async (days) => {
    const body = await api.query(IDLE, { id: ids.lima, days }, admin);
    expect(body.data).toBeNull();
    expect(body.errors).toHaveLength(1);
    expect(body.errors![0].message).toBe(`days must be from 1 to 400, got ${days}`);
    expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'days' });
  });

  it('refuses first = 0 with BAD_USER_INPUT on first', async () => {
    const body = await api.query(IDLE, { id: ids.lima, first: 0 }, admin);
    expect(body.errors![0].extensions).toMatchObject({ code: 'BAD_USER_INPUT', field: 'first' });
  });

  it('is never answered stale: usage and number operations move it at once, asked twice in between', async () => {
    await idle({});
    expect((await idle({})).count).toBe(4);
    const silent = held.get('old-usage-only')!;
    await ok(`mutation($e: [UsageEventInput!]!) { recordUsage(events: $e) { accepted } }`, {
      e: [
        {
          id: 'late-call',
          organizationId: ids.lima,
          userId: silent.userId,
          type: 'VOICE',
          occurredAt: '2027-03-31T14:00:00Z',
          quantity: 5,
        },
      ],
    });
    const afterUsage = await idle({});
    expect(namesOf(afterUsage.numbers)).toEqual(['just-outside', 'added-second-before', 'registered-silent']);
    expect(afterUsage.count).toBe(3);
    await idle({});
    await ok(`mutation { releaseNumber(numberId: "${held.get('just-outside')!.id}") { id } }`);
    const afterRelease = await idle({});
    expect(namesOf(afterRelease.numbers)).toEqual(['added-second-before', 'registered-silent']);
    expect(afterRelease.count).toBe(2);
  });
});
