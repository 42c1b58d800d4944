// A `<kineo-dashboard>` on the test page against the real API, with what a host can observe of
// it: its events, its panels (through shadow roots and parts) and the API calls the page made.
import type { QueryResult } from '@kineo/core';
import '../../src/dashboard/dashboard.js';
import '../../src/breadcrumbs/breadcrumbs.js';
import type { KineoDashboard } from '../../src/dashboard/dashboard.component.js';
import { kineoEventNames, type KineoEventMap, type KineoEventName } from '../../src/events.js';
import type { KineoPanelElement } from '../../src/panel/panel-base.component.js';
import type { PanelState } from '../../src/state/dashboard-context.js';
import type { TokenProvider } from '../../src/token/token-source.js';
import { deepQuery, deepQueryAll, parts } from './dom.js';
import { waitFor } from './kineo-api.js';

/** One event the dashboard fired, with its detail as it was then. */
export interface RecordedEvent<K extends KineoEventName = KineoEventName> {
  type: K;
  detail: KineoEventMap[K];
  bubbles: boolean;
  composed: boolean;
}

/** One call the page made to the API. */
export interface ApiCall {
  method: string;
  /** Path and query on the API, e.g. `/v1/dashboards/learning-progress/data`. */
  path: string;
  status: number;
  /** The parsed JSON request body, if any. */
  body: unknown;
  /** The bearer token it carried. */
  token: string | undefined;
  /** Epoch milliseconds when it was sent. */
  sentAt: number;
}

/**
 * Records every `fetch` the page makes to `api` while installed (the elements' API client calls
 * the global `fetch` at call time). `uninstall()` puts the page's `fetch` back.
 */
export class ApiCallRecorder {
  readonly calls: ApiCall[] = [];
  readonly #original = globalThis.fetch;
  readonly #origin: string;

  constructor(api: string) {
    this.#origin = new URL(api).origin;
    const original = this.#original;
    globalThis.fetch = async (input, init) => {
      const url = new URL(input instanceof Request ? input.url : String(input), location.href);
      if (url.origin !== this.#origin) return original(input, init);
      const sentAt = Date.now();
      const headers = new Headers(init?.headers);
      const response = await original(input, init);
      this.calls.push({
        method: init?.method ?? 'GET',
        path: url.pathname + url.search,
        status: response.status,
        body: typeof init?.body === 'string' ? JSON.parse(init.body) : undefined,
        token: headers.get('authorization')?.replace(/^Bearer /, ''),
        sentAt,
      });
      return response;
    };
  }

  /** Calls whose path matches. */
  to(pattern: RegExp): ApiCall[] {
    return this.calls.filter((call) => pattern.test(call.path));
  }

  uninstall(): void {
    globalThis.fetch = this.#original;
  }
}

export interface MountOptions {
  api: string;
  dashboard: string;
  tokenProvider: TokenProvider;
  theme?: 'light' | 'dark' | 'auto';
  locale?: string;
  /** CSS width of the element (default 1200px: the 12-column layout). */
  width?: string;
}

/** A dashboard on the page and its recorded events. `remove()` takes it off again. */
export class MountedDashboard {
  readonly element: KineoDashboard;
  readonly events: RecordedEvent[] = [];

  constructor(options: MountOptions) {
    const element = document.createElement('kineo-dashboard');
    element.setAttribute('api', options.api);
    element.setAttribute('dashboard', options.dashboard);
    if (options.theme) element.setAttribute('theme', options.theme);
    if (options.locale) element.setAttribute('locale', options.locale);
    element.style.display = 'block';
    element.style.width = options.width ?? '1200px';
    element.tokenProvider = options.tokenProvider;
    for (const type of kineoEventNames)
      element.addEventListener(type, (event) => {
        const { detail, bubbles, composed } = event as CustomEvent;
        this.events.push({ type, detail: structuredClone(detail), bubbles, composed } as RecordedEvent);
      });
    this.element = element;
    document.body.append(element);
  }

  /** Events of one type, in order. */
  eventsOf<K extends KineoEventName>(type: K): RecordedEvent<K>[] {
    return this.events.filter((event): event is RecordedEvent<K> => event.type === type);
  }

  /** Waits until `count` events of `type` have been fired (counting from the mount). */
  async eventCount<K extends KineoEventName>(type: K, count: number, timeoutMs = 10_000): Promise<RecordedEvent<K>[]> {
    await waitFor(() => this.eventsOf(type).length >= count, `${count} ${type} event(s) (got ${this.eventsOf(type).length})`, timeoutMs);
    return this.eventsOf(type);
  }

  /** The `<kineo-panel>` elements in layout order. */
  panels(): KineoPanelElement[] {
    return deepQueryAll<KineoPanelElement>(this.element, 'kineo-panel');
  }

  panel(id: string): KineoPanelElement {
    const panel = this.panels().find((p) => p.panel === id);
    if (!panel) throw new Error(`no <kineo-panel panel="${id}"> in the dashboard (has: ${this.panels().map((p) => p.panel).join(', ')})`);
    return panel;
  }

  /** A panel's state in the dashboard's snapshot. */
  panelState(id: string): PanelState | undefined {
    return this.panel(id).context?.snapshot.panels[id];
  }

  /** A panel's current rows (throws when it has none yet). */
  result(id: string): QueryResult {
    const result = this.panelState(id)?.result;
    if (!result) throw new Error(`panel ${id} has no data`);
    return result;
  }

