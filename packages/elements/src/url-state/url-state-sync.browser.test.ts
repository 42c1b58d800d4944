// Browser tests of `sync-url` on <kineo-dashboard>: the real page URL and history of the test page
// (restored after each test), a fake Kineo API from the committed fixtures.
import '../dashboard/dashboard.js';
import type { KineoDashboard } from '../dashboard/dashboard.component.js';
import { API, FakeDashboardApi, loadFixture } from '../state/fake-dashboard-api.js';
import { captureWarnings, contextOf, installFetch, recordEvents, until } from '../state/test-support.js';
import { FakeClock, FakeIssuer, assert, assertEqual, settle } from '../testing/fakes.js';
import { UrlStateSync } from './url-state-sync.js';

declare const describe: (name: string, fn: () => void) => void;
declare const it: (name: string, fn: () => void | Promise<void>) => void;
declare const afterEach: (fn: () => void | Promise<void>) => void;

const PARAM = 'kd.learning-progress';
const CATEGORY = 'completion-by-category';

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

/** Keeps the test page's URL (the runner's own parameters) and puts it back after the test. */
function keepPageUrl(): void {
  const url = location.href;
  cleanups.push(() => history.replaceState(history.state, '', url));
}

async function mountSynced(api?: FakeDashboardApi) {
  const fixture = await loadFixture('learning-progress');
  const fake = api ?? new FakeDashboardApi(fixture);
  cleanups.push(installFetch(fake));
  const element = document.createElement('kineo-dashboard');
  const recorder = recordEvents(element);
  const issuer = new FakeIssuer(new FakeClock());
  element.setAttribute('api', API);
  element.setAttribute('dashboard', 'learning-progress');
  element.setAttribute('sync-url', '');
  element.tokenProvider = issuer.provider;
  document.body.append(element);
  cleanups.push(() => element.remove());
  await until(() => recorder.of('kineo-ready').length === 1, 'ready');
  const controller = () => contextOf(element.shadowRoot!.querySelector('kineo-panel')!)!.controller;
  return { element, api: fake, issuer, controller, ...recorder };
}

function stateParam(): unknown {
  const raw = new URLSearchParams(location.search).get(PARAM);
  return raw === null ? null : JSON.parse(raw);
}

function popstate(): Promise<void> {
  return new Promise((resolve) => window.addEventListener('popstate', () => setTimeout(resolve, 0), { once: true }));
}

