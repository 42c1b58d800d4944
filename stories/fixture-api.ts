// The Kineo API played in the page for Storybook: answers from the fixtures generated from the real
// API on the demo data (packages/elements/fixtures, `npx tsx scripts/generate-fixtures.ts`), so
// every story runs the real elements, token lifecycle and store, with no server.
//
// The API URL says how the fake behaves: `https://<mode>.fixtures.kineo.invalid`.
import type { DashboardDataRequest, DashboardDataResponse, QueryRequest, QueryResult } from '@kineo/core';
import compliance from '../packages/elements/fixtures/compliance.json' with { type: 'json' };
import learningProgress from '../packages/elements/fixtures/learning-progress.json' with { type: 'json' };
import teamPerformance from '../packages/elements/fixtures/team-performance.json' with { type: 'json' };

export type FixtureMode =
  /** Everything answers from the fixtures, exports allowed. */
  | 'ready'
  /** Data and filter-option requests never answer: the loading state stays. */
  | 'loading'
  /** Data and filter-option requests fail with the fixture's 400 error body. */
  | 'error'
  /** The dashboard is not granted: 403 on its definition. */
  | 'forbidden'
  /** Data answers are the fixture's "nothing matches" answer. */
  | 'empty';

export function fixtureApi(mode: FixtureMode): string {
  return `https://${mode}.fixtures.kineo.invalid`;
}

type Fixture = typeof learningProgress;
const fixtures: Record<string, Fixture> = {
  'learning-progress': learningProgress,
  compliance: compliance as unknown as Fixture,
  'team-performance': teamPerformance as unknown as Fixture,
};

/**
 * A token with the shape the elements read (`iat`, `exp`): the fake API accepts anything, so it is
 * not signed. Good for 15 minutes from now.
 */
export function fixtureToken(): string {
  const encode = (value: object) => btoa(JSON.stringify(value)).replace(/=+$/, '').replace(/\+/g, '-').replace(/\//g, '_');
  const now = Math.floor(Date.now() / 1000);
  return `${encode({ alg: 'none', typ: 'kineo-embed+jwt' })}.${encode({ sub: 'acme-u000001', tenant: 'acme', role: 'admin', iat: now, exp: now + 900 })}.fixture`;
}

const json = (body: unknown, status = 200) => new Response(JSON.stringify(body), { status, headers: { 'content-type': 'application/json' } });
const never = () => new Promise<Response>(() => {});

function answer(mode: FixtureMode, method: string, path: string, body: unknown): Promise<Response> | Response {
  const dashboardPath = /^\/v1\/dashboards\/([a-z][a-z0-9_-]*)(\/.*)?$/.exec(path);
  const fixture = dashboardPath ? fixtures[dashboardPath[1]!] : learningProgress;
  if (!fixture) return json({ error: { code: 'not_found', message: 'There is no such dashboard.' } }, 404);
  const rest = dashboardPath?.[2] ?? '';

  if (path === '/v1/viewer') return json({ ...fixture.viewer, permissions: ['export'] });
  if (path === '/v1/dashboards') return json({ dashboards: Object.values(fixtures).map((f) => ({ id: f.dashboard, title: f.definition.title })) });
  if (dashboardPath && rest === '' && method === 'GET') {
    if (mode === 'forbidden') return json({ error: { code: 'forbidden', message: 'This dashboard is not granted to this token.' } }, 403);
    return json(fixture.definition);
  }
  if (mode === 'loading') return never();
  if (mode === 'error') return json(fixture.error.response, fixture.error.status);

  const options = /^\/filters\/([a-z][a-z0-9_-]*)\/options$/.exec(rest);
  if (options) return json((fixture.filterOptions as Record<string, unknown>)[options[1]!]);

  if (rest === '/data') return json(dashboardData(fixture, mode, body as DashboardDataRequest));
  if (path === '/v1/query') return json(panelQuery(fixture, body as QueryRequest));
  const exported = /^\/panels\/([a-z][a-z0-9_-]*)\/export$/.exec(rest);
  if (exported) {
    const result = panelQuery(fixture, { dashboard: fixture.dashboard, panel: exported[1]! });
    const lines = [result.columns.map((c) => c.name).join(','), ...rowsOf(result).map((row) => row.map((v) => JSON.stringify(v ?? '')).join(','))];
    return new Response(`${lines.join('\r\n')}\r\n`, {
      headers: { 'content-type': 'text/csv', 'content-disposition': `attachment; filename="${fixture.dashboard}-${exported[1]}.csv"` },
    });
  }
  return json({ error: { code: 'not_found', message: 'There is nothing at this address.' } }, 404);
}

function rowsOf(result: QueryResult): unknown[][] {
  return Array.from({ length: result.rowCount }, (_, r) => result.columns.map((_, c) => result.data[c]![r]));
}

function dashboardData(fixture: Fixture, mode: FixtureMode, request: DashboardDataRequest): DashboardDataResponse {
  const source = (mode === 'empty' ? fixture.empty.response : fixture.data.response) as unknown as DashboardDataResponse;
  const wanted = request.panels ?? Object.keys(source.panels);
  const panels: Record<string, QueryResult> = {};
  for (const id of wanted) {
    const path = request.drill?.[id] ?? [];
    panels[id] = path.length > 0 ? panelQuery(fixture, { dashboard: fixture.dashboard, panel: id, drill: path }) : source.panels[id]!;
  }
  return { dashboard: fixture.dashboard, panels, errors: {} };
}

/** A panel's rows at the drill level the request names; the fixture holds one path per panel. */
function panelQuery(fixture: Fixture, request: QueryRequest): QueryResult {
  const depth = request.drill?.length ?? 0;
  const levels = (fixture.drill as Record<string, { level: number; query: { response: unknown } }[]>)[request.panel] ?? [];
  const level = levels.find((l) => l.level === depth);
  const base = (level?.query.response ?? (fixture.data.response.panels as Record<string, unknown>)[request.panel]) as QueryResult;
  const page = request.page;
  if (!page || !base.page) return base;
  const offset = page.offset ?? 0;
  const limit = page.limit ?? base.page.limit;
  const data = base.data.map((column) => column.slice(offset, offset + limit));
  return { ...base, data, rowCount: data[0]?.length ?? 0, page: { ...base.page, offset, limit } };
}

let installed = false;

/** Routes the page's `fetch` calls to `*.fixtures.kineo.invalid` to the fake; others pass through. */
export function installFixtureApi(): void {
  if (installed) return;
  installed = true;
  const realFetch = globalThis.fetch.bind(globalThis);
  globalThis.fetch = async (input: RequestInfo | URL, init?: RequestInit) => {
    const request = new Request(input, init);
    const url = new URL(request.url);
    const mode = /^([a-z]+)\.fixtures\.kineo\.invalid$/.exec(url.hostname)?.[1] as FixtureMode | undefined;
    if (!mode) return realFetch(input, init);
    const body = request.method === 'POST' ? await request.json() : undefined;
    return answer(mode, request.method, url.pathname, body);
  };
}
