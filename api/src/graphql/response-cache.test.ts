import { parse, OperationDefinitionNode } from 'graphql';
import { DASHBOARD_QUERY } from '../../bench/dashboard-query';
import { AnswerCache, cacheableOrganizationFields } from './response-cache';
import { appSchema } from './schema';

async function organizationsOf(query: string): Promise<string[] | null> {
  const document = parse(query);
  const operation = document.definitions.find((d): d is OperationDefinitionNode => d.kind === 'OperationDefinition')!;
  const fields = cacheableOrganizationFields(await appSchema(), document, operation);
  return fields && fields.map((f) => f.alias?.value ?? f.name.value);
}

describe('which answers may be kept', () => {
  it('keeps the dashboard query, every field of it stamped by the organization row', async () => {
    expect(await organizationsOf(DASHBOARD_QUERY)).toEqual(['organization']);
  });

  it('keeps several organizations asked at once, with fragments of stamped fields', async () => {
    const query =
      '{ a: organization(id: "1") { ...F } b: organization(id: "2") { numberUtilization { total } } __typename } ' +
      'fragment F on Organization { name cycle(period: PAST) { voice { billable } } }';
    expect(await organizationsOf(query)).toEqual(['a', 'b']);
  });

  it("keeps the token's own organization asked through viewer (widgets without organization-id)", async () => {
    const query = '{ viewer { roles organization { name cycle(period: CURRENT) { newUsers } } } }';
    expect(await organizationsOf(query)).toEqual(['viewer']);
  });

  it('keeps idle numbers: usage and number operations both move the stamps they depend on', async () => {
    const query =
      '{ organization(id: "1") { numberUtilization { idle(days: 30) { count numbers { number user { email } } } } } }';
    expect(await organizationsOf(query)).toEqual(['organization']);
  });

  it.each([
    ["the token's subject", '{ viewer { subject organization { name } } }'],
    [
      'a field of another organization (parent)',
      '{ organization(id: "2") { parent { cycle(period: CURRENT) { newUsers } } } }',
    ],
    ['sub-organizations', '{ organization(id: "1") { subOrganizations { name } } }'],
    ['users', '{ organization(id: "1") { users { email } } }'],
    ['admin emails', '{ organization(id: "1") { adminEmails } }'],
    ['a fragment reaching numbers', '{ organization(id: "1") { ...F } } fragment F on Organization { numbers { id } }'],
    ['another root field', '{ organizations { id } organization(id: "1") { name } }'],
    ['a fragment at the root', '{ ...Q } fragment Q on Query { organization(id: "1") { name } }'],
    ['a mutation', 'mutation { requestMoreNumbers(organizationId: "1") { id } }'],
  ])('never keeps %s', async (_what, query) => {
    expect(await organizationsOf(query)).toBeNull();
  });
});

describe('kept answers', () => {
  const answer = (stamps: string, text: string) => ({ stamps, data: { text }, bytes: text.length });

  it('serves an answer only under the stamps it was made under, and drops it once they moved', () => {
    const cache = new AnswerCache(1000);
    cache.set('dashboard|org 1', answer('1:7:3', 'figures at usage version 7'));
    expect(cache.get('dashboard|org 1', '1:7:3')).toEqual({ text: 'figures at usage version 7' });
    expect(cache.get('dashboard|org 1', '1:8:3')).toBeUndefined();
    // Gone, not merely skipped: the stamps it was made under no longer come back.
    expect(cache.get('dashboard|org 1', '1:7:3')).toBeUndefined();
  });

  it('keeps at most its bytes, least recently used answers first out', () => {
    const cache = new AnswerCache(20);
    cache.set('a', answer('s', '0123456789'));
    cache.set('b', answer('s', '0123456789'));
    expect(cache.get('a', 's')).toBeDefined();
    cache.set('c', answer('s', '0123456789'));
    expect([cache.get('a', 's'), cache.get('b', 's'), cache.get('c', 's')].map(Boolean)).toEqual([true, false, true]);
  });
});
