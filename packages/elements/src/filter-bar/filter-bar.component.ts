import type { DateRangeValue, FilterDefinition, FilterOptionsResponse, FilterValue, FilterValues } from '@kineo/core';
import { LitElement, html, nothing, type TemplateResult } from 'lit';
import { errorInfoOf } from '../events.js';
import type { DashboardController, DashboardSnapshot } from '../state/dashboard-context.js';
import { StandaloneSource } from '../state/standalone-source.js';
import { isEmptyFilterValue } from '../state/filter-values.js';
import { ThemeController, resolveThemeMode } from '../theme/theme-mode.js';
import { themeStyles } from '../theme/theme-styles.js';
import type { TokenProvider } from '../token/token-source.js';
import { filterBarStyles } from './filter-bar.styles.js';
import { MultiSelectMenu } from './multi-select-menu.js';

/** How long typing in a date field waits before the filters change (one request, not one per keystroke). */
export const FILTER_DEBOUNCE_MS = 300;

type OptionsState = { status: 'loading' } | { status: 'ready'; response: FilterOptionsResponse } | { status: 'error'; message: string };

/**
 * The dashboard's filters: a date range (two date fields bounded by the data's first and last
 * date), multi-selects (a button opening a searchable, keyboard-operable list with "Select all" and
 * "Clear"; organisations indented by hierarchy), and single selects, plus "Clear filters". Choices
 * come from the API under the viewer's row scope. A filter the embed token locks is shown
 * disabled with a note.
 *
 * Changes go to the dashboard (`setFilters`, `source: 'filter-bar'`), so `kineo-filter-change`
 * fires on the `<kineo-dashboard>`. Date typing is debounced (300 ms); list changes are sent in one
 * go once the list closes or 300 ms after the last change.
 *
 * The options of every filter are loaded once the dashboard definition is there (not when a list
 * is first opened): each control needs them to render right from the start (the date bounds, and
 * whether the token locks the filter), the lists are small and scoped, the requests run in
 * parallel with the panel data, and they are cached for the session.
 *
 * Inside `<kineo-dashboard>` it uses the dashboard's state. On its own it needs `api`, `dashboard`
 * and a token source like a panel, loads no panel data, and fires its events on itself.
 *
 * @tagname kineo-filter-bar
 * @summary The filter bar of a Kineo dashboard.
 *
 * @fires kineo-filter-change - (standalone) The user changed the filters. `detail: { filters, crossFilter?, source }`.
 * @fires kineo-error - (standalone) Loading the dashboard or a filter's options failed.
 *
 * @csspart base - The bar.
 * @csspart filter - One filter's control.
 * @csspart popover - A multi-select's list.
 * @csspart clear - The "Clear filters" button.
 * @csspart error - The message when the dashboard could not be loaded (standalone).
 *
 * @cssprop --kineo-color-primary - Selected options, focus.
 * @cssprop --kineo-color-surface - Controls' background.
 * @cssprop --kineo-color-border - Controls' border.
 */
export class KineoFilterBar extends LitElement {
  static override styles = [themeStyles, filterBarStyles];

  static override properties = {
    api: { type: String },
    dashboard: { type: String },
    tokenUrl: { type: String, attribute: 'token-url' },
    locale: { type: String },
    theme: { type: String },
    token: { attribute: false },
    tokenProvider: { attribute: false },
  };

  /** (standalone) Base URL of the Kineo API. */
  declare api: string | undefined;
  /** (standalone) The dashboard id. */
  declare dashboard: string | undefined;
  /** (standalone) The host's token endpoint (attribute `token-url`). */
  declare tokenUrl: string | undefined;
  /** (standalone) BCP 47 locale. */
  declare locale: string | undefined;
  /** `light`, `dark` or `auto`; default the dashboard's. */
  declare theme: string | undefined;
  /** (standalone) A fixed embed token. */
  declare token: string | undefined;
  /** (standalone) Called for a fresh embed token. */
  declare tokenProvider: TokenProvider | undefined;

  readonly #source = new StandaloneSource(this);
  readonly #menu = new MultiSelectMenu(this);
  /** Each filter's options, for the controller they were loaded from. */
  #options = new Map<string, OptionsState>();
  #optionsFrom: { controller: DashboardController; dashboard: string } | undefined;
  /** Changes not sent yet (a date being typed, a list being ticked). */
  readonly #draft = new Map<string, FilterValue | null>();
  #timer: ReturnType<typeof setTimeout> | undefined;
  /** Date fields whose range is inverted: not sent until fixed. */
  readonly #invalidRanges = new Set<string>();

  constructor() {
    super();
    new ThemeController(this);
  }

