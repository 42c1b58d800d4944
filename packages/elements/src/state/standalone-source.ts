import { ContextConsumer, ContextProvider } from '@lit/context';
import type { ReactiveController, ReactiveElement } from 'lit';
import { parseThemeMode } from '../theme/theme-mode.js';
import { sameTokenSource, tokenSourceOf, type TokenProvider, type TokenSource } from '../token/token-source.js';
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
  /** The `theme` attribute: overrides the tenant theme's mode. */
  theme: string | undefined;
}

type SourceHost = ReactiveElement & StandaloneConfiguration;

export interface StandaloneSourceOptions {
  /**
   * The one panel whose data an element on its own loads (a panel element), or absent for an
   * element that needs the definition and filter options but no panel data (the filter bar).
   */
  panel?: () => string | undefined;
}

/**
 * Where an element's dashboard state comes from.
 *
 * Inside `<kineo-dashboard>`, the dashboard's context (consumed with `subscribe`). On its own (no
 * provider answered when it connected), a `DashboardStore` of its own, created from the `api`,
 * `dashboard` and token attributes once they are all set, loading only its panel (or none);
 * `locale`, `theme` and token changes are handed to that store without losing filters or drill.
 *
 * Either way the element provides the value again to its own shadow tree, so descendants such as
 * the `<kineo-breadcrumbs>` in a panel's header find it in both cases.
 */
export class StandaloneSource implements ReactiveController {
  readonly #host: SourceHost;
  readonly #panel: (() => string | undefined) | undefined;
  readonly #provider: ContextProvider<typeof dashboardContext>;
  /** A `<kineo-dashboard>` (or another provider) answered. */
  #provided = false;
  #fromProvider: DashboardContextValue | undefined;
  #store: DashboardStore | undefined;
  #storeValue: DashboardContextValue | undefined;
  /** What the store was created for: a change of any of these needs a new store. */
  #storeKey: string | undefined;
  #storeTokens: TokenSource | undefined;

  constructor(host: SourceHost, options: StandaloneSourceOptions = {}) {
    this.#host = host;
    this.#panel = options.panel;
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

  /** The dashboard state and controller the element renders from; `undefined` until there is one. */
  get value(): DashboardContextValue | undefined {
    return this.#provided ? this.#fromProvider : this.#storeValue;
  }

  /** True when the element loads its own data (no `<kineo-dashboard>` around it). */
  get standalone(): boolean {
    return this.#host.isConnected && !this.#provided;
  }

  /** For an element on its own: what is missing before it can load (a sentence), or `undefined`. */
  get missingConfiguration(): string | undefined {
    if (!this.standalone) return undefined;
    const host = this.#host;
    const missing: string[] = [];
    if (this.#panel && !this.#panel()) missing.push('the `panel` attribute');
    if (!host.api) missing.push('the `api` attribute');
    if (!host.dashboard) missing.push('the `dashboard` attribute');
    if (!tokenSourceOf(host)) missing.push('a `token-url` attribute, `token` or `tokenProvider`');
    if (missing.length === 0) return undefined;
    return `To ${this.#panel ? 'show a panel' : 'use this element'} on its own, set ${missing.join(', ')}.`;
  }

  hostConnected(): void {
    // The consumer connected just before this controller (it was added first): a provider has
    // answered synchronously by now if there is one.
    if (!this.#provided) this.#host.requestUpdate();
  }

  hostDisconnected(): void {
    this.#disposeStore();
    // Moved elsewhere, it asks for a provider again.
    this.#provided = false;
    this.#fromProvider = undefined;
  }

  /** Creates, updates or disposes the element's own store to match its attributes (call in `willUpdate`). */
  sync(): void {
    if (!this.standalone) return;
    const host = this.#host;
    const tokens = tokenSourceOf(host);
    if (this.missingConfiguration !== undefined || !tokens) {
      this.#disposeStore();
      return;
    }
    const panels = this.#panel ? [this.#panel()!] : [];
    const key = JSON.stringify([host.api, host.dashboard, panels]);
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
        panels,
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
    // Both are no-ops when nothing changed.
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
