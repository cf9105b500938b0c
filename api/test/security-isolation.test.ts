import {
  buildClientSchema,
  getIntrospectionQuery,
  getNamedType,
  getNullableType,
  GraphQLArgument,
  GraphQLEnumType,
  GraphQLField,
  GraphQLInputField,
  GraphQLInputType,
  GraphQLNamedType,
  GraphQLSchema,
  isEnumType,
  isInputObjectType,
  isListType,
  isNonNullType,
  isObjectType,
  isScalarType,
} from 'graphql';
import { ViewerScope } from '../src/auth/viewer-scope';
import { startTestServer, TestServer, testDatabases } from './harness';

/**
 * Walks every Query and Mutation field of the live schema. Each argument (or input field, at any
 * depth) of type ID names an organization, a number or a user; the walker calls the operation with
 * a token of another tree, once per id with the victim's id there and the caller's own valid ids
 * elsewhere, and once with every id the victim's. Each call must answer exactly as it does for an
 * id that does not exist (NOT_FOUND, or for a reference inside the caller's own data the same
 * BAD_USER_INPUT), and the database must be unchanged afterwards. A new resolver that forgets its
 * scope check makes this fail; an id argument whose kind the walker cannot tell fails it too.
 */

type Kind = 'organization' | 'subOrganization' | 'number' | 'user';
type Path = Array<string | number>;
interface Slot {
  path: Path;
  kind: Kind;
}
interface Tree {
  organization: string;
  subOrganization: string;
  number: string;
  user: string;
}

const MISSING_ID = '4000000000';
/**
 * Operations of the carrier's staff alone (DESIGN §9's price plans): no other role reaches them whatever
 * the ids (FORBIDDEN, the same for the victim's id and a missing one), and an operator sees every tree.
 */
const OPERATOR_ONLY = new Set(['mutation.setPlan', 'mutation.clearPlan']);

function kindOf(name: string): Kind {
  if (/user/i.test(name)) return 'user';
  if (/number/i.test(name)) return 'number';
  if (/^to.*organization/i.test(name)) return 'subOrganization';
  // `after` on Query.organizations is a cursor naming an organization of the list.
  if (/organization|parent|^id$|^after$/i.test(name)) return 'organization';
  throw new Error(
    `The isolation walker cannot tell what the ID "${name}" names: teach kindOf() before adding it to the schema`,
  );
}

/** ID slots under an argument or input field, lists entered at their first element. */
function slotsOf(type: GraphQLInputType, path: Path, name: string, seen = new Set<string>()): Slot[] {
  const t = getNullableType(type) as GraphQLInputType;
  if (isListType(t)) return slotsOf(t.ofType, [...path, 0], name, seen);
  if (isScalarType(t)) return t.name === 'ID' ? [{ path, kind: kindOf(name) }] : [];
  if (isInputObjectType(t)) {
    if (seen.has(t.name)) return [];
    return Object.values(t.getFields()).flatMap((f) =>
      slotsOf(f.type, [...path, f.name], f.name, new Set([...seen, t.name])),
    );
  }
  return [];
}

let unique = 0;

/** A valid value for a non-ID input, by name where the name says what it is. */
function sampleValue(type: GraphQLInputType, name: string, own: Tree, now: Date): unknown {
  const t = getNullableType(type) as GraphQLInputType;
  if (isListType(t)) return [sampleValue(t.ofType, name, own, now)];
  if (isEnumType(t)) return (t as GraphQLEnumType).getValues()[0].value;
  if (isInputObjectType(t)) {
    const value: Record<string, unknown> = {};
    for (const f of Object.values(t.getFields()) as GraphQLInputField[]) {
      if (isNonNullType(f.type) || slotsOf(f.type, [], f.name).length)
        value[f.name] = sampleValue(f.type, f.name, own, now);
    }
    return value;
  }
  if (!isScalarType(t)) throw new Error(`no sample for ${String(t)}`);
  switch (t.name) {
    case 'ID':
      return own[kindOf(name)];
    case 'String':
      unique++;
      if (/email/i.test(name)) return `walker${unique}@attacker.example`;
      if (/^numbers?$/i.test(name)) return `+1555${String(1_000_000 + unique).slice(-7)}`;
      if (/timezone/i.test(name)) return 'UTC';
      return `walker-${unique}`;
    case 'Int':
      if (/percent/i.test(name)) return 50;
      return 1;
    case 'SafeInt':
    case 'Float':
      return 1;
    case 'Boolean':
      return true;
    case 'DateTime':
      return now.toISOString();
    default:
      throw new Error(`The isolation walker has no sample for scalar ${t.name}`);
  }
}

