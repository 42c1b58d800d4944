// Browser tests of <kineo-filter-bar>: on its own (its own store, no panel data) and inside a
// <kineo-dashboard>, with real key presses (sendKeys) for the keyboard paths.
import { sendKeys } from '@web/test-runner-commands';
import type { FilterOptionsResponse } from '@kineo/core';
import '../dashboard/dashboard.js';
import { expectNoAxeViolations } from '../panel/panel-test-support.js';
import { API, FakeDashboardApi, loadFixture, type DashboardFixture } from '../state/fake-dashboard-api.js';
import { installFetch, recordEvents, sleep, until } from '../state/test-support.js';
import { FakeClock, FakeIssuer, assert, assertEqual, settle } from '../testing/fakes.js';
import type { KineoFilterBar } from './filter-bar.component.js';
import { FILTER_DEBOUNCE_MS } from './filter-bar.component.js';
import './filter-bar.js';

declare const describe: (name: string, fn: () => void) => void;
declare const it: (name: string, fn: () => void | Promise<void>) => void;
declare const afterEach: (fn: () => void | Promise<void>) => void;

const cleanups: (() => void)[] = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0).reverse()) cleanup();
});

const organisations: FilterOptionsResponse = {
  filter: 'org',
  kind: 'multiSelect',
  locked: false,
  options: [
    { value: 'acme', label: 'Acme Group', depth: 0 },
    { value: 'north', label: 'North Region', depth: 1 },
    { value: 'north-sales', label: 'North Sales', depth: 2 },
    { value: 'north-ops', label: 'North Operations', depth: 2 },
    { value: 'south', label: 'South Region', depth: 1 },
    { value: 'south-sales', label: 'South Sales', depth: 2 },
    { value: 'south-ops', label: 'South Operations', depth: 2 },
    { value: 'west', label: 'West Region', depth: 1 },
    { value: 'west-sales', label: 'West Sales', depth: 2 },
  ],
};

async function mountStandalone(configure?: (api: FakeDashboardApi, fixture: DashboardFixture) => void) {
  const fixture = await loadFixture('learning-progress');
  const api = new FakeDashboardApi(fixture);
  api.options['org'] = organisations;
  configure?.(api, fixture);
  cleanups.push(installFetch(api));
  const bar = document.createElement('kineo-filter-bar');
  const recorder = recordEvents(bar);
  bar.setAttribute('api', API);
  bar.setAttribute('dashboard', fixture.dashboard);
  bar.tokenProvider = new FakeIssuer(new FakeClock()).provider;
  document.body.append(bar);
  cleanups.push(() => {
    bar.remove();
    recorder.stop();
  });
  const root = bar.shadowRoot!;
  await until(() => root.querySelector('[data-filter]') !== null && api.requests.filter((r) => r.path.endsWith('/options')).length === fixture.definition.filters.length, 'controls');
  await settle();
  await bar.updateComplete;
  return { bar, root, api, fixture, ...recorder };
}

function button(root: ShadowRoot, filter: string): HTMLButtonElement {
  return root.getElementById(`ms-button-${filter}`) as HTMLButtonElement;
}

function optionsOf(root: ShadowRoot, filter: string): HTMLElement[] {
  return [...root.querySelectorAll<HTMLElement>(`#ms-list-${filter} [role="option"]`)];
}

async function rendered(bar: KineoFilterBar): Promise<void> {
  await settle();
  await bar.updateComplete;
}

