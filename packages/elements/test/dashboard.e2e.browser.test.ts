// <kineo-dashboard> and its panels against the real Kineo API on the DuckDB demo data: what a host
// page sees through the public element API (attributes, properties, methods, events, `::part`s
// and open shadow roots), with real mouse and keyboard input (@web/test-runner-commands).
import { resetMouse, sendKeys, sendMouse, setViewport } from '@web/test-runner-commands';
import { KineoApiClient } from '../src/api/api-client.js';
import '../src/chart/chart.js';
import '../src/kpi/kpi.js';
import '../src/table/table.js';
import type { KineoPanelElement } from '../src/panel/panel-base.component.js';
import { assert, assertEqual } from '../src/testing/fakes.js';
import { TokenManager } from '../src/token/token-manager.js';
import { assertCsvEqualsResult } from './harness/csv.js';
import { describeViolations, loadAxe, parts } from './harness/dom.js';
import { countingTokenProvider, departmentOf, harnessConfig, mintToken, sleep, waitFor, type HarnessConfig, type TokenRequest } from './harness/kineo-api.js';
import { ApiCallRecorder, MountedDashboard, breadcrumbs, chartMarkCount, chartRoot, panelProblem, panelTitle, tableRows } from './harness/mounted-dashboard.js';
import { afterEach, before, beforeEach, describe, it } from './harness/mocha.js';

const TENANT = 'acme';
const SHIPPED_DASHBOARDS = ['learning-progress', 'compliance', 'team-performance'];
const admin: TokenRequest = { tenant: TENANT, role: 'admin', permissions: ['export'] };
const DATA_PATH = /^\/v1\/dashboards\/[a-z-]+\/data$/;