describe('sync-url', () => {
  it('writes filters (replaceState) and drills (pushState) under one parameter, touching nothing else', async () => {
    keepPageUrl();
    history.replaceState(history.state, '', `${location.pathname}${location.search}${location.search ? '&' : '?'}host=keep%20me&x=1#section`);
    const before = new URLSearchParams(location.search);
    const { element, controller, issuer } = await mountSynced();
    assertEqual(stateParam(), null, 'the default view writes nothing');
    const length = history.length;
    element.setFilters({ period: { to: '2025-12-31', from: '2025-01-01' }, org: ['acme-o1'] });
    assertEqual(stateParam(), { filters: { org: ['acme-o1'], period: { from: '2025-01-01', to: '2025-12-31' } } }, 'filters in the URL');
    assertEqual(history.length, length, 'a filter change replaces the entry');
    assert(location.search.includes(`${PARAM}={%22filters%22:{%22org%22:[%22acme-o1%22]`), `readable, stable key order: ${location.search}`);
    controller().select(CATEGORY, { category: 'Health & Safety' });
    assertEqual(history.length, length + 1, 'a drill adds an entry');
    assertEqual((stateParam() as { drill: unknown }).drill, { [CATEGORY]: ['Health & Safety'] }, 'drill in the URL');
    controller().select('status-breakdown', { status: 'overdue' });
    assertEqual((stateParam() as { crossFilter: unknown }).crossFilter, { panel: 'status-breakdown', filter: 'status', values: ['overdue'] }, 'cross-filter');
    assertEqual(history.length, length + 1, 'a cross-filter replaces');

    const after = new URLSearchParams(location.search);
    after.delete(PARAM);
    assertEqual([...after], [...before], 'the other parameters are untouched, in order');
    assertEqual(location.hash, '#section', 'the hash is kept');
    for (const token of [issuer.last]) assert(!location.href.includes(token) && !location.href.includes(token.split('.')[1]!), 'no token in the URL');
  });

  it('a copied link reopens the same view: a new element starts from the URL state', async () => {
    keepPageUrl();
    const first = await mountSynced();
    first.element.setFilters({ org: ['acme-o1'] });
    first.controller().select(CATEGORY, { category: 'Compliance' });
    first.controller().select('status-breakdown', { status: 'overdue' });
    const link = location.href;
    first.element.remove();

    history.replaceState(null, '', link);
    const fixture = await loadFixture('learning-progress');
    const api = new FakeDashboardApi(fixture);
    const second = await mountSynced(api);
    assertEqual(
      api.dataBodies[0],
      { filters: { org: ['acme-o1'] }, drill: { [CATEGORY]: ['Compliance'] }, crossFilter: { panel: 'status-breakdown', filter: 'status', values: ['overdue'] } },
      'the first request has the linked state',
    );
    assertEqual(second.element.filters, { org: ['acme-o1'] }, 'filters');
    assertEqual(location.href, link, 'the URL is unchanged');
  });

  it('Back undoes a drill (popstate): kineo-drill up, the panel reloads', async () => {
    keepPageUrl();
    const { controller, api, of, clear } = await mountSynced();
    controller().select(CATEGORY, { category: 'Compliance' });
    await until(() => api.dataBodies.length === 2, 'drill request');
    controller().select(CATEGORY, { course_id: 'acme-c005', course_name: 'Modern Slavery' });
    await until(() => api.dataBodies.length === 3, 'drill request');
    clear();
    const popped = popstate();
    history.back();
    await popped;
    assertEqual(of('kineo-drill'), [{ panel: CATEGORY, level: 1, path: ['Compliance'], direction: 'up' }], 'one level up');
    await until(() => api.dataBodies.length === 4, 'reload');
    assertEqual(api.dataBodies[3], { filters: {}, drill: { [CATEGORY]: ['Compliance'] }, panels: [CATEGORY] }, 'the drilled panel only');
    assertEqual((stateParam() as { drill: unknown }).drill, { [CATEGORY]: ['Compliance'] }, 'the URL');
    const again = popstate();
    history.back();
    await again;
    assertEqual(of('kineo-drill').at(-1), { panel: CATEGORY, level: 0, path: [], direction: 'up' }, 'top level');
    assertEqual(stateParam(), null, 'the default view');
    const forward = popstate();
    history.forward();
    await forward;
    assertEqual(of('kineo-drill').at(-1), { panel: CATEGORY, level: 1, path: ['Compliance'], direction: 'down' }, 'Forward drills again');
  });

  it('an invalid or hand-edited value is ignored with a warning, never a crash', async () => {
    keepPageUrl();
    const { warnings, restore } = captureWarnings();
    cleanups.push(restore);
    for (const value of ['{broken', '{"filters":{"org":"acme-o1"},"token":"x"}', '{"filters":{"nope":["x"]}}']) {
      history.replaceState(null, '', `${location.pathname}?${PARAM}=${encodeURIComponent(value)}&other=1`);
      warnings.splice(0);
      const fixture = await loadFixture('learning-progress');
      const api = new FakeDashboardApi(fixture);
      const { element } = await mountSynced(api);
      assertEqual(api.dataBodies[0], { filters: {} }, `${value}: the default view`);
      assertEqual(warnings.length, 1, `${value}: one warning (${warnings.join(' | ')})`);
      assert(warnings[0]!.startsWith('Kineo: ignoring the URL parameter kd.learning-progress') || warnings[0]!.startsWith('Kineo: parts of the dashboard state were ignored'), warnings[0]!);
      assertEqual(new URLSearchParams(location.search).get('other'), '1', 'the rest stays');
      assertEqual(stateParam(), null, 'the invalid value is replaced by the (default) state');
      element.remove();
    }
  });

  it('without sync-url nothing is written; each dashboard has its own parameter', async () => {
    keepPageUrl();
    const fixture = await loadFixture('learning-progress');
    const api = new FakeDashboardApi(fixture);
    cleanups.push(installFetch(api));
    const element: KineoDashboard = document.createElement('kineo-dashboard');
    element.setAttribute('api', API);
    element.setAttribute('dashboard', 'learning-progress');
    element.tokenProvider = new FakeIssuer(new FakeClock()).provider;
    document.body.append(element);
    cleanups.push(() => element.remove());
    const search = location.search;
    element.setFilters({ org: ['acme-o1'] });
    await settle();
    assertEqual(location.search, search, 'unchanged');

    const writes: string[] = [];
    const fake = {
      location: { search: '?kd.other=%7B%7D', pathname: '/page', hash: '' },
      history: {
        state: { router: 7 },
        pushState: (state: unknown, _: string, url: string) => writes.push(`push ${JSON.stringify(state)} ${url}`),
        replaceState: (state: unknown, _: string, url: string) => writes.push(`replace ${JSON.stringify(state)} ${url}`),
      },
      addEventListener: () => {},
      removeEventListener: () => {},
    };
    const sync = new UrlStateSync({ dashboardId: 'team-performance', onNavigate: () => {}, window: fake as never });
    sync.connect();
    sync.write({ filters: { org: ['a'] }, drill: {} }, 'replace');
    sync.write({ filters: { org: ['a'] }, drill: { x: ['1'] } });
    assertEqual(
      writes,
      [
        'replace {"router":7} /page?kd.other=%7B%7D&kd.team-performance={%22filters%22:{%22org%22:[%22a%22]}}',
        'push {"router":7} /page?kd.other=%7B%7D&kd.team-performance={%22filters%22:{%22org%22:[%22a%22]},%22drill%22:{%22x%22:[%221%22]}}',
      ],
      'its own parameter; history.state passed through for the page router',
    );
  });
});
