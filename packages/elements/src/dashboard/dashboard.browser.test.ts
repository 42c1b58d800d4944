// Browser tests of <kineo-dashboard> with the page's fetch replaced by a fake Kineo API answering
// from the committed fixtures; the panels inside are the real <kineo-panel> elements.
import { json, FakeClock, FakeIssuer, assert, assertEqual, settle } from '../testing/fakes.js';
import { API, FakeDashboardApi, loadFixture, type DashboardFixture } from '../state/fake-dashboard-api.js';
import { contextOf, installFetch, recordEvents, until } from '../state/test-support.js';
import { expectNoAxeViolations } from '../panel/panel-test-support.js';
import type { KineoDashboard } from './dashboard.component.js';
import './dashboard.js';

declare const describe: (name: string, fn: () => void) => void;
declare const it: (name: string, fn: () => void | Promise<void>) => void;
declare const afterEach: (fn: () => void | Promise<void>) => void;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

interface MountOptions {
  fixture?: DashboardFixture;
  api?: FakeDashboardApi;
  attributes?: Record<string, string>;
  /** Leave the element unconfigured (no api/dashboard/token). */
  bare?: boolean;
  wait?: boolean;
}

async function mount(options: MountOptions = {}) {
  const fixture = options.fixture ?? (await loadFixture('learning-progress'));
  const api = options.api ?? new FakeDashboardApi(fixture);
  cleanups.push(installFetch(api));
  const issuer = new FakeIssuer(new FakeClock());
  const element = document.createElement('kineo-dashboard');
  const recorder = recordEvents(document);
  cleanups.push(() => {
    element.remove();
    recorder.stop();
  });
  if (!options.bare) {
    element.setAttribute('api', API);
    element.setAttribute('dashboard', fixture.dashboard);
    element.tokenProvider = issuer.provider;
  }
  for (const [name, value] of Object.entries(options.attributes ?? {})) element.setAttribute(name, value);
  document.body.append(element);
  if (options.wait !== false && !options.bare) await until(() => recorder.of('kineo-ready').length === 1 || part(element, 'error') !== null, 'the dashboard');
  return { element, api, issuer, fixture, ...recorder, context: () => contextOf(element.shadowRoot!.querySelector('kineo-panel') ?? element)! };
}

function part(element: KineoDashboard, name: string): HTMLElement | null {
  return element.shadowRoot!.querySelector(`[part~="${name}"]`);
}

function panelsOf(element: KineoDashboard): HTMLElement[] {
  return [...element.shadowRoot!.querySelectorAll<HTMLElement>('kineo-panel')];
}

