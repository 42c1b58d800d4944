import { html, LitElement, nothing, type PropertyValues, type TemplateResult } from 'lit';
import { createRef, ref } from 'lit/directives/ref.js';
import { resultRows, type DrillLevel, type PanelDefinition, type PanelType, type PanelView, type QueryResult } from '@kineo/core';
import { ChartView, type ChartRequest } from '../chart/chart-view.js';
import type { ChartHandle } from '../vega/render-chart.js';
import { chartTableColumns, summariseChart } from '../chart/chart-description.js';
import { dispatchKineoEvent, errorInfoOf } from '../events.js';
import { downloadUrl, exportFileName } from '../export/download.js';
import { formatRowRange, usableLocale } from '../format/format-value.js';
import { kpiFigure, renderKpi } from '../kpi/kpi-view.js';
import type { DashboardContextValue, DashboardSnapshot, PanelState, SelectIntent } from '../state/dashboard-context.js';
import { levelAt } from '../state/drill-path.js';
import { PagedTable } from '../table/paged-table.js';
import { nextSort, renderRowsTable, type DisplayColumn } from '../table/rows-table.js';
import { readChartTheme } from '../theme/chart-theme.js';
import { tenantThemeStyle } from '../theme/tenant-theme.js';
import { resolveThemeMode, ThemeController } from '../theme/theme-mode.js';
import { themeStyles } from '../theme/theme-styles.js';
import type { TokenProvider } from '../token/token-source.js';
import { ActionsMenu, type PanelAction } from './actions-menu.js';
import { StandaloneSource } from '../state/standalone-source.js';
import { panelStyles } from './panel.styles.js';

/** What a panel is showing, derived from the snapshot on each render. */
type PanelModel =
  | { kind: 'loading'; level?: PanelView | DrillLevel | undefined }
  | { kind: 'error'; message: string; retry: boolean; level?: PanelView | DrillLevel | undefined }
  | { kind: 'data'; definition: PanelDefinition; level: PanelView | DrillLevel; depth: number; result: QueryResult; refreshing: boolean };

/** The message shown for an empty result. */
export const EMPTY_MESSAGE = 'No data for these filters.';

const headingLevels = new Set([2, 3, 4, 5, 6]);

/**
 * The shared base of the panel elements (`<kineo-panel>`, `<kineo-chart>`, `<kineo-kpi>`,
 * `<kineo-table>`): one panel of a dashboard with its chrome — a header with the current drill
 * level's title and description, `<kineo-breadcrumbs>` when drilled, and an actions menu — and a
 * body showing the current level as a chart, a KPI or a paged table, or the loading, error or empty
 * state.
 *
 * Inside `<kineo-dashboard>` it renders from the dashboard's context; on its own it loads its
 * panel itself from the `api`, `dashboard` and token attributes (see `StandaloneSource`), and the
 * dashboard events (`kineo-ready`, `kineo-select`, `kineo-drill`, `kineo-error`,
 * `kineo-token-refresh`) are dispatched on the element itself.
 *
 * @fires kineo-error - A chart could not be drawn or exported (the panel shows it too); on its own, also every data error.
 * @fires kineo-ready - On its own: the panel's first data arrived (or failed).
 * @fires kineo-select - On its own: a chart mark was selected by click or keyboard.
 * @fires kineo-drill - On its own: the panel went down or up its drill path.
 * @fires kineo-token-refresh - On its own: a new embed token arrived.
 *
 * @csspart base - The panel's box (a `<section>` named by the title).
 * @csspart header - Title, description, breadcrumbs and actions.
 * @csspart title - The current level's title (a heading, `heading-level`).
 * @csspart description - The current level's description.
 * @csspart actions - The actions menu (button and menu).
 * @csspart actions-button - The button that opens the actions menu.
 * @csspart actions-menu - The menu of actions.
 * @csspart notice - A failed action's message.
 * @csspart progress - The bar shown while newer data loads over what is shown.
 * @csspart body - What the panel shows: chart, KPI, table or a state.
 * @csspart loading - The loading skeleton.
 * @csspart error - The error state: message and retry button.
 * @csspart retry - The error state's retry button.
 * @csspart empty - The empty state ("No data for these filters.").
 * @csspart chart - The chart's container.
 * @csspart chart-root - The chart widget (keyboard focus, accessible name).
 * @csspart chart-view - Vega's SVG or canvas.
 * @csspart focus-ring - The outline around the data item the keyboard is on.
 * @csspart table - The scrolling region of a table (a table level, or a chart viewed as table).
 * @csspart pager - A table's row range and Previous/Next buttons.
 * @csspart kpi - A KPI's figure with its caption.
 * @csspart kpi-value - A KPI's number.
 * @csspart kpi-caption - A KPI's caption.
 *
 * @cssprop --kineo-color-primary - Chart marks and focus rings (tenant theme, else #0b5cab / #6cb2ff).
 * @cssprop --kineo-color-accent - The second chart colour.
 * @cssprop --kineo-color-text - Text.
 * @cssprop --kineo-color-text-muted - Descriptions, captions, axis labels.
 * @cssprop --kineo-color-surface - The panel's background.
 * @cssprop --kineo-color-background - Hover and skeleton highlights.
 * @cssprop --kineo-color-border - The panel's border.
 * @cssprop --kineo-color-grid - Chart grid lines and table row rules.
 * @cssprop --kineo-color-danger - Error messages.
 * @cssprop --kineo-color-focus - Focus rings (default: the primary colour).
 * @cssprop --kineo-font-family - Text and chart labels.
 * @cssprop --kineo-radius - Corner radius.
 * @cssprop --kineo-gap - Space between header and body.
 * @cssprop --kineo-panel-padding - Space inside the panel's border.
 */
