/**
 * Keeps a widget's figures live (DESIGN §10): while the widget is connected, has credentials and is not
 * `live="off"` (its own or its container's), it follows its organization's live feed, and when the
 * feed reports a change it has each of the widget's queries fetch again, showing the figures it has
 * until the new ones arrive.
 */
import type { ReactiveController, ReactiveControllerHost } from 'lit';
import type { ApolloClient } from '@apollo/client/core';
import type { ConnectionSettings } from './connection';
import { isLive } from './live';
import { followLiveFeed, type LiveSubscriber } from './live-feed';

/** A query that can fetch again without going back to its loading state. */
export interface RefreshableQuery {
  refresh(): Promise<void>;
}

/** What the controller needs of its host: the settings it shows and the client they select. */
export interface LiveHost extends ReactiveControllerHost, HTMLElement {
  readonly apolloClient: ApolloClient | null;
  readonly requestContext: Record<string, unknown>;
  readonly connection: ConnectionSettings;
}

export class LiveController implements ReactiveController {
  private readonly queries = new Set<RefreshableQuery>();
  private following: { client: ApolloClient; organizationId: string; stop(): void } | undefined;

  private readonly subscriber: LiveSubscriber = {
    refresh: () => this.refresh(),
    requestContext: () => this.host.requestContext,
  };

  constructor(private readonly host: LiveHost) {
    host.addController(this);
  }

  /** Called by each query the host declares (QueryController does it itself). */
  track(query: RefreshableQuery): void {
    this.queries.add(query);
  }

  hostConnected(): void {
    this.sync();
  }

  hostUpdated(): void {
    this.sync();
  }

  hostDisconnected(): void {
    this.stop();
  }

  private sync(): void {
    const { live, organizationId } = this.host.connection;
    const client = this.host.isConnected && isLive(live) ? this.host.apolloClient : null;
    const following = this.following;
    if (following?.client === client && following?.organizationId === organizationId) return;
    this.stop();
    if (!client) return;
    this.following = { client, organizationId, stop: followLiveFeed(client, organizationId, this.subscriber) };
  }

  private stop(): void {
    this.following?.stop();
    this.following = undefined;
  }

  private async refresh(): Promise<void> {
    await Promise.all([...this.queries].map((query) => query.refresh()));
  }
}
