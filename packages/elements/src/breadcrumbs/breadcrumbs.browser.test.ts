// Browser tests of <kineo-breadcrumbs> under a context provided by a real DashboardStore (fake API).
import { ContextProvider } from '@lit/context';
import { expectNoAxeViolations } from '../panel/panel-test-support.js';
import { dashboardContext } from '../state/dashboard-context.js';
import { DashboardStore } from '../state/dashboard-store.js';
import { API, FakeDashboardApi, loadFixture } from '../state/fake-dashboard-api.js';
import { recordEvents, until } from '../state/test-support.js';
import { FakeClock, FakeIssuer, assert, assertEqual, settle } from '../testing/fakes.js';
import type { KineoBreadcrumbs } from './breadcrumbs.component.js';
import './breadcrumbs.js';

declare const describe: (name: string, fn: () => void) => void;
declare const it: (name: string, fn: () => void | Promise<void>) => void;
declare const afterEach: (fn: () => void | Promise<void>) => void;

const CATEGORY = 'completion-by-category';
const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

async function mount() {
  const fixture = await loadFixture('learning-progress');
  const api = new FakeDashboardApi(fixture);
  const host = document.createElement('div');
  const provider = new ContextProvider(host, { context: dashboardContext });
  const recorder = recordEvents(host);
  const store = new DashboardStore({
    host,
    api: API,
    dashboard: 'learning-progress',
    tokens: { tokenProvider: new FakeIssuer(new FakeClock()).provider },
    fetch: api.fetch,
    onChange: (value) => provider.setValue(value),
  });
  provider.setValue(store.value);
  document.body.append(host);
  provider.hostConnected();
  const crumbs = document.createElement('kineo-breadcrumbs');
  crumbs.setAttribute('panel', CATEGORY);
  host.append(crumbs);
  cleanups.push(() => {
    store.dispose();
    host.remove();
  });
  store.start();
  await until(() => recorder.of('kineo-ready').length === 1, 'ready');
  return { crumbs, store, api, ...recorder };
}

async function items(crumbs: KineoBreadcrumbs): Promise<string[]> {
  await settle();
  await crumbs.updateComplete;
  return [...crumbs.shadowRoot!.querySelectorAll('li')].map((li) => {
    const button = li.querySelector('button');
    return button ? `[${button.textContent?.trim()}]` : `${li.textContent?.trim()}${li.querySelector('[aria-current="location"]') ? ' (current)' : ''}`;
  });
}

describe('<kineo-breadcrumbs>', () => {
  it('nothing at the top level; then the title and each clicked value, the current one last', async () => {
    const { crumbs, store } = await mount();
    await crumbs.updateComplete;
    assertEqual(crumbs.shadowRoot!.querySelector('nav'), null, 'nothing at the top level');
    store.select(CATEGORY, { category: 'Compliance' });
    assertEqual(await items(crumbs), ['[Completion rate by category]', 'Compliance (current)'], 'one level down');
    const nav = crumbs.shadowRoot!.querySelector('nav')!;
    assertEqual([nav.getAttribute('aria-label'), nav.getAttribute('part')], ['Drill path', 'base'], 'a labelled nav');
    store.select(CATEGORY, { course_id: 'acme-c005', course_name: 'Modern Slavery in the Supply Chain' });
    assertEqual(
      await items(crumbs),
      ['[Completion rate by category]', '[Compliance]', 'Modern Slavery in the Supply Chain (current)'],
      'the course by its name, not its id',
    );
    await expectNoAxeViolations(nav, 'breadcrumbs');
  });

  it('a button goes back to its level (drillTo): kineo-drill up, one request for the panel', async () => {
    const { crumbs, store, api, of, clear } = await mount();
    store.select(CATEGORY, { category: 'Compliance' });
    await until(() => api.dataBodies.length === 2, 'drill');
    store.select(CATEGORY, { course_id: 'acme-c005' });
    await until(() => api.dataBodies.length === 3, 'drill');
    assertEqual(await items(crumbs), ['[Completion rate by category]', '[Compliance]', 'acme-c005 (current)'], 'no name: the value');
    clear();
    const buttons = crumbs.shadowRoot!.querySelectorAll('button');
    buttons[1]!.click();
    assertEqual(of('kineo-drill'), [{ panel: CATEGORY, level: 1, path: ['Compliance'], direction: 'up' }], 'up to level 1');
    assertEqual(await items(crumbs), ['[Completion rate by category]', 'Compliance (current)'], 'one level up');
    await until(() => api.dataBodies.length === 4, 'request');
    assertEqual(api.dataBodies[3], { filters: {}, drill: { [CATEGORY]: ['Compliance'] }, panels: [CATEGORY] }, 'request');
    crumbs.shadowRoot!.querySelector('button')!.click();
    assertEqual(of('kineo-drill').at(-1), { panel: CATEGORY, level: 0, path: [], direction: 'up' }, 'to the top');
    await crumbs.updateComplete;
    assertEqual(crumbs.shadowRoot!.querySelector('nav'), null, 'gone at the top level');
    assert(store.value.snapshot.drill[CATEGORY] === undefined, 'top level');
  });

  it('renders nothing without a provider or for another panel', async () => {
    const lonely = document.createElement('kineo-breadcrumbs');
    lonely.setAttribute('panel', CATEGORY);
    document.body.append(lonely);
    cleanups.push(() => lonely.remove());
    await lonely.updateComplete;
    assertEqual(lonely.shadowRoot!.childElementCount, 0, 'no provider: nothing');
    const { crumbs, store } = await mount();
    store.select(CATEGORY, { category: 'Compliance' });
    crumbs.setAttribute('panel', 'monthly-trend');
    assertEqual(await items(crumbs), [], 'another panel: nothing');
  });
});