describe('<kineo-filter-bar> on its own', () => {
  it('one labelled control per filter, options from the API, no panel data', async () => {
    const { root, api, fixture } = await mountStandalone();
    assertEqual([...root.querySelectorAll('[data-filter]')].map((el) => el.getAttribute('data-filter')), fixture.definition.filters.map((f) => f.id), 'controls');
    assertEqual(api.dataBodies.length, 0, 'no data request');
    const optionRequests = api.requests.filter((r) => r.path.endsWith('/options')).map((r) => r.path.split('/')[5]);
    assertEqual(optionRequests, ['period', 'org', 'category', 'status'], 'options of every filter, once');
    // Labels: the date fields sit in a fieldset with the filter's legend; the list button is named by label + summary.
    const period = root.querySelector('fieldset[data-filter="period"]')!;
    assertEqual(period.querySelector('legend')?.textContent, 'Enrolment period', 'legend');
    assertEqual([...period.querySelectorAll('label')].map((l) => l.textContent?.trim().split(/\s+/)[0]), ['From', 'To'], 'date labels');
    assertEqual(button(root, 'org').getAttribute('aria-labelledby'), 'ms-label-org ms-button-org', 'button name');
    assertEqual(root.getElementById('ms-label-org')?.textContent, 'Organisation', 'label');
    assertEqual(button(root, 'org').textContent?.trim(), 'All', 'nothing selected');
    await expectNoAxeViolations(root.querySelector('[part="base"]')!, 'the filter bar');
  });

  it('multi-select by keyboard: ArrowDown opens, arrows move, Space toggles, Escape closes and returns focus', async () => {
    const { bar, root, of } = await mountStandalone((api) => (api.options['org'] = { ...organisations, options: organisations.options.slice(0, 4) }));
    button(root, 'org').focus();
    await sendKeys({ press: 'ArrowDown' });
    await rendered(bar);
    const list = root.getElementById('ms-list-org')!;
    assert(list !== null, 'the list is open');
    assertEqual(button(root, 'org').getAttribute('aria-expanded'), 'true', 'expanded');
    assertEqual(root.activeElement, list, 'focus in the list (no search box for 4 options)');
    assertEqual([list.getAttribute('role'), list.getAttribute('aria-multiselectable')], ['listbox', 'true'], 'a multi-select listbox');
    assertEqual(list.getAttribute('aria-activedescendant'), 'ms-option-org-0', 'first option active');
    await sendKeys({ press: 'ArrowDown' });
    await sendKeys({ press: 'ArrowDown' });
    await rendered(bar);
    assertEqual(list.getAttribute('aria-activedescendant'), 'ms-option-org-2', 'moved down');
    await sendKeys({ press: 'ArrowUp' });
    await sendKeys({ press: 'Space' });
    await rendered(bar);
    assertEqual(optionsOf(root, 'org').map((o) => o.getAttribute('aria-selected')), ['false', 'true', 'false', 'false'], 'Space toggled the active option');
    await sendKeys({ press: 'End' });
    await sendKeys({ press: 'Space' });
    await rendered(bar);
    assertEqual(optionsOf(root, 'org').map((o) => o.getAttribute('aria-selected')), ['false', 'true', 'false', 'true'], 'End + Space');
    assertEqual(button(root, 'org').textContent?.trim(), '2 selected', 'the count on the button');
    assertEqual(of('kineo-filter-change').length, 0, 'nothing sent while ticking');
    await sendKeys({ press: 'Escape' });
    await rendered(bar);
    assertEqual(root.getElementById('ms-list-org'), null, 'closed');
    assertEqual(root.activeElement, button(root, 'org'), 'focus back on the button');
    assertEqual(button(root, 'org').getAttribute('aria-expanded'), 'false', 'collapsed');
    assertEqual(of('kineo-filter-change'), [{ filters: { org: ['north', 'north-ops'] }, source: 'filter-bar' }], 'one change, sent on close');
    // Tab away closes it, and so does a click outside.
    await sendKeys({ press: 'Enter' });
    await rendered(bar);
    assert(root.getElementById('ms-list-org') !== null, 'Enter on the button opens');
    await sendKeys({ press: 'Tab' });
    await rendered(bar);
    assertEqual(root.getElementById('ms-list-org'), null, 'Tab out of the list closes it');
    assertEqual(root.activeElement, button(root, 'category'), 'focus moved on');
    button(root, 'org').click();
    await rendered(bar);
    document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
    await rendered(bar);
    assertEqual(root.getElementById('ms-list-org'), null, 'a click outside closes');
  });

  it('more than 8 options: a search box, hierarchy indentation, Select all / Clear over what is shown', async () => {
    const { bar, root, of } = await mountStandalone();
    button(root, 'org').click();
    await rendered(bar);
    const search = root.getElementById('ms-search-org') as HTMLInputElement;
    assert(search !== null, 'a search box');
    assertEqual(root.activeElement, search, 'focus in the search box');
    assertEqual(search.getAttribute('aria-label'), 'Search Organisation', 'labelled');
    await expectNoAxeViolations(root.querySelector('[part="base"]')!, 'the filter bar with a list open');
    const indent = optionsOf(root, 'org').map((o) => parseFloat(getComputedStyle(o).paddingInlineStart));
    assert(indent[1]! > indent[0]! && indent[2]! > indent[1]!, `indented by depth: ${indent}`);
    await sendKeys({ type: 'north' });
    await rendered(bar);
    assertEqual(optionsOf(root, 'org').map((o) => o.textContent?.trim()), ['North Region', 'North Sales', 'North Operations'], 'filtered');
    await sendKeys({ press: 'ArrowDown' });
    await rendered(bar);
    assertEqual(root.activeElement, root.getElementById('ms-list-org'), 'ArrowDown goes to the list');
    const [selectAll, clear] = [...root.querySelectorAll<HTMLButtonElement>('.bulk button')];
    assertEqual([selectAll?.textContent, clear?.textContent], ['Select all', 'Clear'], 'bulk buttons');
    selectAll!.click();
    await rendered(bar);
    assertEqual(button(root, 'org').textContent?.trim(), '3 selected', 'the shown ones');
    search.value = '';
    search.dispatchEvent(new InputEvent('input'));
    await rendered(bar);
    assertEqual(optionsOf(root, 'org').length, 9, 'all again');
    optionsOf(root, 'org')[0]!.click();
    await rendered(bar);
    assertEqual(button(root, 'org').textContent?.trim(), '4 selected', 'a click toggles');
    await sleep(FILTER_DEBOUNCE_MS + 50);
    assertEqual(of('kineo-filter-change').map((e) => e.filters), [{ org: ['north', 'north-sales', 'north-ops', 'acme'] }], 'sent once, after the debounce');
    clear!.click();
    await sendKeys({ press: 'Escape' });
    await rendered(bar);
    assertEqual(of('kineo-filter-change').at(-1)?.filters, {}, 'cleared');
    assertEqual(button(root, 'org').textContent?.trim(), 'All', 'All again');
  });

  it('date range: bounded by the options, debounced typing, an inverted range is not sent', async () => {
    const { bar, root, of } = await mountStandalone((api) => {
      api.options['period'] = { filter: 'period', kind: 'dateRange', range: { min: '2024-01-01', max: '2026-06-30' }, locked: false };
    });
    const [from, to] = [...root.querySelectorAll<HTMLInputElement>('fieldset[data-filter="period"] input')];
    assertEqual([from!.type, from!.min, from!.max, to!.min, to!.max], ['date', '2024-01-01', '2026-06-30', '2024-01-01', '2026-06-30'], 'bounds');
    from!.value = '2025-01-01';
    from!.dispatchEvent(new Event('input'));
    to!.value = '2025-03-31';
    to!.dispatchEvent(new Event('input'));
    await sleep(FILTER_DEBOUNCE_MS / 2);
    assertEqual(of('kineo-filter-change').length, 0, 'not yet');
    await sleep(FILTER_DEBOUNCE_MS);
    assertEqual(of('kineo-filter-change'), [{ filters: { period: { from: '2025-01-01', to: '2025-03-31' } }, source: 'filter-bar' }], 'one change for both fields');
    await rendered(bar);
    assertEqual([from!.max, to!.min], ['2025-03-31', '2025-01-01'], 'each bounds the other');
    from!.value = '2025-06-01';
    from!.dispatchEvent(new Event('input'));
    await sleep(FILTER_DEBOUNCE_MS + 50);
    await rendered(bar);
    assertEqual(of('kineo-filter-change').length, 1, 'an inverted range is not sent');
    assertEqual(from!.getAttribute('aria-invalid'), 'true', 'marked invalid');
    assertEqual(root.querySelector('.field-error')?.textContent, '“To” must not be before “From”.', 'explained');
    to!.value = '';
    to!.dispatchEvent(new Event('input'));
    await sleep(FILTER_DEBOUNCE_MS + 50);
    assertEqual(of('kineo-filter-change').at(-1)?.filters, { period: { from: '2025-06-01' } }, 'an open range');
  });

  it('locked filters are disabled with an explanation; a select filter is a <select>; "Clear filters" clears', async () => {
    const { bar, root, of } = await mountStandalone((api, fixture) => {
      fixture.definition.filters.find((f) => f.id === 'category')!.kind = 'select';
      api.options['org'] = { ...organisations, locked: true };
      api.options['category'] = { filter: 'category', kind: 'select', options: [{ value: 'compliance', label: 'Compliance' }, { value: 'leadership', label: 'Leadership' }], locked: false };
    });
    const org = button(root, 'org');
    assert(org.disabled, 'locked: disabled');
    assertEqual(org.textContent?.trim(), 'Set for you', 'says so');
    assertEqual(root.getElementById(org.getAttribute('aria-describedby')!)?.textContent, 'Set for you by your organisation; it cannot be changed here.', 'explained');

    const select = root.getElementById('select-category') as HTMLSelectElement;
    assertEqual(root.querySelector('label[for="select-category"]')?.textContent, 'Category', 'labelled');
    assertEqual([...select.options].map((o) => o.textContent), ['All', 'Compliance', 'Leadership'], 'options');
    select.value = 'leadership';
    select.dispatchEvent(new Event('change'));
    assertEqual(of('kineo-filter-change').at(-1)?.filters, { category: 'leadership' }, 'a select is sent at once');
    await rendered(bar);
    const clear = root.querySelector<HTMLButtonElement>('[part="clear"]')!;
    assert(!clear.disabled, 'Clear filters is enabled');
    clear.click();
    assertEqual(of('kineo-filter-change').at(-1), { filters: {}, source: 'filter-bar' }, 'cleared');
    await rendered(bar);
    assert(clear.disabled, 'nothing to clear');
    assertEqual(select.value, '', 'All again');
  });
});