/** The `exp` of a JWT in epoch milliseconds (read without verifying: the harness minted it). */
function expiryOf(token: string): number {
  return (JSON.parse(atob(token.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { exp: number }).exp * 1000;
}

/** Presses keys on a focusable element, as a keyboard user would. */
async function pressKeys(target: HTMLElement, keys: string[]): Promise<void> {
  target.focus();
  for (const key of keys) await sendKeys({ press: key });
}

/** Clicks with the real mouse at the centre of the first data shape of a bar chart panel. */
async function clickFirstBar(panel: KineoPanelElement): Promise<void> {
  const bar = parts(panel, 'chart-view')[0]?.querySelector('svg .mark-rect.role-mark > path');
  assert(bar, `panel ${panel.panel} draws its bars as SVG paths`);
  bar.scrollIntoView({ block: 'center' });
  await sleep(50);
  const box = bar.getBoundingClientRect();
  await sendMouse({ type: 'click', position: [Math.round(box.left + box.width / 2), Math.round(box.top + box.height / 2)] });
}

/** Opens a panel's actions menu and clicks the action `id` (e.g. `export-csv`). */
async function runPanelAction(panel: KineoPanelElement, id: string): Promise<void> {
  const button = parts<HTMLButtonElement>(panel, 'actions-button')[0];
  assert(button, `panel ${panel.panel} has an actions button`);
  button.click();
  const item = await waitFor(() => panel.shadowRoot?.querySelector<HTMLButtonElement>(`[role="menuitem"][data-action="${id}"]`), `the ${id} action of ${panel.panel}`);
  item.click();
}

/** The actions a panel's menu offers. */
function panelActions(panel: KineoPanelElement): string[] {
  return [...(panel.shadowRoot?.querySelectorAll<HTMLButtonElement>('[role="menuitem"]') ?? [])].map((item) => item.dataset['action'] ?? '');
}

/**
 * Catches the files the page downloads: the Blob handed to `URL.createObjectURL` and the file name
 * of the `<a download>` clicked, without letting the browser save anything.
 */
class DownloadCatcher {
  readonly files: { blob: Blob; filename: string }[] = [];
  readonly #createObjectURL = URL.createObjectURL;
  readonly #click = HTMLAnchorElement.prototype.click;
  readonly #blobs = new Map<string, Blob>();

  constructor() {
    const blobs = this.#blobs;
    const create = this.#createObjectURL;
    URL.createObjectURL = (object: Blob | MediaSource) => {
      const url = create.call(URL, object);
      if (object instanceof Blob) blobs.set(url, object);
      return url;
    };
    const files = this.files;
    const click = this.#click;
    HTMLAnchorElement.prototype.click = function (this: HTMLAnchorElement) {
      const blob = blobs.get(this.href);
      if (this.download && blob) files.push({ blob, filename: this.download });
      else click.call(this);
    };
  }

  restore(): void {
    URL.createObjectURL = this.#createObjectURL;
    HTMLAnchorElement.prototype.click = this.#click;
  }
}

describe('<kineo-dashboard> against the real API', function () {
  this.timeout(20_000);
  let config: HarnessConfig;
  let mounted: MountedDashboard | undefined;
  let recorder: ApiCallRecorder | undefined;

  function mount(dashboard: string, tokenProvider: () => Promise<string>, options: { theme?: 'light' | 'dark' } = {}): MountedDashboard {
    recorder = new ApiCallRecorder(config.api);
    mounted = new MountedDashboard({ api: config.api, dashboard, tokenProvider, ...options });
    return mounted;
  }

  const adminTokens = () => mintToken(admin);

  before(async function () {
    this.timeout(120_000);
    config = await harnessConfig();
    await setViewport({ width: 1280, height: 900 });
  });

  afterEach(async () => {
    mounted?.remove();
    mounted = undefined;
    recorder?.uninstall();
    recorder = undefined;
    await resetMouse();
  });

  it('renders every shipped dashboard: marks in every chart, a number in every KPI, rows in every table', async () => {
    for (const dashboard of SHIPPED_DASHBOARDS) {
      const view = mount(dashboard, adminTokens);
      const [ready] = await view.eventCount('kineo-ready', 1);
      await view.rendered();
      const definition = view.panels()[0]!.context!.snapshot.definition!;
      assertEqual(ready!.detail, { dashboard, panels: definition.panels.map((p) => p.id) }, `${dashboard}: kineo-ready detail`);
      assertEqual(
        recorder!.calls.map((call) => `${call.method} ${call.path.replace(/\?.*/, '')}`).filter((call) => !call.includes('/filters/')).sort(),
        [`GET /v1/dashboards/${dashboard}`, `GET /v1/viewer`, `POST /v1/dashboards/${dashboard}/data`].sort(),
        `${dashboard}: API calls to show it (filter options aside): all panel data in one request`,
      );
      for (const panel of view.panels()) {
        const type = definition.panels.find((p) => p.id === panel.panel)!.type;
        if (type === 'chart') assert(chartMarkCount(panel) > 0, `${dashboard}/${panel.panel}: chart marks drawn`);
        if (type === 'kpi') assert(Number.isFinite(view.kpiValue(panel.panel)), `${dashboard}/${panel.panel}: KPI number`);
        if (type === 'table') assert(tableRows(panel).length > 0, `${dashboard}/${panel.panel}: table rows`);
      }
      assertEqual(view.eventsOf('kineo-error'), [], `${dashboard}: kineo-error events`);
      view.remove();
      recorder!.uninstall();
    }
  });

  it('drills down with a mouse click and the keyboard, and back up with the breadcrumbs', async () => {
    const view = mount('learning-progress', adminTokens);
    await view.rendered();
    const panel = view.panel('completion-by-category');
    const topTitle = panelTitle(panel);
    const othersBefore = view.panels().filter((p) => p !== panel).map((p) => view.panelState(p.panel)!.result);

    // Level 0 → 1 with the mouse on a bar.
    await clickFirstBar(panel);
    const [select] = await view.eventCount('kineo-select', 1);
    const category = select!.detail.datum['category'];
    assert(typeof category === 'string' && category.length > 0, `the selected bar's datum has its category (${JSON.stringify(select!.detail)})`);
    assertEqual({ panel: select!.detail.panel, level: select!.detail.level }, { panel: 'completion-by-category', level: 0 }, 'kineo-select detail');
    const [down] = await view.eventCount('kineo-drill', 1);
    assertEqual(down!.detail, { panel: 'completion-by-category', level: 1, path: [category], direction: 'down' }, 'kineo-drill detail (down)');
    await view.rendered();
    assertEqual(panelTitle(panel), 'Completion rate by course', 'title at level 1');
    assert(chartMarkCount(panel) > 0, 'the level-1 chart has marks');
    // The element shows what the API returns for that drill path, and reloaded nothing else.
    const client = new KineoApiClient({ api: config.api, tokens: new TokenManager({ source: { token: await mintToken(admin) } }) });
    const expected = await client.query({ dashboard: 'learning-progress', panel: 'completion-by-category', drill: [category] });
    assertEqual(view.result('completion-by-category').data, expected.data, 'level-1 rows are the API rows for the clicked category');
    const drillRequest = recorder!.to(DATA_PATH).at(-1)!;
    assertEqual((drillRequest.body as { panels?: string[] }).panels, ['completion-by-category'], 'the drill reloads only its panel');
    view.panels().filter((p) => p !== panel).forEach((p, i) => assert(view.panelState(p.panel)!.result === othersBefore[i], `${p.panel} kept its data`));

    // Level 1 → 2 (a table) with the keyboard: first bar, Enter.
    await pressKeys(chartRoot(panel), ['ArrowDown', 'Enter']);
    const drills = await view.eventCount('kineo-drill', 2);
    const level2 = drills[1]!.detail;
    assertEqual({ level: level2.level, direction: level2.direction, first: level2.path[0] }, { level: 2, direction: 'down', first: category }, 'kineo-drill detail (down by keyboard)');
    assertEqual(view.eventsOf('kineo-select')[1]!.detail.level, 1, 'kineo-select level of the keyboard selection');
    await view.rendered();
    assertEqual(panelTitle(panel), 'Learners on the course', 'title at level 2');
    assert(tableRows(panel).length > 0, 'the level-2 table has rows');
    const crumbs = breadcrumbs(panel);
    assertEqual(crumbs.labels.length, 3, `breadcrumbs at level 2 (${crumbs.labels.join(' / ')})`);
    assertEqual(crumbs.labels.slice(0, 2), [topTitle, category], 'breadcrumb labels');

    // Back to the top with the first breadcrumb.
    crumbs.buttons[0]!.click();
    const [, , up] = await view.eventCount('kineo-drill', 3);
    assertEqual(up!.detail, { panel: 'completion-by-category', level: 0, path: [], direction: 'up' }, 'kineo-drill detail (up)');
    await view.rendered();
    assertEqual(panelTitle(panel), topTitle, 'title back at the top');
    assert(chartMarkCount(panel) > 0, 'the top-level chart is drawn again');
    assertEqual(breadcrumbs(panel).labels, [], 'no breadcrumbs at the top');
  });

  it('cross-filter: selecting a status slice filters the other panels, the chip clears it', async () => {
    const view = mount('learning-progress', adminTokens);
    await view.rendered();
    const totalEnrolments = view.kpiValue('enrolments');
    const sourceResult = view.result('status-breakdown');
    const categoriesBefore = view.result('completion-by-category');

    await pressKeys(chartRoot(view.panel('status-breakdown')), ['ArrowDown', 'Enter']);
    const [select] = await view.eventCount('kineo-select', 1);
    const { status, enrolments } = select!.detail.datum as { status: string; enrolments: number };
    assert(typeof status === 'string' && typeof enrolments === 'number', `the slice's datum (${JSON.stringify(select!.detail.datum)})`);
    const [change] = await view.eventCount('kineo-filter-change', 1);
    assertEqual(
      change!.detail,
      { filters: {}, crossFilter: { panel: 'status-breakdown', filter: 'status', values: [status] }, source: 'cross-filter' },
      'kineo-filter-change detail',
    );
    await waitFor(() => view.kpiValue('enrolments') !== totalEnrolments, 'the enrolments KPI to change');
    await view.rendered();
    assertEqual(view.kpiValue('enrolments'), enrolments, `enrolments KPI under the "${status}" selection = the slice's enrolments`);
    assert(view.result('completion-by-category') !== categoriesBefore, 'the other charts were reloaded');
    assert(
      JSON.stringify(view.result('completion-by-category').data) !== JSON.stringify(categoriesBefore.data),
      'completion by category changed under the selection',
    );
    assert(view.result('status-breakdown') === sourceResult, 'the selecting panel keeps its own data');
    const request = recorder!.to(DATA_PATH).at(-1)!.body as { crossFilter?: unknown; panels?: string[] };
    assertEqual(request.crossFilter, { panel: 'status-breakdown', filter: 'status', values: [status] }, 'the data request carries the selection');
    assert(!request.panels?.includes('status-breakdown'), 'the selecting panel is not reloaded');

    const chip = parts(view.element, 'cross-filter')[0];
    assert(chip, 'the active cross-filter chip is shown');
    chip.querySelector('button')!.click();
    const [, cleared] = await view.eventCount('kineo-filter-change', 2);
    assertEqual(cleared!.detail, { filters: {}, source: 'cross-filter' }, 'kineo-filter-change detail after clearing');
    await waitFor(() => view.kpiValue('enrolments') === totalEnrolments, 'the enrolments KPI back to the total');
    assertEqual(parts(view.element, 'cross-filter').length, 0, 'no chip once cleared');
  });

  it('setFilters() and the filters property from the host change the data', async () => {
    const view = mount('learning-progress', adminTokens);
    await view.rendered();
    const total = view.kpiValue('enrolments');
    const client = new KineoApiClient({ api: config.api, tokens: new TokenManager({ source: { token: await mintToken(admin) } }) });
    const expected = await client.dashboardData('learning-progress', { filters: { status: ['completed'] }, panels: ['enrolments'] });
    const completed = Number(expected.panels['enrolments']!.data[expected.panels['enrolments']!.columns.findIndex((c) => c.name === 'enrolments')]![0]);
    assert(completed > 0 && completed < total, `completed enrolments (${completed}) are some of all (${total})`);

    const dataCalls = recorder!.to(DATA_PATH).length;
    view.element.setFilters({ status: ['completed'] });
    const [change] = await view.eventCount('kineo-filter-change', 1);
    assertEqual(change!.detail, { filters: { status: ['completed'] }, source: 'host' }, 'kineo-filter-change detail');
    assertEqual(view.element.filters, { status: ['completed'] }, 'the filters property');
    await waitFor(() => view.kpiValue('enrolments') === completed, `the enrolments KPI to show ${completed}`);
    await view.rendered();
    assertEqual(recorder!.to(DATA_PATH).length - dataCalls, 1, 'data requests for the new filters');
    assertEqual((recorder!.to(DATA_PATH).at(-1)!.body as { filters: unknown }).filters, { status: ['completed'] }, 'filters sent');

    view.element.filters = { status: null };
    const [, clearedChange] = await view.eventCount('kineo-filter-change', 2);
    assertEqual(clearedChange!.detail, { filters: {}, source: 'host' }, 'kineo-filter-change detail after clearing');
    await waitFor(() => view.kpiValue('enrolments') === total, 'the enrolments KPI back to the total');
  });

  it('401 → one refresh → success: a refused first token is replaced once and the dashboard renders', async () => {
    const tokens = countingTokenProvider((call) => (call === 1 ? { ...admin, tamper: 'signature' } : admin));
    const view = mount('learning-progress', tokens.provider);
    await view.rendered();
    assertEqual(tokens.calls(), 2, 'token provider calls');
    const refused = recorder!.calls.filter((call) => call.status === 401);
    assert(refused.length >= 1, 'the API refused the tampered token');
    const tampered = refused[0]!.token;
    assert(refused.every((call) => call.token === tampered), 'only the tampered token was refused');
    assert(recorder!.calls.filter((call) => call.token !== tampered).every((call) => call.status === 200), 'every call with the new token succeeded');
    assertEqual(view.eventsOf('kineo-error'), [], 'kineo-error events');
    assertEqual(view.eventsOf('kineo-token-refresh').length, 2, 'kineo-token-refresh events (tampered, then good)');
  });

  it('a 5-second token is refreshed ahead of expiry without losing filters, drill or data', async function () {
    this.timeout(25_000);
    const tokens = countingTokenProvider(() => ({ ...admin, ttlSeconds: 5 }));
    const view = mount('learning-progress', tokens.provider);
    await view.rendered();
    view.element.setFilters({ status: ['completed', 'in_progress'] });
    await view.eventCount('kineo-filter-change', 1);
    await view.rendered();
    await clickFirstBar(view.panel('completion-by-category'));
    const [drill] = await view.eventCount('kineo-drill', 1);
    await view.rendered();
    const filteredEnrolments = view.kpiValue('enrolments');

    // A host that keeps using the dashboard for longer than the first token lives.
    const firstExpiry = expiryOf(recorder!.calls[0]!.token!);
    while (Date.now() < firstExpiry + 800) {
      await view.element.refresh();
      await sleep(600);
    }
    await view.rendered();

    const refreshes = view.eventsOf('kineo-token-refresh');
    assert(refreshes.length >= 2, `kineo-token-refresh fired again (${refreshes.length})`);
    for (const { detail } of refreshes) assert(detail.expiresAt instanceof Date, 'kineo-token-refresh detail has expiresAt');
    assert(tokens.calls() >= 2, `the provider was asked for new tokens (${tokens.calls()})`);
    const calls = recorder!.calls;
    assert(calls.every((call) => call.status === 200), `every API call succeeded (${calls.map((c) => c.status).join(',')})`);
    assertEqual(calls.filter((call) => call.sentAt >= expiryOf(call.token!)).length, 0, 'API calls sent with an expired token');
    assert(new Set(calls.map((call) => call.token)).size >= 2, 'calls went out with more than one token');
    assertEqual(view.eventsOf('kineo-error'), [], 'kineo-error events');
    // State survived every refresh: each reload still asked for the filtered, drilled view.
    assertEqual(view.element.filters, { status: ['completed', 'in_progress'] }, 'filters after the refreshes');
    assertEqual(view.panel('completion-by-category').context!.snapshot.drill['completion-by-category'], drill!.detail.path, 'drill path after the refreshes');
    const lastData = recorder!.to(DATA_PATH).at(-1)!.body as { filters: unknown; drill?: Record<string, unknown> };
    assertEqual(lastData.filters, { status: ['completed', 'in_progress'] }, 'filters in the last data request');
    assertEqual(lastData.drill?.['completion-by-category'], drill!.detail.path, 'drill in the last data request');
    assertEqual(view.kpiValue('enrolments'), filteredEnrolments, 'the filtered KPI value after the refreshes');
  });

  it('a failing token provider: kineo-error and an error state; recovers when the provider works again', async () => {
    let failing = true;
    const view = mount('learning-progress', async () => {
      if (failing) throw new Error('the host session has ended');
      return mintToken(admin);
    });
    const [error] = await view.eventCount('kineo-error', 1);
    assertEqual(
      { source: error!.detail.source, status: error!.detail.error.status, code: error!.detail.error.code, panel: error!.detail.panel },
      { source: 'token', status: 0, code: 'token_unavailable', panel: undefined },
      'kineo-error detail',
    );
    assert(error!.detail.error.message.includes('the host session has ended'), `the message says why (${error!.detail.error.message})`);
    await waitFor(() => parts(view.element, 'error')[0], 'the dashboard error state');
    failing = false;
    await view.element.refresh();
    await view.rendered();
    assertEqual(parts(view.element, 'error').length, 0, 'no error state after recovering');
    const [ready] = await view.eventCount('kineo-ready', 1);
    assertEqual(ready!.detail.dashboard, 'learning-progress', 'kineo-ready after recovering');
  });

  it('every event bubbles, is composed and carries its documented detail', async () => {
    const view = mount('learning-progress', adminTokens);
    await view.rendered();
    view.element.setFilters({ status: ['overdue'] });
    await view.eventCount('kineo-filter-change', 1);
    await view.rendered();
    await pressKeys(chartRoot(view.panel('completion-by-category')), ['ArrowDown', 'Enter']);
    await view.eventCount('kineo-drill', 1);
    await view.rendered();
    const types = new Set(view.events.map((event) => event.type));
    for (const type of ['kineo-ready', 'kineo-filter-change', 'kineo-select', 'kineo-drill', 'kineo-token-refresh'] as const)
      assert(types.has(type), `${type} was fired`);
    for (const event of view.events) assert(event.bubbles && event.composed, `${event.type} bubbles and is composed`);
    const [refresh] = view.eventsOf('kineo-token-refresh');
    const lifetime = refresh!.detail.expiresAt!.getTime() - Date.now();
    assert(lifetime > 500_000 && lifetime <= 600_000, `kineo-token-refresh expiresAt is the token's expiry (in ${lifetime} ms)`);
    assertEqual(Object.keys(refresh!.detail), ['expiresAt'], 'kineo-token-refresh detail never carries the token');
    const [select] = view.eventsOf('kineo-select');
    assertEqual(Object.keys(select!.detail).sort(), ['datum', 'level', 'panel'], 'kineo-select detail keys');
    // A bad value from the host: nothing changes, kineo-error (source data).
    view.element.setFilters({ status: 'not-a-list' as unknown as string[] });
    const [error] = await view.eventCount('kineo-error', 1);
    assertEqual({ source: error!.detail.source, code: error!.detail.error.code }, { source: 'data', code: 'bad_request' }, 'kineo-error for bad host filters');
    assertEqual(view.element.filters, { status: ['overdue'] }, 'filters unchanged by the bad value');
  });

  it('panel elements on their own: one chart, one KPI and one table, each loading only its panel', async () => {
    recorder = new ApiCallRecorder(config.api);
    const host = document.createElement('div');
    host.style.width = '700px';
    document.body.append(host);
    try {
      const provider = () => mintToken(admin);
      const elements = [
        ['kineo-chart', 'learning-progress', 'completion-by-category'],
        ['kineo-kpi', 'compliance', 'mandatory-overdue'],
        ['kineo-table', 'team-performance', 'learners'],
      ].map(([tag, dashboard, panel]) => {
        const element = document.createElement(tag as 'kineo-chart');
        element.setAttribute('api', config.api);
        element.setAttribute('dashboard', dashboard!);
        element.setAttribute('panel', panel!);
        element.tokenProvider = provider;
        host.append(element);
        return element;
      });
      const ready = elements.map((element) => new Promise<CustomEvent>((resolve) => element.addEventListener('kineo-ready', (e) => resolve(e as CustomEvent), { once: true })));
      const details = (await Promise.all(ready)).map((event) => event.detail as { dashboard: string; panels: string[] });
      assertEqual(
        details,
        [
          { dashboard: 'learning-progress', panels: ['completion-by-category'] },
          { dashboard: 'compliance', panels: ['mandatory-overdue'] },
          { dashboard: 'team-performance', panels: ['learners'] },
        ],
        'kineo-ready on each element',
      );
      await waitFor(() => elements.every((element) => panelProblem(element) === undefined), 'every element rendered with data').catch((error: Error) => {
        throw new Error(`${error.message}: ${elements.map((element) => `${element.panel}: ${panelProblem(element) ?? 'ok'}`).join('; ')}`);
      });
      for (const element of elements) {
        const dataCalls = recorder.to(new RegExp(`^/v1/dashboards/${element.dashboard}/data$`));
        assertEqual(dataCalls.map((call) => (call.body as { panels?: string[] }).panels), [[element.panel]], `${element.panel}: one data request for its panel only`);
      }
    } finally {
      host.remove();
    }
  });

  describe('CSV export from the panel menu', function () {
    let catcher: DownloadCatcher;
    let managerOrg: string;

    before(async () => {
      managerOrg = await departmentOf(config.api, TENANT);
    });
    beforeEach(() => {
      catcher = new DownloadCatcher();
    });
    afterEach(() => catcher.restore());

    async function exportedCsvEqualsPanel(token: TokenRequest, panelId: string): Promise<void> {
      const view = mount('learning-progress', () => mintToken(token));
      await view.rendered();
      view.element.setFilters({ status: ['completed', 'in_progress'] });
      await view.eventCount('kineo-filter-change', 1);
      await view.rendered();
      const panel = view.panel(panelId);
      await waitFor(() => panelActions(panel).length > 0, 'the panel actions');
      assert(panelActions(panel).includes('export-csv'), `the menu offers CSV (has ${panelActions(panel).join(', ')})`);
      await runPanelAction(panel, 'export-csv');
      const [file] = await waitFor(() => (catcher.files.length > 0 ? catcher.files : undefined), 'the CSV download');
      assert(file!.filename.endsWith('.csv'), `a .csv file name (${file!.filename})`);
      assertCsvEqualsResult(await file!.blob.text(), view.result(panelId), `${token.role}: exported ${panelId}`);
      const exportCall = recorder!.to(/\/export$/).at(-1);
      assertEqual((exportCall?.body as { filters?: unknown })?.filters, { status: ['completed', 'in_progress'] }, 'the export carries the filters');
    }

    it('equals the panel’s rows for an admin', async () => {
      await exportedCsvEqualsPanel(admin, 'completion-by-category');
    });

    it('equals the panel’s rows for a manager (their organisation only)', async () => {
      await exportedCsvEqualsPanel({ tenant: TENANT, role: 'manager', orgs: [managerOrg], permissions: ['export'] }, 'completion-by-category');
    });

    it('is not offered without the export permission', async () => {
      const view = mount('learning-progress', () => mintToken({ tenant: TENANT, role: 'admin' }));
      await view.rendered();
      const panel = view.panel('completion-by-category');
      await waitFor(() => panelActions(panel).length > 0, 'the panel actions');
      const actions = panelActions(panel);
      const { viewer, canExport } = panel.context!.snapshot;
      const granted = recorder!.calls.map((call) => (JSON.parse(atob(call.token!.split('.')[1]!.replace(/-/g, '+').replace(/_/g, '/'))) as { permissions?: string[] }).permissions ?? []);
      assert(
        !actions.includes('export-csv') && !actions.includes('export-xlsx'),
        `no export actions (has ${actions.join(', ')}; viewer permissions ${JSON.stringify(viewer?.permissions)}, canExport ${canExport}, ` +
          `permissions of the tokens sent ${JSON.stringify(granted)})`,
      );
      assert(actions.includes('toggle-table'), 'the other actions are there');
    });
  });

  describe('accessibility (axe-core)', function () {
    this.timeout(30_000);

    for (const theme of ['light', 'dark'] as const) {
      it(`finds no violations on a fully rendered dashboard (${theme})`, async () => {
        const axe = await loadAxe();
        const view = mount('learning-progress', adminTokens, { theme });
        await view.rendered();
        const results = await axe.run(view.element, { resultTypes: ['violations'] });
        assert(results.violations.length === 0, `axe violations (${theme}):\n${describeViolations(results)}`);
      });
    }
  });
});