function setAt(target: unknown, path: Path, value: unknown): void {
  let node = target as Record<string | number, unknown>;
  for (const key of path.slice(0, -1)) node = node[key] as Record<string | number, unknown>;
  node[path[path.length - 1]] = value;
}

function typeRef(arg: GraphQLArgument): string {
  return String(arg.type);
}

function operationText(kind: 'query' | 'mutation', field: GraphQLField<unknown, unknown>): string {
  const defs = field.args.map((a) => `$${a.name}: ${typeRef(a)}`).join(', ');
  const args = field.args.map((a) => `${a.name}: $${a.name}`).join(', ');
  const named = getNamedType(field.type);
  const selection = isScalarType(named) || isEnumType(named) ? '' : ' { __typename }';
  return `${kind} Walk${defs ? `(${defs})` : ''} { ${field.name}${args ? `(${args})` : ''}${selection} }`;
}

/** Every field without required arguments, objects `depth` levels down, each with __typename. */
function selectionOf(type: GraphQLNamedType, depth: number): string {
  if (!isObjectType(type)) return '';
  const parts = ['__typename'];
  for (const f of Object.values(type.getFields())) {
    if (f.args.some((a) => isNonNullType(a.type) && a.defaultValue === undefined)) continue;
    const named = getNamedType(f.type);
    if (isObjectType(named)) {
      // A page of one row is enough to see whose records come back, and keeps within the cost budget.
      if (depth > 1)
        parts.push(
          `${f.name}${f.args.some((a) => a.name === 'first') ? '(first: 1)' : ''} ${selectionOf(named, depth - 1)}`,
        );
    } else {
      parts.push(f.name);
    }
  }
  return `{ ${parts.join(' ')} }`;
}

/** "Type:id" of every record with an id in an answer. */
function placedRecords(value: unknown, found: string[] = []): string[] {
  if (Array.isArray(value)) value.forEach((v) => placedRecords(v, found));
  else if (value && typeof value === 'object') {
    const record = value as Record<string, unknown>;
    if (typeof record.__typename === 'string' && typeof record.id === 'string')
      found.push(`${record.__typename}:${record.id}`);
    Object.values(record).forEach((v) => placedRecords(v, found));
  }
  return found;
}

