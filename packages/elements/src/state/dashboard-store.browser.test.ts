// Browser tests of DashboardStore against a fake Kineo API answering from the committed fixtures.
// Time is a FakeClock (token lifetimes, retries): no test waits for real time to pass.
import type { QueryRequest } from '@kineo/core';
import { KineoApiError } from '../errors.js';
import { FakeClock, FakeIssuer, assert, assertEqual, deferred, json, rejectionOf, settle } from '../testing/fakes.js';
import type { DashboardContextValue } from './dashboard-context.js';
import { DashboardStore, type DashboardStoreOptions } from './dashboard-store.js';
import { API, FakeDashboardApi, loadFixture } from './fake-dashboard-api.js';
import { captureWarnings, recordEvents, until } from './test-support.js';

declare const describe: (name: string, fn: () => void) => void;
declare const it: (name: string, fn: () => void | Promise<void>) => void;
declare const afterEach: (fn: () => void | Promise<void>) => void;

const SECOND = 1000;
const CATEGORY = 'completion-by-category';
const STATUS = 'status-breakdown';
const TREND = 'monthly-trend';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

async function setup(options: Partial<Omit<DashboardStoreOptions, 'onChange' | 'host'>> & { fixture?: string; ttlSeconds?: number; start?: boolean } = {}) {
  const fixture = await loadFixture(options.fixture ?? 'learning-progress');
  const api = new FakeDashboardApi(fixture);
  const clock = new FakeClock();
  const issuer = new FakeIssuer(clock, options.ttlSeconds ?? 600);
  const host = document.createElement('div');
  document.body.append(host);
  const recorder = recordEvents(document);
  const values: DashboardContextValue[] = [];
  const { fixture: _f, ttlSeconds: _t, start, ...rest } = options;
  const store = new DashboardStore({
    host,
    api: API,
    dashboard: fixture.dashboard,
    tokens: { tokenProvider: issuer.provider },
    fetch: api.fetch,
    clock,
    onChange: (value) => values.push(value),
    ...rest,
  });
  cleanups.push(() => {
    store.dispose();
    host.remove();
  });
  if (start !== false) {
    store.start();
    await until(() => store.value.snapshot.status !== 'loading' && Object.values(store.value.snapshot.panels).every((p) => p.status !== 'loading'), 'the first data');
  }
  const snapshot = () => store.value.snapshot;
  return { fixture, api, clock, issuer, host, store, values, snapshot, ...recorder };
}

/** `elapsedMs` carries the number of the data request whose rows a panel shows. */
function shownRequest(store: DashboardStore, panel: string): number | undefined {
  return store.value.snapshot.panels[panel]?.result?.elapsedMs;
}

