import { ApolloServerPlugin } from '@apollo/server';
import {
  DocumentNode,
  FieldNode,
  FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  GraphQLField,
  GraphQLObjectType,
  GraphQLSchema,
  isListType,
  isObjectType,
  Kind,
  OperationDefinitionNode,
  SelectionSetNode,
  valueFromASTUntyped,
} from 'graphql';
import { RequestLimits } from '../config';

/**
 * The per-request cost model. Every object field costs 1, a leaf 0; a list multiplies the cost of
 * what it selects (plus 1 per item) by its size: `first` when the field takes it, else the
 * estimate below. Fields that read or compute much cost more. The budget (GRAPHQL_MAX_COST,
 * default 1000) lets the dashboard's widgets ask for everything at once (341) while nested
 * sub-organization or number walks are refused before they run.
 */
export const FIELD_WEIGHTS: Record<string, number> = {
  'Organization.cycle': 10,
  'Organization.numberUtilization': 5,
  'Organization.utilizationThreshold': 5,
  'Organization.numberRequestContact': 3,
  'Mutation.recordUsage': 20,
};
/** Rows a list is expected to hold when the query does not say (`first` wins when present). */
export const LIST_SIZES: Record<string, number> = {
  'Organization.subOrganizations': 20,
  'Query.organizations': 100,
  'CycleUsage.series': 31,
};
const DEFAULT_LIST_SIZE = 10;
const DEFAULT_MUTATION_WEIGHT = 10;
/** Introspection documents (the playground's, codegen's) nest `ofType` deeper than any data query. */
const INTROSPECTION_DEPTH = 15;

export interface OperationMeasure {
  depth: number;
  aliases: number;
  cost: number;
  /** A `first` argument came from a variable: the same document may cost differently next time. */
  usesVariables: boolean;
}

/** Depth, alias count and cost of one operation, fragments expanded and variables applied. */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
): OperationMeasure {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const root = operation.operation === 'mutation' ? schema.getMutationType() : operation.operation === 'subscription' ? schema.getSubscriptionType() : schema.getQueryType();
  let aliases = 0;
  let maxDepth = 0;
  let usesVariables = false;

  const argValue = (node: FieldNode, name: string): unknown => {
    const arg = node.arguments?.find((a) => a.name.value === name);
    if (!arg) return undefined;
    if (arg.value.kind === Kind.VARIABLE) usesVariables = true;
    return valueFromASTUntyped(arg.value, variables);
  };

  // `visiting` stops fragment cycles (validation refuses them too, but measuring runs defensively).
  const selectionCost = (set: SelectionSetNode, parent: GraphQLObjectType | null, depth: number, visiting: Set<string>): number => {
    let cost = 0;
    for (const selection of set.selections) {
      if (selection.kind === Kind.FIELD) {
        if (selection.alias) aliases++;
        cost += fieldCost(selection, parent, depth + 1, visiting);
      } else if (selection.kind === Kind.INLINE_FRAGMENT) {
        const typed = selection.typeCondition ? schema.getType(selection.typeCondition.name.value) : parent;
        cost += selectionCost(selection.selectionSet, isObjectType(typed) ? typed : parent, depth, visiting);
      } else {
        const name = selection.name.value;
        const fragment = fragments.get(name);
        if (!fragment || visiting.has(name)) continue;
        const typed = schema.getType(fragment.typeCondition.name.value);
        cost += selectionCost(fragment.selectionSet, isObjectType(typed) ? typed : parent, depth, new Set([...visiting, name]));
      }
    }
    return cost;
  };

  const fieldCost = (node: FieldNode, parent: GraphQLObjectType | null, depth: number, visiting: Set<string>): number => {
    const name = node.name.value;
    if (name.startsWith('__')) {
      // Meta fields: __typename is free; introspection is bounded by depth and the token limit.
      if (node.selectionSet) maxDepth = Math.max(maxDepth, depth + deepest(node.selectionSet, fragments));
      return 0;
    }
    maxDepth = Math.max(maxDepth, depth);
    const field: GraphQLField<unknown, unknown> | undefined = parent?.getFields()[name];
    const key = `${parent?.name}.${name}`;
    const type = field ? getNullableType(field.type) : null;
    const named = field ? getNamedType(field.type) : null;
    if (!node.selectionSet) return 0;
    const inner = selectionCost(node.selectionSet, isObjectType(named) ? named : null, depth, visiting);
    const weight = FIELD_WEIGHTS[key] ?? (parent?.name === 'Mutation' ? DEFAULT_MUTATION_WEIGHT : 1);
    if (type && isListType(type)) {
      const first = Number(argValue(node, 'first'));
      const size = Number.isFinite(first) && first > 0 ? first : LIST_SIZES[key] ?? DEFAULT_LIST_SIZE;
      return weight + size * (1 + inner);
    }
    return weight + inner;
  };

  const cost = selectionCost(operation.selectionSet, root ?? null, 0, new Set());
  return { depth: maxDepth, aliases, cost, usesVariables };
}

