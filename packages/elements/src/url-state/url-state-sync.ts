import type { DashboardSnapshot } from '../state/dashboard-context.js';
import { canonicalJson } from '../state/filter-values.js';
import type { DashboardViewState } from '../state/view-state.js';
import { readViewStateFromSearch, urlStateParameter, writeViewStateToSearch } from './url-state.js';

/** The part of a snapshot a link carries. */
export function viewStateOf(snapshot: Pick<DashboardSnapshot, 'filters' | 'drill' | 'crossFilter'>): DashboardViewState {
  return { filters: snapshot.filters, drill: { ...snapshot.drill }, ...(snapshot.crossFilter && { crossFilter: snapshot.crossFilter }) };
}

/** What the sync needs of `window`: its URL, its history and `popstate`. */
export type UrlStateWindow = Pick<Window, 'location' | 'history' | 'addEventListener' | 'removeEventListener'>;

export interface UrlStateSyncOptions {
  dashboardId: string;
  /**
   * Back or Forward changed this dashboard's state in the URL: `state` is the one to show now (the
   * default view when the parameter is gone or was refused).
   */
  onNavigate(state: DashboardViewState): void;
  window?: UrlStateWindow;
}

/**
 * Keeps one dashboard's state in the page URL under `kd.<dashboard id>` (the `sync-url`
 * attribute), so a copied link reopens the same view. Filter and cross-filter changes replace the
 * current history entry; a drill adds one (`pushState`), so Back undoes it. Nothing else of the
 * URL is touched, `history.state` is passed through for the page's router, and nothing
 * token-related is ever written.
 */
export class UrlStateSync {
  readonly #dashboardId: string;
  readonly #onNavigate: (state: DashboardViewState) => void;
  readonly #window: UrlStateWindow;
  #connected = false;
  /** The drill paths last written or read: a change of them is a new history entry. */
  #drill: string | undefined;
  readonly #onPopState = () => {
    const state = this.read() ?? { filters: {}, drill: {} };
    this.#drill = canonicalJson(state.drill);
    this.#onNavigate(state);
  };

  constructor(options: UrlStateSyncOptions) {
    this.#dashboardId = options.dashboardId;
    this.#onNavigate = options.onNavigate;
    this.#window = options.window ?? window;
  }

  /** The dashboard whose state this syncs. */
  get dashboardId(): string {
    return this.#dashboardId;
  }

  /** The parameter this dashboard uses. */
  get parameter(): string {
    return urlStateParameter(this.#dashboardId);
  }

  /**
   * The state in the URL now, if there is a valid one. A value that is not a valid state (edited by
   * hand, from an older version) is ignored with a console warning: the dashboard opens as usual.
   */
  read(): DashboardViewState | undefined {
    const read = readViewStateFromSearch(this.#window.location.search, this.#dashboardId);
    if (read.kind === 'invalid') {
      console.warn(`Kineo: ignoring the URL parameter ${this.parameter}: ${read.reason}`);
      return undefined;
    }
    return read.kind === 'state' ? read.state : undefined;
  }

  /** Starts following Back and Forward. */
  connect(): void {
    if (this.#connected) return;
    this.#connected = true;
    const read = readViewStateFromSearch(this.#window.location.search, this.#dashboardId);
    this.#drill ??= canonicalJson(read.kind === 'state' ? read.state.drill : {});
    this.#window.addEventListener('popstate', this.#onPopState);
  }

  disconnect(): void {
    if (!this.#connected) return;
    this.#connected = false;
    this.#window.removeEventListener('popstate', this.#onPopState);
  }

  /**
   * Writes `state` to the URL: a new history entry when its drill paths differ from the last ones
   * written (unless `mode` is `replace`: the first write, which only normalises what was loaded),
   * else a replacement of the current one; nothing when the URL already says it.
   */
  write(state: DashboardViewState, mode: 'auto' | 'replace' = 'auto'): void {
    const { location, history } = this.#window;
    const search = writeViewStateToSearch(location.search, this.#dashboardId, state);
    const drill = canonicalJson(state.drill);
    const push = mode === 'auto' && this.#drill !== undefined && drill !== this.#drill;
    this.#drill = drill;
    if (search === location.search) return;
    const url = `${location.pathname}${search}${location.hash}`;
    if (push) history.pushState(history.state, '', url);
    else history.replaceState(history.state, '', url);
  }
}