export class KineoPanelElement extends LitElement {
  static override styles = [themeStyles, panelStyles];

  static override properties = {
    panel: { type: String, reflect: true },
    api: { type: String },
    dashboard: { type: String },
    tokenUrl: { type: String, attribute: 'token-url' },
    token: { attribute: false },
    tokenProvider: { attribute: false },
    locale: { type: String },
    theme: { type: String, reflect: true },
    headingLevel: { type: Number, attribute: 'heading-level' },
  };

  /**
   * The panel type this tag is for (`<kineo-chart>`: `chart`); `undefined` takes any. Drill levels
   * of another type still render (a chart drills into a table).
   */
  static panelType: PanelType | undefined = undefined;

  /** The panel's id in its dashboard's definition. */
  declare panel: string;
  /** On its own: base URL of the Kineo API. */
  declare api: string | undefined;
  /** On its own: the dashboard the panel belongs to. */
  declare dashboard: string | undefined;
  /** On its own: the host's endpoint answering `{ token, expiresAt }`. */
  declare tokenUrl: string | undefined;
  /** On its own: a fixed embed token (memory only; replace it before it expires). */
  declare token: string | undefined;
  /** On its own: a callback returning a fresh embed token. */
  declare tokenProvider: TokenProvider | undefined;
  /** BCP 47 locale for numbers and dates (default: the dashboard's, else the page's). */
  declare locale: string | undefined;
  /** `light`, `dark` or `auto` (follows `prefers-color-scheme`); default: the dashboard's, else the tenant's. */
  declare theme: string | undefined;
  /** The level of the panel's heading, 2–6 (default 3: below the dashboard's title). */
  declare headingLevel: number;

  protected readonly source = new StandaloneSource(this, { panel: () => this.panel });
  // Redraws the chart when `auto` flips with the system's colour scheme (CSS follows by itself).
  readonly #theme = new ThemeController(this);
  readonly #menu = new ActionsMenu(this);
  readonly #chart = new ChartView(this, (datum, intent) => this.#select(datum, intent));
  readonly #table = new PagedTable(this);
  readonly #chartContainer = createRef<HTMLDivElement>();
  #viewAsTable = false;
  /** The level `#viewAsTable` applies to; another level shows its chart again. */
  #viewAsTableKey = '';
  /** A failed action (an export), shown under the header until the next action. */
  #notice: string | undefined;

  constructor() {
    super();
    this.panel = '';
    this.headingLevel = 3;
  }

