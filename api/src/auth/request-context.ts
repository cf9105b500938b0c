import type { AppDeps } from '../db/app-deps';
import type { ViewerScope } from './viewer-scope';

/**
 * Made once per request (graphql/context.ts): who asks, the time, the process's services and fresh
 * loaders so no field queries per row. A domain's resolvers name only the services and loaders they
 * use, e.g. `RequestContext<{ numbers: NumberService }, NumberLoaders>`, so this file, low in the
 * layers, knows none of them; the context the GraphQL layer builds holds them all.
 */
export interface RequestContext<S = object, L = object> {
  requestId: string;
  scope: ViewerScope;
  now: Date;
  deps: AppDeps;
  services: S;
  loaders: L;
}