describe.each(testDatabases())('tenant isolation on %s', (database) => {
  let api: TestServer;
  let operator: string;
  let attacker: string;
  let victim: Tree;
  let own: Tree;
  const NOW = new Date('2026-11-26T12:00:00Z');

  async function ok(query: string, variables: Record<string, unknown>, token: string) {
    const body = await api.query(query, variables, token);
    if (body.errors) throw new Error(JSON.stringify(body.errors));
    return body.data;
  }

  /** An organization with a sub-organization, an available number and an assigned one with its user. */
  async function tree(name: string): Promise<Tree> {
    const create = 'mutation($input: CreateOrganizationInput!) { createOrganization(input: $input) { id } }';
    const organization = (await ok(create, { input: { name, adminEmails: [`admin@${name}.example`] } }, operator))
      .createOrganization.id;
    const subOrganization = (
      await ok(
        create,
        { input: { name: `${name} Dept`, parentId: organization, adminEmails: [`dept@${name}.example`] } },
        operator,
      )
    ).createOrganization.id;
    const base = name === 'victim' ? '+4930100000' : '+4930200000';
    const added = await ok(
      'mutation($o: ID!, $n: [String!]!) { addNumbers(organizationId: $o, numbers: $n) { id } }',
      { o: organization, n: [0, 1, 2, 3].map((i) => `${base}${i}`) },
      operator,
    );
    const [number, assigned] = added.addNumbers.map((n: { id: string }) => n.id);
    const user = (
      await ok(
        'mutation($id: ID!) { assignNumber(numberId: $id, email: "u@x.example") { user { id } } }',
        { id: assigned },
        operator,
      )
    ).assignNumber.user.id;
    return { organization, subOrganization, number, user };
  }

  async function snapshot(): Promise<Record<string, string[]>> {
    const { dataSource } = api.server.deps.db;
    const result: Record<string, string[]> = {};
    for (const table of dataSource.entityMetadatas.map((m) => m.tableName).sort()) {
      const rows: Record<string, unknown>[] = await dataSource.query(`SELECT * FROM ${table}`);
      result[table] = rows.map((r) => JSON.stringify(r)).sort();
    }
    return result;
  }

  beforeAll(async () => {
    api = await startTestServer({ database, demoData: false, now: NOW });
    operator = await api.token({ roles: ['operator'], org: null, sub: 'carrier' });
    victim = await tree('victim');
    own = await tree('attacker');
    // Every non-operator role at once, so only the scope can stop a call.
    attacker = await api.token({ roles: ['admin', 'viewer', 'ingest'], org: own.organization, sub: 'attacker-admin' });
  });
  afterAll(async () => api?.close());

  /** Walks the schema as the attacker; answers what was tried and every way isolation failed. */
  async function walk(): Promise<{ checked: string[]; idFree: string[]; problems: string[] }> {
    const schema: GraphQLSchema = buildClientSchema((await ok(getIntrospectionQuery(), {}, operator)) as never);
    const before = await snapshot();
    const checked: string[] = [];
    const idFree: string[] = [];
    const problems: string[] = [];
    const normalize = (e: { message: string; extensions?: Record<string, unknown> } | undefined, ids: string[]) =>
      JSON.stringify({
        code: e?.extensions?.code,
        field: e?.extensions?.field,
        message: ids.reduce((m, id) => m.split(id).join('<id>'), e?.message ?? ''),
      });
    for (const [kind, root] of [
      ['query', schema.getQueryType()],
      ['mutation', schema.getMutationType()],
    ] as const) {
      for (const field of Object.values(root!.getFields())) {
        const slots = field.args.flatMap((a) => slotsOf(a.type, [a.name], a.name));
        const text = operationText(kind, field);
        const base = (): Record<string, unknown> => {
          const vars: Record<string, unknown> = {};
          for (const a of field.args)
            if (isNonNullType(a.type) || slotsOf(a.type, [], a.name).length)
              vars[a.name] = sampleValue(a.type, a.name, own, NOW);
          return vars;
        };
        if (!slots.length) {
          // Nothing to aim at another tree; what it answers must still hold nothing of the victim's.
          const body = await api.query(
            text.replace('{ __typename }', selectionOf(getNamedType(field.type), 2)),
            base(),
            attacker,
          );
          if (body.errors) problems.push(`${kind}.${field.name} failed: ${JSON.stringify(body.errors)}`);
          const reached = placedRecords(body.data);
          for (const [type, kinds] of [
            ['Organization', ['organization', 'subOrganization']],
            ['PhoneNumber', ['number']],
            ['User', ['user']],
          ] as const) {
            for (const k of kinds)
              if (reached.includes(`${type}:${victim[k]}`))
                problems.push(`${kind}.${field.name} answered the victim's ${type} ${victim[k]}`);
          }
          idFree.push(`${kind}.${field.name}`);
          continue;
        }
        const cases: Array<{ label: string; aimed: Slot[] }> = slots.map((s) => ({
          label: s.path.join('.'),
          aimed: [s],
        }));
        if (slots.length > 1) cases.push({ label: 'all ids', aimed: slots });
        for (const { label, aimed } of cases) {
          const withVictim = base();
          const withMissing = base();
          for (const s of aimed) {
            setAt(withVictim, s.path, victim[s.kind]);
            setAt(withMissing, s.path, MISSING_ID);
          }
          const answer = await api.query(text, withVictim, attacker);
          const missing = await api.query(text, withMissing, attacker);
          const where = `${kind}.${field.name} with the victim's ${label}`;
          const code = answer.errors?.[0]?.extensions?.code;
          checked.push(`${where}: ${code ?? 'data'}`);
          if (answer.data) problems.push(`${where} answered data: ${JSON.stringify(answer.data)}`);
          const got = normalize(
            answer.errors?.[0],
            aimed.map((s) => victim[s.kind]),
          );
          const expected = normalize(missing.errors?.[0], [MISSING_ID]);
          if (got !== expected) problems.push(`${where} answered ${got}, a missing id ${expected}`);
          const refusals = OPERATOR_ONLY.has(`${kind}.${field.name}`) ? ['FORBIDDEN'] : ['NOT_FOUND', 'BAD_USER_INPUT'];
          if (!refusals.includes(missing.errors?.[0]?.extensions?.code))
            problems.push(`${where}: a missing id answered ${expected}`);
        }
      }
    }
    const after = await snapshot();
    for (const table of Object.keys(before)) {
      if (JSON.stringify(before[table]) !== JSON.stringify(after[table])) problems.push(`table ${table} changed`);
    }
    return { checked, idFree, problems };
  }

  it('answers every id of another tree exactly as a missing one, and changes nothing', async () => {
    const { checked, idFree, problems } = await walk();
    if (process.env.SHOW_WALK)
      console.log(`${checked.length} calls:\n${checked.join('\n')}\nwithout ids: ${idFree.join(', ')}`);
    expect(problems).toEqual([]);
    // Every operation of the contract that takes an id was tried.
    const tried = new Set(checked.map((c) => c.split(' ')[0]));
    for (const name of [
      'query.organization',
      'mutation.setUtilizationThreshold',
      'mutation.requestMoreNumbers',
      'mutation.addNumbers',
      'mutation.reserveNumber',
      'mutation.assignNumber',
      'mutation.registerUser',
      'mutation.deactivateUser',
      'mutation.releaseNumber',
      'mutation.allocateNumbers',
      'mutation.withdrawNumbers',
      'mutation.recordUsage',
      'mutation.createOrganization',
      'query.organizations',
    ]) {
      expect(tried).toContain(name);
    }
    expect(idFree.sort()).toEqual(['query.viewer']);
  });

  it('catches an operation that forgets its scope check', async () => {
    // As if setUtilizationThreshold's service skipped ensureVisible: it acts with an all-seeing scope.
    const numbers = api.server.services.thresholds;
    const original = numbers.setThreshold;
    numbers.setThreshold = (_scope, id, percent) =>
      original.call(numbers, new ViewerScope({ sub: 'nobody', org: null, roles: ['operator'] }, null), id, percent);
    try {
      const { problems } = await walk();
      expect(problems).toEqual(
        expect.arrayContaining([
          expect.stringMatching(/^mutation.setUtilizationThreshold with the victim's organizationId answered data/),
          'table organization changed',
        ]),
      );
      expect(problems.filter((p) => !/setUtilizationThreshold|table organization changed/.test(p))).toEqual([]);
    } finally {
      numbers.setThreshold = original;
    }
  });

  it("answers the victim's organization as missing in every field that reaches it", async () => {
    const body = await api.query(
      `{ organization(id: "${victim.subOrganization}") { id numbers { id } users { id } } }`,
      {},
      attacker,
    );
    expect(body.errors![0].extensions!.code).toBe('NOT_FOUND');
    expect(body.data).toBeNull();
  });
});
