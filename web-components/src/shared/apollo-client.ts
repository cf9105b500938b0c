/**
 * The Apollo clients the widgets use. One client and cache per endpoint and signed-in identity
 * (see identityOf), shared with reference counting by every widget connected to the page with those
 * settings, so identical queries are sent once; the last widget to disconnect stops and clears it.
 * The token is not part of the client: a link reads the asking widget's current token (or getToken)
 * at every request, so a host that rotates tokens keeps one client and its cache.
 */
import { ApolloClient, ApolloLink, HttpLink, InMemoryCache, ServerError } from '@apollo/client/core';
import { from, mergeMap, catchError, of, throwError, type Observable } from 'rxjs';
import { SharedRegistry, type Lease } from './client-registry';
import { identityOf, tokenFromGetter, type Credentials } from './credentials';

export { hasCredentials, type Credentials, type TokenGetter } from './credentials';

/** Where the API serves /graphql when the page does not say: the origin the widget script came from. */
export const DEFAULT_ENDPOINT = new URL('/graphql', import.meta.url).href;

/** Reads a widget's credentials as they are now; passed with every operation in its context. */
export type CredentialsReader = () => Credentials;

/** The operation context key under which a widget passes its CredentialsReader. */
export const CREDENTIALS_CONTEXT = 'mpCredentials';

/** The context a widget passes with every query and mutation. */
export function requestContext(read: CredentialsReader): Record<string, unknown> {
  return { [CREDENTIALS_CONTEXT]: read };
}

const registry = new SharedRegistry<ApolloClient>(
  (key) => createClient(key.slice(0, key.indexOf('\n'))),
  (client) => {
    client.stop();
    void client.clearStore().catch(() => undefined);
  },
);

/** A hold on the client for these settings; release it when the widget disconnects. */
export function leaseClient(endpoint: string, credentials: Credentials): Lease<ApolloClient> {
  return registry.acquire(clientKey(endpoint, credentials));
}

/** The registry key of a widget's client: endpoint and identity, never the token itself. */
export function clientKey(endpoint: string, credentials: Credentials): string {
  return `${endpoint || DEFAULT_ENDPOINT}\n${identityOf(credentials)}`;
}

/** How many clients are alive on the page (a debugging aid). */
export function liveClientCount(): number {
  return registry.size;
}

function createClient(endpoint: string): ApolloClient {
  return new ApolloClient({
    link: ApolloLink.from([bearerLink, new HttpLink({ uri: endpoint })]),
    cache: createCache(),
  });
}

function createCache(): InMemoryCache {
  // Objects without an id are owned by their parent; merging them lets widgets that select different
  // fields of the same cycle (a card and the chart) share one cache entry instead of evicting each other.
  return new InMemoryCache({
    typePolicies: {
      Viewer: { merge: true },
      CycleUsage: { merge: true },
      UsageTotal: { merge: true },
      NumberUtilization: { merge: true },
      RunOutForecast: { merge: true },
      UtilizationThreshold: { merge: true },
      ContactInfo: { merge: true },
      Organization: {
        fields: { cycle: { keyArgs: ['period', 'includeSubOrganizations'] } },
      },
    },
  });
}

type Token = string | null | undefined;

/**
 * Adds the asking widget's current bearer token to each request. When the API answers
 * UNAUTHENTICATED and the widget has a getToken, asks it for a fresh token and retries exactly once.
 */
const bearerLink = new ApolloLink((operation, forward) => {
  const read = operation.getContext()[CREDENTIALS_CONTEXT] as CredentialsReader | undefined;
  if (!read) return forward(operation);
  const send = (refused?: Token): Observable<ApolloLink.Result> => {
    const { token, getToken } = read();
    const canRetry = Boolean(getToken) && refused === undefined;
    return from(getToken ? tokenFromGetter(getToken, refused) : Promise.resolve(token)).pipe(
      mergeMap((current) => {
        operation.setContext(({ headers }) => ({ headers: withBearer(headers, current) }));
        return forward(operation).pipe(
          mergeMap((result) => (canRetry && isUnauthenticated(result) ? send(current ?? null) : of(result))),
          catchError((error: unknown) =>
            canRetry && ServerError.is(error) && error.statusCode === 401
              ? send(current ?? null)
              : throwError(() => error),
          ),
        );
      }),
    );
  };
  return send();
});

function withBearer(headers: Record<string, string> | undefined, token: Token): Record<string, string> {
  const next: Record<string, string> = {};
  for (const [name, value] of Object.entries(headers ?? {}))
    if (name.toLowerCase() !== 'authorization') next[name] = value;
  if (token) next.Authorization = `Bearer ${token}`;
  return next;
}

function isUnauthenticated(result: ApolloLink.Result): boolean {
  const errors = 'errors' in result ? result.errors : undefined;
  return Boolean(errors?.some((error) => error.extensions?.code === 'UNAUTHENTICATED'));
}