describe('DashboardStore: start', () => {
  it('loads viewer and definition in parallel, then every panel in ONE data request', async () => {
    const fixture = await loadFixture('learning-progress');
    const api = new FakeDashboardApi(fixture);
    const gate = deferred<void>();
    // Neither GET is answered until both were sent: a sequential start would hang here.
    api.override = async (request): Promise<Response | undefined> => {
      if (request.method === 'GET') await gate.promise;
      return undefined;
    };
    const clock = new FakeClock();
    const issuer = new FakeIssuer(clock);
    const host = document.createElement('div');
    const recorder = recordEvents(host);
    const statuses: string[] = [];
    const store = new DashboardStore({
      host,
      api: API,
      dashboard: 'learning-progress',
      tokens: { tokenProvider: issuer.provider },
      fetch: api.fetch,
      clock,
      onChange: (value) => statuses.push(value.snapshot.status),
    });
    cleanups.push(() => store.dispose());
    assertEqual(store.value.snapshot.status, 'idle', 'idle before start');
    store.start();
    assertEqual(statuses, ['loading'], 'loading at once');
    await until(() => api.requests.length >= 2, 'the two GETs');
    assertEqual(api.requests.map((r) => `${r.method} ${r.path}`), ['GET /v1/viewer', 'GET /v1/dashboards/learning-progress'], 'parallel GETs');
    gate.resolve();
    await until(() => recorder.of('kineo-ready').length === 1, 'kineo-ready');
    const panelIds = fixture.definition.panels.map((p) => p.id);
    assertEqual(api.dataBodies, [{ filters: {} }], 'one data request, no panel list');
    assertEqual(api.requests.length, 3, 'three requests in all');
    const snapshot = store.value.snapshot;
    assertEqual(snapshot.status, 'ready', 'ready');
    assertEqual(Object.keys(snapshot.panels), panelIds, 'a state per panel');
    assert(Object.values(snapshot.panels).every((p) => p.status === 'ready' && p.result?.elapsedMs === 1), 'every panel shows request 1');
    assertEqual(snapshot.canExport, true, 'canExport from the viewer');
    assertEqual(snapshot.theme, { primaryColor: '#7a1fa2', mode: 'light' }, 'the tenant theme');
    assertEqual(recorder.of('kineo-ready'), [{ dashboard: 'learning-progress', panels: panelIds }], 'kineo-ready detail');
    assert(recorder.events.every((e) => e.bubbles && e.composed), 'events bubble and are composed');
    assert(recorder.of('kineo-token-refresh').length === 1 && recorder.of('kineo-token-refresh')[0]!.expiresAt instanceof Date, 'kineo-token-refresh');
  });

  it('without the export permission canExport is false; the theme attribute overrides the mode', async () => {
    const fixture = await loadFixture('learning-progress');
    const api = new FakeDashboardApi(fixture);
    api.viewer.permissions = [];
    const issuer = new FakeIssuer(new FakeClock());
    const store = new DashboardStore({
      host: document.createElement('div'),
      api: API,
      dashboard: 'learning-progress',
      tokens: { tokenProvider: issuer.provider },
      fetch: api.fetch,
      themeMode: 'dark',
      onChange: () => {},
    });
    cleanups.push(() => store.dispose());
    store.start();
    await until(() => store.value.snapshot.status === 'ready', 'ready');
    assertEqual([store.value.snapshot.canExport, store.value.snapshot.theme?.mode], [false, 'dark'], 'canExport, mode');
    store.setThemeMode(undefined);
    assertEqual(store.value.snapshot.theme?.mode, 'light', 'back to the tenant mode');
  });

  it('a 403 on the definition: error status with the API error, kineo-error source definition, no data request', async () => {
    const fixture = await loadFixture('learning-progress');
    const api = new FakeDashboardApi(fixture);
    api.override = (r) =>
      r.path === '/v1/dashboards/learning-progress' ? json({ error: { code: 'forbidden', message: 'The token does not grant this dashboard' } }, 403) : undefined;
    const { events, store, snapshot, of } = await withApi(api);
    await until(() => snapshot().status === 'error', 'error');
    assert(snapshot().error instanceof KineoApiError && (snapshot().error as KineoApiError).status === 403, 'the 403');
    assertEqual(of('kineo-error'), [{ error: { status: 403, code: 'forbidden', message: 'The token does not grant this dashboard' }, source: 'definition' }], 'kineo-error');
    assertEqual(api.dataBodies.length, 0, 'no data request');
    assert(!events.some((e) => e.type === 'kineo-ready'), 'not ready');
    // refresh() loads the definition again (and recovers once it is granted).
    api.override = undefined;
    await store.refresh();
    assertEqual([snapshot().status, api.dataBodies.length], ['ready', 1], 'recovered by refresh()');
  });

  it('per-panel errors: the panel shows its error, the others their data; kineo-error names the panel', async () => {
    const fixture = await loadFixture('learning-progress');
    const api = new FakeDashboardApi(fixture);
    api.override = (r) => {
      if (!r.path.endsWith('/data')) return undefined;
      const panels = { ...fixture.data.response.panels };
      delete panels[TREND];
      return json({ dashboard: 'learning-progress', panels, errors: { [TREND]: { code: 'query_timeout', message: 'The query took too long' } } });
    };
    const { snapshot, of } = await withApi(api);
    await until(() => of('kineo-ready').length === 1, 'ready');
    const trend = snapshot().panels[TREND]!;
    assert(trend.status === 'error' && trend.error instanceof KineoApiError && trend.error.status === 504, 'the panel error');
    assertEqual(snapshot().panels[CATEGORY]?.status, 'ready', 'others ready');
    assertEqual(of('kineo-error'), [{ error: { status: 504, code: 'query_timeout', message: 'The query took too long' }, panel: TREND, source: 'data' }], 'kineo-error');
  });
});

/** A started store over `api`. */
async function withApi(api: FakeDashboardApi, options: Partial<DashboardStoreOptions> = {}) {
  const clock = new FakeClock();
  const issuer = new FakeIssuer(clock);
  const host = document.createElement('div');
  document.body.append(host);
  const recorder = recordEvents(host);
  const store = new DashboardStore({
    host,
    api: API,
    dashboard: api.fixture.dashboard,
    tokens: { tokenProvider: issuer.provider },
    fetch: api.fetch,
    clock,
    onChange: () => {},
    ...options,
  });
  cleanups.push(() => {
    store.dispose();
    host.remove();
  });
  store.start();
  return { store, clock, issuer, snapshot: () => store.value.snapshot, ...recorder };
}

