// A fake Kineo API for the browser tests of the dashboard state and elements: answers from the
// committed fixtures (`packages/elements/fixtures/*.json`, generated from the real API on the demo
// data), records every request, can hold data answers to be released in any order, and can answer
// even after the caller aborted (an answer already on its way). Not exported from the package.
import type {
  DashboardDataRequest,
  DashboardDataResponse,
  DashboardDefinition,
  FilterOptionsResponse,
  QueryRequest,
  QueryResult,
  ViewerResponse,
} from '@kineo/core';
import { deferred, json, type Deferred } from '../testing/fakes.js';

/** The parts of a fixture file the fake uses. */
export interface DashboardFixture {
  dashboard: string;
  definition: DashboardDefinition;
  data: { response: DashboardDataResponse };
  drill: Record<string, { level: number; path: (string | number)[]; query: { response: QueryResult } }[]>;
}

/** The page's own `fetch`, kept before a test replaces the global one with a fake's. */
const realFetch: typeof fetch = globalThis.fetch.bind(globalThis);

const fixtureCache = new Map<string, Promise<DashboardFixture>>();

/** A committed fixture, e.g. `learning-progress` (fetched from the test server, so the fake `fetch` is not involved). */
export function loadFixture(dashboard: string): Promise<DashboardFixture> {
  let fixture = fixtureCache.get(dashboard);
  if (!fixture) {
    fixture = realFetch(new URL(`../../fixtures/${dashboard}.json`, import.meta.url)).then((response) => response.json() as Promise<DashboardFixture>);
    fixtureCache.set(dashboard, fixture);
  }
  // A deep copy, so a test may change its definition.
  return fixture.then((value) => structuredClone(value));
}

export const API = 'https://analytics.example.com';

export const defaultViewer: ViewerResponse = {
  tenant: { id: 'acme', displayName: 'Acme Learning' },
  subject: 'user-1',
  role: 'manager',
  permissions: ['export'],
  theme: { primaryColor: '#7a1fa2', mode: 'light' },
};

/** One request the fake received. */
export interface FakeApiRequest {
  method: string;
  path: string;
  body: unknown;
  token: string | undefined;
  headers: Headers;
  signal: AbortSignal | undefined;
  credentials: RequestCredentials | undefined;
}

/** A data request held until the test releases it. */
export interface HeldRequest {
  request: FakeApiRequest;
  release(): void;
}

/**
 * Plays the Kineo API for one dashboard. Every data answer carries the number of its request in
 * `elapsedMs` of each panel, so a test can tell which request's rows a panel shows.
 */
export class FakeDashboardApi {
  readonly requests: FakeApiRequest[] = [];
  viewer: ViewerResponse = structuredClone(defaultViewer);
  options: Record<string, FilterOptionsResponse> = {};
  /** Answers that replace the fake's own for one route (`GET /v1/viewer`, …); return undefined to fall through. */
  override: ((request: FakeApiRequest) => Response | Promise<Response | undefined> | undefined) | undefined;
  /** Tokens the API refuses with a 401. */
  readonly refusedTokens = new Set<string>();
  /** Hold data answers until `release()`. */
  holdData = false;
  readonly held: HeldRequest[] = [];
  /** Answer even when the caller aborted (as if the answer crossed the abort on the wire). */
  ignoreAbort = false;
  #dataRequests = 0;

  constructor(readonly fixture: DashboardFixture) {}

  /** The bodies of the data requests, in order. */
  get dataBodies(): DashboardDataRequest[] {
    return this.requests.filter((r) => r.method === 'POST' && r.path.endsWith('/data')).map((r) => r.body as DashboardDataRequest);
  }

  /** Requests to `method path`. */
  calls(method: string, path: string): FakeApiRequest[] {
    return this.requests.filter((r) => r.method === method && r.path === path);
  }

  /** A `fetch` for the client (or to install as the global one); URLs outside the API go to the real one. */
  readonly fetch = ((input: RequestInfo | URL, init: RequestInit = {}): Promise<Response> => {
    const url = new URL(typeof input === 'string' ? input : input instanceof URL ? input.href : input.url, location.href);
    if (url.origin !== new URL(API).origin) return realFetch(input, init);
    const headers = new Headers(init.headers);
    const request: FakeApiRequest = {
      method: init.method ?? 'GET',
      path: url.pathname,
      body: typeof init.body === 'string' ? JSON.parse(init.body) : undefined,
      token: /^Bearer (\S+)$/.exec(headers.get('authorization') ?? '')?.[1],
      headers,
      signal: init.signal ?? undefined,
      credentials: init.credentials,
    };
    this.requests.push(request);
    const signal = request.signal;
    if (signal?.aborted && !this.ignoreAbort) return Promise.reject(signal.reason);
    return new Promise<Response>((resolve, reject) => {
      const onAbort = () => {
        if (!this.ignoreAbort) reject(signal?.reason);
      };
      signal?.addEventListener('abort', onAbort, { once: true });
      this.#answer(request).then(resolve, reject).finally(() => signal?.removeEventListener('abort', onAbort));
    });
  }) as typeof fetch;

