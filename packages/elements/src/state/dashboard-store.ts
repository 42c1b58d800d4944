import { statusOfErrorCode } from '@kineo/core';
import type {
  DashboardDefinition,
  DrillPath,
  ExportFormat,
  FilterOptionsResponse,
  FilterValues,
  PageRequest,
  PanelDefinition,
  QueryResult,
  ViewerResponse,
} from '@kineo/core';
import { KineoApiClient } from '../api/api-client.js';
import { downloadBlob } from '../export/download.js';
import { KineoApiError, KineoError, TokenUnavailableError } from '../errors.js';
import { dispatchKineoEvent, errorInfoOf, type FilterChangeSource, type KineoErrorSource } from '../events.js';
import type { ThemeMode } from '../theme/theme-mode.js';
import { releaseSharedTokenManager, sharedTokenManager, tokenManagerKey } from '../token/shared-token-manager.js';
import { TokenManager, systemClock, type TokenClock } from '../token/token-manager.js';
import type { TokenSource } from '../token/token-source.js';
import { isAbort } from '../abortable.js';
import { crossFilterValueOf, filtersOfPanel, sameCrossFilter, toggleCrossFilter } from './cross-filter.js';
import type { DashboardContextValue, DashboardController, DashboardSnapshot, PanelState, SelectIntent } from './dashboard-context.js';
import { dashboardDataRequestOf } from './data-request.js';
import { drillLabelOf, drillValueOf, isDrillValue, nextDrillLevel } from './drill-path.js';
import { checkFilterValues, mergeFilterValues, sameFilterValues } from './filter-values.js';
import { FilterOptionsCache } from './filter-options-cache.js';
import { resolveLocale } from './locale.js';
import { retryDelayMs } from './retry-backoff.js';
import { describeIssues, fitViewState, type DashboardViewState } from './view-state.js';

/** Options of `DashboardStore`. */
export interface DashboardStoreOptions {
  /** Events are dispatched on it. */
  host: HTMLElement;
  /** Base URL of the Kineo API. */
  api: string;
  /** The dashboard id. */
  dashboard: string;
  /** Where embed tokens come from (shared with every element on the page using the same source). */
  tokens: TokenSource;
  /** BCP 47 locale; default the document's `lang`, else the browser's. */
  locale?: string;
  /** The host's `theme` attribute: overrides the tenant theme's mode. */
  themeMode?: ThemeMode;
  /**
   * Only these panels (a standalone element). An empty list loads no panel data at all (a
   * standalone filter bar); absent: every panel of the dashboard.
   */
  panels?: readonly string[];
  /**
   * Where to start (a link's state, see `url-state`): checked against the definition once it
   * arrives; what does not fit is dropped with a console warning.
   */
  initialState?: DashboardViewState;
  /** `fetch` for the API and a token URL; defaults to the global one. */
  fetch?: typeof fetch;
  /** Clock and timers (token lifetimes, retries); defaults to the system's. */
  clock?: TokenClock;
  /** Called with the new value after every change. */
  onChange(value: DashboardContextValue): void;
}

/** Why the dashboard as a whole is in error: a token failure also ends when a new token arrives. */
type Failure = { source: KineoErrorSource };

/**
 * The state and actions of one dashboard, shared by `<kineo-dashboard>` and the elements inside it
 * (or owned by one element used on its own). It loads the viewer and the definition in parallel,
 * then every panel's data in one request, and reloads in one request after each change of
 * filters, drill paths or cross-filter.
 *
 * Race-proof: a change aborts the request it supersedes, and only the answer of the latest request
 * is ever applied. Panels whose data a change makes stale are tracked, so a drill reloads only its
 * panel and a cross-filter only the other panels, while the filters, drill paths and selection
 * survive token refreshes and 401 retries untouched (they live here, not in a request).
 *
 * When no token can be had (or the API cannot be reached), the snapshot turns `error`, a
 * `kineo-error` fires, and the store tries again by itself (5 s, 10 s, … up to every 60 s), at
 * once on `refresh()`, on the next change, when a new token arrives, or when the token source is
 * replaced.
 */