describe('<kineo-dashboard>', () => {
  it('renders the title, description, filter bar and a kineo-panel per panel on the 12-column grid', async () => {
    const { element, api, fixture, of, events } = await mount();
    const definition = fixture.definition;
    assertEqual(part(element, 'title')?.textContent, definition.title, 'title');
    assertEqual(part(element, 'description')?.textContent, definition.description, 'description');
    assert(part(element, 'filters')?.localName === 'kineo-filter-bar', 'the filter bar');
    const base = part(element, 'base')!;
    assertEqual([base.localName, base.getAttribute('aria-labelledby'), base.getAttribute('aria-busy')], ['section', 'title', 'false'], 'a labelled region');

    const panels = panelsOf(element);
    const expected = [...definition.panels].sort((a, b) => a.layout.y - b.layout.y || a.layout.x - b.layout.x);
    assertEqual(panels.map((p) => p.getAttribute('panel')), expected.map((p) => p.id), 'one kineo-panel per panel, in reading order');
    element.style.width = '1200px';
    await settle();
    for (const [i, panel] of panels.entries()) {
      const { x, y, w, h } = expected[i]!.layout;
      const style = getComputedStyle(panel);
      assertEqual(
        [style.gridColumnStart, style.gridColumnEnd, style.gridRowStart, style.gridRowEnd],
        [String(x + 1), `span ${w}`, String(y + 1), `span ${h}`],
        `grid placement of ${panel.getAttribute('panel')}`,
      );
    }
    const grid = part(element, 'grid')!;
    assertEqual(getComputedStyle(grid).gridTemplateColumns.split(' ').length, 12, '12 columns');
    assertEqual(api.dataBodies, [{ filters: {} }], 'one data request');
    assertEqual(of('kineo-ready'), [{ dashboard: 'learning-progress', panels: definition.panels.map((p) => p.id) }], 'kineo-ready');
    const ready = events.find((e) => e.type === 'kineo-ready')!;
    assert(ready.target === element && ready.bubbles && ready.composed, 'fired on the element, bubbling and composed');
  });

  it('axe finds no violations: the dashboard with its filter bar, a cross-filter chip and its panels', async () => {
    const { element, context } = await mount();
    context().controller.select('status-breakdown', { status: 'overdue' });
    await until(() => part(element, 'cross-filter') !== null, 'chip');
    await until(() => panelsOf(element).every((p) => p.shadowRoot?.querySelector('[part~="loading"]') == null), 'panels drawn', 500);
    await expectNoAxeViolations(element, 'the dashboard');
  });

  it('collapses to one column when the element is narrow (container query), keeping the row spans', async () => {
    const { element } = await mount();
    element.style.width = '480px';
    await settle();
    const grid = part(element, 'grid')!;
    assertEqual(getComputedStyle(grid).gridTemplateColumns.split(' ').length, 1, 'one column');
    const panel = panelsOf(element)[0]!;
    assertEqual([getComputedStyle(panel).gridColumnStart, getComputedStyle(panel).gridRowEnd], ['1', 'span 1'], 'full width, own height');
    element.style.width = '1000px';
    await settle();
    assertEqual(getComputedStyle(grid).gridTemplateColumns.split(' ').length, 12, 'back to 12');
  });

  it('applies the tenant theme one layer down, and the theme mode (tenant default, attribute wins)', async () => {
    const fixture = await loadFixture('learning-progress');
    const api = new FakeDashboardApi(fixture);
    api.viewer.theme = { primaryColor: '#7a1fa2', accentColor: '#00875a', mode: 'dark', fontFamily: 'Inter, sans-serif' };
    const { element, context } = await mount({ api });
    assertEqual(element.style.getPropertyValue('--kineo-tenant-color-primary').trim(), '#7a1fa2', 'tenant primary on the host');
    assert(element.style.getPropertyValue('--kineo-tenant-color-primary-dark').trim().startsWith('#'), 'its dark variant');
    assertEqual(element.style.getPropertyValue('--kineo-tenant-font-family').trim(), 'Inter, sans-serif', 'font');
    assertEqual(part(element, 'base')?.dataset['mode'], 'dark', 'the tenant mode');
    element.setAttribute('theme', 'light');
    await settle();
    assertEqual([part(element, 'base')?.dataset['mode'], context().snapshot.theme?.mode], ['light', 'light'], 'the attribute wins, for the panels too');
    // A page's own custom property wins over the tenant's.
    element.style.setProperty('--kineo-color-primary', 'rgb(1, 2, 3)');
    const probe = part(element, 'cross-filter') ?? part(element, 'title')!;
    assertEqual(getComputedStyle(probe).getPropertyValue('--_kineo-color-primary').trim(), 'rgb(1, 2, 3)', 'host override wins');
    element.style.removeProperty('--kineo-color-primary');
    assert(getComputedStyle(probe).getPropertyValue('--_kineo-color-primary').includes('#7a1fa2'), 'else the tenant colour');
  });

  it('a dashboard not granted (403) shows a clear message, not a broken page', async () => {
    const fixture = await loadFixture('learning-progress');
    const api = new FakeDashboardApi(fixture);
    api.override = (r) => (r.path.endsWith('/learning-progress') ? json({ error: { code: 'forbidden', message: 'Not granted' } }, 403) : undefined);
    const { element, of } = await mount({ api });
    const error = part(element, 'error')!;
    assertEqual(error.getAttribute('role'), 'alert', 'an alert');
    assertEqual(error.querySelector('.error-title')?.textContent, 'You do not have access to this dashboard.', 'message');
    assertEqual(panelsOf(element).length, 0, 'no panels');
    assertEqual(error.querySelector('button'), null, 'no "Try again": asking again cannot help');
    assertEqual(of('kineo-error').map((e) => [e.source, e.error.status]), [['definition', 403]], 'kineo-error');
  });

  it('loading state first; a missing configuration or a bad API URL is a message', async () => {
    const fixture = await loadFixture('learning-progress');
    const api = new FakeDashboardApi(fixture);
    api.override = () => new Promise<Response | undefined>(() => {}); // never answers
    const { element } = await mount({ api, wait: false });
    await until(() => part(element, 'loading') !== null, 'loading');
    assertEqual(part(element, 'base')?.getAttribute('aria-busy'), 'true', 'busy');
    assertEqual(part(element, 'loading')?.getAttribute('role'), 'status', 'a status');

    const bare = await mount({ bare: true });
    await settle();
    assertEqual(
      part(bare.element, 'error')?.textContent?.trim(),
      'To show a dashboard, set the `api` attribute, the `dashboard` attribute, a `token-url` attribute, `token` or `tokenProvider`.',
      'what is missing',
    );
    bare.element.setAttribute('api', 'javascript:alert(1)');
    bare.element.setAttribute('dashboard', 'learning-progress');
    bare.element.token = 'a.b.c';
    await settle();
    assert(part(bare.element, 'error')?.textContent?.includes('must be an absolute http(s) URL'), 'bad API URL');
    bare.element.setAttribute('api', API);
    await until(() => bare.of('kineo-ready').length === 1, 'loads once fixed');
  });

  it('setFilters() and the filters property from the host: one request each, kineo-filter-change source host', async () => {
    const { element, api, of, clear } = await mount();
    clear();
    element.setFilters({ org: ['acme-o1'] });
    assertEqual(element.filters, { org: ['acme-o1'] }, 'filters getter');
    await until(() => api.dataBodies.length === 2, 'request');
    element.filters = { category: ['Compliance'] };
    await until(() => api.dataBodies.length === 3, 'request');
    assertEqual(api.dataBodies.slice(1), [{ filters: { org: ['acme-o1'] } }, { filters: { org: ['acme-o1'], category: ['Compliance'] } }], 'bodies');
    assertEqual(
      of('kineo-filter-change'),
      [
        { filters: { org: ['acme-o1'] }, source: 'host' },
        { filters: { org: ['acme-o1'], category: ['Compliance'] }, source: 'host' },
      ],
      'events',
    );
    element.setFilters({ nope: ['x'] });
    await settle();
    assertEqual([api.dataBodies.length, of('kineo-error').at(-1)?.source], [3, 'data'], 'invalid: nothing sent, kineo-error');
    await element.refresh();
    assertEqual(api.dataBodies.length, 4, 'refresh() reloads');
  });

  it('filters set before the element is connected are where it starts', async () => {
    const fixture = await loadFixture('learning-progress');
    const api = new FakeDashboardApi(fixture);
    cleanups.push(installFetch(api));
    const element = document.createElement('kineo-dashboard');
    element.setFilters({ org: ['acme-o1'] });
    element.setFilters({ period: { from: '2025-01-01' } });
    element.setAttribute('api', API);
    element.setAttribute('dashboard', 'learning-progress');
    element.tokenProvider = new FakeIssuer(new FakeClock()).provider;
    document.body.append(element);
    cleanups.push(() => element.remove());
    await until(() => api.dataBodies.length === 1, 'data');
    assertEqual(api.dataBodies[0], { filters: { org: ['acme-o1'], period: { from: '2025-01-01' } } }, 'the first request');
    assertEqual(element.filters, { org: ['acme-o1'], period: { from: '2025-01-01' } }, 'filters');
  });

  it('a new token (property) keeps every state; moving the element in the DOM keeps it too', async () => {
    const { element, api, context, issuer } = await mount();
    element.setFilters({ org: ['acme-o1'] });
    await until(() => api.dataBodies.length === 2, 'request');
    context().controller.select('completion-by-category', { category: 'Compliance' });
    await until(() => api.dataBodies.length === 3, 'request');
    const next = new FakeIssuer(new FakeClock());
    element.tokenProvider = next.provider;
    await settle();
    element.setFilters({ category: ['Compliance'] });
    await until(() => api.dataBodies.length === 4, 'request');
    assertEqual(api.requests.at(-1)?.token, next.last, 'the new source is used');
    assertEqual(api.dataBodies[3], { filters: { org: ['acme-o1'], category: ['Compliance'] }, drill: { 'completion-by-category': ['Compliance'] } }, 'state kept');
    assertEqual(api.calls('GET', '/v1/viewer').length, 1, 'no restart');
    assert(issuer.calls >= 1, 'the first source was used before');

    const holder = document.createElement('div');
    document.body.append(holder);
    cleanups.push(() => holder.remove());
    holder.append(element); // disconnected and connected again
    await until(() => api.dataBodies.length === 5, 'reloaded after the move');
    assertEqual(api.dataBodies[4], { filters: { org: ['acme-o1'], category: ['Compliance'] }, drill: { 'completion-by-category': ['Compliance'] } }, 'state kept');
    assertEqual(element.filters, { org: ['acme-o1'], category: ['Compliance'] }, 'filters');
  });

  it('shows the active cross-filter as a chip (with the option labels) whose button clears it', async () => {
    const fixture = await loadFixture('learning-progress');
    const api = new FakeDashboardApi(fixture);
    api.options['status'] = { filter: 'status', kind: 'multiSelect', options: [{ value: 'overdue', label: 'Overdue' }, { value: 'completed', label: 'Completed' }], locked: false };
    const { element, context, of } = await mount({ api });
    assertEqual(part(element, 'cross-filter'), null, 'no chip');
    context().controller.select('status-breakdown', { status: 'overdue' });
    context().controller.select('status-breakdown', { status: 'completed' });
    await until(() => part(element, 'cross-filter')?.textContent?.includes('Overdue, Completed') === true, 'the chip with labels');
    const chip = part(element, 'cross-filter')!;
    assert(chip.textContent!.includes('Status:'), chip.textContent!);
    const clear = chip.querySelector('button')!;
    assertEqual(clear.getAttribute('aria-label'), 'Clear the selection Status: Overdue, Completed', 'accessible name');
    clear.click();
    await settle();
    assertEqual(part(element, 'cross-filter'), null, 'cleared');
    assertEqual(of('kineo-filter-change').at(-1), { filters: {}, source: 'cross-filter' }, 'event');
  });

  it('a failing token provider shows an error with "Try again"; it recovers when the provider works again', async () => {
    const fixture = await loadFixture('learning-progress');
    const api = new FakeDashboardApi(fixture);
    cleanups.push(installFetch(api));
    const issuer = new FakeIssuer(new FakeClock());
    issuer.failing = new Error('The host session has ended');
    const element = document.createElement('kineo-dashboard');
    const recorder = recordEvents(element);
    element.setAttribute('api', API);
    element.setAttribute('dashboard', 'learning-progress');
    element.tokenProvider = issuer.provider;
    document.body.append(element);
    cleanups.push(() => element.remove());
    await until(() => part(element, 'error') !== null, 'error');
    const error = part(element, 'error')!;
    assertEqual(error.querySelector('.error-title')?.textContent, 'Could not sign in to the analytics service.', 'title');
    assert(error.textContent!.includes('The host session has ended'), 'the reason');
    assert(error.textContent!.includes('Trying again automatically'), 'says it retries');
    assertEqual(recorder.of('kineo-error').map((e) => e.source), ['token'], 'kineo-error source token');
    issuer.failing = undefined;
    error.querySelector('button')!.click();
    await until(() => recorder.of('kineo-ready').length === 1, 'recovered');
    assertEqual(part(element, 'error'), null, 'no error');
    assertEqual(panelsOf(element).length, fixture.definition.panels.length, 'panels');
  });

  it('another dashboard attribute starts over with that dashboard', async () => {
    const learning = await loadFixture('learning-progress');
    const team = await loadFixture('team-performance');
    const api = new FakeDashboardApi(learning);
    const { element, of } = await mount({ api });
    element.setFilters({ org: ['acme-o1'] });
    const teamApi = new FakeDashboardApi(team);
    cleanups.push(installFetch(teamApi));
    element.setAttribute('dashboard', 'team-performance');
    await until(() => of('kineo-ready').length === 2, 'the second dashboard');
    assertEqual(part(element, 'title')?.textContent, team.definition.title, 'title');
    assertEqual(teamApi.dataBodies, [{ filters: {} }], 'its own state');
  });
});
