import type { ReactiveController, ReactiveControllerHost } from 'lit';

/** The `theme` attribute: `auto` follows the user's `prefers-color-scheme`. */
export type ThemeMode = 'light' | 'dark' | 'auto';

const DARK_QUERY = '(prefers-color-scheme: dark)';

/** A `theme` attribute value as a mode; `undefined` when absent or not one of the three. */
export function parseThemeMode(value: string | null | undefined): ThemeMode | undefined {
  return value === 'light' || value === 'dark' || value === 'auto' ? value : undefined;
}

/**
 * The mode an element shows: its own `theme` attribute, else the dashboard's effective mode (the
 * snapshot's `theme.mode`: the dashboard's `theme` attribute over the tenant's), else `auto`.
 */
export function resolveThemeMode(attribute: string | null | undefined, fallback: ThemeMode | undefined): ThemeMode {
  return parseThemeMode(attribute) ?? fallback ?? 'auto';
}

/**
 * Tracks whether `auto` currently means dark, and asks the host to update when the user's
 * preference changes (charts draw with explicit colours, so they must redraw; CSS follows by
 * itself through `color-scheme`). Used by every Kineo element:
 *
 * ```ts
 * #theme = new ThemeController(this);
 * render() {
 *   const mode = resolveThemeMode(this.theme, snapshot.theme?.mode);
 *   return html`<div class="kineo-theme" data-mode=${mode}>…</div>`;
 * }
 * ```
 */
export class ThemeController implements ReactiveController {
  readonly #host: ReactiveControllerHost;
  readonly #onChange: (() => void) | undefined;
  #query: MediaQueryList | undefined;
  readonly #listener = () => {
    this.#host.requestUpdate();
    this.#onChange?.();
  };

  /**
   * @param host The element.
   * @param onChange Called (after `requestUpdate`) when the user's colour-scheme preference changes.
   */
  constructor(host: ReactiveControllerHost, onChange?: () => void) {
    this.#host = host;
    this.#onChange = onChange;
    host.addController(this);
  }

  hostConnected(): void {
    this.#query ??= globalThis.matchMedia?.(DARK_QUERY);
    this.#query?.addEventListener('change', this.#listener);
  }

  hostDisconnected(): void {
    this.#query?.removeEventListener('change', this.#listener);
  }

  /** True when the user's system prefers dark. */
  get prefersDark(): boolean {
    return (this.#query ?? globalThis.matchMedia?.(DARK_QUERY))?.matches ?? false;
  }

  /** Whether `mode` shows dark now. */
  isDark(mode: ThemeMode): boolean {
    return mode === 'dark' || (mode === 'auto' && this.prefersDark);
  }
}
