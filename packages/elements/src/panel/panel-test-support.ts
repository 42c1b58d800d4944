// Shared by the panel elements' browser tests: the committed API fixtures as dashboard snapshots,
// a fake DashboardController that records every call, a fake <kineo-dashboard> (a context
// provider), axe, and small DOM helpers. Not exported from the package.
import { ContextProvider } from '@lit/context';
// axe-core is a UMD script, not an ES module: importing it runs it, and it puts itself on `window`.
import 'axe-core';
import type { AxeResults, ElementContext, RunOptions } from 'axe-core';
import type {
  DashboardDataResponse,
  DashboardDefinition,
  ExportFormat,
  FilterOptionsResponse,
  FilterValues,
  PageRequest,
  QueryResult,
  TenantTheme,
  ViewerResponse,
} from '@kineo/core';
import type { KineoApiClient } from '../api/api-client.js';
import { KineoApiError } from '../errors.js';
import { dashboardContext, type DashboardController, type DashboardSnapshot, type PanelState } from '../state/dashboard-context.js';
import { deferred, type Deferred } from '../testing/fakes.js';
import type { KineoPanelElement } from './panel-base.component.js';

interface Exchange<T> {
  request: unknown;
  response: T;
  status: number;
}

/** One committed fixture (`packages/elements/fixtures/<dashboard>.json`), generated from the real API. */
export interface DashboardFixture {
  dashboard: string;
  tenant: string;
  role: string;
  definition: DashboardDefinition;
  data: Exchange<DashboardDataResponse>;
  drill: Record<string, { from: string; level: number; path: (string | number)[]; query: Exchange<QueryResult> }[]>;
  empty: Exchange<DashboardDataResponse>;
  error: Exchange<{ error: { code: string; message: string } }>;
}

const fixtures = new Map<string, Promise<DashboardFixture>>();

export function loadFixture(dashboard: 'learning-progress' | 'team-performance' | 'compliance'): Promise<DashboardFixture> {
  let fixture = fixtures.get(dashboard);
  if (!fixture) {
    fixture = fetch(new URL(`../../fixtures/${dashboard}.json`, import.meta.url)).then((response) => {
      if (!response.ok) throw new Error(`fixture ${dashboard}: HTTP ${response.status}`);
      return response.json() as Promise<DashboardFixture>;
    });
    fixtures.set(dashboard, fixture);
  }
  return fixture;
}

export const tenantTheme: TenantTheme = { primaryColor: '#0b5cab', mode: 'light' };

/** What a snapshot built from a fixture should differ in. */
export interface SnapshotOptions {
  /** The data response the panels come from (default: the fixture's unfiltered data). */
  data?: DashboardDataResponse;
  drill?: Record<string, (string | number)[]>;
  /** Panel states replacing those from `data`. */
  panels?: Record<string, PanelState>;
  status?: DashboardSnapshot['status'];
  canExport?: boolean;
  locale?: string;
  mode?: TenantTheme['mode'];
  filters?: FilterValues;
}

/**
 * A ready snapshot of a fixture dashboard: every panel's result from the fixture's data response;
 * a drilled panel gets the fixture's result for its drill level.
 */
export function snapshotOf(fixture: DashboardFixture, options: SnapshotOptions = {}): DashboardSnapshot {
  const data = options.data ?? fixture.data.response;
  const panels: Record<string, PanelState> = {};
  for (const [id, result] of Object.entries(data.panels)) panels[id] = { status: 'ready', result };
  for (const [id, error] of Object.entries(data.errors))
    panels[id] = { status: 'error', error: new KineoApiError(422, error.code, error.message) };
  const drill = options.drill ?? {};
  for (const [id, path] of Object.entries(drill)) {
    const step = fixture.drill[id]?.[path.length - 1];
    if (!step) throw new Error(`the fixture has no drill level ${path.length} for ${id}`);
    panels[id] = { status: 'ready', result: step.query.response };
  }
  Object.assign(panels, options.panels);
  const theme = { ...tenantTheme, mode: options.mode ?? tenantTheme.mode };
  const viewer: ViewerResponse = {
    tenant: { id: fixture.tenant, displayName: 'Acme' },
    subject: 'user-1',
    role: 'admin',
    permissions: options.canExport ? ['export'] : [],
    theme,
  } as ViewerResponse;
  return {
    dashboardId: fixture.dashboard,
    status: options.status ?? 'ready',
    definition: fixture.definition,
    viewer,
    theme,
    locale: options.locale ?? 'en-GB',
    filters: options.filters ?? {},
    drill,
    panels,
    canExport: options.canExport ?? false,
  };
}

/** A call the fake controller received. */
export interface ControllerCall {
  method: keyof DashboardController;
  args: unknown[];
}

/** A `loadPage` call waiting for the test to answer it. */
export interface PageCall extends Deferred<QueryResult> {
  panelId: string;
  page: PageRequest;
  signal: AbortSignal | undefined;
}

/** A DashboardController that records calls; `loadPage` answers are given by the test. */
export class FakeDashboardController implements DashboardController {
  readonly calls: ControllerCall[] = [];
  readonly pageCalls: PageCall[] = [];
  /** What `exportPanel` rejects with, when set. */
  exportFailure: unknown;
  readonly api = {} as KineoApiClient;

  /** The calls of one method. */
  callsOf(method: keyof DashboardController): unknown[][] {
    return this.calls.filter((call) => call.method === method).map((call) => call.args);
  }