describe('DashboardStore: filters', () => {
  it('setFilters: one data request per change with the merged filters; kineo-filter-change detail', async () => {
    const { api, store, snapshot, of, clear } = await setup();
    clear();
    store.setFilters({ org: ['acme-o1', 'acme-o2'] }, 'filter-bar');
    assertEqual(
      Object.values(snapshot().panels).map((p) => [p.status, p.result?.elapsedMs]),
      Object.values(snapshot().panels).map(() => ['loading', 1]),
      'every panel loading, keeping its rows',
    );
    await until(() => api.dataBodies.length === 2, 'request 2');
    store.setFilters({ period: { from: '2025-01-01', to: '2025-12-31' } });
    await until(() => api.dataBodies.length === 3, 'request 3');
    store.setFilters({ org: null, category: [] });
    await until(() => Object.values(snapshot().panels).every((p) => p.status === 'ready'), 'data');
    assertEqual(
      api.dataBodies.slice(1),
      [
        { filters: { org: ['acme-o1', 'acme-o2'] } },
        { filters: { org: ['acme-o1', 'acme-o2'], period: { from: '2025-01-01', to: '2025-12-31' } } },
        { filters: { period: { from: '2025-01-01', to: '2025-12-31' } } },
      ],
      'one request per change, null and empty values clear',
    );
    assertEqual(snapshot().filters, { period: { from: '2025-01-01', to: '2025-12-31' } }, 'filters');
    assertEqual(
      of('kineo-filter-change'),
      [
        { filters: { org: ['acme-o1', 'acme-o2'] }, source: 'filter-bar' },
        { filters: { org: ['acme-o1', 'acme-o2'], period: { from: '2025-01-01', to: '2025-12-31' } }, source: 'host' },
        { filters: { period: { from: '2025-01-01', to: '2025-12-31' } }, source: 'host' },
      ],
      'kineo-filter-change details',
    );
    assert(Object.values(snapshot().panels).every((p) => p.result?.elapsedMs === 4), 'the last request is shown');
    (of('kineo-filter-change').at(-1)!.filters['period'] as { from?: string }).from = '1999-01-01';
    assertEqual(snapshot().filters, { period: { from: '2025-01-01', to: '2025-12-31' } }, 'a host changing a detail changes nothing');
    store.setFilters({ period: { from: '2025-01-01', to: '2025-12-31' } });
    await settle();
    assertEqual(api.dataBodies.length, 4, 'an unchanged value sends nothing');

    // A burst of changes in one task: the superseded ones are dropped before they are even sent.
    store.setFilters({ org: ['acme-o1'] });
    store.setFilters({ org: ['acme-o2'] });
    store.setFilters({ org: ['acme-o3'] });
    await until(() => Object.values(snapshot().panels).every((p) => p.status === 'ready'), 'data');
    assertEqual(api.dataBodies.slice(4), [{ filters: { period: { from: '2025-01-01', to: '2025-12-31' }, org: ['acme-o3'] } }], 'only the last is sent');
    assertEqual(of('kineo-filter-change').length, 6, 'but every change is an event');
  });

  it('invalid filters change nothing: kineo-error source data, no request', async () => {
    const { api, store, snapshot, of, clear } = await setup();
    store.setFilters({ org: ['acme-o1'] });
    await until(() => api.dataBodies.length === 2, 'the valid change');
    clear();
    const before = snapshot();
    const invalid: unknown[] = [
      { region: ['north'] }, // the dashboard has no such filter
      { period: 'last-year' }, // a date range needs { from, to }
      { org: 'acme-o1' }, // a multi-select needs a list
      { period: { from: '2025-12-31', to: '2025-01-01' } }, // inverted range
      { org: [''] }, // empty string
      { 'Bad Id': ['x'] }, // not a filter id
      ['org'], // not an object
    ];
    for (const filters of invalid) store.setFilters(filters as never);
    await settle();
    assertEqual(api.dataBodies.length, 2, 'nothing sent');
    assert(snapshot() === before, 'the snapshot is the same object');
    const errors = of('kineo-error');
    assertEqual(errors.length, invalid.length, 'one kineo-error each');
    assert(errors.every((e) => e.source === 'data' && e.error.code === 'bad_request' && e.error.status === 0), 'source data, bad_request');
    assert(errors[0]!.error.message.includes('filters.region') && errors[0]!.error.message.includes('no filter "region"'), errors[0]!.error.message);
    assertEqual(of('kineo-filter-change').length, 0, 'no filter change');
  });

  it('filters set before the definition are checked once it arrives: bad ones are refused with kineo-error', async () => {
    const { store, api, snapshot, of } = await setup({ start: false });
    store.start();
    store.setFilters({ org: ['acme-o1'], region: ['north'] });
    await until(() => api.dataBodies.length === 1, 'data');
    assertEqual(api.dataBodies[0], { filters: { org: ['acme-o1'] } }, 'the unknown filter was dropped before sending');
    assertEqual(snapshot().filters, { org: ['acme-o1'] }, 'filters');
    const error = of('kineo-error')[0];
    assert(error?.source === 'data' && error.error.message.includes('filters.region'), 'kineo-error names it');
  });

  it('a superseded request is aborted and its answer never shown, whatever the order answers arrive in', async () => {
    const { api, store } = await setup();
    api.holdData = true;
    api.ignoreAbort = true; // the old answers arrive anyway, as if they crossed the abort on the wire
    for (const [i, org] of ['acme-o1', 'acme-o2', 'acme-o3'].entries()) {
      store.setFilters({ org: [org] });
      await until(() => api.held.length === i + 1, `held request ${i + 1}`);
    }
    assertEqual(api.held.map((h) => h.request.signal?.aborted), [true, true, false], 'superseded requests aborted');
    api.release(2); // the latest first
    await until(() => shownRequest(store, CATEGORY) === 4, 'the latest');
    api.release(0, 1); // then the superseded ones
    await settle();
    await settle();
    assertEqual(shownRequest(store, CATEGORY), 4, 'still the latest rows');
    assert(Object.values(store.value.snapshot.panels).every((p) => p.status === 'ready' && p.result?.elapsedMs === 4), 'every panel');

    // And the other way round: the latest is answered last.
    store.setFilters({ org: ['acme-o4'] });
    await until(() => api.held.length === 4, 'held request 4');
    store.setFilters({ org: ['acme-o5'] });
    await until(() => api.held.length === 5, 'held request 5');
    api.release(3);
    await settle();
    await settle();
    assertEqual([shownRequest(store, CATEGORY), store.value.snapshot.panels[CATEGORY]?.status], [4, 'loading'], 'the superseded answer is dropped');
    api.release(4);
    await until(() => shownRequest(store, CATEGORY) === 6, 'the latest');
  });
});

