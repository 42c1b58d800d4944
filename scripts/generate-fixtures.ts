// Writes packages/elements/fixtures/<dashboard>.json: what the real API answers for every shipped
// dashboard, as the acme demo tenant's admin sees it. Storybook stories and browser tests render
// these instead of calling a server.
//
//   npx tsx scripts/generate-fixtures.ts
//
// The app runs in-process (createTestApp) on the deterministic demo data: the seeded folder named
// by KINEO_TEST_DATA_DIR when set (the Node test runner's), else a temporary one seeded here.
// packages/elements/fixtures/fixtures.test.ts regenerates in memory and fails when the committed
// files differ, so run this after changing a dashboard, a query or the demo data.
import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';
import type { DashboardDataRequest, DashboardDefinition, DrillPath, FilterOptionsResponse, FilterValues, QueryRequest, QueryResult, ViewerResponse } from '@kineo/core';
import { resultRows } from '@kineo/core';
import { createTestApp, type TestApp } from '../server/src/testing/test-app.js';

export const FIXTURES_DIR = fileURLToPath(new URL('../packages/elements/fixtures/', import.meta.url));
export const REGENERATE_COMMAND = 'npx tsx scripts/generate-fixtures.ts';

const TENANT = 'acme';
const ROLE = 'admin';
/** Stands in for the random request id of error bodies, so the files are stable. */
const FIXTURE_REQUEST_ID = 'fixture-request';
/** A date range no demo enrolment falls in: every panel answers with no rows (KPIs with nulls). */
const EMPTY_PERIOD = { from: '1990-01-01', to: '1990-01-31' };

/** One API exchange as a fixture: what was asked and what the API answered. */
interface Exchange<Request, Response> {
  request: Request;
  status: number;
  response: Response;
}

/** One drill level's rows for the value of `from` in the first row of the level above. */
interface DrillFixture {
  level: number;
  from: string;
  path: DrillPath;
  query: Exchange<QueryRequest, QueryResult>;
}

export interface DashboardFixture {
  $comment: string;
  tenant: string;
  role: string;
  dashboard: string;
  definition: DashboardDefinition;
  data: Exchange<DashboardDataRequest, unknown>;
  /** Per panel with drill levels: each level in order, following the first mark down. */
  drill: Record<string, DrillFixture[]>;
  /** The whole dashboard under a filter nothing matches. */
  empty: Exchange<DashboardDataRequest, unknown>;
  /** The API's answer to a bad request (a date range that ends before it starts). */
  error: Exchange<DashboardDataRequest, unknown>;
  /** `GET /v1/viewer` for the fixture's token: tenant, role, permissions, theme. */
  viewer: ViewerResponse;
  /** `GET /v1/dashboards/:id/filters/:filter/options` for every filter of the dashboard. */
  filterOptions: Record<string, FilterOptionsResponse>;
}

async function call<Request, Response>(
  app: TestApp,
  token: string,
  path: string,
  request?: Request,
): Promise<Exchange<Request, Response> & { ok: boolean }> {
  const answer = await app.request(path, token, request);
  const response = (await answer.json()) as Response;
  return { request: request as Request, status: answer.status, response, ok: answer.ok };
}

async function callOk<Request, Response>(app: TestApp, token: string, path: string, request?: Request): Promise<Exchange<Request, Response>> {
  const { ok, ...exchange } = await call<Request, Response>(app, token, path, request);
  if (!ok) throw new Error(`${path} answered ${exchange.status}: ${JSON.stringify(exchange.response)}`);
  return exchange;
}

/** A filter value that matches no row of the demo data, for the dashboard's first filter that can express one. */
function emptyFilters(definition: DashboardDefinition): FilterValues {
  const dateRange = definition.filters.find((f) => f.kind === 'dateRange');
  if (dateRange) return { [dateRange.id]: EMPTY_PERIOD };
  const multiSelect = definition.filters.find((f) => f.kind === 'multiSelect');
  if (multiSelect) return { [multiSelect.id]: ['no-such-value'] };
  throw new Error(`dashboard "${definition.id}" has no date-range or multi-select filter to produce an empty example with`);
}

/** A request the API refuses with 400: a date range whose end is before its start. */
function badFilters(definition: DashboardDefinition): FilterValues {
  const dateRange = definition.filters.find((f) => f.kind === 'dateRange');
  if (dateRange) return { [dateRange.id]: { from: '2026-02-01', to: '2026-01-01' } };
  return { 'no-such-filter': ['x'] };
}

