/**
 * The example tabs GraphiQL opens: valid against schema.graphql, answered without errors by a demo
 * server with the demo token, and the Dashboard tab asks for every field the widgets' queries do.
 */
import fs from 'node:fs';
import {
  buildSchema,
  GraphQLSchema,
  parse,
  TypeInfo,
  validate,
  visit,
  visitWithTypeInfo,
  type DocumentNode,
} from 'graphql';
import * as widgetQueries from '../../../web-components/src/shared/queries';
import { SCHEMA_FILE } from '../../src/common/paths';
import { startTestServer, type TestServer } from '../../test/harness';
import {
  DASHBOARD_OPERATION,
  exampleTabs,
  RECORD_USAGE_OPERATION,
  recordUsageVariables,
  SET_PLAN_OPERATION,
  setPlanVariables,
  USAGE_REPORT_OPERATION,
} from './example-operations';

const schema = buildSchema(fs.readFileSync(SCHEMA_FILE, 'utf8'));

/** Every `Type.field` a document selects, through its fragments. */
function selectedFields(graphqlSchema: GraphQLSchema, document: DocumentNode): Set<string> {
  const fields = new Set<string>();
  const typeInfo = new TypeInfo(graphqlSchema);
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        const parent = typeInfo.getParentType();
        if (parent && !node.name.value.startsWith('__')) fields.add(`${parent.name}.${node.name.value}`);
      },
    }),
  );
  return fields;
}

/** The widgets' queries (each in its `viewer` spelling), not their mutations. */
const widgetDocuments = Object.values(widgetQueries)
  .map((value) => (value && typeof value === 'object' && 'forViewer' in value ? value.forViewer : null))
  .filter((document): document is DocumentNode => document !== null);

describe('the example operations', () => {
  it('are valid against schema.graphql', () => {
    for (const operation of [DASHBOARD_OPERATION, USAGE_REPORT_OPERATION, RECORD_USAGE_OPERATION, SET_PLAN_OPERATION]) {
      expect(validate(schema, parse(operation)).map((error) => error.message)).toEqual([]);
    }
  });

  it('Dashboard selects every field the widgets query', () => {
    expect(widgetDocuments.length).toBeGreaterThanOrEqual(5);
    const dashboard = selectedFields(schema, parse(DASHBOARD_OPERATION));
    const missing = widgetDocuments.flatMap((document) =>
      [...selectedFields(schema, document)].filter((field) => !dashboard.has(field)),
    );
    expect(missing).toEqual([]);
  });

  it('fill in the demo token and organization, or neither', () => {
    const now = new Date('2026-03-04T05:06:07Z');
    const demo = exampleTabs({ demoToken: 'a.b.c', demoOrganizationId: '7' }, now);
    expect(demo.map((tab) => JSON.parse(tab.headers!))).toEqual(Array(4).fill({ Authorization: 'Bearer a.b.c' }));
    expect(JSON.parse(demo[2].variables!).events[0]).toEqual({
      id: `graphiql-call-${now.getTime()}`,
      organizationId: '7',
      type: 'VOICE',
      occurredAt: '2026-03-04T05:06:07.000Z',
      quantity: 125,
    });
    const plain = exampleTabs({ demoToken: null, demoOrganizationId: null }, now);
    expect(JSON.parse(demo[3].variables!)).toMatchObject({ organizationId: '7', effective: 'NEXT_CYCLE' });
    expect(plain.map((tab) => tab.headers)).toEqual(['', '', '', '']);
  });
});

describe('the example operations on a demo server', () => {
  let api: TestServer;

  beforeAll(async () => {
    api = await startTestServer({ demoData: true });
  });
  afterAll(async () => api?.close());

  it('answer the Dashboard and the usage report with the demo token', async () => {
    const token = api.server.demoToken;
    const dashboard = await api.query(DASHBOARD_OPERATION, {}, token);
    expect(dashboard.errors).toBeUndefined();
    expect(dashboard.data.viewer.organization.name).toBe('Acme Corporation');
    expect(dashboard.data.viewer.organization.current.voiceSeries.length).toBeGreaterThan(0);
    const report = await api.query(USAGE_REPORT_OPERATION, {}, token);
    expect(report.errors).toBeUndefined();
    expect(report.data.viewer.organization.allTime.voice.total).toBeGreaterThan(0);
    // The demo account has a plan (DESIGN §9): the cards show allowances and charges.
    const { plan, current, past } = dashboard.data.viewer.organization;
    expect(plan).toMatchObject({ name: 'Business Pool', currency: 'USD', baseFee: { amount: '250.00' } });
    expect(current.voice.allowance).toBeGreaterThan(0);
    expect(past.charges.total.amount).toMatch(/^\d+\.\d\d$/);
  });

  it('sets a plan for the next cycle with an operator token; the demo (admin) token is refused', async () => {
    const variables = JSON.parse(setPlanVariables(api.demoOrgId));
    const refused = await api.query(SET_PLAN_OPERATION, variables, api.server.demoToken);
    expect(refused.errors?.[0].extensions?.code).toBe('FORBIDDEN');
    const operator = await api.token({ roles: ['operator'], org: null });
    const set = await api.query(SET_PLAN_OPERATION, variables, operator);
    expect(set.errors).toBeUndefined();
    expect(set.data.setPlan).toMatchObject({ name: 'Business Pool Plus', baseFee: { amount: '250.00' } });
    const next = await api.query(`{ viewer { organization { nextPlan { name } } } }`, {}, api.server.demoToken);
    expect(next.data.viewer.organization.nextPlan).toEqual({ name: 'Business Pool Plus' });
  });

  it('records usage once: a second run counts duplicates', async () => {
    const variables = JSON.parse(recordUsageVariables(api.demoOrgId, new Date()));
    const first = await api.query(RECORD_USAGE_OPERATION, variables, api.server.demoToken);
    expect(first).toEqual({ data: { recordUsage: { accepted: 2, duplicates: 0 } } });
    const second = await api.query(RECORD_USAGE_OPERATION, variables, api.server.demoToken);
    expect(second).toEqual({ data: { recordUsage: { accepted: 0, duplicates: 2 } } });
  });
});
