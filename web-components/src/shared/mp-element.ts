/**
 * The base every widget extends: the attributes the widget contract requires of every element
 * (endpoint, token, getToken, organization-id, locale, theme), the Apollo client they select, and the
 * loading / error / unauthenticated / forbidden views, so no widget ever shows a blank box.
 *
 * Connection settings and the theme flow down through @lit/context: each widget uses its own attributes
 * where set, else what the container around it provides (mp-dashboard, the pie around its details), and
 * provides the result in turn to the widgets it holds.
 */
import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { property, state } from 'lit/decorators.js';
import { consume, ContextProvider } from '@lit/context';
import type { ApolloClient, DocumentNode } from '@apollo/client/core';
import { clientKey, hasCredentials, leaseClient, requestContext, type TokenGetter } from './apollo-client';
import type { Lease } from './client-registry';
import { resolveConnection, sameConnection, type ConnectionSettings } from './connection';
import { connectionContext } from './connection-context';
import { describeError, type WidgetError } from './errors';
import { onSystemColorSchemeChange, parseTheme, resolveColorScheme, systemPrefersDark } from './theme';
import { dispatchMpEvent } from './events';
import type { QueryController } from './query-controller';
import { LiveController } from './live-controller';
import { parseLive } from './live';
import type { OrganizationQueryPair } from './queries';
import { uiLocaleFor, type UiLocale } from './locale';
import { pendingUiLocale, withUiLocale } from './localization';
import { msg } from '@lit/localize';

export abstract class MpElement extends LitElement {
  /** GraphQL endpoint URL. Default: `/graphql` on the origin the widget script was loaded from. */
  @property({ reflect: true }) endpoint = '';

  /** Bearer token (JWT) sent to the API. */
  @property() token = '';

  /**
   * A function returning (a promise of) a token; called again once when the API refuses the token.
   * Wins over `token`.
   */
  @property({ attribute: false }) getToken: TokenGetter | null = null;

  /** The organization to show. Default: the token's organization. */
  @property({ attribute: 'organization-id', reflect: true }) organizationId = '';

  /**
   * BCP 47 locale for numbers, dates and words, e.g. `es-MX` (words in `es`, `pt` or `pt-BR` in `pt-BR`,
   * anything else in `en`). Default: the container's, else the page's `<html lang>`, else the browser's.
   */
  @property({ reflect: true }) locale = '';

  /**
   * `light`, `dark` or `auto` (follows the system's prefers-color-scheme): the built-in palette under any
   * --mp-* values the page sets. Default: the container's theme (mp-dashboard's), else `auto`.
   */
  @property({ reflect: true }) theme?: 'light' | 'dark' | 'auto';

  /**
   * `off` stops live updates. Live (the default, or `on`), the figures follow changes made anywhere within
   * seconds, and nothing is asked while the page is hidden. Default: the container's (mp-dashboard's), else `on`.
   */
  @property({ reflect: true }) live?: 'on' | 'off';

  /**
   * Has the widget's queries fetch again when its organization's figures change.
   * @internal
   */
  readonly liveUpdates = new LiveController(this);

  /**
   * The settings of the container this widget sits in, if any.
   * @internal
   */
  @consume({ context: connectionContext, subscribe: true })
  @state()
  protected inheritedConnection: ConnectionSettings | undefined;

  private readonly connectionProvider = new ContextProvider(this, { context: connectionContext });

  private lease: Lease<ApolloClient> | null = null;
  /** The `lang` this element last put on its host (markLanguage); any other value is the page's. */
  private markedLang: string | null = null;
  private stopFollowingSystem: (() => void) | undefined;
  private keyFor:
    { endpoint: string; identity: Pick<ConnectionSettings, 'token' | 'getToken'>; key: string } | undefined;

  /**
   * The settings this widget uses: its own attributes where set, else its container's.
   * @internal
   */
  get connection(): ConnectionSettings {
    const own = {
      endpoint: this.endpoint,
      token: this.token,
      getToken: this.getToken,
      organizationId: this.organizationId,
      locale: this.locale,
      theme: parseTheme(this.theme),
      live: parseLive(this.live),
    };
    return resolveConnection(own, this.inheritedConnection);
  }

  /**
   * The palette in use, `light` or `dark`, from the theme (own, else the container's) and, for `auto`,
   * the system's colour scheme; also set as the host's `color-scheme` attribute, which the styles key off.
   */
  get colorScheme(): 'light' | 'dark' {
    return resolveColorScheme(this.connection.theme, systemPrefersDark());
  }

  /**
   * The client for the current endpoint and signed-in identity, held while the element is connected;
   * null without credentials. A new token for the same identity keeps the client and its cache.
   * @internal
   */
  get apolloClient(): ApolloClient | null {
    const connection = this.connection;
    if (!this.isConnected || !hasCredentials(connection)) {
      this.releaseClient();
      return null;
    }
    const key = this.clientKey(connection);
    if (this.lease?.key !== key) {
      const next = leaseClient(connection.endpoint, connection);
      this.lease?.release();
      this.lease = next;
    }
    return this.lease.value;
  }

  /**
   * Carries this element's credentials, read at request time, to the client's bearer link.
   * @internal
   */
  readonly requestContext = requestContext(() => this.connection);

  /**
   * The language of the widget's words: `en`, `es` or `pt-BR`, from the effective locale.
   * @internal
   */
  get uiLocale(): UiLocale {
    return uiLocaleFor(this.effectiveLocale ?? navigator.language);
  }