async function drillFixtures(app: TestApp, token: string, definition: DashboardDefinition, data: Record<string, QueryResult>) {
  const drill: Record<string, DrillFixture[]> = {};
  for (const panel of definition.panels) {
    if (!panel.drill?.length) continue;
    const levels: DrillFixture[] = [];
    let above = data[panel.id];
    const path: DrillPath = [];
    for (const [i, level] of panel.drill.entries()) {
      const first = above ? resultRows(above)[0] : undefined;
      const value = first?.[level.from];
      if (typeof value !== 'string' && typeof value !== 'number')
        throw new Error(`${definition.id}/${panel.id}: the first row of level ${i} has no "${level.from}" to drill into level ${i + 1}`);
      path.push(value);
      const request: QueryRequest = { dashboard: definition.id, panel: panel.id, drill: [...path] };
      const query = await callOk<QueryRequest, QueryResult>(app, token, '/v1/query', request);
      levels.push({ level: i + 1, from: level.from, path: [...path], query });
      above = query.response;
    }
    drill[panel.id] = levels;
  }
  return drill;
}

async function dashboardFixture(app: TestApp, token: string, id: string): Promise<DashboardFixture> {
  const definition = (await callOk<undefined, DashboardDefinition>(app, token, `/v1/dashboards/${id}`)).response;
  const dataRequest: DashboardDataRequest = { filters: {} };
  const data = await callOk<DashboardDataRequest, { panels: Record<string, QueryResult> }>(app, token, `/v1/dashboards/${id}/data`, dataRequest);
  const empty = await callOk<DashboardDataRequest, unknown>(app, token, `/v1/dashboards/${id}/data`, { filters: emptyFilters(definition) });
  const { ok, ...error } = await call<DashboardDataRequest, unknown>(app, token, `/v1/dashboards/${id}/data`, { filters: badFilters(definition) });
  if (ok) throw new Error(`${id}: the error example was answered with ${error.status}, not an error`);
  const viewer = (await callOk<undefined, ViewerResponse>(app, token, '/v1/viewer')).response;
  const filterOptions: Record<string, FilterOptionsResponse> = {};
  for (const filter of definition.filters)
    filterOptions[filter.id] = (await callOk<undefined, FilterOptionsResponse>(app, token, `/v1/dashboards/${id}/filters/${filter.id}/options`)).response;
  return {
    $comment: `Generated by \`${REGENERATE_COMMAND}\` from the real API on the demo data; do not edit.`,
    tenant: TENANT,
    role: ROLE,
    dashboard: id,
    definition,
    data,
    drill: await drillFixtures(app, token, definition, data.response.panels),
    empty,
    error,
    viewer,
    filterOptions,
  };
}

/**
 * JSON with timings zeroed, request ids fixed and object keys sorted, so that regenerating gives
 * the same bytes. Keys inside chart specs (`spec`, `vega`) keep the compiler's order: Vega reads
 * some of them in order, and the compiler is deterministic.
 */
export function stableJson(value: unknown): string {
  const normalise = (v: unknown, key: string | undefined, inSpec: boolean): unknown => {
    if (Array.isArray(v)) return v.map((item) => normalise(item, undefined, inSpec));
    if (v === null || typeof v !== 'object') {
      if (!inSpec && key === 'elapsedMs') return 0;
      if (!inSpec && key === 'requestId') return FIXTURE_REQUEST_ID;
      return v;
    }
    const entries = Object.entries(v as Record<string, unknown>);
    if (!inSpec) entries.sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return Object.fromEntries(entries.map(([k, item]) => [k, normalise(item, k, inSpec || k === 'spec' || k === 'vega')]));
  };
  return `${JSON.stringify(normalise(value, undefined, false), null, 2)}\n`;
}

/** Every fixture file's name and content, generated from a fresh in-process app. */
export async function generateFixtures(): Promise<Map<string, string>> {
  const app = await createTestApp();
  try {
    const token = await app.token({ tenant: TENANT, role: ROLE });
    const ids = [...app.config.catalog.dashboards.keys()].sort();
    const files = new Map<string, string>();
    for (const id of ids) files.set(`${id}.json`, stableJson(await dashboardFixture(app, token, id)));
    return files;
  } finally {
    await app.close();
  }
}

async function main() {
  const files = await generateFixtures();
  mkdirSync(FIXTURES_DIR, { recursive: true });
  for (const [name, content] of files) {
    writeFileSync(join(FIXTURES_DIR, name), content);
    console.log(`wrote packages/elements/fixtures/${name} (${(content.length / 1024).toFixed(1)} kB)`);
  }
}

if (process.argv[1] && import.meta.url === pathToFileURL(process.argv[1]).href) await main();
