import type { FilterDefinition, FilterOption } from '@kineo/core';
import { html, nothing, type ReactiveController, type ReactiveElement, type TemplateResult } from 'lit';
import { styleMap } from 'lit/directives/style-map.js';

/** Above this many options, the list gets a search box. */
export const SEARCH_THRESHOLD = 8;

/** What one multi-select control shows. */
export interface MultiSelectView {
  filter: FilterDefinition;
  /** `undefined` while the options load. */
  options: readonly FilterOption[] | undefined;
  /** Why the options could not be loaded. */
  optionsError: string | undefined;
  selected: readonly string[];
  locked: boolean;
  /** `aria-describedby` of the button (e.g. the locked note). */
  describedBy: string | undefined;
  /** Shown under the button (the locked note). */
  note: TemplateResult | typeof nothing;
  /** Changes the selection; `update` gets the selection as it is now (several changes may come before a render). */
  onChange(update: (selected: readonly string[]) => string[]): void;
  /** The list was opened (options may need loading) or closed (pending changes may be sent). */
  onOpenChange(open: boolean): void;
  onRetryOptions(): void;
}

/**
 * The multi-select filter control: a button showing the selected count that opens a popover with a
 * listbox of checkable options (WAI-ARIA APG "listbox", multi-select). One popover is open at a
 * time per filter bar. Keyboard: ArrowDown on the button opens it; in the list ArrowUp/ArrowDown,
 * Home and End move, Space toggles, Enter and Escape close it and return focus to the button;
 * ArrowDown in the search box goes to the list. Clicking outside or focus leaving closes it.
 */
