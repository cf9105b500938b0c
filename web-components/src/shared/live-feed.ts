/**
 * One poll per page, client and organization (DESIGN §10 "Live"): asks the API for the organization's
 * `version` every few seconds while the page is visible, and when it changes has every widget showing
 * that organization fetch its figures again. Nothing is asked while the page is hidden; showing it
 * again asks at once.
 *
 * A poll of the version rather than of the widgets' own queries: one short answer (a primary-key read)
 * per dashboard instead of eight queries, and it is right across API processes, since the version is
 * read from the database on every ask. See docs/embedding.md for what it costs the server.
 */
import type { ApolloClient } from '@apollo/client/core';
import { LIVE_FULL_REFRESH_MS, nextPollDelay } from './live';
import { pickOrganization } from './organization';
import { LIVE_VERSION_QUERY, type LiveVersionResult } from './queries';

/** A widget following the feed: how to fetch its figures again, and the context its requests carry. */
export interface LiveSubscriber {
  /** Fetches the widget's figures again; rejects when a fetch failed, so the next poll tries again. */
  refresh(): Promise<void>;
  /** The context its requests carry (its credentials, read at request time). */
  requestContext(): Record<string, unknown>;
}

class LiveFeed {
  private readonly subscribers = new Set<LiveSubscriber>();
  private version: string | undefined;
  private lastRefresh = Date.now();
  private timer: ReturnType<typeof setTimeout> | undefined;
  private asking = false;
  private failures = 0;

  constructor(
    private readonly client: ApolloClient,
    private readonly organizationId: string,
    private readonly onEmpty: () => void,
  ) {}

  add(subscriber: LiveSubscriber): void {
    this.subscribers.add(subscriber);
    if (this.subscribers.size !== 1) return;
    document.addEventListener('visibilitychange', this.onVisibilityChange);
    // Asked at once, alongside the widgets' first queries: the version they answered for.
    void this.poll();
  }

  delete(subscriber: LiveSubscriber): void {
    if (!this.subscribers.delete(subscriber) || this.subscribers.size) return;
    clearTimeout(this.timer);
    document.removeEventListener('visibilitychange', this.onVisibilityChange);
    this.onEmpty();
  }

  private readonly onVisibilityChange = (): void => {
    clearTimeout(this.timer);
    // Shown again: catch up at once (a poll already under way schedules the next itself).
    if (document.visibilityState === 'visible') void this.poll();
  };

  private get active(): boolean {
    return this.subscribers.size > 0 && document.visibilityState !== 'hidden';
  }

  private schedule(): void {
    clearTimeout(this.timer);
    if (this.active) this.timer = setTimeout(() => void this.poll(), nextPollDelay(this.failures));
  }

  private async poll(): Promise<void> {
    if (this.asking || !this.active) return;
    this.asking = true;
    try {
      const version = await this.askVersion();
      const due = Date.now() - this.lastRefresh >= LIVE_FULL_REFRESH_MS;
      if (this.version !== undefined && (version !== this.version || due)) await this.refreshAll();
      this.version = version;
      this.failures = 0;
    } catch {
      // The server is unreachable or a refresh failed: the version is kept, so the next poll tries again.
      this.failures += 1;
    } finally {
      this.asking = false;
      this.schedule();
    }
  }

  private async askVersion(): Promise<string | undefined> {
    const [first] = this.subscribers;
    const result = await this.client.query<LiveVersionResult>({
      query: this.organizationId ? LIVE_VERSION_QUERY.byId : LIVE_VERSION_QUERY.forViewer,
      variables: this.organizationId ? { organizationId: this.organizationId } : {},
      // Never kept: the widgets' cache holds figures, and a version in it would wake no one.
      fetchPolicy: 'no-cache',
      context: first?.requestContext(),
    } as never);
    return pickOrganization(result.data as LiveVersionResult | undefined)?.version;
  }

  private async refreshAll(): Promise<void> {
    const results = await Promise.allSettled([...this.subscribers].map((subscriber) => subscriber.refresh()));
    const failed = results.find((result) => result.status === 'rejected');
    if (failed) throw failed.reason;
    this.lastRefresh = Date.now();
  }
}

const feeds = new WeakMap<ApolloClient, Map<string, LiveFeed>>();

/**
 * Follows the figures of `organizationId` ('' for the token's own) through `client`; answers how to
 * stop. Every widget of a page on the same client and organization shares one poll.
 */
export function followLiveFeed(client: ApolloClient, organizationId: string, subscriber: LiveSubscriber): () => void {
  let byOrganization = feeds.get(client);
  if (!byOrganization) feeds.set(client, (byOrganization = new Map()));
  const known = byOrganization;
  let feed = known.get(organizationId);
  if (!feed) {
    feed = new LiveFeed(client, organizationId, () => known.delete(organizationId));
    known.set(organizationId, feed);
  }
  const joined = feed;
  joined.add(subscriber);
  return () => joined.delete(subscriber);
}
