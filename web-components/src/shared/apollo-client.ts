/**
 * One Apollo client per endpoint and token, shared by every widget on the page, so identical queries
 * are deduplicated and a figure fetched by one widget is read from the cache by the next.
 */
import { ApolloClient, HttpLink, InMemoryCache } from '@apollo/client/core';

/** Returns a bearer token; `forceRefresh` is set when the previous one was refused. */
export type TokenGetter = (options?: { forceRefresh?: boolean }) => Promise<string | null | undefined> | string | null | undefined;

export interface ClientOptions {
  endpoint: string;
  token?: string | null;
  getToken?: TokenGetter | null;
}

/** Where the API serves /graphql when the page does not say: the origin the widget script came from. */
export const DEFAULT_ENDPOINT = new URL('/graphql', import.meta.url).href;

const clients = new Map<string, ApolloClient>();
const getterIds = new WeakMap<TokenGetter, number>();
let nextGetterId = 1;

function tokenKey(options: ClientOptions): string {
  if (options.getToken) {
    let id = getterIds.get(options.getToken);
    if (!id) getterIds.set(options.getToken, (id = nextGetterId++));
    return `getter:${id}`;
  }
  return `token:${options.token ?? ''}`;
}

/** True when the page gave the widget some way to authenticate. */
export function hasCredentials(options: ClientOptions): boolean {
  return Boolean(options.getToken || options.token);
}

/** The shared client for these options; created on first use. */
export function clientFor(options: ClientOptions): ApolloClient {
  const endpoint = options.endpoint || DEFAULT_ENDPOINT;
  const key = `${endpoint}\n${tokenKey(options)}`;
  let client = clients.get(key);
  if (!client) {
    client = new ApolloClient({
      link: new HttpLink({ uri: endpoint, fetch: authenticatedFetch(options) }),
      cache: createCache(),
    });
    clients.set(key, client);
  }
  return client;
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
      UtilizationThreshold: { merge: true },
      ContactInfo: { merge: true },
      Organization: {
        fields: { cycle: { keyArgs: ['period', 'includeSubOrganizations'] } },
      },
    },
  });
}

/**
 * A fetch that adds the bearer token and, when the API answers UNAUTHENTICATED and the page gave a
 * `getToken`, asks it for a fresh token and retries exactly once.
 */
function authenticatedFetch(options: ClientOptions): typeof fetch {
  let cachedToken: Promise<string | null | undefined> | null = null;
  const currentToken = (forceRefresh: boolean) => {
    if (!options.getToken) return Promise.resolve(options.token);
    if (forceRefresh || !cachedToken) {
      cachedToken = Promise.resolve(options.getToken({ forceRefresh })).catch(() => null);
    }
    return cachedToken;
  };
  return async (input, init) => {
    const response = await fetch(input, withBearer(init, await currentToken(false)));
    if (!options.getToken || !(await isUnauthenticated(response.clone()))) return response;
    return fetch(input, withBearer(init, await currentToken(true)));
  };
}

function withBearer(init: RequestInit | undefined, token: string | null | undefined): RequestInit {
  const headers = new Headers(init?.headers);
  if (token) headers.set('Authorization', `Bearer ${token}`);
  return { ...init, headers };
}

async function isUnauthenticated(response: Response): Promise<boolean> {
  if (response.status === 401) return true;
  try {
    const body = (await response.json()) as { errors?: { extensions?: { code?: string } }[] };
    return Boolean(body.errors?.some((error) => error.extensions?.code === 'UNAUTHENTICATED'));
  } catch {
    return false;
  }
}
