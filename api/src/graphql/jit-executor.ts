import type { GatewayExecutor, GatewayInterface } from '@apollo/server-gateway-interface';
import {
  DocumentNode,
  execute,
  ExecutionResult,
  getVariableValues,
  GraphQLError,
  GraphQLSchema,
  Kind,
  OperationDefinitionNode,
} from 'graphql';
import { CompiledQuery, compileQuery, isCompiledQuery } from 'graphql-jit';

/** Compiled queries kept per parsed document (Apollo keeps one DocumentNode per query text). */
type CompiledDocuments = WeakMap<DocumentNode, Map<string, CompiledQuery>>;

/** Root fields graphql-js keeps answering: introspection, which GraphiQL and tools send. */
function asksIntrospection(operation: OperationDefinitionNode): boolean {
  return operation.selectionSet.selections.some(
    (s) => s.kind === Kind.FIELD && s.name.value.startsWith('__') && s.name.value !== '__typename',
  );
}

function compiledFor(
  cache: CompiledDocuments,
  schema: GraphQLSchema,
  document: DocumentNode,
  operationName: string | null,
) {
  let byOperation = cache.get(document);
  if (!byOperation) cache.set(document, (byOperation = new Map()));
  const known = byOperation.get(operationName ?? '');
  if (known) return known;
  const compiled = compileQuery(schema, document, operationName ?? undefined);
  if (isCompiledQuery(compiled)) byOperation.set(operationName ?? '', compiled);
  return compiled;
}

/**
 * A field's error as graphql-js's execute reports it (its locatedError): the resolver's GraphQLError
 * as it was when it already has a path, else a graphql GraphQLError around it. graphql-jit reports
 * its own error class, which Apollo's unwrapResolverError and our formatError do not recognise.
 */
function asGraphqlJsError(error: GraphQLError): GraphQLError {
  if (Object.getPrototypeOf(error) === GraphQLError.prototype) return error;
  const original = error.originalError ?? undefined;
  if (original instanceof GraphQLError && original.path) return original;
  const located = new GraphQLError(error.message, { path: error.path, originalError: original });
  Object.defineProperty(located, 'locations', { value: error.locations, enumerable: true });
  return located;
}

function withGraphqlJsErrors(result: ExecutionResult): ExecutionResult {
  return result.errors ? { ...result, errors: result.errors.map(asGraphqlJsError) } : result;
}

/**
 * Queries run as JavaScript that graphql-jit compiles once per document: a dashboard resolves ~800
 * fields, and graphql-js's per-field work (argument maps, completion, promise checks) was most of an
 * uncached answer's CPU (issue 25). Variables are coerced by graphql-js first, so a bad variable is
 * refused with graphql-js's own words; mutations and introspection stay with graphql-js's execute.
 * Apollo Server takes a custom executor only through its gateway interface, hence the shape.
 */
export function jitGateway(schema: GraphQLSchema): GatewayInterface {
  const compiled: CompiledDocuments = new WeakMap();
  const executor: GatewayExecutor = async ({ document, operation, operationName, request, context }) => {
    if (operation.operation !== 'query' || asksIntrospection(operation)) {
      const variableValues = request.variables;
      return execute({ schema, document, contextValue: context, variableValues, operationName });
    }
    const variables = getVariableValues(schema, operation.variableDefinitions ?? [], request.variables ?? {}, {
      maxErrors: 50,
    });
    if (variables.errors) return { errors: variables.errors };
    const query = compiledFor(compiled, schema, document, operationName);
    if (!isCompiledQuery(query)) return query;
    return withGraphqlJsErrors(await query.query(undefined, context, request.variables ?? {}));
  };
  return {
    async load() {
      return { executor };
    },
    onSchemaLoadOrUpdate(callback) {
      callback({ apiSchema: schema, coreSupergraphSdl: '' });
      return () => undefined;
    },
    async stop() {},
  };
}
