import { html, nothing, type ReactiveController, type ReactiveElement, type TemplateResult } from 'lit';

/** One entry of a panel's actions menu. */
export interface PanelAction {
  /** Stable id, also the item's `data-action` (tests and host CSS use it). */
  id: string;
  label: string;
  run(): void;
}

/**
 * The panel's actions menu: a menu button (WAI-ARIA APG "menu button" pattern). The button opens a
 * `role="menu"` of `role="menuitem"` buttons; Enter, Space and ArrowDown open it on the first item,
 * ArrowUp on the last; in the menu, the arrows, Home and End move between items, Escape closes it
 * and returns to the button, Tab closes it and moves on. A click outside or focus leaving closes it.
 */
export class ActionsMenu implements ReactiveController {
  readonly #host: ReactiveElement;
  #open = false;
  /** The item to focus after the next render: first, last, or none. */
  #focusAfterRender: 'first' | 'last' | undefined;
  readonly #onDocumentPointerDown = (event: PointerEvent) => {
    if (!event.composedPath().includes(this.#host)) this.close(false);
  };

  constructor(host: ReactiveElement) {
    this.#host = host;
    host.addController(this);
  }

  get isOpen(): boolean {
    return this.#open;
  }

  hostDisconnected(): void {
    this.close(false);
  }

  hostUpdated(): void {
    if (!this.#focusAfterRender) return;
    const items = this.#items();
    const item = this.#focusAfterRender === 'first' ? items[0] : items.at(-1);
    this.#focusAfterRender = undefined;
    item?.focus();
  }

  open(focus: 'first' | 'last'): void {
    if (!this.#open) document.addEventListener('pointerdown', this.#onDocumentPointerDown, true);
    this.#open = true;
    this.#focusAfterRender = focus;
    this.#host.requestUpdate();
  }

  /** Closes the menu; with `returnFocus`, focus goes back to the menu button. */
  close(returnFocus: boolean): void {
    if (!this.#open) return;
    this.#open = false;
    document.removeEventListener('pointerdown', this.#onDocumentPointerDown, true);
    this.#host.requestUpdate();
    if (returnFocus) this.#button()?.focus();
  }

  /**
   * The menu button and its menu; nothing when there are no actions.
   * @param label The button's accessible name, e.g. "Actions for Completion rate".
   */
  render(actions: readonly PanelAction[], label: string): TemplateResult | typeof nothing {
    if (actions.length === 0) return nothing;
    return html`
      <div part="actions" class="actions" @focusout=${this.#onFocusOut}>
        <button
          type="button"
          class="actions-button"
          part="actions-button"
          aria-haspopup="menu"
          aria-expanded=${this.#open ? 'true' : 'false'}
          aria-controls="actions-menu"
          aria-label=${label}
          @click=${() => (this.#open ? this.close(false) : this.open('first'))}
          @keydown=${this.#onButtonKeyDown}
        >
          <svg aria-hidden="true" viewBox="0 0 16 16" width="16" height="16" focusable="false">
            <circle cx="3" cy="8" r="1.5"></circle>
            <circle cx="8" cy="8" r="1.5"></circle>
            <circle cx="13" cy="8" r="1.5"></circle>
          </svg>
        </button>
        <div id="actions-menu" part="actions-menu" role="menu" aria-label=${label} ?hidden=${!this.#open} @keydown=${this.#onMenuKeyDown}>
          ${actions.map(
            (action) => html`<button
              type="button"
              role="menuitem"
              tabindex="-1"
              data-action=${action.id}
              @click=${() => {
                this.close(true);
                action.run();
              }}
            >
              ${action.label}
            </button>`,
          )}
        </div>
      </div>
    `;
  }

  #button(): HTMLButtonElement | null {
    return this.#host.renderRoot.querySelector<HTMLButtonElement>('.actions-button');
  }

  #items(): HTMLButtonElement[] {
    return [...this.#host.renderRoot.querySelectorAll<HTMLButtonElement>('[role="menuitem"]')];
  }

  readonly #onButtonKeyDown = (event: KeyboardEvent) => {
    if (event.key === 'ArrowDown' || event.key === 'Enter' || event.key === ' ') {
      event.preventDefault();
      this.open('first');
    } else if (event.key === 'ArrowUp') {
      event.preventDefault();
      this.open('last');
    }
  };

  readonly #onMenuKeyDown = (event: KeyboardEvent) => {
    const items = this.#items();
    const current = items.indexOf(this.#host.shadowRoot?.activeElement as HTMLButtonElement);
    const move = (index: number) => items[(index + items.length) % items.length]?.focus();
    switch (event.key) {
      case 'ArrowDown':
        move(current + 1);
        break;
      case 'ArrowUp':
        move(current - 1);
        break;
      case 'Home':
        move(0);
        break;
      case 'End':
        move(items.length - 1);
        break;
      case 'Escape':
        this.close(true);
        break;
      case 'Tab':
        this.close(false);
        return;
      default:
        return;
    }
    event.preventDefault();
  };

  readonly #onFocusOut = (event: FocusEvent) => {
    const next = event.relatedTarget as Node | null;
    const actions = event.currentTarget as HTMLElement;
    if (next === null || !actions.contains(next)) this.close(false);
  };
}