  /** The number a KPI panel shows (its `<data value>`). */
  kpiValue(id: string): number {
    const value = parts<HTMLDataElement>(this.panel(id), 'kpi-value')[0];
    if (!value) throw new Error(`panel ${id} shows no KPI value`);
    return Number(value.value);
  }

  /**
   * Waits until every panel shows its data at its current drill level: a chart with marks (SVG
   * shapes or a canvas), a KPI with a number, a table with rows, and nothing loading.
   */
  async rendered(timeoutMs = 15_000): Promise<void> {
    await waitFor(
      () => {
        const snapshot = this.element.shadowRoot && this.panels()[0]?.context?.snapshot;
        if (!snapshot?.definition || this.panels().length !== snapshot.definition.panels.length) return false;
        return this.panels().every((panel) => panelProblem(panel) === undefined);
      },
      'every panel rendered with data',
      timeoutMs,
    ).catch((error: Error) => {
      const problems = this.panels().map((panel) => `${panel.panel}: ${panelProblem(panel) ?? 'ok'}`);
      throw new Error(`${error.message}\n  ${problems.join('\n  ')}`);
    });
  }

  remove(): void {
    this.element.remove();
  }
}

/** Why a panel does not (yet) show its data, or `undefined` when it does. */
export function panelProblem(panel: KineoPanelElement): string | undefined {
  const snapshot = panel.context?.snapshot;
  const state = snapshot?.panels[panel.panel];
  const error = parts(panel, 'error')[0];
  if (error) return `shows an error: ${error.textContent?.replace(/\s+/g, ' ').trim()}`;
  if (!snapshot?.definition || !state) return 'no state yet';
  if (state.status !== 'ready') return `status ${state.status}`;
  const definition = snapshot.definition.panels.find((p) => p.id === panel.panel)!;
  const depth = snapshot.drill[panel.panel]?.length ?? 0;
  const type = depth === 0 ? definition.type : definition.drill![depth - 1]!.type;
  if (state.result?.level !== depth) return `data of level ${state.result?.level}, showing level ${depth}`;
  if (panel.shadowRoot?.querySelector('[aria-busy="true"]')) return 'busy';
  if (parts(panel, 'empty').length > 0) return 'empty';
  switch (type) {
    case 'chart':
      return chartMarkCount(panel) > 0 ? undefined : 'a chart without marks';
    case 'kpi': {
      const value = parts<HTMLDataElement>(panel, 'kpi-value')[0];
      return value && Number.isFinite(Number(value.value)) && /\d/.test(value.textContent ?? '') ? undefined : 'a KPI without a number';
    }
    case 'table':
      return tableRows(panel).length > 0 ? undefined : 'a table without rows';
  }
}

/**
 * The data shapes a chart panel draws: the children of Vega's data marks (`role-mark`) in its
 * SVG, or, drawn on a canvas, the items of the chart's scenegraph.
 */
export function chartMarkCount(panel: KineoPanelElement): number {
  const view = parts(panel, 'chart-view')[0];
  if (!view) return 0;
  const svg = view.querySelector('svg');
  if (svg) return svg.querySelectorAll('.role-mark > *').length;
  const canvas = view.querySelector('canvas');
  if (!canvas || canvas.width === 0) return 0;
  interface Mark {
    marktype: string;
    role?: string;
    items: { items?: Mark[] }[];
  }
  const countItems = (mark: Mark): number => {
    if (mark.marktype !== 'group') return mark.role === 'mark' ? mark.items.length : 0;
    return mark.items.reduce((sum, group) => sum + (group.items ?? []).reduce((inner, child) => inner + countItems(child), 0), 0);
  };
  const root = panel.chartHandle?.view.scenegraph().root as unknown as Mark | undefined;
  return root ? countItems(root) : 0;
}

/** The body rows of the table a panel shows (a table level, or a chart viewed as table). */
export function tableRows(panel: KineoPanelElement): HTMLTableRowElement[] {
  const region = parts(panel, 'table')[0];
  return region ? [...region.querySelectorAll<HTMLTableRowElement>('tbody tr')] : [];
}

/** The panel's current title as shown. */
export function panelTitle(panel: KineoPanelElement): string {
  return parts(panel, 'title')[0]?.textContent?.replace(/\s+/g, ' ').trim() ?? '';
}

/** The focusable chart widget of a chart panel. */
export function chartRoot(panel: KineoPanelElement): HTMLElement {
  const root = parts<HTMLElement>(panel, 'chart-root')[0] ?? deepQuery<HTMLElement>(panel, '.kineo-chart-root');
  if (!root) throw new Error(`panel ${panel.panel} shows no chart`);
  return root;
}

/** The labels of the panel's breadcrumbs, and their buttons (the current level has none). */
export function breadcrumbs(panel: KineoPanelElement): { labels: string[]; buttons: HTMLButtonElement[] } {
  const crumbs = deepQuery(panel, 'kineo-breadcrumbs');
  if (!crumbs?.shadowRoot) return { labels: [], buttons: [] };
  const items = parts(crumbs, 'item');
  return {
    labels: items.map((item) => item.textContent?.replace(/\s+/g, ' ').trim() ?? ''),
    buttons: items.flatMap((item) => [...item.querySelectorAll('button')]),
  };
}
