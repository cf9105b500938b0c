/**
 * Requests the service must refuse before running them (security issue: limits), and how long the
 * refusals take. The test suite checks that each is refused with its code and without a statement;
 * the benchmark times them, since a timed assertion on a shared test machine measures the machine.
 */

/** `organization { parent { … { id } } }`: `levels` fields deep. */
export function nestedQuery(levels: number, organizationId = '1'): string {
  return `{ organization(id: "${organizationId}") { ${'parent { '.repeat(levels - 2)}id${' }'.repeat(levels - 2)} } }`;
}

/** `n` aliases of one field. */
export function aliasedQuery(n: number): string {
  return `{ viewer { ${Array.from({ length: n }, (_, i) => `a${i}: subject`).join(' ')} } }`;
}

/** Numbers of every sub-organization, `first` of each: over the cost budget at 1,000. */
export const COSTLY_QUERY =
  'query($id: ID!, $n: Int!) { ' +
  'organization(id: $id) { subOrganizations { numbers(first: $n) { id user { email } } } } }';

/** 6,000 tokens: past the parser's limit of 5,000. */
export const TOKEN_FLOOD_QUERY = `{ viewer { ${Array.from({ length: 6000 }, () => 'subject').join(' ')} } }`;

/** A 1.1 MB body that is not a recordUsage mutation. */
export const PADDED_BODY = {
  query: 'query($pad: String) { viewer { subject } }',
  variables: { pad: 'x'.repeat(1_100_000) },
};

export interface Refusal {
  name: string;
  body: string;
  status: number;
}

/** Each limit's refusal, as the benchmark sends it. */
export function refusals(organizationId: string): Refusal[] {
  return [
    { name: 'depth 11', body: JSON.stringify({ query: nestedQuery(11) }), status: 400 },
    { name: '31 aliases', body: JSON.stringify({ query: aliasedQuery(31) }), status: 400 },
    {
      name: 'cost over budget',
      body: JSON.stringify({ query: COSTLY_QUERY, variables: { id: organizationId, n: 1000 } }),
      status: 400,
    },
    { name: '6,000 tokens', body: JSON.stringify({ query: TOKEN_FLOOD_QUERY }), status: 400 },
    { name: '1.1 MB body', body: JSON.stringify(PADDED_BODY), status: 413 },
  ];
}

export interface RefusalTiming {
  name: string;
  p50: number;
  p99: number;
  max: number;
}

/** Sends each refusal `tries` times one after another (after a warm-up of 10) and answers its latencies in ms. */
export async function timeRefusals(
  graphqlUrl: string,
  token: string,
  organizationId: string,
  tries = 200,
): Promise<RefusalTiming[]> {
  const timings: RefusalTiming[] = [];
  for (const refusal of refusals(organizationId)) {
    const send = async () => {
      const started = performance.now();
      const res = await fetch(graphqlUrl, {
        method: 'POST',
        headers: { 'content-type': 'application/json', authorization: `Bearer ${token}` },
        body: refusal.body,
      });
      await res.arrayBuffer();
      if (res.status !== refusal.status)
        throw new Error(`${refusal.name}: expected HTTP ${refusal.status}, got ${res.status}`);
      return performance.now() - started;
    };
    for (let i = 0; i < 10; i++) await send();
    const ms: number[] = [];
    for (let i = 0; i < tries; i++) ms.push(await send());
    ms.sort((a, b) => a - b);
    const at = (q: number) => Math.round(ms[Math.min(ms.length - 1, Math.floor(q * ms.length))] * 10) / 10;
    timings.push({ name: refusal.name, p50: at(0.5), p99: at(0.99), max: at(1) });
  }
  return timings;
}