  /** Waits for the language's translations (a chunk loaded once per page) before rendering. */
  protected override scheduleUpdate(): void | Promise<unknown> {
    const pending = pendingUiLocale(this.uiLocale);
    if (!pending) return super.scheduleUpdate();
    return pending.then(() => super.scheduleUpdate());
  }

  /** Runs `work` with msg() answering in this element's language, for words made outside an update (event handlers). */
  protected inOwnLanguage<T>(work: () => T): T {
    return withUiLocale(this.uiLocale, work);
  }

  /** The whole update (willUpdate, render, updated) reads its words in this element's language. */
  protected override performUpdate(): void {
    withUiLocale(this.uiLocale, () => super.performUpdate());
  }

  protected override willUpdate(changed: PropertyValues): void {
    super.willUpdate(changed);
    // Hand the settings down before rendering, so widgets created by this render find them at once.
    const connection = this.connection;
    if (!sameConnection(connection, this.connectionProvider.value)) this.connectionProvider.setValue(connection);
    const colorScheme = this.colorScheme;
    if (this.getAttribute('color-scheme') !== colorScheme) this.setAttribute('color-scheme', colorScheme);
    this.markLanguage();
  }

  /**
   * `lang` on the host names the words' language, so a screen reader reads a widget in Spanish on an
   * English page (or in English on a German one) with the right voice (WCAG 3.1.2). A `lang` the page
   * put on the element itself is left as it is.
   */
  private markLanguage(): void {
    const current = this.getAttribute('lang');
    if (current !== null && current !== this.markedLang) return;
    const lang = this.uiLocale;
    if (current === lang) return;
    this.markedLang = lang;
    this.setAttribute('lang', lang);
  }

  override connectedCallback(): void {
    super.connectedCallback();
    // A change of the system's scheme restyles (and redraws the charts of) widgets whose theme is auto.
    this.stopFollowingSystem = onSystemColorSchemeChange(() => this.requestUpdate());
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.stopFollowingSystem?.();
    this.releaseClient();
  }

  private releaseClient(): void {
    this.lease?.release();
    this.lease = null;
  }

  /** The registry key, recomputed only when endpoint or credentials change (it decodes the token). */
  private clientKey({ endpoint, token, getToken }: ConnectionSettings): string {
    const cached = this.keyFor;
    if (
      cached &&
      cached.endpoint === endpoint &&
      cached.identity.token === token &&
      cached.identity.getToken === getToken
    ) {
      return cached.key;
    }
    const key = clientKey(endpoint, { token, getToken });
    this.keyFor = { endpoint, identity: { token, getToken }, key };
    return key;
  }

  /** The locale for Intl: the attribute (or the container's), else the page's language, else the browser's. */
  protected get effectiveLocale(): string | undefined {
    return this.connection.locale || document.documentElement.lang || undefined;
  }

  /** The organization to show: organization-id (or the container's); empty for the token's own. */
  protected get effectiveOrganizationId(): string {
    return this.connection.organizationId;
  }

  /** The spelling of an organization query: by id with an organization id, else the token's own organization. */
  protected organizationDocument(query: OrganizationQueryPair): DocumentNode {
    return this.effectiveOrganizationId ? query.byId : query.forViewer;
  }

  /** The variables the by-id spelling needs (none for the viewer's). */
  protected get organizationVariables(): { organizationId?: string } {
    const organizationId = this.effectiveOrganizationId;
    return organizationId ? { organizationId } : {};
  }

  /** Reports a failed fetch or mutation to the page. */
  protected reportError(error: WidgetError, operation: string): void {
    dispatchMpEvent(this, 'mp-error', { ...error, source: this.localName, operation });
  }

  protected get hasCredentials(): boolean {
    return hasCredentials(this.connection);
  }

  /**
   * Renders the non-data states of a query: the loading skeleton, or a message with a Retry button.
   * Returns null once data is there, so the caller renders it.
   */
  protected renderQueryState(query: QueryController<any, any>, skeletonLines = 3): TemplateResult | null {
    if (!this.hasCredentials) {
      return this.renderErrorState({ kind: 'unauthenticated', code: 'UNAUTHENTICATED', message: 'No token' }, null);
    }
    if (query.status === 'error' && query.error) return this.renderErrorState(query.error, () => query.retry());
    if (query.status !== 'ready') return this.renderLoading(skeletonLines);
    return null;
  }

  protected renderLoading(lines = 3): TemplateResult {
    return html`<div class="state loading" part="state" role="status" aria-live="polite" aria-busy="true">
      <span class="visually-hidden">${msg('Loading…')}</span>
      ${Array.from(
        { length: lines },
        // Each bar's width is in the stylesheet (styles.ts): a strict CSP refuses style attributes.
        () => html`<span class="skeleton" aria-hidden="true"></span>`,
      )}
    </div>`;
  }

  protected renderErrorState(error: WidgetError, retry: (() => void) | null): TemplateResult {
    const { title, detail, retryable } = describeError(error);
    return html`<div class="state error" part="state error" role="alert" data-state=${error.kind}>
      <p class="state-title">${title}</p>
      <p class="state-detail">${detail}</p>
      ${
        retryable && retry
          ? html`<button type="button" class="button" part="retry-button" @click=${retry}>${msg('Retry')}</button>`
          : nothing
      }
    </div>`;
  }

  protected renderEmpty(title: string, detail: string): TemplateResult {
    return html`<div class="state empty" part="state empty" role="status">
      <p class="state-title">${title}</p>
      <p class="state-detail">${detail}</p>
    </div>`;
  }
}