export class MultiSelectMenu implements ReactiveController {
  readonly #host: ReactiveElement;
  #openFilter: string | undefined;
  #active = 0;
  #search = '';
  #focusAfterRender: 'list' | 'search' | undefined;
  #onOpenChange: ((open: boolean) => void) | undefined;
  readonly #onDocumentPointerDown = (event: PointerEvent) => {
    const control = this.#control();
    if (control && !event.composedPath().includes(control)) this.close(false);
  };

  constructor(host: ReactiveElement) {
    this.#host = host;
    host.addController(this);
  }

  /** The filter whose list is open. */
  get openFilter(): string | undefined {
    return this.#openFilter;
  }

  hostDisconnected(): void {
    this.close(false);
  }

  hostUpdated(): void {
    if (this.#openFilter === undefined) return;
    const root = this.#host.renderRoot as ShadowRoot;
    const id = this.#openFilter;
    root.getElementById(optionId(id, this.#active))?.scrollIntoView?.({ block: 'nearest' });
    if (!this.#focusAfterRender) return;
    const target = this.#focusAfterRender === 'search' ? root.getElementById(`ms-search-${id}`) : root.getElementById(`ms-list-${id}`);
    this.#focusAfterRender = undefined;
    (target ?? root.getElementById(`ms-list-${id}`))?.focus();
  }

  open(view: MultiSelectView): void {
    if (this.#openFilter === view.filter.id) return;
    if (this.#openFilter !== undefined) this.close(false);
    this.#openFilter = view.filter.id;
    this.#active = 0;
    this.#search = '';
    this.#onOpenChange = view.onOpenChange;
    this.#focusAfterRender = (view.options?.length ?? 0) > SEARCH_THRESHOLD ? 'search' : 'list';
    document.addEventListener('pointerdown', this.#onDocumentPointerDown, true);
    view.onOpenChange(true);
    this.#host.requestUpdate();
  }

  /** Closes the open list; with `returnFocus`, focus goes back to its button. */
  close(returnFocus: boolean): void {
    const id = this.#openFilter;
    if (id === undefined) return;
    this.#openFilter = undefined;
    document.removeEventListener('pointerdown', this.#onDocumentPointerDown, true);
    const onOpenChange = this.#onOpenChange;
    this.#onOpenChange = undefined;
    onOpenChange?.(false);
    this.#host.requestUpdate();
    if (returnFocus) ((this.#host.renderRoot as ShadowRoot).getElementById(`ms-button-${id}`) as HTMLElement | null)?.focus();
  }

  render(view: MultiSelectView): TemplateResult {
    const { filter, selected, locked } = view;
    const id = filter.id;
    const open = this.#openFilter === id;
    const summary = locked ? 'Set for you' : selected.length === 0 ? 'All' : selected.length === 1 ? labelOf(view.options, selected[0]!) : `${selected.length} selected`;
    return html`
      <div class="filter multi-select" part="filter" data-filter=${id} @focusout=${(event: FocusEvent) => this.#onFocusOut(event, id)}>
        <span class="label" id="ms-label-${id}">${filter.label}</span>
        <button
          type="button"
          class="select-button"
          id="ms-button-${id}"
          aria-haspopup="listbox"
          aria-expanded=${open ? 'true' : 'false'}
          aria-controls=${open ? `ms-popover-${id}` : nothing}
          aria-labelledby="ms-label-${id} ms-button-${id}"
          aria-describedby=${view.describedBy ?? nothing}
          ?disabled=${locked}
          @click=${() => (open ? this.close(false) : this.open(view))}
          @keydown=${(event: KeyboardEvent) => {
            if (event.key === 'ArrowDown' && !open) {
              event.preventDefault();
              this.open(view);
            }
          }}
        >
          <span class="summary">${summary}</span><span class="chevron" aria-hidden="true"></span>
        </button>
        ${open ? this.#renderPopover(view) : nothing} ${view.note}
      </div>
    `;
  }

  #renderPopover(view: MultiSelectView): TemplateResult {
    const id = view.filter.id;
    if (view.options === undefined)
      return html`<div class="popover" id="ms-popover-${id}" part="popover">
        ${view.optionsError
          ? html`<p class="note" role="alert">The choices could not be loaded: ${view.optionsError}</p>
              <button type="button" class="link-button" @click=${view.onRetryOptions}>Try again</button>`
          : html`<p class="note" role="status">Loading choices…</p>`}
      </div>`;
    const visible = this.#visible(view);
    const active = Math.min(this.#active, Math.max(0, visible.length - 1));
    const selected = new Set(view.selected);
    return html`
      <div class="popover" id="ms-popover-${id}" part="popover">
        ${view.options.length > SEARCH_THRESHOLD
          ? html`<input
              type="search"
              class="search"
              id="ms-search-${id}"
              aria-label="Search ${view.filter.label}"
              placeholder="Search…"
              autocomplete="off"
              .value=${this.#search}
              @input=${(event: InputEvent) => {
                this.#search = (event.target as HTMLInputElement).value;
                this.#active = 0;
                this.#host.requestUpdate();
              }}
              @keydown=${(event: KeyboardEvent) => this.#onSearchKeyDown(event, view)}
            />`
          : nothing}
        <div class="bulk">
          <button type="button" class="link-button" @click=${() => view.onChange((selected) => union(selected, visible.map((o) => o.value)))}>Select all</button>
          <button type="button" class="link-button" @click=${() => view.onChange((selected) => without(selected, visible.map((o) => o.value)))}>Clear</button>
        </div>
        ${visible.length === 0
          ? html`<p class="note" role="status">No matches.</p>`
          : html`<ul
              role="listbox"
              class="listbox"
              id="ms-list-${id}"
              tabindex="0"
              aria-multiselectable="true"
              aria-labelledby="ms-label-${id}"
              aria-activedescendant=${optionId(id, active)}
              @keydown=${(event: KeyboardEvent) => this.#onListKeyDown(event, view, visible)}
            >
              ${visible.map(
                (option, index) => html`<li
                  role="option"
                  id=${optionId(id, index)}
                  class="option ${index === active ? 'active' : ''}"
                  aria-selected=${selected.has(option.value) ? 'true' : 'false'}
                  data-value=${option.value}
                  style=${styleMap({ '--kineo-option-depth': String(option.depth ?? 0) })}
                  @click=${() => {
                    this.#active = index;
                    view.onChange((selected) => toggle(selected, option.value));
                  }}
                >
                  <span class="checkbox" aria-hidden="true"></span><span>${option.label}</span>
                </li>`,
              )}
            </ul>`}
      </div>
    `;
  }

  #visible(view: MultiSelectView): readonly FilterOption[] {
    const options = view.options ?? [];
    const query = this.#search.trim().toLocaleLowerCase();
    return query ? options.filter((option) => option.label.toLocaleLowerCase().includes(query)) : options;
  }

  #onListKeyDown(event: KeyboardEvent, view: MultiSelectView, visible: readonly FilterOption[]): void {
    const last = visible.length - 1;
    const move = (index: number) => {
      event.preventDefault();
      this.#active = Math.min(Math.max(0, index), last);
      this.#host.requestUpdate();
    };
    const active = Math.min(this.#active, last);
    switch (event.key) {
      case 'ArrowDown':
        return move(active + 1);
      case 'ArrowUp':
        if (active === 0 && view.options && view.options.length > SEARCH_THRESHOLD) {
          event.preventDefault();
          ((this.#host.renderRoot as ShadowRoot).getElementById(`ms-search-${view.filter.id}`) as HTMLElement | null)?.focus();
          return;
        }
        return move(active - 1);
      case 'Home':
        return move(0);
      case 'End':
        return move(last);
      case ' ': {
        event.preventDefault();
        const option = visible[active];
        if (option) view.onChange((selected) => toggle(selected, option.value));
        return;
      }
      case 'Enter':
      case 'Escape':
        event.preventDefault();
        event.stopPropagation();
        this.close(true);
        return;
    }
  }

  #onSearchKeyDown(event: KeyboardEvent, view: MultiSelectView): void {
    if (event.key === 'ArrowDown') {
      event.preventDefault();
      this.#active = 0;
      ((this.#host.renderRoot as ShadowRoot).getElementById(`ms-list-${view.filter.id}`) as HTMLElement | null)?.focus();
      this.#host.requestUpdate();
    } else if (event.key === 'Escape') {
      event.preventDefault();
      event.stopPropagation();
      this.close(true);
    } else if (event.key === 'Enter') {
      event.preventDefault();
    }
  }

  #onFocusOut(event: FocusEvent, id: string): void {
    if (this.#openFilter !== id) return;
    const next = event.relatedTarget as Node | null;
    const control = this.#control();
    // Focus left the control (Tab away); null is a click on nothing focusable, handled by pointerdown.
    if (next && control && !control.contains(next)) this.close(false);
  }

  #control(): HTMLElement | null {
    if (this.#openFilter === undefined) return null;
    return (this.#host.renderRoot as ShadowRoot).querySelector(`[data-filter="${this.#openFilter}"]`);
  }
}

function optionId(filterId: string, index: number): string {
  return `ms-option-${filterId}-${index}`;
}

function labelOf(options: readonly FilterOption[] | undefined, value: string): string {
  return options?.find((option) => option.value === value)?.label ?? value;
}

function toggle(selected: readonly string[], value: string): string[] {
  return selected.includes(value) ? selected.filter((v) => v !== value) : [...selected, value];
}

function union(selected: readonly string[], values: readonly string[]): string[] {
  return [...selected, ...values.filter((value) => !selected.includes(value))];
}

function without(selected: readonly string[], values: readonly string[]): string[] {
  return selected.filter((value) => !values.includes(value));
}
