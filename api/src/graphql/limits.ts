import { ApolloServerPlugin } from '@apollo/server';
import {
  ArgumentNode,
  DocumentNode,
  FragmentDefinitionNode,
  getNamedType,
  getNullableType,
  GraphQLError,
  GraphQLSchema,
  isCompositeType,
  isListType,
  Kind,
  OperationDefinitionNode,
  SelectionNode,
  SelectionSetNode,
} from 'graphql';
import { ComplexityEstimator, fieldExtensionsEstimator, getComplexity } from 'graphql-query-complexity';
import { RequestLimits } from '../common/config';

/**
 * The per-request cost model. Every object field costs 1, a leaf 0; a list multiplies the cost of
 * what it selects (plus 1 per item) by its size: `first` (as written, from a variable, or the
 * schema's default) when the field takes it, else the estimate below. Fields that read or compute
 * much cost more. The budget (GRAPHQL_MAX_COST, default 1000) lets the dashboard's widgets ask for
 * everything at once while nested sub-organization or number walks are refused before they run.
 */
export const FIELD_WEIGHTS: Record<string, number> = {
  'Organization.cycle': 10,
  'Organization.numberUtilization': 5,
  // Two indexed reads (count and a page), each one probe per held number: not the cached figures.
  'NumberUtilization.idle': 5,
  'Organization.utilizationThreshold': 5,
  'Organization.numberRequestContact': 3,
  'Organization.usage': 10,
  'Organization.usageBreakdown': 10,
  'Mutation.recordUsage': 20,
};
/** Rows a list is expected to hold when it takes no `first`. */
export const LIST_SIZES: Record<string, number> = {
  'Organization.subOrganizations': 20,
  'CycleUsage.series': 31,
  'UsageTotal.expectedDays': 31,
  'UsageRange.series': 31,
  'UsageBreakdown.unattributed': 3,
  'Organization.usageAlerts': 50,
  'Organization.webhooks': 10,
};
/** Lists sized by an argument other than `first`. */
const LIST_SIZE_ARGUMENTS: Record<string, string> = {
  'NumberUtilization.history': 'days',
};
const SIZE_ARGUMENT_NAMES = new Set(Object.values(LIST_SIZE_ARGUMENTS));
const DEFAULT_LIST_SIZE = 10;
const DEFAULT_MUTATION_WEIGHT = 10;
/** Introspection documents (GraphiQL's, codegen's) nest `ofType` deeper than any data query. */
const INTROSPECTION_DEPTH = 15;

export interface OperationMeasure {
  depth: number;
  aliases: number;
  cost: number;
  /** A variable sizes a list or switches a selection: the same document may cost differently next time. */
  usesVariables: boolean;
}

/**
 * Weights and list sizes for graphql-query-complexity. It hands the estimator the field's arguments
 * with the schema's defaults and the variables (with their own defaults) already applied, so
 * `numbers { id }` costs what `numbers(first: 100) { id }` does. Meta fields are free: introspection
 * is bounded by depth, the selection count and the parser's token limit.
 */
export const costEstimator: ComplexityEstimator = ({ type, field, args, childComplexity }) => {
  if (type.name.startsWith('__') || field.name.startsWith('__')) return 0;
  if (!isCompositeType(getNamedType(field.type))) return 0;
  const key = `${type.name}.${field.name}`;
  const weight = FIELD_WEIGHTS[key] ?? (type.name === 'Mutation' ? DEFAULT_MUTATION_WEIGHT : 1);
  if (!isListType(getNullableType(field.type))) return weight + childComplexity;
  const first = Number(args[LIST_SIZE_ARGUMENTS[key] ?? 'first']);
  const size = Number.isFinite(first) && first > 0 ? first : (LIST_SIZES[key] ?? DEFAULT_LIST_SIZE);
  return weight + size * (1 + childComplexity);
};

interface Shape {
  depth: number;
  aliases: number;
  /** A `first` or a directive (@skip, @include) takes a variable: the cost may change with them. */
  variableSized: boolean;
}

const EMPTY_SHAPE: Shape = { depth: 0, aliases: 0, variableSized: false };

function takesVariable(node: SelectionNode): boolean {
  const fromVariable = (args: readonly ArgumentNode[] | undefined) =>
    !!args?.some((a) => a.value.kind === Kind.VARIABLE);
  if (node.directives?.some((d) => fromVariable(d.arguments))) return true;
  const sizing = (name: string) => name === 'first' || SIZE_ARGUMENT_NAMES.has(name);
  return node.kind === Kind.FIELD && fromVariable(node.arguments?.filter((a) => sizing(a.name.value)));
}

/**
 * Nesting depth and alias count of an operation, fragments expanded. Each fragment is measured once
 * and its figures reused wherever it is spread, so a document that spreads fragments into each other
 * (F0 spreads F1 twice, F1 spreads F2 twice, …) costs time in its size, not in its expansion.
 * graphql-depth-limit and graphql-armor walk every spread again, which is why this one is ours.
 */