  /** The dashboard state this panel renders (its dashboard's, or its own store's). */
  get context(): DashboardContextValue | undefined {
    return this.source.value;
  }

  /** The drawn chart (its Vega view, image export), while the current level shows one. */
  get chartHandle(): ChartHandle | undefined {
    return this.#chart.handle;
  }

  /** True while the chart alternative, a table of the rows, is shown instead of the chart. */
  get viewingAsTable(): boolean {
    return this.#viewAsTable && this.#viewAsTableKey === this.#levelKey();
  }

  /** Shows the rows of a chart level as a table (`true`) or the chart again (`false`). */
  set viewingAsTable(value: boolean) {
    this.#viewAsTable = value;
    this.#viewAsTableKey = this.#levelKey();
    this.requestUpdate();
  }

  protected override willUpdate(changed: PropertyValues<this>): void {
    super.willUpdate(changed);
    this.source.sync();
    const model = this.#model();
    this.#table.sync(
      model.kind === 'data' && model.level.type === 'table' && this.context
        ? { controller: this.context.controller, panelId: this.panel, depth: model.depth, result: model.result }
        : undefined,
    );
  }

  protected override updated(changed: PropertyValues<this>): void {
    super.updated(changed);
    this.#chart.show(this.#chartContainer.value, this.#chartRequest());
  }

  // ---- What to show ----

  #levelKey(): string {
    const snapshot = this.context?.snapshot;
    return `${this.panel}/${snapshot?.drill[this.panel]?.length ?? 0}`;
  }

  #model(): PanelModel {
    const missing = this.source.missingConfiguration;
    if (missing) return { kind: 'error', message: missing, retry: false };
    const snapshot = this.context?.snapshot;
    if (!snapshot || snapshot.status === 'idle' || snapshot.status === 'loading') return { kind: 'loading' };
    if (snapshot.status === 'error' || !snapshot.definition)
      return { kind: 'error', message: snapshot.error?.message ?? 'The dashboard could not be loaded.', retry: true };
    const definition = snapshot.definition.panels.find((panel) => panel.id === this.panel);
    if (!definition) return { kind: 'error', message: `The dashboard "${snapshot.dashboardId}" has no panel "${this.panel}".`, retry: false };
    const expected = (this.constructor as typeof KineoPanelElement).panelType;
    if (expected && definition.type !== expected)
      return {
        kind: 'error',
        message: `Panel "${this.panel}" is a ${definition.type} panel: show it with <kineo-${definition.type}> or <kineo-panel>.`,
        retry: false,
      };
    const depth = snapshot.drill[this.panel]?.length ?? 0;
    const level = levelAt(definition, depth);
    const state: PanelState | undefined = snapshot.panels[this.panel];
    // Rows of another drill level (kept while the new one loads) do not fit this level's view.
    const result = state?.result?.level === depth ? state.result : undefined;
    if (state?.status === 'error')
      return { kind: 'error', message: state.error?.message ?? 'The panel could not be loaded.', retry: true, level };
    if (!result) return { kind: 'loading', level };
    return { kind: 'data', definition, level, depth, result, refreshing: state?.status === 'loading' };
  }

  #chartRequest(): ChartRequest | undefined {
    const model = this.#model();
    if (model.kind !== 'data' || model.level.type !== 'chart' || !model.level.vega || this.viewingAsTable) return undefined;
    if (model.result.rowCount === 0) return undefined;
    const container = this.#chartContainer.value;
    if (!container) return undefined;
    const rows = resultRows(model.result);
    const snapshot = this.context!.snapshot;
    const description = [model.level.description, summariseChart(model.level.spec, rows)].filter(Boolean).join(' ');
    return {
      vega: model.level.vega,
      result: model.result,
      rows,
      locale: this.#locale(snapshot),
      theme: readChartTheme(container),
      title: model.level.title,
      description,
    };
  }

  /** The element's own `locale` when it is a usable tag, else the dashboard's. */
  #locale(snapshot: DashboardSnapshot): string {
    return usableLocale(this.locale) ?? snapshot.locale;
  }

  #mode(snapshot: DashboardSnapshot | undefined) {
    return resolveThemeMode(this.theme, snapshot?.theme?.mode);
  }

  // ---- Actions ----

  #select(datum: Readonly<Record<string, unknown>>, intent: SelectIntent): void {
    this.context?.controller.select(this.panel, datum, intent);
  }

  #actions(model: PanelModel): PanelAction[] {
    if (model.kind !== 'data') return [];
    const context = this.context!;
    const actions: PanelAction[] = [];
    const isChart = model.level.type === 'chart';
    const dashboardId = context.snapshot.dashboardId;
    if (isChart && !this.viewingAsTable && this.#chart.ready) {
      for (const type of ['png', 'svg'] as const)
        actions.push({
          id: `download-${type}`,
          label: `Download ${type.toUpperCase()}`,
          run: () => void this.#downloadImage(type, exportFileName(dashboardId, this.panel, type)),
        });
    }
    if (context.snapshot.canExport) {
      for (const format of ['csv', 'xlsx'] as const)
        actions.push({ id: `export-${format}`, label: `Download ${format.toUpperCase()}`, run: () => void this.#export(format) });
    }
    if (isChart)
      actions.push({
        id: 'toggle-table',
        label: this.viewingAsTable ? 'View as chart' : 'View as table',
        run: () => (this.viewingAsTable = !this.viewingAsTable),
      });
    return actions;
  }

  async #downloadImage(type: 'png' | 'svg', filename: string): Promise<void> {
    this.#setNotice(undefined);
    try {
      downloadUrl(await this.#chart.toImageURL(type), filename);
    } catch (error) {
      this.#setNotice(`The ${type.toUpperCase()} could not be made: ${errorInfoOf(error).message}`);
      dispatchKineoEvent(this, 'kineo-error', { error: errorInfoOf(error), panel: this.panel, source: 'export' });
    }
  }

  async #export(format: 'csv' | 'xlsx'): Promise<void> {
    this.#setNotice(undefined);
    try {
      // The controller reports its own failures with `kineo-error`; the panel shows them.
      await this.context!.controller.exportPanel(this.panel, format);
    } catch (error) {
      if (error instanceof DOMException && error.name === 'AbortError') return;
      this.#setNotice(`The ${format.toUpperCase()} export failed: ${errorInfoOf(error).message}`);
    }
  }

  #setNotice(notice: string | undefined): void {
    if (notice === this.#notice) return;
    this.#notice = notice;
    this.requestUpdate();
  }

  #retry(): void {
    this.#chart.reset();
    void this.context?.controller.refresh();
    this.requestUpdate();
  }

  // ---- Rendering ----

  protected override render(): TemplateResult {
    const snapshot = this.context?.snapshot;
    const model = this.#model();
    const level = model.level;
    const mode = this.#mode(snapshot);
    const drilled = (snapshot?.drill[this.panel]?.length ?? 0) > 0;
    const busy = model.kind === 'loading' || (model.kind === 'data' && model.refreshing);
    const tenantStyle = snapshot?.theme ? tenantThemeStyle(snapshot.theme) : '';
    return html`
      <section
        part="base"
        class="base kineo-theme"
        data-mode=${mode}
        style=${tenantStyle}
        aria-labelledby=${level ? 'title' : nothing}
        aria-describedby=${level?.description ? 'description' : nothing}
        aria-busy=${busy ? 'true' : 'false'}
      >
        <header part="header" class="header">
          <div class="heading">
            ${drilled ? html`<kineo-breadcrumbs panel=${this.panel}></kineo-breadcrumbs>` : nothing}
            ${level
              ? html`<div part="title" class="title" id="title" role="heading" aria-level=${headingLevels.has(this.headingLevel) ? this.headingLevel : 3}>
                    ${level.title}
                  </div>
                  ${level.description ? html`<p part="description" class="description" id="description">${level.description}</p>` : nothing}`
              : html`<div class="title-placeholder skeleton-block" aria-hidden="true"></div>`}
          </div>
          ${this.#menu.render(this.#actions(model), level ? `Actions for ${level.title}` : 'Panel actions')}
        </header>
        ${this.#notice ? html`<p class="notice" part="notice" role="status">${this.#notice}</p>` : nothing}
        <div part="body" class="body">${this.#renderBody(model)}</div>
      </section>
    `;
  }

  #renderBody(model: PanelModel): TemplateResult {
    if (model.kind === 'loading') return this.#renderLoading(model.level?.type);
    if (model.kind === 'error') return this.#renderError(model.message, model.retry);
    const { level, result } = model;
    const locale = this.#locale(this.context!.snapshot);
    if (result.rowCount === 0) return html`<div part="empty" class="empty"><p>${EMPTY_MESSAGE}</p></div>`;
    const progress = model.refreshing || (level.type === 'table' && this.#table.loading)
      ? html`<div class="progress" part="progress" aria-hidden="true"></div>`
      : nothing;
    return html`${progress}${this.#renderLevel(level, result, locale)}`;
  }

  #renderLevel(level: PanelView | DrillLevel, result: QueryResult, locale: string): TemplateResult {
    switch (level.type) {
      case 'kpi': {
        const figure = kpiFigure(level, result);
        if (!figure) return this.#renderError(`The panel's data has no column "${level.kpi?.value}" for its figure.`, false);
        return renderKpi(level, figure, locale);
      }
      case 'table':
        return this.#renderPagedTable(level);
      case 'chart': {
        if (this.viewingAsTable)
          return renderRowsTable({ caption: level.title, columns: chartTableColumns(level.spec, result), rows: resultRows(result), locale });
        const failure = this.#chart.errorFor(level.vega, result);
        if (failure) return this.#renderError(`The chart could not be drawn: ${errorInfoOf(failure).message}`, true);
        if (!level.vega) return this.#renderError('The panel definition has no compiled chart.', false);
        return html`<div part="chart" class="chart" ${ref(this.#chartContainer)}></div>`;
      }
    }
  }

  #renderLoading(type: PanelType | undefined): TemplateResult {
    return html`<div part="loading" class="loading">
      <span class="visually-hidden">Loading</span>
      ${type === 'kpi'
        ? html`<div class="skeleton-block" style="height: 2.5rem; width: 8rem" aria-hidden="true"></div>`
        : html`<div class="skeleton-block tall" aria-hidden="true"></div>
            <div class="skeleton-block" style="width: 70%" aria-hidden="true"></div>`}
    </div>`;
  }

  #renderError(message: string, retry: boolean): TemplateResult {
    return html`<div part="error" class="error">
      <p class="error-message">${message}</p>
      ${retry && this.context ? html`<button type="button" class="button" part="retry" @click=${() => this.#retry()}>Retry</button>` : nothing}
    </div>`;
  }

  #renderPagedTable(level: PanelView | DrillLevel): TemplateResult {
    const view = this.#table.view;
    const locale = this.#locale(this.context!.snapshot);
    const columns: DisplayColumn[] = (level.columns ?? []).map((column) => ({
      field: column.field,
      label: column.label,
      ...(column.format && { format: column.format }),
    }));
    const from = view.offset + 1;
    const to = view.offset + view.rows.length;
    const range = formatRowRange(from, to, view.total, locale);
    return html`
      ${renderRowsTable({
        caption: level.title,
        columns,
        rows: view.rows,
        locale,
        sort: view.sort,
        onSort: (column) => this.#table.sortBy(nextSort(this.#table.requestedSort, column)),
        busy: view.loading,
      })}
      ${view.rows.length === 0 ? html`<div part="empty" class="empty"><p>${EMPTY_MESSAGE}</p></div>` : nothing}
      <div part="pager" class="pager">
        <span class="pager-status" role="status">${view.loading ? 'Loading rows…' : range}</span>
        ${view.error
          ? html`<span class="notice">Rows could not be loaded: ${errorInfoOf(view.error).message}</span>
              <button type="button" class="button" data-pager="retry" @click=${() => this.#table.retry()}>Retry</button>`
          : nothing}
        <button type="button" class="button" data-pager="previous" ?disabled=${!view.hasPrevious} @click=${() => this.#table.previous()}>
          Previous
        </button>
        <button type="button" class="button" data-pager="next" ?disabled=${!view.hasNext} @click=${() => this.#table.next()}>Next</button>
      </div>
    `;
  }
}
