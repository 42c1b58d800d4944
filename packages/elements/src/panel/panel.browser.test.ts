// Browser tests of the panel chrome shared by <kineo-panel>, <kineo-chart>, <kineo-kpi> and
// <kineo-table>: the body by drill level, the loading/error/empty states (with axe in light and
// dark), the actions menu's keyboard behaviour, and the element used on its own.
import type { DashboardDataRequest, QueryResult } from '@kineo/core';
import { sendKeys } from '@web/test-runner-commands';
import { KineoApiError } from '../errors.js';
import type { DashboardSnapshot } from '../state/dashboard-context.js';
import { assert, assertEqual, fakeJwt } from '../testing/fakes.js';
import type { KineoPanelElement } from './panel-base.component.js';
import { FakeDashboard, expectNoAxeViolations, hasPart, loadFixture, part, snapshotOf, textOf, until, type DashboardFixture } from './panel-test-support.js';
import '../chart/chart.js';
import '../kpi/kpi.js';
import '../table/table.js';
import './panel.js';

declare const describe: (name: string, fn: () => void) => void;
declare const it: (name: string, fn: () => void | Promise<void>) => void;
declare const afterEach: (fn: () => void | Promise<void>) => void;

let dashboards: FakeDashboard[] = [];
afterEach(() => {
  for (const dashboard of dashboards) dashboard.remove();
  dashboards = [];
});

async function mount(tag: string, panel: string, snapshot: DashboardSnapshot, attributes: Record<string, string> = {}) {
  const dashboard = new FakeDashboard(snapshot);
  dashboards.push(dashboard);
  const element = await dashboard.add<KineoPanelElement>(tag, panel, attributes);
  return { dashboard, element };
}

/** One panel of each element's kind in the learning-progress and team-performance fixtures. */
const elements = [
  { tag: 'kineo-chart', panel: 'completion-by-category', dashboard: 'learning-progress' },
  { tag: 'kineo-kpi', panel: 'completion-rate', dashboard: 'learning-progress' },
  { tag: 'kineo-table', panel: 'learners', dashboard: 'team-performance' },
  { tag: 'kineo-panel', panel: 'status-breakdown', dashboard: 'learning-progress' },
] as const;

type State = 'ready' | 'loading' | 'error' | 'empty';

function snapshotIn(state: State, fixture: DashboardFixture, panel: string): DashboardSnapshot {
  switch (state) {
    case 'ready':
      return snapshotOf(fixture);
    case 'loading':
      return snapshotOf(fixture, { panels: { [panel]: { status: 'loading' } } });
    case 'error':
      return snapshotOf(fixture, {
        panels: { [panel]: { status: 'error', error: new KineoApiError(503, 'unavailable', 'The analytics engine is busy. Try again shortly.') } },
      });
    case 'empty': {
      // Aggregates (the KPIs) answer one row of zeros even for filters matching nothing; a query
      // without rows is what the empty state is for.
      const result = fixture.empty.response.panels[panel]!;
      const none: QueryResult = { ...result, rowCount: 0, data: result.columns.map(() => []) };
      return snapshotOf(fixture, { data: fixture.empty.response, panels: { [panel]: { status: 'ready', result: none } } });
    }
  }
}

