import { Config } from '../src/common/config';
import { DatabaseKind, startTestServer, TestServer } from './harness';
import { SmtpSink } from './smtp-sink';

export const PORTAL_URL = 'https://portal.carrier.example/dashboard';
const CREATE = `mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }`;
const NOTIFICATIONS =
  'query($id: ID!) { organization(id: $id) { notifications(first: 100) ' +
  '{ id cause recipients subject createdAt sentAt attempts lastError } } }';

export interface NotificationView {
  id: string;
  cause: string;
  recipients: string[];
  subject: string;
  createdAt: string;
  sentAt: string | null;
  attempts: number;
  lastError: string | null;
}

/** A GraphQL client bound to one server that fails the test on any unexpected error. */
export function client(api: { query: TestServer['query'] }) {
  async function ok<T = any>(query: string, variables: Record<string, unknown>, token: string): Promise<T> {
    const body = await api.query<T>(query, variables, token);
    if (body.errors) throw new Error(`unexpected errors: ${JSON.stringify(body.errors)}`);
    return body.data as T;
  }
  return {
    ok,
    async createOrganization(operatorOrAdmin: string, input: Record<string, unknown>): Promise<string> {
      return (await ok(CREATE, { input }, operatorOrAdmin)).createOrganization.id;
    },
    async addNumbers(token: string, organizationId: string, numbers: string[]): Promise<string[]> {
      const data = await ok(
        `mutation($o: ID!, $n: [String!]!) { addNumbers(organizationId: $o, numbers: $n) { id } }`,
        { o: organizationId, n: numbers },
        token,
      );
      return data.addNumbers.map((n: { id: string }) => n.id);
    },
    async assign(token: string, numberId: string, email: string): Promise<{ userId: string }> {
      const data = await ok(
        `mutation($n: ID!, $e: String!) { assignNumber(numberId: $n, email: $e) { state user { id } } }`,
        { n: numberId, e: email },
        token,
      );
      return { userId: data.assignNumber.user.id };
    },
    reserve: (token: string, numberId: string) =>
      ok(`mutation($n: ID!) { reserveNumber(numberId: $n) { state } }`, { n: numberId }, token),
    release: (token: string, numberId: string) =>
      ok(`mutation($n: ID!) { releaseNumber(numberId: $n) { state } }`, { n: numberId }, token),
    register: (token: string, userId: string) =>
      ok(`mutation($u: ID!) { registerUser(userId: $u) { registeredAt } }`, { u: userId }, token),
    threshold: async (token: string, organizationId: string, percent: number) =>
      (
        await ok(
          'mutation($o: ID!, $p: Int!) { ' +
            'setUtilizationThreshold(organizationId: $o, percent: $p) { percent reached } }',
          { o: organizationId, p: percent },
          token,
        )
      ).setUtilizationThreshold,
    allocate: (token: string, from: string, to: string, count: number) =>
      ok(
        'mutation($f: ID!, $t: ID!, $c: Int!) { ' +
          'allocateNumbers(fromOrganizationId: $f, toOrganizationId: $t, count: $c) { id } }',
        { f: from, t: to, c: count },
        token,
      ),
    withdraw: (token: string, from: string, count: number) =>
      ok(
        `mutation($f: ID!, $c: Int!) { withdrawNumbers(fromOrganizationId: $f, count: $c) { id } }`,
        { f: from, c: count },
        token,
      ),
    async notifications(token: string, organizationId: string): Promise<NotificationView[]> {
      return (await ok(NOTIFICATIONS, { id: organizationId }, token)).organization.notifications;
    },
  };
}

/** E.164 numbers unique across the whole run (every test and database). */
let numberSeq = 0;
export function phoneNumbers(count: number): string[] {
  return Array.from({ length: count }, () => `+1415555${String(1000 + numberSeq++).padStart(4, '0')}`);
}

export async function until<T>(
  what: string,
  probe: () => Promise<T | null | undefined | false>,
  timeoutMs = 10_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value) return value;
    if (Date.now() > deadline) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

export interface MailingServer {
  sink: SmtpSink;
  api: TestServer;
  gql: ReturnType<typeof client>;
  /** An operator's token (no organization). */
  operator: string;
}

/**
 * Registers the suite's hooks for a server whose outbox dispatcher mails a test SMTP sink: started
 * before all tests, stopped after, and the sink emptied before each. Read the fields inside tests.
 */
export function serverWithSmtpSink(database: DatabaseKind, config: Partial<Config> = {}): MailingServer {
  const ctx = {} as MailingServer;
  beforeAll(async () => {
    ctx.sink = await SmtpSink.start();
    ctx.api = await startTestServer({
      database,
      demoData: false,
      dispatcher: true,
      config: { smtpUrl: ctx.sink.url, ...config },
    });
    ctx.gql = client(ctx.api);
    ctx.operator = await ctx.api.token({ roles: ['operator'], org: null, sub: 'carrier-staff' });
  });
  afterAll(async () => {
    await ctx.api?.close();
    await ctx.sink?.down();
  });
  beforeEach(() => {
    ctx.sink.received.length = 0;
  });
  return ctx;
}