describe('DashboardStore: selection, drill and cross-filter', () => {
  it('select on a drillable panel: kineo-select, then drill down; only that panel reloads and shows loading', async () => {
    const { api, store, snapshot, of, clear } = await setup();
    clear();
    store.select(CATEGORY, { category: 'Compliance', completion_rate: 0.77 });
    assertEqual(of('kineo-select'), [{ panel: CATEGORY, level: 0, datum: { category: 'Compliance', completion_rate: 0.77 } }], 'kineo-select');
    assertEqual(of('kineo-drill'), [{ panel: CATEGORY, level: 1, path: ['Compliance'], direction: 'down' }], 'kineo-drill');
    assertEqual(snapshot().drill, { [CATEGORY]: ['Compliance'] }, 'drill state');
    assertEqual(snapshot().panels[CATEGORY]?.status, 'loading', 'the drilled panel is loading');
    assertEqual(snapshot().panels[TREND], { status: 'ready', result: snapshot().panels[TREND]!.result! }, 'the others keep their data');
    await until(() => snapshot().panels[CATEGORY]?.status === 'ready', 'the drilled rows');
    assertEqual(api.dataBodies[1], { filters: {}, drill: { [CATEGORY]: ['Compliance'] }, panels: [CATEGORY] }, 'one request for the drilled panel');
    assertEqual(snapshot().panels[CATEGORY]?.result?.level, 1, 'level 1 rows');
    assertEqual(shownRequest(store, TREND), 1, 'the others were not reloaded');

    // Level 1 → level 2 (a table): the course's name is the breadcrumb label.
    store.select(CATEGORY, { course_id: 'acme-c005', course_name: 'Modern Slavery in the Supply Chain' });
    assertEqual(snapshot().drill[CATEGORY], ['Compliance', 'acme-c005'], 'path');
    assertEqual(snapshot().drillLabels?.[CATEGORY], [undefined, 'Modern Slavery in the Supply Chain'], 'labels');
    await until(() => api.dataBodies.length === 3, 'request');
    assertEqual(api.dataBodies[2]?.drill, { [CATEGORY]: ['Compliance', 'acme-c005'] }, 'drill body');

    // The last level has no next one: only kineo-select.
    clear();
    store.select(CATEGORY, { full_name: 'Ada Lovelace' });
    await settle();
    assertEqual(of('kineo-select'), [{ panel: CATEGORY, level: 2, datum: { full_name: 'Ada Lovelace' } }], 'select at level 2');
    assertEqual([of('kineo-drill').length, api.dataBodies.length], [0, 3], 'no drill, no request');

    // drillTo: back to the top.
    store.drillTo(CATEGORY, 0);
    assertEqual(of('kineo-drill'), [{ panel: CATEGORY, level: 0, path: [], direction: 'up' }], 'up');
    assertEqual([snapshot().drill, snapshot().drillLabels], [{}, {}], 'top level');
    await until(() => api.dataBodies.length === 4, 'request');
    assertEqual(api.dataBodies[3], { filters: {}, panels: [CATEGORY] }, 'top-level request');
    store.drillTo(CATEGORY, 0);
    store.drillTo(CATEGORY, -1);
    store.drillDown(CATEGORY, '');
    store.drillDown('no-such-panel', 'x');
    store.drillDown(TREND, 'x'); // no drill levels
    await settle();
    assertEqual(api.dataBodies.length, 4, 'no-ops send nothing');
  });

  it('select on a cross-filtering panel toggles its value and reloads the OTHER panels with crossFilter', async () => {
    const { api, store, snapshot, of, clear } = await setup();
    const others = api.fixture.definition.panels.map((p) => p.id).filter((id) => id !== STATUS);
    clear();
    store.select(STATUS, { status: 'overdue', status_label: 'Overdue', enrolments: 12 });
    const selection = { panel: STATUS, filter: 'status', values: ['overdue'] };
    assertEqual(snapshot().crossFilter, selection, 'selection');
    assertEqual(of('kineo-select').length, 1, 'kineo-select first');
    assertEqual(of('kineo-filter-change'), [{ filters: {}, crossFilter: selection, source: 'cross-filter' }], 'kineo-filter-change');
    assertEqual(snapshot().panels[STATUS]?.status, 'ready', 'the source panel does not reload');
    await until(() => api.dataBodies.length === 2, 'request');
    assertEqual(api.dataBodies[1], { filters: {}, crossFilter: selection, panels: others }, 'the other panels, with crossFilter');

    store.select(STATUS, { status: 'in_progress' });
    assertEqual(snapshot().crossFilter?.values, ['overdue', 'in_progress'], 'a second value is added');
    store.select(STATUS, { status: 'overdue' });
    assertEqual(snapshot().crossFilter?.values, ['in_progress'], 'selecting again removes it');
    store.select(STATUS, { status: 'in_progress' });
    assertEqual(snapshot().crossFilter, undefined, 'removing the only value clears the selection');
    await until(() => Object.values(snapshot().panels).every((p) => p.status === 'ready'), 'data');
    assertEqual(api.dataBodies.at(-1), { filters: {}, panels: others }, 'the last request has no crossFilter');
    assertEqual(of('kineo-filter-change').at(-1), { filters: {}, source: 'cross-filter' }, 'cleared: no crossFilter in the detail');

    store.select(STATUS, { status_label: 'no status field' });
    await settle();
    assertEqual(snapshot().crossFilter, undefined, 'a datum without the field changes nothing');
  });

  it('on a panel that both drills and cross-filters, a plain select drills and a Shift select (intent "filter") cross-filters', async () => {
    const { api, store, snapshot, of, clear } = await setup({ fixture: 'compliance' });
    const panel = 'overdue-by-organisation';
    const datum = { org_id: 'acme-o0002', organisation: 'Acme Manufacturing', overdue: 40 };
    clear();
    store.select(panel, datum, 'filter');
    assertEqual(snapshot().crossFilter, { panel, filter: 'org', values: ['acme-o0002'] }, 'cross-filtered');
    assertEqual([snapshot().drill, of('kineo-drill').length], [{}, 0], 'not drilled');
    await until(() => api.dataBodies.length === 2, 'request');
    assertEqual(api.dataBodies[1]?.crossFilter, { panel, filter: 'org', values: ['acme-o0002'] }, 'crossFilter in the request');

    store.select(panel, datum);
    assertEqual(snapshot().drill, { [panel]: ['acme-o0002'] }, 'the plain select drills');
    // Below the top level there is nothing to cross-filter: a Shift select there drills on too
    // (or does nothing at the last level), it never cross-filters.
    store.select(panel, { full_name: 'Ada Lovelace' }, 'filter');
    assertEqual(snapshot().crossFilter?.values, ['acme-o0002'], 'unchanged');
  });

  it('a selection in another cross-filtering panel replaces the first; clearCrossFilter clears it', async () => {
    const fixture = await loadFixture('learning-progress');
    fixture.definition.panels.find((p) => p.id === TREND)!.crossFilter = { field: 'category', filter: 'category' };
    const api = new FakeDashboardApi(fixture);
    const { store, snapshot, of } = await withApi(api);
    await until(() => of('kineo-ready').length === 1, 'ready');
    store.select(STATUS, { status: 'overdue' });
    await until(() => Object.values(snapshot().panels).every((p) => p.status === 'ready'), 'data');
    store.select(TREND, { category: 'Compliance' });
    assertEqual(snapshot().crossFilter, { panel: TREND, filter: 'category', values: ['Compliance'] }, 'replaced');
    await until(() => Object.values(snapshot().panels).every((p) => p.status === 'ready'), 'data');
    assertEqual(api.dataBodies.length, 3, 'one request per selection');
    assertEqual(api.dataBodies.at(-1)?.panels, undefined, 'a moved source reloads every panel');
    store.clearCrossFilter();
    assertEqual(snapshot().crossFilter, undefined, 'cleared');
    assertEqual(of('kineo-filter-change').at(-1), { filters: {}, source: 'cross-filter' }, 'event');
    await until(() => api.dataBodies.length === 4, 'request');
    assertEqual(api.dataBodies.at(-1)?.panels, fixture.definition.panels.map((p) => p.id).filter((id) => id !== TREND), 'all but the old source');
    store.clearCrossFilter();
    await settle();
    assertEqual(api.dataBodies.length, 4, 'clearing nothing sends nothing');
  });

  it('loadPage: POST /v1/query with the panel filters, the cross-filter folded in (not for its source), drill and page', async () => {
    const { api, store } = await setup();
    store.setFilters({ org: ['acme-o1'] });
    store.select(STATUS, { status: 'overdue' });
    store.select(CATEGORY, { category: 'Compliance' });
    store.select(CATEGORY, { course_id: 'acme-c005' });
    const page = await store.loadPage(CATEGORY, { offset: 25, limit: 25, sort: { column: 'full_name', direction: 'desc' } });
    await store.loadPage(STATUS, { offset: 0, limit: 10 });
    const queries = api.calls('POST', '/v1/query').map((r) => r.body as QueryRequest);
    assertEqual(
      queries,
      [
        {
          dashboard: 'learning-progress',
          panel: CATEGORY,
          filters: { org: ['acme-o1'], status: ['overdue'] },
          drill: ['Compliance', 'acme-c005'],
          page: { offset: 25, limit: 25, sort: { column: 'full_name', direction: 'desc' } },
        },
        { dashboard: 'learning-progress', panel: STATUS, filters: { org: ['acme-o1'] }, drill: [], page: { offset: 0, limit: 10 } },
      ],
      'query bodies',
    );
    assertEqual(page.page?.offset, 25, 'the page');
    const aborted = new AbortController();
    const pending = store.loadPage(CATEGORY, { offset: 0 }, aborted.signal);
    aborted.abort();
    const error = await rejectionOf(pending, 'an aborted page');
    assert(error instanceof DOMException && error.name === 'AbortError', 'AbortError');
  });
});