describe('panel elements', () => {
  describe('states', () => {
    it('loading: a skeleton, the panel busy, the title already there', async () => {
      const fixture = await loadFixture('learning-progress');
      const { element } = await mount('kineo-chart', 'completion-by-category', snapshotIn('loading', fixture, 'completion-by-category'));
      assert(hasPart(element, 'loading'), 'the skeleton');
      assertEqual(part(element, 'base').getAttribute('aria-busy'), 'true', 'busy');
      assertEqual(textOf(part(element, 'title')), 'Completion rate by category', 'title');
      assertEqual(textOf(part(element, 'loading')), 'Loading', 'said to screen readers');
    });

    it('loading the definition: a skeleton without a heading yet', async () => {
      const fixture = await loadFixture('learning-progress');
      const { element } = await mount('kineo-panel', 'completion-rate', { ...snapshotOf(fixture), status: 'loading', definition: undefined });
      assert(hasPart(element, 'loading'), 'the skeleton');
      assert(!hasPart(element, 'title'), 'no empty heading');
      assertEqual(part(element, 'base').hasAttribute('aria-labelledby'), false, 'not named by a missing title');
      await expectNoAxeViolations(element, 'a panel waiting for its definition');
    });

    it('refreshing: the previous data stays, with a progress bar, while busy', async () => {
      const fixture = await loadFixture('learning-progress');
      const result = fixture.data.response.panels['completion-rate']!;
      const { element } = await mount('kineo-kpi', 'completion-rate', snapshotOf(fixture, { panels: { 'completion-rate': { status: 'loading', result } } }));
      assertEqual(textOf(part(element, 'kpi-value')), '68.5%', 'old figure shown');
      assert(hasPart(element, 'progress'), 'progress bar');
      assertEqual(part(element, 'base').getAttribute('aria-busy'), 'true', 'busy');
    });

    it('rows of another drill level are not shown for this one: loading instead', async () => {
      const fixture = await loadFixture('learning-progress');
      const top = fixture.data.response.panels['completion-by-category']!;
      const snapshot = snapshotOf(fixture, { drill: { 'completion-by-category': ['Compliance'] } });
      const drilling = { ...snapshot, panels: { ...snapshot.panels, 'completion-by-category': { status: 'loading' as const, result: top } } };
      const { element } = await mount('kineo-panel', 'completion-by-category', drilling);
      assert(hasPart(element, 'loading'), 'loading, not the top level\'s bars under the course level\'s title');
    });

    it('error: the message and a Retry that refreshes the dashboard', async () => {
      const fixture = await loadFixture('learning-progress');
      const { element, dashboard } = await mount('kineo-kpi', 'completion-rate', snapshotIn('error', fixture, 'completion-rate'));
      assertEqual(textOf(part(element, 'error').querySelector('p')), 'The analytics engine is busy. Try again shortly.', 'message');
      part<HTMLButtonElement>(element, 'retry').click();
      assertEqual(dashboard.controller.callsOf('refresh').length, 1, 'refresh called');
      assertEqual(part(element, 'base').getAttribute('aria-busy'), 'false', 'not busy');
    });

    it('error of the whole dashboard, and an unknown panel id', async () => {
      const fixture = await loadFixture('learning-progress');
      const failed = await mount('kineo-panel', 'completion-rate', {
        ...snapshotOf(fixture),
        status: 'error',
        definition: undefined,
        error: new KineoApiError(401, 'unauthenticated', 'The embed token has expired.'),
      });
      assertEqual(textOf(part(failed.element, 'error').querySelector('p')), 'The embed token has expired.', 'dashboard error');
      assert(hasPart(failed.element, 'retry'), 'retry offered');

      const unknown = await mount('kineo-panel', 'no-such-panel', snapshotOf(fixture));
      assertEqual(textOf(part(unknown.element, 'error')), 'The dashboard "learning-progress" has no panel "no-such-panel".', 'unknown panel');
      assert(!hasPart(unknown.element, 'retry'), 'nothing to retry');
    });

    it('empty: "No data for these filters."', async () => {
      const fixture = await loadFixture('learning-progress');
      const { element } = await mount('kineo-chart', 'completion-by-category', snapshotIn('empty', fixture, 'completion-by-category'));
      assertEqual(textOf(part(element, 'empty')), 'No data for these filters.', 'message');
      assert(!hasPart(element, 'chart'), 'no chart');
    });

    for (const { tag, panel, dashboard } of elements)
      it(`<${tag}> has no axe violations when ready, loading, failed or empty, light and dark`, async () => {
        const fixture = await loadFixture(dashboard);
        for (const state of ['ready', 'loading', 'error', 'empty'] as const)
          for (const theme of ['light', 'dark']) {
            const { element } = await mount(tag, panel, snapshotIn(state, fixture, panel), { theme });
            const expected = state === 'ready' ? 'body' : state;
            assert(hasPart(element, expected), `<${tag}> ${state} shows its ${expected} part`);
            if (state === 'ready' && element.localName !== 'kineo-table' && element.localName !== 'kineo-kpi')
              await until(() => element.chartHandle !== undefined, 'the chart');
            await expectNoAxeViolations(element, `<${tag}> ${state} (${theme})`);
          }
      });
  });

  describe('<kineo-panel>', () => {
    it('shows the current drill level by its type: chart, chart, then table', async () => {
      const fixture = await loadFixture('learning-progress');
      const { element, dashboard } = await mount('kineo-panel', 'completion-by-category', snapshotOf(fixture));
      await until(() => element.chartHandle !== undefined, 'the top chart');
      assert(!element.shadowRoot!.querySelector('kineo-breadcrumbs'), 'no breadcrumbs at the top');

      dashboard.snapshot = snapshotOf(fixture, { drill: { 'completion-by-category': ['Compliance'] } });
      await element.updateComplete;
      assertEqual(textOf(part(element, 'title')), 'Completion rate by course', 'level 1 title');
      assertEqual(element.shadowRoot!.querySelector('kineo-breadcrumbs')?.getAttribute('panel'), 'completion-by-category', 'breadcrumbs when drilled');
      await until(() => element.chartHandle?.markCount === 12, 'the course chart');

      const path = fixture.drill['completion-by-category']![1]!.path;
      dashboard.snapshot = snapshotOf(fixture, { drill: { 'completion-by-category': path } });
      await element.updateComplete;
      assertEqual(textOf(part(element, 'title')), 'Learners on the course', 'level 2 title');
      assert(!hasPart(element, 'chart'), 'no chart');
      assertEqual(element.chartHandle, undefined, 'the chart is finalized');
      const headers = [...part(element, 'table').querySelectorAll('thead th')].map((th) => textOf(th).replace(/[▲▼]/g, ''));
      assertEqual(headers[0], 'Learner', 'the level\'s columns');
      const result = fixture.drill['completion-by-category']![1]!.query.response as QueryResult;
      assertEqual(part(element, 'table').querySelectorAll('tbody tr').length, Math.min(25, result.rowCount), 'a page of its rows');
    });

    it('a <kineo-chart> shows its table drill level too', async () => {
      const fixture = await loadFixture('compliance');
      const path = fixture.drill['mandatory-completion']![0]!.path;
      const { element } = await mount('kineo-chart', 'mandatory-completion', snapshotOf(fixture, { drill: { 'mandatory-completion': path } }));
      assertEqual(textOf(part(element, 'title')), 'Learners yet to complete', 'the drill level');
      assert(hasPart(element, 'pager'), 'a paged table');
    });
  });

  describe('actions menu', () => {
    it('opens from the keyboard, moves with the arrows, closes on Escape back to its button', async () => {
      const fixture = await loadFixture('learning-progress');
      const { element } = await mount('kineo-chart', 'completion-by-category', snapshotOf(fixture, { canExport: true }));
      await until(() => element.chartHandle !== undefined, 'the chart');
      await element.updateComplete;
      const button = part<HTMLButtonElement>(element, 'actions-button');
      const menu = part(element, 'actions-menu');
      assertEqual([button.getAttribute('aria-haspopup'), button.getAttribute('aria-expanded'), menu.hidden], ['menu', 'false', true], 'closed');
      const focused = () => (element.shadowRoot!.activeElement as HTMLElement | null)?.dataset['action'];

      button.focus();
      await sendKeys({ press: 'ArrowDown' });
      await element.updateComplete;
      assertEqual([button.getAttribute('aria-expanded'), menu.hidden], ['true', false], 'open');
      assertEqual(focused(), 'download-png', 'first item focused');
      await sendKeys({ press: 'ArrowDown' });
      assertEqual(focused(), 'download-svg', 'next item');
      await sendKeys({ press: 'End' });
      assertEqual(focused(), 'toggle-table', 'last item');
      await sendKeys({ press: 'ArrowDown' });
      assertEqual(focused(), 'download-png', 'wraps around');
      await sendKeys({ press: 'ArrowUp' });
      assertEqual(focused(), 'toggle-table', 'wraps back');
      await sendKeys({ press: 'Escape' });
      await element.updateComplete;
      assertEqual([button.getAttribute('aria-expanded'), menu.hidden], ['false', true], 'closed again');
      assert(element.shadowRoot!.activeElement === button, 'focus back on the button');

      await sendKeys({ press: 'Enter' });
      await element.updateComplete;
      assertEqual(focused(), 'download-png', 'Enter opens on the first item');
      await sendKeys({ press: 'End' });
      await sendKeys({ press: 'Enter' });
      await element.updateComplete;
      assert(element.viewingAsTable, 'Enter runs the item');
      assertEqual(menu.hidden, true, 'and closes the menu');
    });

    it('closes on a click outside', async () => {
      const fixture = await loadFixture('learning-progress');
      const { element } = await mount('kineo-kpi', 'enrolments', snapshotOf(fixture, { canExport: true }));
      part<HTMLButtonElement>(element, 'actions-button').click();
      await element.updateComplete;
      assertEqual(part(element, 'actions-menu').hidden, false, 'open');
      document.body.dispatchEvent(new PointerEvent('pointerdown', { bubbles: true, composed: true }));
      await element.updateComplete;
      assertEqual(part(element, 'actions-menu').hidden, true, 'closed');
    });
  });

  describe('on its own', () => {
    it('says which attributes are missing', async () => {
      const element = document.createElement('kineo-kpi');
      element.setAttribute('panel', 'enrolments');
      element.setAttribute('dashboard', 'learning-progress');
      document.body.append(element);
      try {
        await element.updateComplete;
        assertEqual(
          textOf(part(element, 'error')),
          'To show a panel on its own, set the `api` attribute, a `token-url` attribute, `token` or `tokenProvider`.',
          'what is missing',
        );
      } finally {
        element.remove();
      }
    });

    it('loads its one panel from the API and fires the dashboard events on itself', async () => {
      const fixture = await loadFixture('learning-progress');
      const snapshot = snapshotOf(fixture);
      const requests: { url: string; body: unknown; authorization: string | null }[] = [];
      const originalFetch = globalThis.fetch;
      globalThis.fetch = async (input: RequestInfo | URL, init: RequestInit = {}) => {
        const url = new URL(input instanceof Request ? input.url : String(input));
        if (url.origin !== 'https://analytics.example.com') return originalFetch(input, init);
        const body = typeof init.body === 'string' ? (JSON.parse(init.body) as DashboardDataRequest) : undefined;
        requests.push({ url: `${init.method ?? 'GET'} ${url.pathname}`, body, authorization: new Headers(init.headers).get('authorization') });
        const json = (value: unknown) => new Response(JSON.stringify(value), { headers: { 'content-type': 'application/json' } });
        if (url.pathname === '/v1/viewer') return json(snapshot.viewer);
        if (url.pathname === '/v1/dashboards/learning-progress') return json(fixture.definition);
        if (url.pathname === '/v1/dashboards/learning-progress/data') {
          const panels = Object.fromEntries((body?.panels ?? []).map((id) => [id, fixture.data.response.panels[id]]));
          return json({ dashboard: 'learning-progress', panels, errors: {} });
        }
        return new Response(JSON.stringify({ error: { code: 'not_found', message: 'no route' } }), { status: 404 });
      };
      const element = document.createElement('kineo-chart');
      const ready: CustomEvent[] = [];
      element.addEventListener('kineo-ready', (event) => ready.push(event));
      element.style.width = '600px';
      element.setAttribute('api', 'https://analytics.example.com');
      element.setAttribute('dashboard', 'learning-progress');
      element.setAttribute('panel', 'completion-by-category');
      const now = Math.floor(Date.now() / 1000);
      const token = fakeJwt({ sub: 'user-1', tenant: 'acme', role: 'admin', iat: now, exp: now + 600 });
      element.token = token;
      document.body.append(element);
      try {
        await until(() => element.chartHandle !== undefined, 'the chart from the API');
        assertEqual(element.chartHandle!.markCount, 5, 'its bars');
        const data = requests.find((r) => r.url === 'POST /v1/dashboards/learning-progress/data');
        assertEqual((data?.body as DashboardDataRequest).panels, ['completion-by-category'], 'only its own panel');
        assert(requests.every((r) => r.authorization === `Bearer ${token}`), 'the token in the header');
        assert(requests.every((r) => !r.url.includes(token)), 'never in the URL');
        await until(() => ready.length === 1, 'kineo-ready');
        assertEqual(ready[0]!.detail, { dashboard: 'learning-progress', panels: ['completion-by-category'] }, 'kineo-ready detail');
        await expectNoAxeViolations(element, 'a chart on its own');
      } finally {
        element.remove();
        globalThis.fetch = originalFetch;
      }
    });
  });
});