export function measureShape(document: DocumentNode, operation: OperationDefinitionNode): Shape {
  const fragments = new Map<string, FragmentDefinitionNode>();
  for (const d of document.definitions) if (d.kind === Kind.FRAGMENT_DEFINITION) fragments.set(d.name.value, d);
  const measured = new Map<string, Shape>();

  const selectionShape = (selection: SelectionNode): Shape => {
    if (selection.kind === Kind.INLINE_FRAGMENT) return shapeOf(selection.selectionSet);
    if (selection.kind === Kind.FRAGMENT_SPREAD) return fragmentShape(selection.name.value);
    const below = selection.selectionSet ? shapeOf(selection.selectionSet) : EMPTY_SHAPE;
    return {
      depth: below.depth + 1,
      aliases: below.aliases + (selection.alias ? 1 : 0),
      variableSized: below.variableSized,
    };
  };

  const shapeOf = (set: SelectionSetNode): Shape => {
    const shape = { ...EMPTY_SHAPE };
    for (const selection of set.selections) {
      const inner = selectionShape(selection);
      shape.depth = Math.max(shape.depth, inner.depth);
      shape.aliases += inner.aliases;
      shape.variableSized ||= inner.variableSized || takesVariable(selection);
    }
    return shape;
  };

  const fragmentShape = (name: string): Shape => {
    const known = measured.get(name);
    if (known) return known;
    // Seeded before the walk: a cycle (refused by validation anyway) ends here instead of recursing.
    measured.set(name, EMPTY_SHAPE);
    const fragment = fragments.get(name);
    const shape = fragment ? shapeOf(fragment.selectionSet) : EMPTY_SHAPE;
    measured.set(name, shape);
    return shape;
  };

  return shapeOf(operation.selectionSet);
}

/**
 * Depth, alias count and cost of one operation, fragments expanded and variables applied. Callers
 * run it after Apollo's `maxRecursiveSelections` rule has bounded the expanded size of the document,
 * so graphql-query-complexity's walk (which expands every spread) is bounded too; `maxNodes` caps it
 * again on its own.
 */
export function measureOperation(
  schema: GraphQLSchema,
  document: DocumentNode,
  operation: OperationDefinitionNode,
  variables: Record<string, unknown> = {},
  maxNodes = 10_000,
): OperationMeasure {
  const { depth, aliases, variableSized } = measureShape(document, operation);
  const cost = getComplexity({
    schema,
    query: {
      kind: Kind.DOCUMENT,
      definitions: [operation, ...document.definitions.filter((d) => d.kind === Kind.FRAGMENT_DEFINITION)],
    },
    variables,
    estimators: [fieldExtensionsEstimator(), costEstimator],
    maxQueryNodes: maxNodes,
  });
  return { depth, aliases, cost, usesVariables: variableSized };
}

function tooComplex(message: string, details: Record<string, unknown>): GraphQLError {
  return new GraphQLError(message, { extensions: { code: 'QUERY_TOO_COMPLEX', ...details, http: { status: 400 } } });
}

/** Refuses an operation over the depth, alias or cost limits before any resolver runs. */
export function checkOperation(measure: OperationMeasure, limits: RequestLimits, introspectionOnly: boolean): void {
  const maxDepth = introspectionOnly ? Math.max(limits.maxDepth, INTROSPECTION_DEPTH) : limits.maxDepth;
  if (measure.depth > maxDepth) {
    throw tooComplex(`The query nests ${measure.depth} levels deep; at most ${maxDepth} are allowed`, {
      limit: 'depth',
      max: maxDepth,
      actual: measure.depth,
    });
  }
  if (measure.aliases > limits.maxAliases) {
    throw tooComplex(`The query uses ${measure.aliases} aliases; at most ${limits.maxAliases} are allowed`, {
      limit: 'aliases',
      max: limits.maxAliases,
      actual: measure.aliases,
    });
  }
  if (measure.cost > limits.maxCost) {
    throw tooComplex(
      `The query would cost ${measure.cost}; the budget per request is ${limits.maxCost} ` +
        '(ask for fewer rows or fields)',
      {
        limit: 'cost',
        max: limits.maxCost,
        actual: measure.cost,
      },
    );
  }
}

/** The refusal of a document whose fragments expand past `GRAPHQL_MAX_SELECTIONS` (Apollo's rule). */
export function tooManySelections(max: number): GraphQLError {
  return tooComplex(`The query expands to more than ${max} selections (a fragment counts each time it is spread)`, {
    limit: 'selections',
    max,
  });
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
            try {
              measure = measureOperation(schema, document, operation, request.variables ?? {}, limits.maxSelections);
            } catch (error) {
              // Bad variables: execution refuses them with BAD_USER_INPUT before any resolver runs.
              if (error instanceof GraphQLError && /^Variable "\$/.test(error.message)) return;
              if (error instanceof GraphQLError && /maximum allowed number of nodes/.test(error.message))
                throw tooManySelections(limits.maxSelections);
              throw error;
            }
            if (!measure.usesVariables) measured.set(operation, measure);
          }
          const introspectionOnly = operation.selectionSet.selections.every(
            (s) => s.kind === Kind.FIELD && s.name.value.startsWith('__'),
          );
          checkOperation(measure, limits, introspectionOnly);
        },
      };
    },
  };
}