  override disconnectedCallback(): void {
    // A change the user made is not lost because the bar is removed before the debounce ran.
    this.#flush();
    super.disconnectedCallback();
  }

  protected override willUpdate(): void {
    this.#source.sync();
    this.#loadOptions();
  }

  /** Starts loading every filter's options once there is a definition (again for a new store). */
  #loadOptions(): void {
    const value = this.#source.value;
    const definition = value?.snapshot.definition;
    if (!value || !definition) return;
    const from = { controller: value.controller, dashboard: definition.id };
    if (this.#optionsFrom?.controller === from.controller && this.#optionsFrom.dashboard === from.dashboard) return;
    this.#optionsFrom = from;
    this.#options = new Map();
    for (const filter of definition.filters) this.#loadOptionsOf(filter, from.controller);
  }

  #loadOptionsOf(filter: FilterDefinition, controller: DashboardController): void {
    this.#options.set(filter.id, { status: 'loading' });
    controller.filterOptions(filter.id).then(
      (response) => {
        if (this.#optionsFrom?.controller !== controller) return;
        this.#options.set(filter.id, { status: 'ready', response });
        this.requestUpdate();
      },
      (error: unknown) => {
        if (this.#optionsFrom?.controller !== controller) return;
        this.#options.set(filter.id, { status: 'error', message: errorInfoOf(error).message });
        this.requestUpdate();
      },
    );
  }

  // ---- changes ----

  /** Records a change and sends the pending ones after `delay` ms (0: in this task). */
  #change(filterId: string, value: FilterValue | null, delay = FILTER_DEBOUNCE_MS): void {
    this.#draft.set(filterId, isEmptyFilterValue(value) ? null : value);
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (delay === 0) this.#flush();
    else this.#timer = setTimeout(() => this.#flush(), delay);
    this.requestUpdate();
  }

  /** Sends the pending changes in one `setFilters`. */
  #flush(): void {
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    if (this.#draft.size === 0) return;
    const changes: FilterValues = Object.fromEntries(this.#draft);
    this.#draft.clear();
    this.#source.value?.controller.setFilters(changes, 'filter-bar');
    this.requestUpdate();
  }

  #clearAll(snapshot: DashboardSnapshot): void {
    this.#menu.close(false);
    if (this.#timer !== undefined) clearTimeout(this.#timer);
    this.#timer = undefined;
    this.#draft.clear();
    this.#invalidRanges.clear();
    const cleared: FilterValues = Object.fromEntries(Object.keys(snapshot.filters).map((id) => [id, null]));
    this.#source.value?.controller.setFilters(cleared, 'filter-bar');
    this.requestUpdate();
  }

  /** The value a control shows: the pending change, else the dashboard's. */
  #valueOf(filterId: string, snapshot: DashboardSnapshot): FilterValue | null | undefined {
    return this.#draft.has(filterId) ? this.#draft.get(filterId) : snapshot.filters[filterId];
  }

  // ---- rendering ----

  override render(): TemplateResult {
    const snapshot = this.#source.value?.snapshot;
    const mode = resolveThemeMode(this.theme, snapshot?.theme?.mode);
    return html`<div part="base" class="kineo-theme bar" data-mode=${mode} role="group" aria-label="Dashboard filters">
      ${this.#renderContent(snapshot)}
    </div>`;
  }

  #renderContent(snapshot: DashboardSnapshot | undefined): TemplateResult | typeof nothing {
    const missing = this.#source.missingConfiguration;
    if (missing) return html`<p part="error" class="message" role="alert">${missing}</p>`;
    const definition = snapshot?.definition;
    if (!snapshot || !definition) {
      if (snapshot?.status === 'error')
        return html`<p part="error" class="message" role="alert">The filters could not be loaded: ${snapshot.error?.message ?? 'unknown error'}</p>`;
      return html`<p class="message" role="status">Loading filters…</p>`;
    }
    if (definition.filters.length === 0) return nothing;
    const anySet = Object.keys(snapshot.filters).length > 0 || [...this.#draft.values()].some((value) => value !== null);
    return html`
      ${definition.filters.map((filter) => this.#renderFilter(filter, snapshot))}
      <button type="button" part="clear" class="clear" ?disabled=${!anySet} @click=${() => this.#clearAll(snapshot)}>Clear filters</button>
    `;
  }

  #renderFilter(filter: FilterDefinition, snapshot: DashboardSnapshot): TemplateResult {
    const state = this.#options.get(filter.id);
    const response = state?.status === 'ready' ? state.response : undefined;
    const locked = response?.locked ?? false;
    const lockNote = locked
      ? html`<p class="locked-note" id="locked-${filter.id}">Set for you by your organisation; it cannot be changed here.</p>`
      : nothing;
    const describedBy = locked ? `locked-${filter.id}` : undefined;
    const value = this.#valueOf(filter.id, snapshot);