/** Nesting below a meta field, counted separately so introspection gets its own ceiling. */
function deepest(set: SelectionSetNode, fragments: Map<string, FragmentDefinitionNode>, seen = new Set<string>()): number {
  let max = 0;
  for (const s of set.selections) {
    if (s.kind === Kind.FIELD) max = Math.max(max, s.selectionSet ? 1 + deepest(s.selectionSet, fragments, seen) : 1);
    else if (s.kind === Kind.INLINE_FRAGMENT) max = Math.max(max, deepest(s.selectionSet, fragments, seen));
    else if (!seen.has(s.name.value) && fragments.has(s.name.value)) {
      max = Math.max(max, deepest(fragments.get(s.name.value)!.selectionSet, fragments, new Set([...seen, s.name.value])));
    }
  }
  return max;
}

function tooComplex(message: string, details: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', ...details, http: { status: 400 } } });
}

/** Refuses an operation over the depth, alias or cost limits before any resolver runs. */
export function checkOperation(measure: OperationMeasure, limits: RequestLimits, introspectionOnly: boolean): void {
  const maxDepth = introspectionOnly ? Math.max(limits.maxDepth, INTROSPECTION_DEPTH) : limits.maxDepth;
  if (measure.depth > maxDepth) {
    throw tooComplex(`The query nests ${measure.depth} levels deep; at most ${maxDepth} are allowed`, { limit: 'depth', max: maxDepth, actual: measure.depth });
  }
  if (measure.aliases > limits.maxAliases) {
    throw tooComplex(`The query uses ${measure.aliases} aliases; at most ${limits.maxAliases} are allowed`, { limit: 'aliases', max: limits.maxAliases, actual: measure.aliases });
  }
  if (measure.cost > limits.maxCost) {
    throw tooComplex(`The query would cost ${measure.cost}; the budget per request is ${limits.maxCost} (ask for fewer rows or fields)`, {
      limit: 'cost',
      max: limits.maxCost,
      actual: measure.cost,
    });
  }
}

/**
 * Apollo plugin: measures every resolved operation (with its variables) and refuses it over a limit.
 * Apollo keeps one parsed document per query text, so a measure that no variable can change is kept
 * with the document's operation and not walked again: a dashboard asks the same query every time.
 */
export function queryLimitsPlugin(limits: RequestLimits): ApolloServerPlugin {
  const measured = new WeakMap<OperationDefinitionNode, OperationMeasure>();
  return {
    async requestDidStart() {
      return {
        async didResolveOperation({ schema, document, operation, request }) {
          if (!operation) return;
          let measure = measured.get(operation);
          if (!measure) {
            measure = measureOperation(schema, document, operation, request.variables ?? {});
            if (!measure.usesVariables) measured.set(operation, measure);
          }
          const introspectionOnly = operation.selectionSet.selections.every((s) => s.kind === Kind.FIELD && s.name.value.startsWith('__'));
          checkOperation(measure, limits, introspectionOnly);
        },
      };
    },
  };
}