  setFilters(filters: FilterValues): void {
    this.calls.push({ method: 'setFilters', args: [filters] });
  }
  drillDown(panelId: string, value: string | number): void {
    this.calls.push({ method: 'drillDown', args: [panelId, value] });
  }
  drillTo(panelId: string, depth: number): void {
    this.calls.push({ method: 'drillTo', args: [panelId, depth] });
  }
  select(panelId: string, datum: Readonly<Record<string, unknown>>): void {
    this.calls.push({ method: 'select', args: [panelId, datum] });
  }
  clearCrossFilter(): void {
    this.calls.push({ method: 'clearCrossFilter', args: [] });
  }
  async refresh(): Promise<void> {
    this.calls.push({ method: 'refresh', args: [] });
  }
  loadPage(panelId: string, page: PageRequest, signal?: AbortSignal): Promise<QueryResult> {
    this.calls.push({ method: 'loadPage', args: [panelId, page] });
    const call: PageCall = { ...deferred<QueryResult>(), panelId, page, signal };
    this.pageCalls.push(call);
    return call.promise;
  }
  async exportPanel(panelId: string, format: ExportFormat): Promise<void> {
    this.calls.push({ method: 'exportPanel', args: [panelId, format] });
    if (this.exportFailure) throw this.exportFailure;
  }
  filterOptions(filterId: string): Promise<FilterOptionsResponse> {
    this.calls.push({ method: 'filterOptions', args: [filterId] });
    return Promise.reject(new Error('no filter options in panel tests'));
  }
}

/**
 * Plays `<kineo-dashboard>`: a block that provides the dashboard context to the panel elements
 * put inside it, with a snapshot the test sets.
 */
export class FakeDashboard {
  readonly element: HTMLDivElement;
  readonly controller = new FakeDashboardController();
  readonly #provider: ContextProvider<typeof dashboardContext>;

  constructor(snapshot: DashboardSnapshot, width = 640) {
    this.element = document.createElement('div');
    this.element.style.width = `${width}px`;
    this.#provider = new ContextProvider(this.element, { context: dashboardContext, initialValue: { snapshot, controller: this.controller } });
    document.body.append(this.element);
  }

  set snapshot(snapshot: DashboardSnapshot) {
    this.#provider.setValue({ snapshot, controller: this.controller });
  }

  /** Adds `<tag panel=…>` inside the fake dashboard and waits for it to render. */
  async add<T extends KineoPanelElement>(tag: string, panel: string, attributes: Record<string, string> = {}): Promise<T> {
    const element = document.createElement(tag) as T;
    element.setAttribute('panel', panel);
    for (const [name, value] of Object.entries(attributes)) element.setAttribute(name, value);
    this.element.append(element);
    await element.updateComplete;
    return element;
  }

  remove(): void {
    this.element.remove();
  }
}

/** An element of a panel's shadow tree; fails when there is none. */
export function part<T extends Element = HTMLElement>(element: HTMLElement, name: string): T {
  const found = element.shadowRoot?.querySelector<T>(`[part~="${name}"]`);
  if (!found) throw new Error(`<${element.localName}> has no part "${name}" now; it shows: ${element.shadowRoot?.textContent?.replace(/\s+/g, ' ').trim()}`);
  return found;
}

export function hasPart(element: HTMLElement, name: string): boolean {
  return element.shadowRoot?.querySelector(`[part~="${name}"]`) !== null;
}

/** Visible text of a node, white space collapsed (no-break spaces, which formats use, are kept). */
export function textOf(node: Node | null | undefined): string {
  return (node?.textContent ?? '').replace(/[ \t\r\n]+/g, ' ').replace(/^ | $/g, '');
}

/** Waits until `condition` holds (a chart drawing, a page arriving), up to `timeoutMs`. */
export async function until(condition: () => boolean, what: string, timeoutMs = 5000): Promise<void> {
  const start = performance.now();
  while (!condition()) {
    if (performance.now() - start > timeoutMs) throw new Error(`timed out waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

/** Runs axe on `element` (its shadow tree included) and fails with every violation found. */
export async function expectNoAxeViolations(element: Element, what: string): Promise<void> {
  const axe = (globalThis as unknown as { axe: { run(context: ElementContext, options: RunOptions): Promise<AxeResults> } }).axe;
  const results = await axe.run(element, { resultTypes: ['violations'] });
  if (results.violations.length === 0) return;
  const lines = results.violations.map(
    (violation) =>
      `${violation.id} (${violation.impact}): ${violation.help}\n` +
      violation.nodes.map((node) => `    ${JSON.stringify(node.target)} ${node.failureSummary?.replace(/\s+/g, ' ')}`).join('\n'),
  );
  throw new Error(`axe found ${results.violations.length} violation(s) in ${what}:\n  ${lines.join('\n  ')}`);
}

/** Records what `downloadUrl` saved: the anchors clicked for downloads, without downloading. */
export function captureDownloads(): { downloads: { href: string; filename: string }[]; stop(): void } {
  const downloads: { href: string; filename: string }[] = [];
  const onClick = (event: MouseEvent) => {
    const anchor = event.target;
    if (anchor instanceof HTMLAnchorElement && anchor.hasAttribute('download')) {
      event.preventDefault();
      downloads.push({ href: anchor.href, filename: anchor.download });
    }
  };
  document.addEventListener('click', onClick, true);
  return { downloads, stop: () => document.removeEventListener('click', onClick, true) };
}
