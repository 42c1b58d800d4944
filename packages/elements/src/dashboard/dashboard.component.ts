import { ContextProvider } from '@lit/context';
import type { FilterValues, PanelDefinition, ViewerResponse } from '@kineo/core';
import { LitElement, html, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { repeat } from 'lit/directives/repeat.js';
import { styleMap } from 'lit/directives/style-map.js';
import { dispatchKineoEvent } from '../events.js';
import { dashboardContext, type DashboardContextValue, type DashboardSnapshot } from '../state/dashboard-context.js';
import { DashboardStore } from '../state/dashboard-store.js';
import { checkFilterValues, mergeFilterValues } from '../state/filter-values.js';
import { describeIssues, type DashboardViewState } from '../state/view-state.js';
import { tenantThemeStyle } from '../theme/tenant-theme.js';
import { ThemeController, parseThemeMode, resolveThemeMode } from '../theme/theme-mode.js';
import { themeStyles } from '../theme/theme-styles.js';
import { sameTokenSource, tokenSourceOf, type TokenProvider, type TokenSource } from '../token/token-source.js';
import { UrlStateSync, viewStateOf } from '../url-state/url-state-sync.js';
import { describeDashboardError } from './dashboard-error.js';
import { dashboardStyles } from './dashboard.styles.js';
import { applyCustomProperties } from './tenant-style.js';

/** `panel.layout` as the grid cell's custom properties (CSSOM, so a strict style CSP allows it). */
function cellStyle(layout: PanelDefinition['layout']): Record<string, string> {
  return {
    '--kineo-cell-x': String(layout.x + 1),
    '--kineo-cell-y': String(layout.y + 1),
    '--kineo-cell-w': String(layout.w),
    '--kineo-cell-h': String(layout.h),
  };
}

/**
 * A live dashboard of the Kineo catalog: its title, filter bar and panels, laid out on a
 * 12-column grid from the definition (one column when the element is narrow), with all data in
 * one request per state change.
 *
 * It owns the dashboard's state (a `DashboardStore`: API client, embed-token lifecycle, filters,
 * drill paths, cross-filter) and provides it to the elements inside through `@lit/context`. Tokens
 * come from the `token` property, the `tokenProvider` callback or the `token-url` attribute, are
 * held in memory only, shared with every Kineo element on the page, and refreshed without losing
 * any state. With `sync-url`, the filters, drill paths and cross-filter live in the page URL
 * (`?kd.<dashboard>=…`), so a copied link reopens the same view and Back undoes a drill.
 *
 * The tenant's theme from the API is applied as `--kineo-tenant-*` properties on the element: the
 * page's own `--kineo-*` properties win over it.
 *
 * @tagname kineo-dashboard
 * @summary An embedded learning-analytics dashboard.
 *
 * @fires kineo-ready - The first data of every panel arrived (or failed). `detail: { dashboard, panels }`.
 * @fires kineo-filter-change - Filters or the cross-filter changed. `detail: { filters, crossFilter?, source }`.
 * @fires kineo-select - A mark or row was selected. `detail: { panel, level, datum }`.
 * @fires kineo-drill - A panel drilled down or back up. `detail: { panel, level, path, direction }`.
 * @fires kineo-error - Something failed. `detail: { error: { status, code, message }, panel?, source }`.
 * @fires kineo-token-refresh - A new embed token arrived. `detail: { expiresAt }`.
 *
 * @csspart base - The dashboard's wrapper (a labelled region).
 * @csspart header - Title and description.
 * @csspart title - The dashboard's title.
 * @csspart description - The dashboard's description.
 * @csspart filters - The `<kineo-filter-bar>`.
 * @csspart cross-filter - The active cross-filter chip.
 * @csspart grid - The panel grid.
 * @csspart error - The error message of the whole dashboard.
 * @csspart loading - The placeholder while the dashboard loads.
 *
 * @cssprop --kineo-row-height - Minimum height of one layout row (default 80px).
 * @cssprop --kineo-dashboard-padding - Padding around the dashboard (default 0).
 * @cssprop --kineo-title-font-size - The title's size (default 1.375rem).
 * @cssprop --kineo-color-primary - Brand colour (over the tenant theme's).
 * @cssprop --kineo-color-background - The dashboard's background.
 * @cssprop --kineo-gap - Space between panels.
 */
export class KineoDashboard extends LitElement {
  static override styles = [themeStyles, dashboardStyles];

  static override properties = {
    api: { type: String },
    dashboard: { type: String },
    tokenUrl: { type: String, attribute: 'token-url' },
    locale: { type: String },
    theme: { type: String },
    syncUrl: { type: Boolean, attribute: 'sync-url' },
    token: { attribute: false },
    tokenProvider: { attribute: false },
  };

  /** Base URL of the Kineo API, e.g. `https://analytics.example.com`. */
  declare api: string | undefined;
  /** The dashboard id, e.g. `learning-progress`. */
  declare dashboard: string | undefined;
  /** A same-origin host endpoint answering `{ token, expiresAt }` (attribute `token-url`). */
  declare tokenUrl: string | undefined;
  /** BCP 47 locale for numbers and dates (default: the document's `lang`, else the browser's). */
  declare locale: string | undefined;
  /** `light`, `dark` or `auto` (follows the system); default the tenant theme's mode. */
  declare theme: string | undefined;
  /** Keep filters, drill paths and cross-filter in the page URL (attribute `sync-url`). */
  declare syncUrl: boolean;
  /** A fixed embed token; replace it before it expires (state is kept). */
  declare token: string | undefined;
  /** Called for a fresh embed token whenever one is needed. */
  declare tokenProvider: TokenProvider | undefined;

  readonly #provider: ContextProvider<typeof dashboardContext>;
  #store: DashboardStore | undefined;
  #value: DashboardContextValue | undefined;
  #storeKey: string | undefined;
  #storeTokens: TokenSource | undefined;
  /** Why no store could be made from the attributes (an API URL that is not one). */
  #configurationError: string | undefined;
  /** The state to start from when a store is (re)created: after a DOM move, or filters set before. */
  #carried: { dashboard: string | undefined; state: DashboardViewState } | undefined;
  #urlSync: UrlStateSync | undefined;
  /** Applying Back/Forward: the URL already says the state, so it is not written back. */
  #applyingUrl = false;
  #wroteUrl = false;
  #tenantProperties: string[] = [];
  #tenantViewer: ViewerResponse | undefined;
  /** Display labels of the cross-filter's values, from its filter's options. */
  #crossFilterLabels: { filter: string; labels: ReadonlyMap<string, string> } | undefined;

  constructor() {
    super();
    this.syncUrl = false;
    this.#provider = new ContextProvider(this, { context: dashboardContext });
    new ThemeController(this);
  }

  /** The user's current filter values. Setting it is `setFilters(value)`. */
  get filters(): FilterValues {
    return this.#store?.value.snapshot.filters ?? this.#carried?.state.filters ?? {};
  }

  set filters(filters: FilterValues) {
    this.setFilters(filters);
  }

  /**
   * Sets filters from the host page: each named filter takes its value, `null` (or an empty value)
   * clears it, others keep theirs. Reloads every panel in one request and fires
   * `kineo-filter-change` (`source: 'host'`). Values the dashboard cannot take change nothing and
   * fire `kineo-error` (`source: 'data'`).
   */
  setFilters(filters: FilterValues): void {
    this.#sync();
    if (this.#store) {
      this.#store.setFilters(filters, 'host');
      return;
    }
    // Not loading yet (not connected, or attributes missing): kept for the store to start from.
    const check = checkFilterValues(filters);
    if (!check.ok) {
      dispatchKineoEvent(this, 'kineo-error', { error: { status: 0, code: 'bad_request', message: `Invalid filters: ${describeIssues(check.issues)}` }, source: 'data' });
      return;
    }
    const carried = this.#carried && (this.#carried.dashboard === undefined || this.#carried.dashboard === this.dashboard) ? this.#carried.state : undefined;
    const state = carried ?? { filters: {}, drill: {} };
    this.#carried = { dashboard: this.dashboard, state: { ...state, filters: mergeFilterValues(state.filters, check.values) } };
  }

  /** Reloads every panel with the current state (and the dashboard itself if it had failed). */
  async refresh(): Promise<void> {
    this.#sync();
    await this.#store?.refresh();
  }

  override connectedCallback(): void {
    super.connectedCallback();
    this.requestUpdate();
  }

  override disconnectedCallback(): void {
    super.disconnectedCallback();
    this.#disposeStore();
    this.#urlSync?.disconnect();
    this.#urlSync = undefined;
  }

  protected override willUpdate(_changed: PropertyValues<this>): void {
    this.#sync();
  }

  protected override updated(): void {
    this.#loadCrossFilterLabels();
  }

  /** Creates, replaces or updates the store to match the attributes and properties. */
  #sync(): void {
    if (!this.isConnected) return;
    this.#syncUrlState();
    const tokens = tokenSourceOf(this);
    if (!this.api || !this.dashboard || !tokens) {
      this.#disposeStore();
      return;
    }
    const key = JSON.stringify([this.api, this.dashboard]);
    if (this.#store && key !== this.#storeKey) this.#disposeStore();
    if (!this.#store) {
      if (key === this.#storeKey && this.#configurationError) return;
      this.#createStore(key, tokens);
      return;
    }
    if (!sameTokenSource(tokens, this.#storeTokens)) {
      this.#storeTokens = tokens;
      this.#store.setTokenSource(tokens);
    }
    this.#store.setLocale(this.locale);
    this.#store.setThemeMode(parseThemeMode(this.theme));
  }

  #createStore(key: string, tokens: TokenSource): void {
    const dashboard = this.dashboard!;
    // Filters set before the `dashboard` attribute belong to whichever dashboard comes first.
    const carried = this.#carried && (this.#carried.dashboard === undefined || this.#carried.dashboard === dashboard) ? this.#carried.state : undefined;
    const initialState = (this.#urlSync && this.#urlSync.read()) ?? carried;
    const themeMode = parseThemeMode(this.theme);
    this.#storeKey = key;
    this.#storeTokens = tokens;
    this.#wroteUrl = false;
    let store: DashboardStore;
    try {
      store = new DashboardStore({
        host: this,
        api: this.api!,
        dashboard,
        tokens,
        ...(this.locale && { locale: this.locale }),
        ...(themeMode && { themeMode }),
        ...(initialState && { initialState }),
        onChange: (value) => {
          if (this.#store === store) this.#onStoreChange(value);
        },
      });
    } catch (error) {
      // An `api` that is not an absolute http(s) URL: shown, not thrown at the page.
      this.#configurationError = error instanceof Error ? error.message : String(error);
      this.#value = undefined;
      this.#provider.setValue(undefined);
      return;
    }
    this.#configurationError = undefined;
    this.#carried = undefined;
    this.#store = store;
    this.#value = store.value;
    this.#provider.setValue(store.value);
    store.start();
  }

  #disposeStore(): void {
    const store = this.#store;
    if (!store) return;
    // Kept, so that a dashboard moved in the DOM (or given another API URL) keeps its view.
    this.#carried = { dashboard: store.value.snapshot.dashboardId, state: viewStateOf(store.value.snapshot) };
    store.dispose();
    this.#store = undefined;
    this.#value = undefined;
    this.#storeKey = undefined;
    this.#storeTokens = undefined;
    this.#provider.setValue(undefined);
  }

  #onStoreChange(value: DashboardContextValue): void {
    this.#value = value;
    this.#provider.setValue(value);
    const { snapshot } = value;
    if (snapshot.viewer !== this.#tenantViewer) {
      this.#tenantViewer = snapshot.viewer;
      this.#tenantProperties = applyCustomProperties(this, snapshot.viewer ? tenantThemeStyle(snapshot.viewer.theme) : '', this.#tenantProperties);
    }
    if (this.#urlSync && snapshot.definition && !this.#applyingUrl) {
      this.#urlSync.write(viewStateOf(snapshot), this.#wroteUrl ? 'auto' : 'replace');
      this.#wroteUrl = true;
    }
    this.requestUpdate();
  }

  /** Follows the `sync-url` attribute: starts or stops reading Back/Forward for this dashboard. */
  #syncUrlState(): void {
    const wanted = this.syncUrl && this.dashboard ? this.dashboard : undefined;
    if (this.#urlSync && this.#urlSync.dashboardId === wanted) return;
    this.#urlSync?.disconnect();
    this.#urlSync = undefined;
    if (!wanted) return;
    const sync = new UrlStateSync({
      dashboardId: wanted,
      onNavigate: (state) => {
        if (this.#urlSync !== sync || !this.#store) return;
        this.#applyingUrl = true;
        try {
          this.#store.applyViewState(state);
        } finally {
          this.#applyingUrl = false;
        }
      },
    });
    this.#urlSync = sync;
    sync.connect();
    // A store already running (sync-url added later) writes its state at its next change.
    this.#wroteUrl = false;
  }

  #loadCrossFilterLabels(): void {
    const snapshot = this.#value?.snapshot;
    const filter = snapshot?.crossFilter?.filter;
    if (!filter || this.#crossFilterLabels?.filter === filter) return;
    this.#crossFilterLabels = { filter, labels: new Map() };
    const value = this.#value!;
    value.controller.filterOptions(filter).then(
      (options) => {
        if (this.#crossFilterLabels?.filter !== filter || options.kind === 'dateRange') return;
        this.#crossFilterLabels = { filter, labels: new Map(options.options.map((option) => [option.value, option.label])) };
        this.requestUpdate();
      },
      () => {
        // The values themselves are shown; the failure was reported as a kineo-error.
      },
    );
  }

  override render(): TemplateResult {
    const snapshot = this.#value?.snapshot;
    const definition = snapshot?.definition;
    const mode = resolveThemeMode(this.theme, snapshot?.theme?.mode);
    const busy = !definition && (!snapshot || snapshot.status === 'idle' || snapshot.status === 'loading');
    return html`
      <section
        part="base"
        class="kineo-theme dashboard"
        data-mode=${mode}
        aria-labelledby=${definition ? 'title' : nothing}
        aria-label=${definition ? nothing : 'Dashboard'}
        aria-busy=${busy ? 'true' : 'false'}
      >
        ${this.#renderContent(snapshot)}
      </section>
    `;
  }

  #renderContent(snapshot: DashboardSnapshot | undefined): TemplateResult {
    const missing = this.#missingConfiguration();
    if (missing) return this.#renderMessage(missing, undefined, false);
    if (this.#configurationError) return this.#renderMessage('The dashboard is not configured correctly.', this.#configurationError, false);
    const definition = snapshot?.definition;
    if (!snapshot || !definition) {
      if (snapshot?.status === 'error') {
        const text = describeDashboardError(snapshot.error);
        return this.#renderMessage(text.title, text.detail, text.retryable, text.retrying);
      }
      return html`
        <div part="loading" class="loading" role="status">
          <span class="visually-hidden">Loading dashboard…</span>
          <div class="skeleton wide"></div>
          <div class="skeleton"></div>
          <div class="skeleton"></div>
        </div>
      `;
    }
    const panels = [...definition.panels].sort((a, b) => a.layout.y - b.layout.y || a.layout.x - b.layout.x);
    const problem = snapshot.status === 'error' ? describeDashboardError(snapshot.error) : undefined;
    return html`
      <div part="header" class="header">
        <h2 part="title" class="title" id="title">${definition.title}</h2>
        ${definition.description ? html`<p part="description" class="description">${definition.description}</p>` : nothing}
      </div>
      ${definition.filters.length > 0 ? html`<kineo-filter-bar part="filters"></kineo-filter-bar>` : nothing}
      ${problem ? this.#renderMessage(problem.title, problem.detail, problem.retryable, problem.retrying) : nothing}
      ${this.#renderCrossFilter(snapshot)}
      <div part="grid" class="grid">
        ${repeat(
          panels,
          (panel) => panel.id,
          (panel) => html`<kineo-panel class="cell" panel=${panel.id} style=${styleMap(cellStyle(panel.layout))}></kineo-panel>`,
        )}
      </div>
    `;
  }

  #renderMessage(title: string, detail: string | undefined, canRetry: boolean, retrying = false): TemplateResult {
    return html`
      <div part="error" class="error" role="alert">
        <p class="error-title">${title}</p>
        ${detail && detail !== title ? html`<p class="error-detail">${detail}</p>` : nothing}
        ${retrying ? html`<p class="error-detail">Trying again automatically…</p>` : nothing}
        ${canRetry ? html`<button type="button" @click=${() => void this.refresh()}>Try again${retrying ? ' now' : ''}</button>` : nothing}
      </div>
    `;
  }

  #renderCrossFilter(snapshot: DashboardSnapshot): TemplateResult | typeof nothing {
    const selection = snapshot.crossFilter;
    if (!selection) return nothing;
    const definition = snapshot.definition!;
    const source = definition.panels.find((panel) => panel.id === selection.panel);
    const filter = definition.filters.find((f) => f.id === selection.filter);
    const labels = this.#crossFilterLabels?.filter === selection.filter ? this.#crossFilterLabels.labels : undefined;
    const values = selection.values.map((value) => labels?.get(value) ?? value).join(', ');
    return html`
      <div part="cross-filter" class="cross-filter">
        <span>
          ${filter?.label ?? selection.filter}: <strong>${values}</strong>
          ${source ? html`<span class="visually-hidden">(selected in ${source.title})</span>` : nothing}
        </span>
        <button type="button" aria-label="Clear the selection ${filter?.label ?? selection.filter}: ${values}" @click=${() => this.#value?.controller.clearCrossFilter()}>
          Clear
        </button>
      </div>
    `;
  }

  #missingConfiguration(): string | undefined {
    const missing: string[] = [];
    if (!this.api) missing.push('the `api` attribute');
    if (!this.dashboard) missing.push('the `dashboard` attribute');
    if (!tokenSourceOf(this)) missing.push('a `token-url` attribute, `token` or `tokenProvider`');
    return missing.length === 0 ? undefined : `To show a dashboard, set ${missing.join(', ')}.`;
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kineo-dashboard': KineoDashboard;
  }
}
