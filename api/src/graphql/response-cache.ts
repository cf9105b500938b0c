import { ApolloServerPlugin, GraphQLRequestContext, HeaderMap } from '@apollo/server';
import {
  DocumentNode,
  FieldNode,
  GraphQLSchema,
  Kind,
  OperationDefinitionNode,
  TypeInfo,
  valueFromASTUntyped,
  visit,
  visitWithTypeInfo,
} from 'graphql';
import { countLookup } from '../common/cache-stats';
import { stampOf } from '../organizations/organization.repository';
import { RequestContext } from './context';
import { isConnectionError, serviceUnavailable } from './format-error';

/**
 * Fields whose answers follow from what an organization's own row stamps (DESIGN's dashboard reads):
 * its placement and contact (never change), its usage rollups (usage_rollup_version, moved by every
 * rollup write on its path, users included), its numbers and threshold (number_operation_seq, moved
 * by every number, user and threshold change; numbers_below by allocations below it), its price plan
 * (plan_seq, moved by every setPlan and clearPlan; only a top-level organization's answers carry plan
 * figures) and the clock (a NEXT_CYCLE plan takes effect as the cycle turns, at a minute's start).
 * A query reaching any other field is never cached.
 */
const CACHEABLE: Record<string, ReadonlySet<string> | 'all'> = {
  Query: new Set(['organization', 'viewer']),
  // The token's organization, as the widgets ask without an organization-id; roles are in the session.
  Viewer: new Set(['organization', 'roles']),
  Organization: new Set([
    'id',
    'name',
    'timezone',
    'cycleStartDay',
    'createdAt',
    'rating',
    'cycle',
    'numberUtilization',
    'utilizationThreshold',
    'numberRequestContact',
    'plan',
    'nextPlan',
  ]),
  CycleUsage: 'all',
  UsageTotal: 'all',
  UsagePoint: 'all',
  ExpectedDay: 'all',
  NumberUtilization: 'all',
  UtilizationPoint: 'all',
  RunOutForecast: 'all',
  UtilizationThreshold: 'all',
  ContactInfo: 'all',
  // Idle numbers follow both stamps: usage (usage_rollup_version) and numbers and users (number_operation_seq).
  IdleNumbers: 'all',
  PhoneNumber: new Set(['id', 'number', 'state', 'user']),
  User: new Set(['id', 'email', 'addedAt']),
  Rating: 'all',
  Plan: 'all',
  Allowance: 'all',
  Money: 'all',
  Charges: 'all',
};

/**
 * Where a cacheable operation names its organizations: each root `organization(id:)` (its argument),
 * and a root `viewer` (the token's organization).
 */
type OrganizationArguments = FieldNode[];

/** The organizations a cacheable operation reads, or null when it reaches a field outside CACHEABLE. */
export function cacheableOrganizationFields(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
): OrganizationArguments | null {
  if (operation.operation !== 'query') return null;
  const roots: FieldNode[] = [];
  for (const selection of operation.selectionSet.selections) {
    if (selection.kind !== Kind.FIELD) return null;
    if (selection.name.value === 'organization' || selection.name.value === 'viewer') roots.push(selection);
    else if (selection.name.value !== '__typename') return null;
  }
  if (!roots.length) return null;
  let cacheable = true;
  const typeInfo = new TypeInfo(schema);
  // Every field of the document (fragments included, used or not), checked against its parent type.
  visit(
    document,
    visitWithTypeInfo(typeInfo, {
      Field(node) {
        if (node.name.value === '__typename') return;
        const parent = typeInfo.getParentType()?.name;
        const allowed = parent ? CACHEABLE[parent] : undefined;
        if (!allowed || (allowed !== 'all' && !allowed.has(node.name.value))) cacheable = false;
      },
    }),
  );
  return cacheable ? roots : null;
}

/** The cache key's freshness part of one request, or null when it must not be cached. */
async function freshness(
  requestContext: GraphQLRequestContext<RequestContext>,
  plans: WeakMap<OperationDefinitionNode, OrganizationArguments | null>,
): Promise<string[] | null> {
  const { schema, document, operation, contextValue, request } = requestContext;
  if (!operation || !document || !contextValue.scope.claims) return null;
  let fields = plans.get(operation);
  if (fields === undefined) plans.set(operation, (fields = cacheableOrganizationFields(schema, document, operation)));
  if (!fields) return null;
  const ids = new Set<number>();
  for (const field of fields) {
    const arg = field.arguments?.find((a) => a.name.value === 'id');
    const named = arg ? valueFromASTUntyped(arg.value, request.variables ?? {}) : null;
    const id = Number(field.name.value === 'viewer' ? contextValue.scope.claims.org : named);
    if (!Number.isSafeInteger(id) || id <= 0) return null;
    ids.add(id);
  }
  // The same rows the request's loader reads: primed there, a kept answer missed costs no second read.
  const rows = await contextValue.services.organizations.freshRows([...ids]);
  for (const org of rows) contextValue.loaders.organization.prime(org.id, org);
  const known = new Map(rows.map((org) => [org.id, org]));
  const stamps: string[] = [];
  for (const id of ids) {
    const org = known.get(id);
    // No such organization: the field answers NOT_FOUND, never kept.
    if (org === undefined) return null;
    stamps.push(stampOf(org));
  }
  // Figures that move with the clock alone (the day turning, an invitation expiring): a minute at most.
  stamps.push(String(Math.floor(contextValue.now.getTime() / 60_000)));
  return stamps;
}

