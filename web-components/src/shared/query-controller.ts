/**
 * A reactive controller that runs one GraphQL query for its host element and re-renders it on every
 * result (the apollo-elements pattern). The host declares the query; the controller owns the
 * subscription, follows changes of endpoint, token and variables, and tears down on disconnect.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ApolloClient, DocumentNode, ObservableQuery, OperationVariables } from '@apollo/client/core';
import { CombinedGraphQLErrors, ServerError } from '@apollo/client/core';
import { classifyGraphQLErrors, classifyHttpStatus, type WidgetError } from './errors';

export type QueryStatus = 'idle' | 'loading' | 'ready' | 'error';

/** What a host element must expose for the controller to build and key its query. */
export interface QueryHost extends ReactiveControllerHost, HTMLElement {
  readonly apolloClient: ApolloClient | null;
  /** Passed with every operation: carries the host's current credentials to the client's link. */
  readonly requestContext: Record<string, unknown>;
  /** The host's live updates (live-controller.ts), which have its queries fetch again on a change. */
  readonly liveUpdates?: { track(query: { refresh(): Promise<void> }): void };
}

export interface QueryOptions<TData, TVariables extends OperationVariables> {
  document: () => DocumentNode;
  variables: () => TVariables;
  /** When false (a closed modal, no credentials) the query is not run. */
  enabled?: () => boolean;
  /** Called once per failed fetch, to report it as an mp-error event. */
  onError?: (error: WidgetError) => void;
  /** Called with fresh data, for side effects such as updating a chart. */
  onData?: (data: TData) => void;
}

/** Turns whatever Apollo rejected or emitted into a widget error. */
export function toWidgetError(error: unknown): WidgetError {
  if (CombinedGraphQLErrors.is(error)) return classifyGraphQLErrors(error.errors);
  if (ServerError.is(error)) return classifyHttpStatus(error.statusCode);
  const message = error instanceof Error ? error.message : String(error);
  return { kind: 'network', code: 'NETWORK_ERROR', message };
}

export class QueryController<
  TData,
  TVariables extends OperationVariables = OperationVariables,
> implements ReactiveController {
  status: QueryStatus = 'idle';
  data: TData | undefined;
  error: WidgetError | undefined;

  private observable: ObservableQuery<TData, TVariables> | undefined;
  private subscription: { unsubscribe(): void } | undefined;
  private key: string | undefined;
  private connected = false;
  /** A live change came while the query was not running (a closed modal): its next start asks the network. */
  private stale = false;

  constructor(
    private readonly host: QueryHost,
    private readonly options: QueryOptions<TData, TVariables>,
  ) {
    host.addController(this);
    host.liveUpdates?.track(this);
  }

  hostConnected(): void {
    this.connected = true;
    this.sync();
  }

  hostUpdate(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.connected = false;
    this.stop();
    this.key = undefined;
  }

  /** Asks the network again, after an error or when the host knows the data changed. */
  retry(): void {
    this.stop();
    this.key = undefined;
    this.sync('network-only');
  }

  /**
   * Fetches again because the figures changed (live updates), showing the current ones meanwhile: the
   * answer lands in the cache the running query watches, so no loading state shows. Rejects when the
   * fetch failed, so the live feed tries again.
   */
  async refresh(): Promise<void> {
    const observable = this.observable;
    const client = this.clientOf;
    if (!observable || !client) {
      this.stale = true;
      return;
    }
    if (this.status === 'error') return this.retry();
    await client.query({
      query: observable.options.query,
      variables: observable.options.variables,
      fetchPolicy: 'network-only',
      context: this.host.requestContext,
    } as never);
  }

  private sync(fetchPolicy: 'cache-first' | 'network-only' = 'cache-first'): void {
    const client = this.connected ? this.host.apolloClient : null;
    const enabled = client !== null && (this.options.enabled?.() ?? true);
    if (!enabled || !client) {
      if (this.key !== undefined) {
        this.stop();
        this.key = undefined;
      }
      return;
    }
    const document = this.options.document();
    const variables = this.options.variables();
    const key = JSON.stringify([variables]);
    if (key === this.key && this.observable?.options.query === document && this.clientOf === client) return;
    this.stop();
    this.key = key;
    this.clientOf = client;
    this.start(client, document, variables, fetchPolicy);
  }

  private clientOf: ApolloClient | undefined;

  private start(
    client: ApolloClient,
    query: DocumentNode,
    variables: TVariables,
    fetchPolicy: 'cache-first' | 'network-only',
  ): void {
    this.status = 'loading';
    this.error = undefined;
    // What the cache holds may be older than a change seen meanwhile: shown, then fetched again.
    const stale = this.stale && fetchPolicy === 'cache-first';
    this.stale = false;
    const observable = client.watchQuery<TData, TVariables>({
      query,
      variables,
      fetchPolicy: stale ? 'cache-and-network' : fetchPolicy,
      nextFetchPolicy: 'cache-first',
      context: this.host.requestContext,
    } as never);
    this.observable = observable;
    this.subscription = observable.subscribe({
      next: (result) => {
        if (this.observable !== observable) return;
        if (result.error) {
          this.fail(result.error);
        } else if (result.data !== undefined && result.dataState === 'complete') {
          this.status = 'ready';
          this.data = result.data as TData;
          this.error = undefined;
          this.options.onData?.(this.data);
        } else if (result.loading) {
          this.status = 'loading';
        }
        this.host.requestUpdate();
      },
      error: (error: unknown) => {
        if (this.observable !== observable) return;
        this.fail(error);
        this.host.requestUpdate();
      },
    });
  }

  private fail(error: unknown): void {
    this.status = 'error';
    this.error = toWidgetError(error);
    this.options.onError?.(this.error);
  }

  private stop(): void {
    this.subscription?.unsubscribe();
    this.subscription = undefined;
    this.observable = undefined;
  }
}