describe('DashboardStore: tokens', () => {
  it('filters, drill and cross-filter survive token refreshes (5-second tokens)', async () => {
    const { api, store, snapshot, clock, issuer, of } = await setup({ ttlSeconds: 5 });
    store.setFilters({ org: ['acme-o1'] });
    store.select(CATEGORY, { category: 'Compliance' });
    store.select(STATUS, { status: 'overdue' });
    await until(() => Object.values(snapshot().panels).every((p) => p.status === 'ready'), 'data');
    const state = { filters: snapshot().filters, drill: snapshot().drill, crossFilter: snapshot().crossFilter };
    const tokensBefore = new Set(api.requests.map((r) => r.token));
    for (let i = 0; i < 4; i++) {
      await clock.advance(6 * SECOND); // every token has expired
      await store.refresh();
    }
    assertEqual({ filters: snapshot().filters, drill: snapshot().drill, crossFilter: snapshot().crossFilter }, state, 'state unchanged');
    assert(issuer.calls >= 5, `new tokens were fetched (${issuer.calls})`);
    const last = api.dataBodies.at(-1)!;
    assertEqual(last, { filters: { org: ['acme-o1'] }, drill: { [CATEGORY]: ['Compliance'] }, crossFilter: state.crossFilter! }, 'the last request carries the whole state');
    assert(!tokensBefore.has(api.requests.at(-1)!.token), 'sent with a new token');
    assert(of('kineo-token-refresh').length >= 5, 'kineo-token-refresh per new token');
    assertEqual(api.calls('GET', '/v1/dashboards/learning-progress').length, 1, 'the definition is not reloaded');
  });

  it('401 mid-session → one refresh → the same request retried; the state is kept', async () => {
    const { api, store, snapshot, issuer } = await setup();
    store.setFilters({ category: ['Compliance'] });
    store.select(CATEGORY, { category: 'Compliance' });
    await until(() => Object.values(snapshot().panels).every((p) => p.status === 'ready'), 'data');
    api.refusedTokens.add(issuer.last); // revoked early
    const sent = api.requests.length;
    store.setFilters({ org: ['acme-o1'] });
    await until(() => Object.values(snapshot().panels).every((p) => p.status === 'ready'), 'data');
    const [refused, retried] = api.requests.slice(sent);
    assertEqual(api.requests.length - sent, 2, 'two sends');
    assertEqual(refused!.body, retried!.body, 'the same request retried');
    assertEqual(retried!.body, { filters: { category: ['Compliance'], org: ['acme-o1'] }, drill: { [CATEGORY]: ['Compliance'] } }, 'with the whole state');
    assert(refused!.token !== retried!.token && retried!.token === issuer.last, 'with the new token');
    assertEqual(issuer.calls, 2, 'one refresh');
    assertEqual(snapshot().status, 'ready', 'no error');
  });

  it('a failing provider: error state + kineo-error (token), retries with backoff, recovers by itself', async () => {
    const { api, store, snapshot, clock, issuer, of, clear } = await setup({ ttlSeconds: 60 });
    store.setFilters({ org: ['acme-o1'] });
    await until(() => Object.values(snapshot().panels).every((p) => p.status === 'ready'), 'data');
    clear();
    issuer.failing = new Error('The host session has ended');
    await clock.advance(61 * SECOND); // the token expired; the next request needs a new one
    store.setFilters({ category: ['Compliance'] });
    await until(() => snapshot().status === 'error', 'error state');
    assert(snapshot().error?.name === 'TokenUnavailableError', 'the token error');
    assert(snapshot().error!.message.includes('The host session has ended'), snapshot().error!.message);
    assertEqual(of('kineo-error'), [{ error: { status: 0, code: 'token_unavailable', message: snapshot().error!.message }, source: 'token' }], 'kineo-error');
    assert(Object.values(snapshot().panels).every((p) => p.status === 'error' && p.result !== undefined), 'panels in error, rows kept');
    assertEqual(snapshot().filters, { org: ['acme-o1'], category: ['Compliance'] }, 'the change is kept');

    // Backoff: 5 s, 10 s, 20 s … while the provider still fails.
    const attempts = () => issuer.calls;
    const at0 = attempts();
    await clock.advance(4.9 * SECOND);
    assertEqual(attempts(), at0, 'nothing before 5 s');
    await clock.advance(0.1 * SECOND);
    assertEqual(attempts(), at0 + 1, 'a retry at 5 s');
    await clock.advance(9.9 * SECOND);
    assertEqual(attempts(), at0 + 1, 'nothing before 10 s more');
    await clock.advance(0.1 * SECOND);
    assertEqual(attempts(), at0 + 2, 'a retry 10 s later');
    assertEqual(of('kineo-error').length, 3, 'each failed attempt is reported');

    issuer.failing = undefined;
    const dataBefore = api.dataBodies.length;
    await clock.advance(20 * SECOND);
    await until(() => snapshot().status === 'ready', 'recovered');
    assertEqual(snapshot().error, undefined, 'no error');
    assertEqual(api.dataBodies.length, dataBefore + 1, 'one request');
    assertEqual(api.dataBodies.at(-1), { filters: { org: ['acme-o1'], category: ['Compliance'] } }, 'with the state');
    assert(Object.values(snapshot().panels).every((p) => p.status === 'ready'), 'panels ready');
    assertEqual(clock.pendingTimers, 0, 'no retry left scheduled');
  });

  it('a failing provider at start recovers on refresh(), and a change recovers too', async () => {
    const fixture = await loadFixture('learning-progress');
    const api = new FakeDashboardApi(fixture);
    const clock = new FakeClock();
    const issuer = new FakeIssuer(clock);
    issuer.failing = new Error('token endpoint down');
    const host = document.createElement('div');
    const recorder = recordEvents(host);
    const store = new DashboardStore({ host, api: API, dashboard: 'learning-progress', tokens: { tokenProvider: issuer.provider }, fetch: api.fetch, clock, onChange: () => {} });
    cleanups.push(() => store.dispose());
    store.start();
    await until(() => store.value.snapshot.status === 'error', 'error');
    assertEqual(recorder.of('kineo-error').map((e) => e.source), ['token'], 'source token');
    assertEqual(api.requests.length, 0, 'nothing sent without a token');
    issuer.failing = undefined;
    await store.refresh();
    assertEqual(store.value.snapshot.status, 'ready', 'recovered by refresh()');
    assertEqual(api.dataBodies.length, 1, 'data loaded');

    // Mid-session: a change while the provider fails, then the same change once it works again.
    issuer.failing = new Error('down again');
    store.setTokenSource({ tokenProvider: issuer.provider }); // the same source: nothing happens
    const second = new FakeIssuer(clock);
    second.failing = new Error('new source down');
    store.setTokenSource({ tokenProvider: second.provider });
    store.setFilters({ org: ['acme-o1'] });
    await until(() => store.value.snapshot.status === 'error', 'error');
    second.failing = undefined;
    store.setFilters({ org: ['acme-o1'] }); // unchanged, but recovers
    await until(() => store.value.snapshot.status === 'ready', 'recovered by setFilters');
    assertEqual(api.dataBodies.at(-1), { filters: { org: ['acme-o1'] } }, 'the state');
  });

  it('setTokenSource keeps state, re-sends a request waiting on the old source, and releases the old manager', async () => {
    const { api, store, snapshot, issuer, clock } = await setup();
    store.select(CATEGORY, { category: 'Compliance' });
    await until(() => snapshot().panels[CATEGORY]?.status === 'ready', 'data');
    const hanging = deferred<void>();
    issuer.gate = hanging.promise;
    issuer.failing = undefined;
    api.refusedTokens.add(issuer.last);
    store.setFilters({ org: ['acme-o1'] }); // 401 → waits for the old provider, which hangs
    await until(() => api.dataBodies.length === 3, 'the refused request');
    const replacement = new FakeIssuer(clock);
    store.setTokenSource({ tokenProvider: replacement.provider });
    await until(() => Object.values(snapshot().panels).every((p) => p.status === 'ready'), 'data');
    assertEqual(api.dataBodies.at(-1), { filters: { org: ['acme-o1'] }, drill: { [CATEGORY]: ['Compliance'] } }, 'state kept');
    assertEqual(api.requests.at(-1)?.token, replacement.last, 'the new source');
    assertEqual(api.calls('GET', '/v1/viewer').length, 1, 'no restart');
    hanging.resolve();
  });
});