interface CachedAnswer {
  stamps: string;
  data: Record<string, unknown>;
  bytes: number;
}

/** How many keys an answer cache remembers having been asked, without their answers. */
const ASKED_KEYS = 10_000;

/** Least recently used answers go first once their JSON passes `maxBytes`. */
export class AnswerCache {
  private readonly answers = new Map<string, CachedAnswer>();
  private bytes = 0;
  /** The stamps each key was last asked under while its answer was not kept. */
  private readonly asked = new Map<string, string>();

  constructor(private readonly maxBytes: number) {}

  /**
   * Whether an answer made for `key` under `stamps` is worth keeping: only once the same key was
   * asked under the same stamps before. Under a live feed the stamps move between two asks of an
   * organization, and answers kept then would be paid for (a serialization to size them, memory)
   * and never served (issue 25); while nothing is written, the second ask keeps it.
   */
  worthKeeping(key: string, stamps: string): boolean {
    if (this.asked.get(key) === stamps) {
      this.asked.delete(key);
      return true;
    }
    this.asked.delete(key);
    this.asked.set(key, stamps);
    if (this.asked.size > ASKED_KEYS) this.asked.delete(this.asked.keys().next().value!);
    return false;
  }

  get(key: string, stamps: string): CachedAnswer['data'] | undefined {
    const answer = this.answers.get(key);
    if (!answer) return undefined;
    if (answer.stamps !== stamps) {
      // Stale for good once its organization moved on: dropped now rather than when pushed out, so a
      // live feed does not leave the heap full of answers nobody can be served (issue 25: old-space
      // garbage collection was a third of a live process's CPU).
      this.delete(key);
      return undefined;
    }
    this.answers.delete(key);
    this.answers.set(key, answer);
    return answer.data;
  }

  set(key: string, answer: CachedAnswer): void {
    this.delete(key);
    if (answer.bytes > this.maxBytes) return;
    this.answers.set(key, answer);
    this.bytes += answer.bytes;
    while (this.bytes > this.maxBytes) this.delete(this.answers.keys().next().value!);
  }

  private delete(key: string): void {
    const known = this.answers.get(key);
    if (!known) return;
    this.answers.delete(key);
    this.bytes -= known.bytes;
  }
}

/**
 * Whole answers of dashboard queries, per process: one per query, variables and session (the
 * viewer's roles and organization), served while the organizations' rows still carry the stamps it
 * was made under (read in the request, so a write through any process is seen at once).
 * Hand-written rather than @apollo/server-plugin-response-cache: that plugin parses the kept JSON
 * again on every hit (an eighth of a dashboard hit's CPU when measured), and a kept answer here is
 * valid for stamps read per request, not for a time to live.
 */
export function responseCachePlugin(maxBytes: number): ApolloServerPlugin<RequestContext> {
  const plans = new WeakMap<OperationDefinitionNode, OrganizationArguments | null>();
  const cache = new AnswerCache(maxBytes);
  return {
    async requestDidStart() {
      let kept: { key: string; stamps: string } | null = null;
      return {
        async responseForOperation(requestContext) {
          let stamps: string[] | null;
          try {
            stamps = await freshness(requestContext, plans);
          } catch (error) {
            // The database is down: answered as any field's outage is (503, SERVICE_UNAVAILABLE; the
            // request id and status come from requestIdPlugin), without a second read that would wait too.
            if (!isConnectionError(error)) throw error;
            const { message, extensions } = serviceUnavailable(requestContext.contextValue.requestId);
            // One error per root field, at its path, as the fields' own failures read.
            const errors = (requestContext.operation?.selectionSet.selections ?? []).flatMap((root) =>
              root.kind === Kind.FIELD && root.name.value !== '__typename'
                ? [{ message, extensions: { code: extensions.code }, path: [root.alias?.value ?? root.name.value] }]
                : [],
            );
            return {
              http: { status: undefined, headers: new HeaderMap() },
              body: { kind: 'single', singleResult: { data: null, errors } },
            };
          }
          const claims = requestContext.contextValue.scope.claims;
          if (!stamps || !claims) return null;
          const session = `${[...claims.roles].sort().join(',')}@${claims.org ?? '*'}`;
          const { queryHash, operationName, request } = requestContext;
          const key = `${session}|${queryHash}|${operationName ?? ''}|${JSON.stringify(request.variables ?? {})}`;
          kept = { key, stamps: stamps.join('|') };
          const data = cache.get(kept.key, kept.stamps);
          countLookup('response', data !== undefined);
          if (!data) return null;
          kept = null;
          return {
            http: { status: undefined, headers: new HeaderMap() },
            body: { kind: 'single', singleResult: { data } },
          };
        },
        async willSendResponse({ response }) {
          if (!kept || response.body.kind !== 'single' || !cache.worthKeeping(kept.key, kept.stamps)) return;
          const { data, errors } = response.body.singleResult;
          if (errors || !data) return;
          cache.set(kept.key, { stamps: kept.stamps, data, bytes: JSON.stringify(data).length });
        },
      };
    },
  };
}