export class DashboardStore implements DashboardController {
  readonly #options: DashboardStoreOptions;
  readonly #host: HTMLElement;
  readonly #clock: TokenClock;
  readonly #optionsCache = new FilterOptionsCache();
  /** Aborted by `dispose()`: ends every shared request (filter options). */
  readonly #lifetime = new AbortController();
  #tokenKey: string;
  #tokens: TokenManager;
  #client: KineoApiClient;
  #stopListening: () => void;
  #snapshot: DashboardSnapshot;
  #value: DashboardContextValue;
  #themeMode: ThemeMode | undefined;
  #started = false;
  #disposed = false;
  /** The viewer + definition load in flight. */
  #definitionRequest: AbortController | undefined;
  /** The data request in flight, and the promise that settles with it. */
  #dataRequest: AbortController | undefined;
  #dataSettled: Promise<void> | undefined;
  /** Panels whose shown data no longer matches the state. */
  readonly #stale = new Set<string>();
  /** Panels whose first data (or error) arrived: `kineo-ready` fires once all have. */
  readonly #settled = new Set<string>();
  #readyFired = false;
  #failure: Failure | undefined;
  #retryTimer: unknown;
  #retryAttempt = 0;
  /** Filters the host set before the definition could check them: their problems are the host's. */
  readonly #uncheckedHostFilters = new Set<string>();

