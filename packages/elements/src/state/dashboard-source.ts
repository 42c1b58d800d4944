import { ContextConsumer, ContextProvider } from '@lit/context';
import type { ReactiveController, ReactiveElement } from 'lit';
import { tokenSourceOf } from '../panel/panel-source.js';
import { parseThemeMode } from '../theme/theme-mode.js';
import type { TokenProvider, TokenSource } from '../token/token-source.js';
import { dashboardContext, type DashboardContextValue } from './dashboard-context.js';
import { DashboardStore } from './dashboard-store.js';

/** The attributes and properties an element used outside `<kineo-dashboard>` reads. */
export interface StandaloneConfiguration {
  api: string | undefined;
  dashboard: string | undefined;
  tokenUrl: string | undefined;
  token: string | undefined;
  tokenProvider: TokenProvider | undefined;
  locale: string | undefined;
  theme: string | undefined;
}

type SourceHost = ReactiveElement & StandaloneConfiguration;

/**
 * Where an element that is not a panel (the filter bar) gets its dashboard state: the enclosing
 * `<kineo-dashboard>`'s context when there is one, else a `DashboardStore` of its own built from
 * its attributes, loading the definition and filter options but no panel data (`panels: []`).
 * The value is provided again to the element's own shadow tree.
 */
export class DashboardSource implements ReactiveController {
  readonly #host: SourceHost;
  readonly #provider: ContextProvider<typeof dashboardContext>;
  #provided = false;
  #fromProvider: DashboardContextValue | undefined;
  #store: DashboardStore | undefined;
  #storeValue: DashboardContextValue | undefined;
  #storeKey: string | undefined;
  #storeTokens: TokenSource | undefined;

  constructor(host: SourceHost) {
    this.#host = host;
    // Added before the provider, so it asks the ancestors, never this element's own provider.
    new ContextConsumer(host, {
      context: dashboardContext,
      subscribe: true,
      callback: (value) => {
        this.#provided = true;
        this.#fromProvider = value;
        this.#disposeStore();
        this.#provider.setValue(value);
        host.requestUpdate();
      },
    });
    this.#provider = new ContextProvider(host, { context: dashboardContext });
    host.addController(this);
  }

  /** The dashboard state the element shows, if any yet. */
  get value(): DashboardContextValue | undefined {
    return this.#provided ? this.#fromProvider : this.#storeValue;
  }

  /** True when no `<kineo-dashboard>` provides a context: the element owns its store. */
  get standalone(): boolean {
    return !this.#provided;
  }

  /** For an element on its own: the sentence saying what is missing before it can load. */
  get missingConfiguration(): string | undefined {
    if (!this.standalone) return undefined;
    const host = this.#host;
    const missing: string[] = [];
    if (!host.api) missing.push('the `api` attribute');
    if (!host.dashboard) missing.push('the `dashboard` attribute');
    if (!tokenSourceOf(host)) missing.push('a `token-url` attribute, `token` or `tokenProvider`');
    return missing.length === 0 ? undefined : `To use this element on its own, set ${missing.join(', ')}.`;
  }

  hostConnected(): void {
    if (!this.#provided) this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    this.#disposeStore();
    this.#provided = false;
    this.#fromProvider = undefined;
  }

  /** Creates, updates or disposes the element's own store to match its attributes (call in `willUpdate`). */
  sync(): void {
    if (!this.standalone || !this.#host.isConnected) return;
    const host = this.#host;
    const tokens = tokenSourceOf(host);
    if (this.missingConfiguration !== undefined || !tokens) {
      this.#disposeStore();
      return;
    }
    const key = JSON.stringify([host.api, host.dashboard]);
    if (this.#store && key !== this.#storeKey) this.#disposeStore();
    if (!this.#store) {
      this.#storeKey = key;
      this.#storeTokens = tokens;
      const themeMode = parseThemeMode(host.theme);
      const store: DashboardStore = new DashboardStore({
        host,
        api: host.api!,
        dashboard: host.dashboard!,
        tokens,
        ...(host.locale && { locale: host.locale }),
        ...(themeMode && { themeMode }),
        panels: [],
        onChange: (value) => {
          if (this.#store !== store) return;
          this.#storeValue = value;
          this.#provider.setValue(value);
          host.requestUpdate();
        },
      });
      this.#store = store;
      this.#storeValue = store.value;
      this.#provider.setValue(store.value);
      store.start();
      return;
    }
    if (!sameTokenSource(tokens, this.#storeTokens)) {
      this.#storeTokens = tokens;
      this.#store.setTokenSource(tokens);
    }
    this.#store.setLocale(host.locale);
    this.#store.setThemeMode(parseThemeMode(host.theme));
  }

  #disposeStore(): void {
    if (!this.#store) return;
    this.#store.dispose();
    this.#store = undefined;
    this.#storeValue = undefined;
    this.#storeKey = undefined;
    this.#storeTokens = undefined;
  }
}

/** Whether two token sources are the same source (a new one needs `setTokenSource`). */
export function sameTokenSource(a: TokenSource, b: TokenSource | undefined): boolean {
  if (!b) return false;
  if ('token' in a) return 'token' in b && a.token === b.token;
  if ('tokenProvider' in a) return 'tokenProvider' in b && a.tokenProvider === b.tokenProvider;
  return 'tokenUrl' in b && a.tokenUrl === b.tokenUrl;
}