describe('<kineo-filter-bar> inside <kineo-dashboard>', () => {
  it('changes reach the dashboard: one data request, kineo-filter-change on the dashboard with source filter-bar', async () => {
    const fixture = await loadFixture('learning-progress');
    const api = new FakeDashboardApi(fixture);
    api.options['org'] = organisations;
    cleanups.push(installFetch(api));
    const dashboard = document.createElement('kineo-dashboard');
    const recorder = recordEvents(dashboard);
    dashboard.setAttribute('api', API);
    dashboard.setAttribute('dashboard', 'learning-progress');
    dashboard.tokenProvider = new FakeIssuer(new FakeClock()).provider;
    document.body.append(dashboard);
    cleanups.push(() => dashboard.remove());
    await until(() => recorder.of('kineo-ready').length === 1, 'ready');
    const bar = dashboard.shadowRoot!.querySelector('kineo-filter-bar')!;
    await until(() => bar.shadowRoot?.getElementById('ms-button-org') != null, 'the filter bar');
    assertEqual(api.calls('GET', '/v1/viewer').length, 1, 'the bar uses the dashboard store');
    button(bar.shadowRoot!, 'org').click();
    await rendered(bar);
    optionsOf(bar.shadowRoot!, 'org')[1]!.click();
    optionsOf(bar.shadowRoot!, 'org')[4]!.click();
    await sleep(FILTER_DEBOUNCE_MS + 50);
    await until(() => api.dataBodies.length === 2, 'one data request');
    assertEqual(api.dataBodies[1], { filters: { org: ['north', 'south'] } }, 'body');
    assertEqual(recorder.of('kineo-filter-change'), [{ filters: { org: ['north', 'south'] }, source: 'filter-bar' }], 'event on the dashboard');
    assertEqual(dashboard.filters, { org: ['north', 'south'] }, 'the dashboard filters');
    // The host changes filters: the bar shows them.
    dashboard.setFilters({ org: ['west'] });
    await rendered(bar);
    assertEqual(button(bar.shadowRoot!, 'org').textContent?.trim(), 'West Region', 'one selected: its label');
  });
});