  /** @param options The dashboard, the API, the token source, the host element, `onChange`. */
  constructor(options: DashboardStoreOptions) {
    this.#options = options;
    this.#host = options.host;
    this.#clock = options.clock ?? systemClock;
    this.#themeMode = options.themeMode;
    this.#tokenKey = tokenManagerKey(options.api, options.tokens);
    this.#tokens = this.#acquireTokens(this.#tokenKey, options.tokens);
    this.#client = new KineoApiClient({ api: options.api, tokens: this.#tokens, ...(options.fetch && { fetch: options.fetch }) });
    this.#stopListening = this.#listen(this.#tokens);
    const initial = options.initialState;
    this.#snapshot = {
      dashboardId: options.dashboard,
      status: 'idle',
      locale: resolveLocale(options.locale),
      filters: initial ? mergeFilterValues({}, initial.filters) : {},
      drill: initial ? { ...initial.drill } : {},
      ...(initial?.crossFilter && { crossFilter: initial.crossFilter }),
      panels: {},
      canExport: false,
    };
    this.#value = { snapshot: this.#snapshot, controller: this };
  }

  /** The current snapshot and this controller; a new object after every change. */
  get value(): DashboardContextValue {
    return this.#value;
  }

  /** The API client of the current token source. */
  get api(): KineoApiClient {
    return this.#client;
  }

  /** Loads the viewer and the definition in parallel, then every panel's data in one request. */
  start(): void {
    if (this.#started || this.#disposed) return;
    this.#started = true;
    void this.#loadDefinition();
  }

  /** Aborts every request, stops retrying, and gives back the shared token manager. */
  dispose(): void {
    if (this.#disposed) return;
    this.#disposed = true;
    this.#lifetime.abort();
    this.#definitionRequest?.abort();
    this.#dataRequest?.abort();
    this.#cancelRetry();
    this.#stopListening();
    releaseSharedTokenManager(this.#tokenKey, this.#tokens);
  }

  /** Number and date formats from now on; nothing reloads. */
  setLocale(locale: string | undefined): void {
    const resolved = resolveLocale(locale);
    if (resolved !== this.#snapshot.locale) this.#update({ locale: resolved });
  }

  /** The host's `theme` attribute (undefined: the tenant's mode). */
  setThemeMode(mode: ThemeMode | undefined): void {
    if (mode === this.#themeMode) return;
    this.#themeMode = mode;
    const theme = this.#snapshot.viewer && this.#themeOf(this.#snapshot.viewer);
    if (theme) this.#update({ theme });
  }

  /**
   * Uses another token source from now on, keeping filters, drill paths and data. Requests in
   * flight are sent again with it (one may be waiting on the old source), and an error state
   * recovers at once.
   */
  setTokenSource(tokens: TokenSource): void {
    if (this.#disposed) return;
    const key = tokenManagerKey(this.#options.api, tokens);
    if (key === this.#tokenKey) return;
    const previousKey = this.#tokenKey;
    const previous = this.#tokens;
    this.#stopListening();
    this.#tokenKey = key;
    this.#tokens = this.#acquireTokens(key, tokens);
    this.#client = new KineoApiClient({ api: this.#options.api, tokens: this.#tokens, ...(this.#options.fetch && { fetch: this.#options.fetch }) });
    this.#stopListening = this.#listen(this.#tokens);
    releaseSharedTokenManager(previousKey, previous);
    this.#optionsCache.clear();
    if (!this.#started) return;
    if (this.#failure || this.#definitionRequest || !this.#snapshot.definition) {
      this.#recover();
    } else if (this.#dataRequest) {
      void this.#loadData();
    }
  }

  setFilters(filters: FilterValues, source: FilterChangeSource = 'host'): void {
    if (this.#disposed) return;
    const definition = this.#snapshot.definition;
    const check = checkFilterValues(filters, definition?.filters);
    if (!check.ok) {
      const error = new KineoApiError(0, 'bad_request', `Invalid filters: ${describeIssues(check.issues)}`, { issues: check.issues });
      this.#emitError(error, 'data');
      return;
    }
    const next = mergeFilterValues(this.#snapshot.filters, check.values);
    if (sameFilterValues(next, this.#snapshot.filters)) {
      if (this.#failure) this.#recover();
      return;
    }
    if (!definition && source === 'host') for (const id of Object.keys(check.values)) this.#uncheckedHostFilters.add(id);
    this.#update({ filters: next });
    this.#emitFilterChange(source);
    this.#invalidate(this.#scope());
  }

  drillDown(panelId: string, value: string | number): void {
    this.#drillDown(panelId, value, undefined);
  }

  drillTo(panelId: string, depth: number): void {
    if (this.#disposed) return;
    const path = this.#snapshot.drill[panelId] ?? [];
    if (!Number.isInteger(depth) || depth < 0 || depth >= path.length) return;
    this.#setDrill(panelId, path.slice(0, depth), (this.#snapshot.drillLabels?.[panelId] ?? []).slice(0, depth));
    dispatchKineoEvent(this.#host, 'kineo-drill', { panel: panelId, level: depth, path: path.slice(0, depth), direction: 'up' });
    this.#invalidate([panelId]);
  }

  select(panelId: string, datum: Readonly<Record<string, unknown>>, intent: SelectIntent = 'auto'): void {
    if (this.#disposed) return;
    const panel = this.#panel(panelId);
    if (!panel) return;
    const depth = this.#snapshot.drill[panelId]?.length ?? 0;
    const copy: Record<string, unknown> = { ...datum };
    dispatchKineoEvent(this.#host, 'kineo-select', { panel: panelId, level: depth, datum: copy });

    const next = nextDrillLevel(panel, depth);
    const value = next && drillValueOf(copy, next);
    const filterFirst = intent === 'filter' && depth === 0 && panel.crossFilter !== undefined;
    if (next && value !== undefined && !filterFirst) {
      this.#drillDown(panelId, value, drillLabelOf(copy, next.from));
      return;
    }
    if (depth === 0 && panel.crossFilter) {
      const selected = crossFilterValueOf(copy, panel.crossFilter);
      if (selected === undefined) return;
      this.#setCrossFilter(toggleCrossFilter(this.#snapshot.crossFilter, { ...panel, crossFilter: panel.crossFilter }, selected));
    }
  }

  clearCrossFilter(): void {
    if (this.#disposed || !this.#snapshot.crossFilter) return;
    this.#setCrossFilter(undefined);
  }

  /**
   * Reloads every panel with the current state (and the viewer and definition first, if they had
   * failed); forgets cached filter options. Resolves once the data for the state at that moment,
   * or a later one, arrived or failed.
   */
  async refresh(): Promise<void> {
    if (this.#disposed) return;
    this.#optionsCache.clear();
    if (!this.#started) {
      this.#started = true;
      await this.#loadDefinition();
    } else if (!this.#snapshot.definition || !this.#snapshot.viewer) {
      this.#cancelRetry();
      this.#retryAttempt = 0;
      await this.#loadDefinition();
    } else {
      this.#cancelRetry();
      this.#retryAttempt = 0;
      this.#invalidate(this.#scope());
    }
    await this.#whenDataSettled();
  }

  async loadPage(panelId: string, page: PageRequest, signal?: AbortSignal): Promise<QueryResult> {
    const filters = filtersOfPanel(this.#snapshot.filters, this.#snapshot.crossFilter, panelId);
    const drill = this.#snapshot.drill[panelId] ?? [];
    try {
      return await this.#client.query(
        { dashboard: this.#options.dashboard, panel: panelId, filters, drill, page },
        { signal: signal ? AbortSignal.any([signal, this.#lifetime.signal]) : this.#lifetime.signal },
      );
    } catch (error) {
      if (!isAbort(error)) this.#emitError(error, 'data', panelId);
      throw error;
    }
  }

  async exportPanel(panelId: string, format: ExportFormat): Promise<void> {
    try {
      if (!this.#snapshot.canExport)
        throw new KineoApiError(0, 'forbidden', 'Exporting data is not permitted for this user (the embed token grants no "export" permission).');
      const crossFilter = this.#snapshot.crossFilter;
      const file = await this.#client.exportPanel(
        this.#options.dashboard,
        panelId,
        {
          format,
          filters: this.#snapshot.filters,
          drill: this.#snapshot.drill[panelId] ?? [],
          ...(crossFilter && crossFilter.panel !== panelId && { crossFilter }),
        },
        { signal: this.#lifetime.signal },
      );
      downloadBlob(file.blob, file.filename);
    } catch (error) {
      if (!isAbort(error)) this.#emitError(error, 'export', panelId);
      throw error;
    }
  }

  filterOptions(filterId: string, signal?: AbortSignal): Promise<FilterOptionsResponse> {
    const subject = this.#snapshot.viewer?.subject ?? '';
    const client = this.#client;
    return this.#optionsCache.get(
      subject,
      filterId,
      () =>
        client.filterOptions(this.#options.dashboard, filterId, { signal: this.#lifetime.signal }).catch((error: unknown) => {
          if (!isAbort(error)) this.#emitError(error, 'options');
          throw error;
        }),
      signal,
    );
  }

  /**
   * Replaces filters, drill paths and cross-filter at once (Back/Forward through a synced URL):
   * fires `kineo-filter-change` (source `url`) and `kineo-drill` for what changed, and reloads the
   * panels it concerns. What the definition cannot take is dropped with a console warning.
   */
  applyViewState(state: DashboardViewState): void {
    if (this.#disposed) return;
    const definition = this.#snapshot.definition;
    let next = { ...state, filters: mergeFilterValues({}, state.filters) };
    if (definition) {
      const fitted = fitViewState(next, definition);
      if (fitted.issues.length > 0) console.warn(`Kineo: parts of the dashboard state were ignored: ${describeIssues(fitted.issues)}`);
      next = fitted.state;
    }
    const before = this.#snapshot;
    const filtersChanged = !sameFilterValues(before.filters, next.filters);
    const crossFilterChanged = !sameCrossFilter(before.crossFilter, next.crossFilter);
    const drilled = [...new Set([...Object.keys(before.drill), ...Object.keys(next.drill)])].filter(
      (panel) => !samePath(before.drill[panel] ?? [], next.drill[panel] ?? []),
    );
    if (!filtersChanged && !crossFilterChanged && drilled.length === 0) return;

    const drillLabels = { ...before.drillLabels };
    for (const panel of drilled) {
      const path = next.drill[panel] ?? [];
      const kept = before.drill[panel] ?? [];
      const common = commonPrefix(kept, path);
      drillLabels[panel] = [...(before.drillLabels?.[panel] ?? []).slice(0, common), ...path.slice(common).map(() => undefined)];
    }
    this.#update({ filters: next.filters, drill: next.drill, drillLabels, crossFilter: next.crossFilter });
    if (filtersChanged || crossFilterChanged) this.#emitFilterChange('url');
    for (const panel of drilled) {
      const path = next.drill[panel] ?? [];
      const direction = path.length > (before.drill[panel]?.length ?? 0) ? 'down' : 'up';
      dispatchKineoEvent(this.#host, 'kineo-drill', { panel, level: path.length, path: [...path], direction });
    }
    this.#invalidate(filtersChanged || crossFilterChanged ? this.#scope() : drilled);
  }

  // ---- loading ----

  async #loadDefinition(): Promise<void> {
    if (this.#disposed) return;
    this.#definitionRequest?.abort();
    const request = new AbortController();
    this.#definitionRequest = request;
    if (this.#snapshot.status !== 'error') this.#update({ status: 'loading' });
    const options = { signal: request.signal };
    let viewer: ViewerResponse;
    let definition: DashboardDefinition;
    try {
      [viewer, definition] = await Promise.all([this.#client.viewer(options), this.#client.dashboard(this.#options.dashboard, options)]);
    } catch (error) {
      if (this.#definitionRequest !== request || isAbort(error, request.signal)) return;
      this.#definitionRequest = undefined;
      this.#fail(error, 'definition');
      return;
    }
    if (this.#definitionRequest !== request) return;
    this.#definitionRequest = undefined;
    this.#succeeded();

    const fitted = fitViewState({ filters: this.#snapshot.filters, drill: { ...this.#snapshot.drill }, ...(this.#snapshot.crossFilter && { crossFilter: this.#snapshot.crossFilter }) }, definition);
    const hostIssues = fitted.issues.filter((issue) => [...this.#uncheckedHostFilters].some((id) => issue.path === `filters.${id}` || issue.path.startsWith(`filters.${id}.`)));
    const otherIssues = fitted.issues.filter((issue) => !hostIssues.includes(issue));
    this.#uncheckedHostFilters.clear();
    if (hostIssues.length > 0)
      this.#emitError(new KineoApiError(0, 'bad_request', `Invalid filters: ${describeIssues(hostIssues)}`, { issues: hostIssues }), 'data');
    if (otherIssues.length > 0) console.warn(`Kineo: parts of the dashboard state were ignored: ${describeIssues(otherIssues)}`);

    const panels: Record<string, PanelState> = {};
    const scope = this.#scopeOf(definition);
    for (const id of scope) panels[id] = this.#snapshot.panels[id] ?? { status: 'loading' };
    const missing = (this.#options.panels ?? []).filter((id) => !definition.panels.some((panel) => panel.id === id));
    const missingErrors = missing.map((id) => [id, new KineoError(`The dashboard "${definition.id}" has no panel "${id}"`)] as const);
    for (const [id, error] of missingErrors) {
      panels[id] = { status: 'error', error };
      this.#settled.add(id);
    }
    const drillLabels = Object.fromEntries(
      Object.entries(fitted.state.drill).map(([panel, path]) => [panel, (this.#snapshot.drillLabels?.[panel] ?? []).slice(0, path.length)]),
    );
    this.#update({
      status: 'ready',
      error: undefined,
      definition,
      viewer,
      theme: this.#themeOf(viewer),
      canExport: viewer.permissions.includes('export'),
      filters: fitted.state.filters,
      drill: fitted.state.drill,
      drillLabels,
      crossFilter: fitted.state.crossFilter,
      panels,
    });
    for (const [id, error] of missingErrors) this.#emitError(error, 'definition', id);
    this.#invalidate(scope);
    this.#checkReady();
  }

  /** Marks `panels` stale and loads every stale panel in one request. */
  #invalidate(panels: readonly string[]): void {
    for (const panel of panels) this.#stale.add(panel);
    if (this.#started && this.#snapshot.definition) void this.#loadData();
  }

  /**
   * One `POST /v1/dashboards/:id/data` for every stale panel, superseding the one in flight. Its
   * answer is applied only while it is still the latest request.
   */
  #loadData(): Promise<void> {
    const definition = this.#snapshot.definition;
    if (this.#disposed || !definition) return Promise.resolve();
    const scope = this.#scopeOf(definition);
    const wanted = scope.filter((panel) => this.#stale.has(panel));
    this.#dataRequest?.abort();
    this.#dataRequest = undefined;
    if (wanted.length === 0) {
      this.#dataSettled = undefined;
      return Promise.resolve();
    }
    const request = new AbortController();
    this.#dataRequest = request;
    const state = { filters: this.#snapshot.filters, drill: { ...this.#snapshot.drill }, ...(this.#snapshot.crossFilter && { crossFilter: this.#snapshot.crossFilter }) };
    const body = dashboardDataRequestOf(state, wanted, definition.panels.map((panel) => panel.id));
    const panels = { ...this.#snapshot.panels };
    for (const id of wanted) panels[id] = { ...withoutError(panels[id]), status: 'loading' };
    this.#update({ panels });

    const settled = this.#client.dashboardData(this.#options.dashboard, body, { signal: request.signal }).then(
      (response) => {
        if (this.#dataRequest !== request) return;
        this.#dataRequest = undefined;
        const panels = { ...this.#snapshot.panels };
        const errors: [string, KineoApiError][] = [];
        for (const id of wanted) {
          const result = response.panels[id];
          const failure = response.errors[id];
          if (result) {
            panels[id] = { status: 'ready', result };
          } else {
            const error = failure
              ? new KineoApiError(statusOfErrorCode[failure.code], failure.code, failure.message, failure.details)
              : new KineoApiError(200, 'invalid_response', `The Kineo API sent no data for panel "${id}"`);
            panels[id] = { ...withoutError(panels[id]), status: 'error', error };
            errors.push([id, error]);
          }
          this.#stale.delete(id);
          this.#settled.add(id);
        }
        this.#succeeded();
        this.#update({ panels, ...(this.#snapshot.status === 'error' && { status: 'ready', error: undefined }) });
        for (const [id, error] of errors) this.#emitError(error, 'data', id);
        this.#checkReady();
      },
      (error: unknown) => {
        if (this.#dataRequest !== request || isAbort(error, request.signal)) return;
        this.#dataRequest = undefined;
        const panels = { ...this.#snapshot.panels };
        const shown = error instanceof KineoError ? error : new KineoError(errorInfoOf(error).message, { cause: error });
        for (const id of wanted) {
          panels[id] = { ...withoutError(panels[id]), status: 'error', error: shown };
          this.#settled.add(id);
        }
        this.#update({ panels });
        this.#fail(error, 'data');
        this.#checkReady();
      },
    );
    this.#dataSettled = settled;
    return settled;
  }

  /** Waits until no data request is in flight (following the ones that supersede each other). */
  async #whenDataSettled(): Promise<void> {
    while (this.#dataSettled) {
      const current = this.#dataSettled;
      await current;
      if (this.#dataSettled === current) this.#dataSettled = undefined;
    }
  }

  // ---- failure and recovery ----

  /** Reports a failure; one that may pass (no token, no network) puts the dashboard in error and retries. */
  #fail(error: unknown, stage: 'definition' | 'data'): void {
    const tokenFailure = error instanceof TokenUnavailableError;
    const transient = tokenFailure || (error instanceof KineoApiError && error.code === 'network');
    const source: KineoErrorSource = tokenFailure ? 'token' : stage;
    if (stage === 'definition' || transient) {
      const shown = error instanceof KineoError ? error : new KineoError(errorInfoOf(error).message, { cause: error });
      this.#failure = { source };
      this.#update({ status: 'error', error: shown });
    }
    this.#emitError(error, source);
    if (transient) this.#scheduleRetry();
  }

  #succeeded(): void {
    this.#failure = undefined;
    this.#retryAttempt = 0;
    this.#cancelRetry();
  }

  #scheduleRetry(): void {
    if (this.#disposed || this.#retryTimer !== undefined) return;
    const delay = retryDelayMs(this.#retryAttempt);
    this.#retryAttempt += 1;
    this.#retryTimer = this.#clock.setTimeout(() => {
      this.#retryTimer = undefined;
      this.#recover();
    }, delay);
  }

  #cancelRetry(): void {
    if (this.#retryTimer !== undefined) this.#clock.clearTimeout(this.#retryTimer);
    this.#retryTimer = undefined;
  }

  /** Tries again now what failed: the definition if it never arrived, else every panel's data. */
  #recover(): void {
    if (this.#disposed || !this.#started) return;
    this.#cancelRetry();
    if (!this.#snapshot.definition || !this.#snapshot.viewer) void this.#loadDefinition();
    else this.#invalidate(this.#scope());
  }

  // ---- state changes ----

  #drillDown(panelId: string, value: string | number, label: string | undefined): void {
    if (this.#disposed || !isDrillValue(value)) return;
    const panel = this.#panel(panelId);
    if (!panel) return;
    const path = this.#snapshot.drill[panelId] ?? [];
    if (!nextDrillLevel(panel, path.length)) return;
    const next = [...path, value];
    const labels = [...(this.#snapshot.drillLabels?.[panelId] ?? []).slice(0, path.length)];
    labels[path.length] = label;
    this.#setDrill(panelId, next, labels);
    dispatchKineoEvent(this.#host, 'kineo-drill', { panel: panelId, level: next.length, path: [...next], direction: 'down' });
    this.#invalidate([panelId]);
  }

  #setDrill(panelId: string, path: DrillPath, labels: readonly (string | undefined)[]): void {
    const drill = { ...this.#snapshot.drill };
    const drillLabels = { ...this.#snapshot.drillLabels };
    if (path.length > 0) {
      drill[panelId] = path;
      drillLabels[panelId] = labels;
    } else {
      delete drill[panelId];
      delete drillLabels[panelId];
    }
    this.#update({ drill, drillLabels });
  }

  #setCrossFilter(next: DashboardSnapshot['crossFilter']): void {
    const previous = this.#snapshot.crossFilter;
    if (sameCrossFilter(previous, next)) return;
    this.#update({ crossFilter: next });
    this.#emitFilterChange('cross-filter');
    // A source panel's own data ignores its selection: with one source (set, toggled or cleared)
    // only the other panels change; when the source moves, both sources change too.
    const sources = new Set([previous?.panel, next?.panel].filter((panel) => panel !== undefined));
    this.#invalidate(sources.size === 1 ? this.#scope().filter((panel) => !sources.has(panel)) : this.#scope());
  }

  #update(patch: Partial<DashboardSnapshot>): void {
    const snapshot: DashboardSnapshot = { ...this.#snapshot, ...patch };
    for (const key of Object.keys(patch) as (keyof DashboardSnapshot)[]) if (patch[key] === undefined) delete snapshot[key];
    this.#snapshot = snapshot;
    this.#value = { snapshot, controller: this };
    if (!this.#disposed) this.#options.onChange(this.#value);
  }

  // ---- events ----

  #emitFilterChange(source: FilterChangeSource): void {
    // Copies: a host that changes an event's detail must not change the dashboard's state.
    const { filters, crossFilter } = structuredClone({ filters: this.#snapshot.filters, crossFilter: this.#snapshot.crossFilter });
    dispatchKineoEvent(this.#host, 'kineo-filter-change', { filters, ...(crossFilter && { crossFilter }), source });
  }

  #emitError(error: unknown, source: KineoErrorSource, panel?: string): void {
    if (this.#disposed) return;
    dispatchKineoEvent(this.#host, 'kineo-error', { error: errorInfoOf(error), ...(panel !== undefined && { panel }), source });
  }

  #checkReady(): void {
    if (this.#readyFired || !this.#snapshot.definition) return;
    const panels = [...this.#scope(), ...(this.#options.panels ?? []).filter((id) => !this.#scope().includes(id))];
    if (!panels.every((panel) => this.#settled.has(panel))) return;
    this.#readyFired = true;
    dispatchKineoEvent(this.#host, 'kineo-ready', { dashboard: this.#options.dashboard, panels });
  }

  // ---- helpers ----

  #acquireTokens(key: string, source: TokenSource): TokenManager {
    return sharedTokenManager(
      key,
      () => new TokenManager({ source, ...(this.#options.fetch && { fetch: this.#options.fetch }), clock: this.#clock }),
    );
  }

  /** Forwards the manager's refreshes as `kineo-token-refresh`; a new token ends a token error at once. */
  #listen(tokens: TokenManager): () => void {
    return tokens.onRefresh((detail) => {
      if (this.#disposed) return;
      dispatchKineoEvent(this.#host, 'kineo-token-refresh', detail);
      if (this.#failure?.source === 'token' && !this.#definitionRequest && !this.#dataRequest) this.#recover();
    });
  }

  #themeOf(viewer: ViewerResponse): DashboardSnapshot['theme'] {
    return { ...viewer.theme, mode: this.#themeMode ?? viewer.theme.mode };
  }

  #panel(panelId: string): PanelDefinition | undefined {
    return this.#snapshot.definition?.panels.find((panel) => panel.id === panelId);
  }

  /** The panels this store loads (definition order): all, or the requested ones the dashboard has. */
  #scopeOf(definition: DashboardDefinition): string[] {
    const only = this.#options.panels;
    const ids = definition.panels.map((panel) => panel.id);
    return only ? ids.filter((id) => only.includes(id)) : ids;
  }

  #scope(): string[] {
    return this.#snapshot.definition ? this.#scopeOf(this.#snapshot.definition) : [];
  }
}

function withoutError(state: PanelState | undefined): Omit<PanelState, 'error' | 'status'> {
  return state?.result ? { result: state.result } : {};
}

function samePath(a: DrillPath, b: DrillPath): boolean {
  return a.length === b.length && a.every((value, i) => value === b[i]);
}

function commonPrefix(a: DrillPath, b: DrillPath): number {
  let i = 0;
  while (i < a.length && i < b.length && a[i] === b[i]) i++;
  return i;
}