  /** Releases the held data answers in the order given (indexes into `held`). */
  release(...indexes: number[]): void {
    for (const index of indexes) this.held[index]?.release();
  }

  async #answer(request: FakeApiRequest): Promise<Response> {
    await Promise.resolve();
    if (request.token === undefined || this.refusedTokens.has(request.token))
      return json({ error: { code: 'unauthenticated', message: 'The embed token has expired' } }, 401);
    const overridden = await this.override?.(request);
    if (overridden) return overridden;
    const id = this.fixture.dashboard;
    const { method, path } = request;
    if (method === 'GET' && path === '/v1/viewer') return json(this.viewer);
    if (method === 'GET' && path === `/v1/dashboards/${id}`) return json(this.fixture.definition);
    if (method === 'POST' && path === `/v1/dashboards/${id}/data`) {
      const number = ++this.#dataRequests;
      const response = this.#data(request.body as DashboardDataRequest, number);
      if (this.holdData) {
        const gate: Deferred<void> = deferred();
        this.held.push({ request, release: () => gate.resolve() });
        await gate.promise;
      }
      return json(response);
    }
    if (method === 'POST' && path === '/v1/query') return json(this.#query(request.body as QueryRequest));
    const options = new RegExp(`^/v1/dashboards/${id}/filters/([a-z][a-z0-9_-]*)/options$`).exec(path);
    if (method === 'GET' && options) {
      const answer = this.options[options[1]!] ?? this.#defaultOptions(options[1]!);
      return answer ? json(answer) : json({ error: { code: 'not_found', message: 'No such filter' } }, 404);
    }
    const exportPath = new RegExp(`^/v1/dashboards/${id}/panels/([a-z][a-z0-9_-]*)/export$`).exec(path);
    if (method === 'POST' && exportPath) {
      if (!this.viewer.permissions.includes('export'))
        return json({ error: { code: 'forbidden', message: 'The token does not grant "export"' } }, 403);
      const format = (request.body as { format: string }).format;
      return new Response(`panel,format\n${exportPath[1]},${format}\n`, {
        status: 200,
        headers: {
          'content-type': format === 'csv' ? 'text/csv; charset=utf-8' : 'application/vnd.openxmlformats-officedocument.spreadsheetml.sheet',
          'content-disposition': `attachment; filename="${id}-${exportPath[1]}.${format}"; filename*=UTF-8''${id}-${exportPath[1]}%20(filtered).${format}`,
        },
      });
    }
    return json({ error: { code: 'not_found', message: `No route ${method} ${path}` } }, 404);
  }

  /** The panel's rows at the end of `path`, from the fixture. */
  #rows(panel: string, path: readonly (string | number)[]): QueryResult | undefined {
    if (path.length === 0) return this.fixture.data.response.panels[panel];
    const step = this.fixture.drill[panel]?.find((s) => s.path.length === path.length);
    return step && { ...step.query.response, level: path.length };
  }

  #data(body: DashboardDataRequest, number: number): DashboardDataResponse {
    const ids = body.panels ?? this.fixture.definition.panels.map((p) => p.id);
    const panels: Record<string, QueryResult> = {};
    for (const id of ids) {
      const rows = this.#rows(id, body.drill?.[id] ?? []);
      if (rows) panels[id] = { ...rows, elapsedMs: number };
    }
    return { dashboard: this.fixture.dashboard, panels, errors: {} };
  }

  #query(body: QueryRequest): QueryResult {
    const rows = this.#rows(body.panel, body.drill ?? []);
    if (!rows) throw new Error(`no fixture rows for ${body.panel}`);
    const offset = body.page?.offset ?? 0;
    const limit = body.page?.limit ?? rows.rowCount;
    return {
      ...rows,
      data: rows.data.map((column) => column.slice(offset, offset + limit)),
      rowCount: Math.max(0, Math.min(limit, rows.rowCount - offset)),
      page: {
        offset,
        limit,
        total: rows.rowCount,
        ...(body.page?.sort && { sort: { column: body.page.sort.column, direction: body.page.sort.direction ?? 'asc' } }),
      },
    };
  }

  #defaultOptions(filterId: string): FilterOptionsResponse | undefined {
    const filter = this.fixture.definition.filters.find((f) => f.id === filterId);
    if (!filter) return undefined;
    if (filter.kind === 'dateRange') return { filter: filterId, kind: 'dateRange', range: { min: '2024-01-01', max: '2026-06-30' }, locked: false };
    return {
      filter: filterId,
      kind: filter.kind,
      options: [
        { value: `${filterId}-a`, label: `${filter.label} A`, depth: 0 },
        { value: `${filterId}-b`, label: `${filter.label} B`, depth: 1 },
        { value: `${filterId}-c`, label: `${filter.label} C`, depth: 1 },
      ],
      locked: false,
    };
  }
}