describe('DashboardStore: export, options, scope, dispose', () => {
  /** Captures `<a download>` clicks instead of downloading. */
  function captureDownloads() {
    const downloads: { name: string; href: string; text: Promise<string> }[] = [];
    const onClick = (event: Event) => {
      const anchor = event.target;
      if (!(anchor instanceof HTMLAnchorElement) || !anchor.download) return;
      event.preventDefault();
      downloads.push({ name: anchor.download, href: anchor.href, text: fetch(anchor.href).then((r) => r.text()) });
    };
    document.addEventListener('click', onClick, true);
    cleanups.push(() => document.removeEventListener('click', onClick, true));
    return downloads;
  }

  it('exportPanel: the ExportRequest with the state, Bearer token, download named from Content-Disposition', async () => {
    const downloads = captureDownloads();
    const { api, store, issuer } = await setup();
    store.setFilters({ org: ['acme-o1'] });
    store.select(STATUS, { status: 'overdue' });
    store.select(CATEGORY, { category: 'Compliance' });
    await store.exportPanel(CATEGORY, 'csv');
    await store.exportPanel(STATUS, 'xlsx');
    const exports = api.requests.filter((r) => r.path.endsWith('/export'));
    assertEqual(
      exports.map((r) => [r.path, r.body]),
      [
        [
          `/v1/dashboards/learning-progress/panels/${CATEGORY}/export`,
          { format: 'csv', filters: { org: ['acme-o1'] }, drill: ['Compliance'], crossFilter: { panel: STATUS, filter: 'status', values: ['overdue'] } },
        ],
        [`/v1/dashboards/learning-progress/panels/${STATUS}/export`, { format: 'xlsx', filters: { org: ['acme-o1'] }, drill: [] }],
      ],
      'export requests (no cross-filter for its own source)',
    );
    assert(exports.every((r) => r.token === issuer.last && r.credentials === 'omit'), 'Bearer, no cookies');
    assertEqual(downloads.map((d) => d.name), [`learning-progress-${CATEGORY} (filtered).csv`, `learning-progress-${STATUS} (filtered).xlsx`], 'file names');
    assert(downloads.every((d) => d.href.startsWith('blob:') && !d.href.includes(issuer.last)), 'object URLs, no token');
    assertEqual(await downloads[0]!.text, `panel,format\n${CATEGORY},csv\n`, 'the file');
    assertEqual(document.querySelectorAll('a[download]').length, 0, 'the anchor is removed');
  });

  it('exportPanel is refused locally without the permission, and a 403 is reported', async () => {
    const downloads = captureDownloads();
    const fixture = await loadFixture('learning-progress');
    const api = new FakeDashboardApi(fixture);
    api.viewer.permissions = [];
    const { store, of } = await withApi(api);
    await until(() => of('kineo-ready').length === 1, 'ready');
    const refused = await rejectionOf(store.exportPanel(CATEGORY, 'csv'), 'an export without canExport');
    assert(refused instanceof KineoApiError && refused.code === 'forbidden', 'forbidden');
    assertEqual(api.requests.filter((r) => r.path.endsWith('/export')).length, 0, 'nothing sent');
    assertEqual(of('kineo-error').map((e) => [e.source, e.panel, e.error.code]), [['export', CATEGORY, 'forbidden']], 'kineo-error');

    // The viewer said yes, the API says no (permissions changed): rejection and kineo-error with the 403.
    const api2 = new FakeDashboardApi(fixture);
    const second = await withApi(api2);
    await until(() => second.of('kineo-ready').length === 1, 'ready');
    api2.viewer.permissions = [];
    const forbidden = await rejectionOf(second.store.exportPanel(CATEGORY, 'xlsx'), 'a 403 export');
    assert(forbidden instanceof KineoApiError && forbidden.status === 403, '403');
    assertEqual(second.of('kineo-error').map((e) => [e.source, e.panel, e.error.status]), [['export', CATEGORY, 403]], 'kineo-error');
    assertEqual(downloads.length, 0, 'nothing downloaded');
  });

  it('filterOptions: cached per filter for the session (concurrent callers share one request), refresh() forgets', async () => {
    const { api, store, of } = await setup();
    const path = '/v1/dashboards/learning-progress/filters/org/options';
    const [a, b] = await Promise.all([store.filterOptions('org'), store.filterOptions('org')]);
    assertEqual(a, b, 'same answer');
    await store.filterOptions('org');
    assertEqual(api.calls('GET', path).length, 1, 'one request');
    await store.filterOptions('category');
    await store.refresh();
    await store.filterOptions('org');
    assertEqual(api.calls('GET', path).length, 2, 'asked again after refresh()');

    // A caller that gives up does not cancel the request for the others.
    await store.refresh();
    const giveUp = new AbortController();
    const first = store.filterOptions('org', giveUp.signal);
    const second = store.filterOptions('org');
    giveUp.abort();
    await rejectionOf(first, 'an aborted options call');
    assertEqual((await second).filter, 'org', 'the other caller still gets it');

    // A failure is reported and not cached.
    api.override = (r) => (r.path.endsWith('/status/options') ? json({ error: { code: 'internal', message: 'boom' } }, 500) : undefined);
    await rejectionOf(store.filterOptions('status'), 'failing options');
    assertEqual(of('kineo-error').map((e) => [e.source, e.error.status]), [['options', 500]], 'kineo-error source options');
    api.override = undefined;
    assertEqual((await store.filterOptions('status')).filter, 'status', 'asked again after a failure');
  });

  it('panels: only those panels, named in the request; an unknown one is a panel error; [] loads no data', async () => {
    const { api, snapshot, of } = await setup({ panels: [TREND, 'no-such-panel'] });
    await until(() => of('kineo-ready').length === 1, 'ready');
    assertEqual(api.dataBodies, [{ filters: {}, panels: [TREND] }], 'the panel subset');
    assertEqual(Object.keys(snapshot().panels).sort(), ['monthly-trend', 'no-such-panel'], 'states');
    assertEqual(snapshot().panels['no-such-panel']?.status, 'error', 'unknown panel');
    assertEqual(of('kineo-ready'), [{ dashboard: 'learning-progress', panels: [TREND, 'no-such-panel'] }], 'ready detail');
    assertEqual(of('kineo-error').map((e) => [e.source, e.panel]), [['definition', 'no-such-panel']], 'kineo-error');

    const none = await setup({ panels: [] });
    await until(() => none.of('kineo-ready').length === 1, 'ready');
    none.store.setFilters({ org: ['acme-o1'] });
    await settle();
    assertEqual(none.api.dataBodies.length, 0, 'no data request, ever');
    assertEqual(none.snapshot().filters, { org: ['acme-o1'] }, 'filters still kept');
  });

  it('initialState: what fits the definition is used in the first request; the rest is dropped with a warning', async () => {
    const { warnings, restore } = captureWarnings();
    cleanups.push(restore);
    const { api, snapshot } = await setup({
      initialState: {
        filters: { org: ['acme-o1'], region: ['north'] },
        drill: { [CATEGORY]: ['Compliance', 'acme-c005', 'too-deep'], [TREND]: ['2025-01'] },
        crossFilter: { panel: STATUS, filter: 'status', values: ['overdue'] },
      },
    });
    assertEqual(
      api.dataBodies[0],
      { filters: { org: ['acme-o1'] }, drill: { [CATEGORY]: ['Compliance', 'acme-c005'] }, crossFilter: { panel: STATUS, filter: 'status', values: ['overdue'] } },
      'first request',
    );
    assertEqual(snapshot().drill, { [CATEGORY]: ['Compliance', 'acme-c005'] }, 'drill');
    assertEqual(warnings.length, 1, 'one warning');
    assert(warnings[0]!.includes('filters.region') && warnings[0]!.includes(`drill.${TREND}`) && warnings[0]!.includes(`drill.${CATEGORY}`), warnings[0]!);
  });

  it('applyViewState (Back/Forward): events with source url, one request for what changed', async () => {
    const { api, store, snapshot, of, clear } = await setup();
    clear();
    store.applyViewState({ filters: {}, drill: { [CATEGORY]: ['Compliance'] } });
    assertEqual(of('kineo-drill'), [{ panel: CATEGORY, level: 1, path: ['Compliance'], direction: 'down' }], 'drill down');
    assertEqual(of('kineo-filter-change').length, 0, 'no filter change');
    await until(() => api.dataBodies.length === 2, 'request');
    assertEqual(api.dataBodies[1]?.panels, [CATEGORY], 'only the drilled panel');
    store.applyViewState({ filters: { org: ['acme-o1'] }, drill: {} });
    assertEqual(of('kineo-filter-change').at(-1), { filters: { org: ['acme-o1'] }, source: 'url' }, 'filter change from the url');
    assertEqual(of('kineo-drill').at(-1), { panel: CATEGORY, level: 0, path: [], direction: 'up' }, 'drill up');
    assertEqual(snapshot().drill, {}, 'drill');
    await until(() => api.dataBodies.length === 3, 'request');
    assertEqual(api.dataBodies[2], { filters: { org: ['acme-o1'] } }, 'every panel');
    store.applyViewState({ filters: { org: ['acme-o1'] }, drill: {} });
    await settle();
    assertEqual(api.dataBodies.length, 3, 'the same state sends nothing');
  });

  it('dispose aborts what is in flight, stops retrying and releases the token manager', async () => {
    const { api, store, clock, issuer } = await setup();
    api.holdData = true;
    store.setFilters({ org: ['acme-o1'] });
    await until(() => api.held.length === 1, 'held');
    const manager = store.api.tokens;
    store.dispose();
    assert(api.held[0]!.request.signal?.aborted, 'aborted');
    await settle();
    await settle();
    assert(manager.disposed, 'the last holder released the manager');
    issuer.failing = new Error('x');
    await clock.advance(120 * SECOND);
    assertEqual(clock.pendingTimers, 0, 'no timers');
    store.setFilters({ org: ['acme-o2'] });
    assertEqual(api.dataBodies.length, 2, 'nothing after dispose');
  });
});