    if (filter.kind === 'dateRange') {
      const range = response?.kind === 'dateRange' ? response.range : undefined;
      const current = value && typeof value === 'object' && !Array.isArray(value) ? (value as DateRangeValue) : {};
      const inverted = this.#invalidRanges.has(filter.id);
      return html`
        <fieldset part="filter" class="filter date-range" data-filter=${filter.id} ?disabled=${locked} aria-describedby=${describedBy ?? nothing}>
          <legend class="label">${filter.label}</legend>
          <div class="dates">
            <label class="date">
              <span>From</span>
              <input
                type="date"
                name="${filter.id}-from"
                .value=${current.from ?? ''}
                min=${range?.min ?? nothing}
                max=${current.to ?? range?.max ?? nothing}
                aria-invalid=${inverted ? 'true' : 'false'}
                @input=${(event: Event) => this.#onDateInput(filter.id, event)}
              />
            </label>
            <label class="date">
              <span>To</span>
              <input
                type="date"
                name="${filter.id}-to"
                .value=${current.to ?? ''}
                min=${current.from ?? range?.min ?? nothing}
                max=${range?.max ?? nothing}
                aria-invalid=${inverted ? 'true' : 'false'}
                aria-describedby=${inverted ? `range-error-${filter.id}` : nothing}
                @input=${(event: Event) => this.#onDateInput(filter.id, event)}
              />
            </label>
          </div>
          ${inverted ? html`<p class="field-error" id="range-error-${filter.id}" role="alert">“To” must not be before “From”.</p>` : nothing}
          ${lockNote}
        </fieldset>
      `;
    }

    const options = response && response.kind !== 'dateRange' ? response.options : undefined;
    const optionsError = state?.status === 'error' ? state.message : undefined;

    if (filter.kind === 'select') {
      const selected = typeof value === 'string' ? value : '';
      return html`
        <div part="filter" class="filter select" data-filter=${filter.id}>
          <label class="label" for="select-${filter.id}">${filter.label}</label>
          <select
            id="select-${filter.id}"
            ?disabled=${locked}
            aria-describedby=${describedBy ?? nothing}
            @change=${(event: Event) => this.#change(filter.id, (event.target as HTMLSelectElement).value || null, 0)}
          >
            <option value="" ?selected=${selected === ''}>${locked ? 'Set for you' : 'All'}</option>
            ${options?.map(
              (option) => html`<option value=${option.value} ?selected=${option.value === selected}>${'\u00a0\u00a0'.repeat(option.depth ?? 0)}${option.label}</option>`,
            )}
            ${selected && !options?.some((option) => option.value === selected) ? html`<option value=${selected} selected>${selected}</option>` : nothing}
          </select>
          ${optionsError ? html`<p class="field-error">The choices could not be loaded.</p>` : nothing} ${lockNote}
        </div>
      `;
    }

    const selected = Array.isArray(value) ? value : [];
    return html`${this.#menu.render({
      filter,
      options,
      optionsError,
      selected,
      locked,
      describedBy,
      note: lockNote,
      onChange: (update) => {
        const now = this.#valueOf(filter.id, this.#source.value!.snapshot);
        this.#change(filter.id, update(Array.isArray(now) ? now : []));
      },
      onOpenChange: (open) => {
        if (!open) this.#flush();
      },
      onRetryOptions: () => {
        const controller = this.#source.value?.controller;
        if (controller) this.#loadOptionsOf(filter, controller);
        this.requestUpdate();
      },
    })}`;
  }

  #onDateInput(filterId: string, event: Event): void {
    const input = event.target as HTMLInputElement;
    // A partly typed date reads as '' while the field is not valid yet: wait for a whole one.
    if (input.value === '' && input.validity.badInput) return;
    // Both fields as they are on screen: an inverted range the user is fixing lives only there.
    const fieldset = input.closest('fieldset');
    const from = fieldset?.querySelector<HTMLInputElement>(`input[name="${filterId}-from"]`)?.value ?? '';
    const to = fieldset?.querySelector<HTMLInputElement>(`input[name="${filterId}-to"]`)?.value ?? '';
    if (from && to && from > to) {
      this.#invalidRanges.add(filterId);
      this.requestUpdate();
      return;
    }
    this.#invalidRanges.delete(filterId);
    this.#change(filterId, { ...(from && { from }), ...(to && { to }) });
  }
}

declare global {
  interface HTMLElementTagNameMap {
    'kineo-filter-bar': KineoFilterBar;
  }
}
