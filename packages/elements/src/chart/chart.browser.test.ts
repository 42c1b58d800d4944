// Browser tests of <kineo-chart> inside a fake dashboard (a context provider with snapshots built
// from the committed API fixtures, and a controller that records calls).
import { resultRows, type QueryResult } from '@kineo/core';
import { emulateMedia } from '@web/test-runner-commands';
import {
  FakeDashboard,
  captureDownloads,
  expectNoAxeViolations,
  hasPart,
  loadFixture,
  part,
  snapshotOf,
  textOf,
  until,
  type DashboardFixture,
} from '../panel/panel-test-support.js';
import { darkTokens, lightTokens } from '../theme/theme-styles.js';
import { assert, assertEqual } from '../testing/fakes.js';
import { click, dataItems, key, settleView } from '../vega/chart-test-support.js';
import type { KineoChart } from './chart.component.js';
import './chart.js';

declare const describe: (name: string, fn: () => void) => void;
declare const it: (name: string, fn: () => void | Promise<void>) => void;
declare const afterEach: (fn: () => void | Promise<void>) => void;

const PANEL = 'completion-by-category';

let dashboards: FakeDashboard[] = [];
afterEach(async () => {
  for (const dashboard of dashboards) dashboard.remove();
  dashboards = [];
  await emulateMedia({ colorScheme: 'light' });
});

async function mount(options: Parameters<typeof snapshotOf>[1] = {}, attributes: Record<string, string> = {}, width = 640) {
  const fixture = await loadFixture('learning-progress');
  const dashboard = new FakeDashboard(snapshotOf(fixture, options), width);
  dashboards.push(dashboard);
  const chart = await dashboard.add<KineoChart>('kineo-chart', PANEL, attributes);
  return { fixture, dashboard, chart };
}

async function drawn(chart: KineoChart) {
  await until(() => chart.chartHandle !== undefined, 'the chart to be drawn');
  return chart.chartHandle!;
}

function menuActions(chart: KineoChart): string[] {
  return [...chart.shadowRoot!.querySelectorAll<HTMLElement>('[role="menuitem"]')].map((item) => item.dataset['action']!);
}

async function runAction(chart: KineoChart, action: string): Promise<void> {
  part<HTMLButtonElement>(chart, 'actions-button').click();
  await chart.updateComplete;
  const item = chart.shadowRoot!.querySelector<HTMLButtonElement>(`[data-action="${action}"]`);
  assert(item, `the menu has "${action}" (it has ${menuActions(chart).join(', ')})`);
  item.click();
  await chart.updateComplete;
}

/** The fill of the x axis's tick labels in the chart's SVG. */
function axisLabelFill(chart: KineoChart): string | null {
  const label = part(chart, 'chart').querySelector('.role-axis-label text');
  return label?.getAttribute('fill') ?? null;
}

function rowsOf(fixture: DashboardFixture): Record<string, unknown>[] {
  return resultRows(fixture.data.response.panels[PANEL]!);
}

describe('<kineo-chart>', () => {
  it('draws one mark per row of a fixture panel, named by the title and described with a summary', async () => {
    const { chart, fixture } = await mount();
    const handle = await drawn(chart);
    const rows = rowsOf(fixture);
    assertEqual(handle.markCount, rows.length, 'one bar per category');
    assertEqual(part(chart, 'chart').querySelectorAll('.role-mark path, .role-mark rect').length > 0, true, 'bars in the SVG');
    const root = part(chart, 'chart-root');
    assertEqual(root.getAttribute('aria-label'), 'Completion rate by category', 'accessible name = level title');
    const description = chart.shadowRoot!.getElementById(root.getAttribute('aria-describedby')!);
    assert(
      textOf(description).startsWith('Share of enrolments completed in each course category. Select a bar to see its courses. Bar chart with 5 categories.'),
      `description = level description + summary, got "${textOf(description)}"`,
    );
    assertEqual(textOf(part(chart, 'title')), 'Completion rate by category', 'the header title');
  });

  it('draws the current drill level, with that level\'s title', async () => {
    const { chart, fixture } = await mount({ drill: { [PANEL]: ['Compliance'] } });
    const handle = await drawn(chart);
    assertEqual(handle.markCount, fixture.drill[PANEL]![0]!.query.response.rowCount, 'one bar per course');
    assertEqual(part(chart, 'chart-root').getAttribute('aria-label'), 'Completion rate by course', 'accessible name');
    assertEqual(textOf(part(chart, 'title')), 'Completion rate by course', 'header title');
  });

  it('a click on a bar selects its row through the controller', async () => {
    const { chart, dashboard, fixture } = await mount();
    const handle = await drawn(chart);
    const bar = dataItems(handle).find((item) => item.datum!['category'] === 'Leadership')!;
    click(handle, bar);
    await settleView(handle);
    const selections = dashboard.controller.callsOf('select');
    assertEqual(selections.length, 1, 'one selection');
    assertEqual(selections[0], [PANEL, rowsOf(fixture).find((row) => row['category'] === 'Leadership')], 'panel and datum');
  });

  it('Enter on the keyboard-focused bar selects its row', async () => {
    const { chart, dashboard, fixture } = await mount();
    await drawn(chart);
    const root = part(chart, 'chart-root');
    root.focus();
    key(root, 'ArrowRight');
    key(root, 'ArrowRight');
    key(root, 'Enter');
    assertEqual(dashboard.controller.callsOf('select'), [[PANEL, rowsOf(fixture)[1]]], 'the second row selected');
  });

  it('"View as table" shows the rows as a table with the chart\'s titles and formats, and back', async () => {
    const { chart } = await mount();
    await drawn(chart);
    await runAction(chart, 'toggle-table');
    assert(!hasPart(chart, 'chart-root'), 'the chart is gone');
    assertEqual(chart.chartHandle, undefined, 'and finalized');
    const table = part(chart, 'table').querySelector('table')!;
    assertEqual(textOf(table.querySelector('caption')), 'Completion rate by category', 'caption');
    const headers = [...table.querySelectorAll('thead th')];
    assert(headers.every((th) => th.getAttribute('scope') === 'col'), 'column headers');
    assertEqual(headers.map(textOf), ['Category', 'Completion rate', 'Completions', 'Enrolments'], 'titles from the chart');
    const rows = [...table.querySelectorAll('tbody tr')].map((tr) => [...tr.querySelectorAll('td')].map(textOf));
    assertEqual(rows.length, 5, 'every row');
    assertEqual(rows[0], ['Compliance', '76.9%', '8,739', '11,367'], 'formatted like the chart');
    assertEqual(menuActions(chart), ['toggle-table'], 'no image downloads of a table');
    assertEqual(textOf(chart.shadowRoot!.querySelector('[data-action="toggle-table"]')), 'View as chart', 'the toggle says what it does now');

    await runAction(chart, 'toggle-table');
    await drawn(chart);
    assert(!hasPart(chart, 'table'), 'the table is gone');
  });

  it('offers CSV and XLSX only with canExport, and exports through the controller', async () => {
    const without = await mount();
    await drawn(without.chart);
    assertEqual(menuActions(without.chart), ['download-png', 'download-svg', 'toggle-table'], 'without canExport');

    const { chart, dashboard } = await mount({ canExport: true });
    await drawn(chart);
    assertEqual(menuActions(chart), ['download-png', 'download-svg', 'export-csv', 'export-xlsx', 'toggle-table'], 'with canExport');
    await runAction(chart, 'export-xlsx');
    await runAction(chart, 'export-csv');
    assertEqual(dashboard.controller.callsOf('exportPanel'), [[PANEL, 'xlsx'], [PANEL, 'csv']], 'exports asked for');
  });

  it('shows a failed export under the header', async () => {
    const { chart, dashboard } = await mount({ canExport: true });
    await drawn(chart);
    dashboard.controller.exportFailure = new Error('Exporting is not permitted');
    await runAction(chart, 'export-csv');
    await until(() => hasPart(chart, 'notice'), 'the notice');
    assertEqual(textOf(part(chart, 'notice')), 'The CSV export failed: Exporting is not permitted', 'notice');
  });

  it('downloads PNG and SVG as data URLs named <dashboard>-<panel>', async () => {
    const { chart } = await mount();
    await drawn(chart);
    const capture = captureDownloads();
    try {
      await runAction(chart, 'download-png');
      await until(() => capture.downloads.length === 1, 'the PNG');
      await runAction(chart, 'download-svg');
      await until(() => capture.downloads.length === 2, 'the SVG');
    } finally {
      capture.stop();
    }
    const [png, svg] = capture.downloads;
    assert(png!.href.startsWith('data:image/png;base64,'), `PNG data URL, got ${png!.href.slice(0, 40)}`);
    assertEqual(png!.filename, 'learning-progress-completion-by-category.png', 'PNG name');
    assert(svg!.href.startsWith('data:image/svg+xml'), `SVG data URL, got ${svg!.href.slice(0, 40)}`);
    assertEqual(svg!.filename, 'learning-progress-completion-by-category.svg', 'SVG name');
  });

  it('dark theme recolours the chart: axis labels take the dark muted text colour', async () => {
    const { chart } = await mount();
    const light = await drawn(chart);
    assertEqual(axisLabelFill(chart), lightTokens.textMuted, 'light axis labels');
    chart.theme = 'dark';
    await until(() => chart.chartHandle !== undefined && chart.chartHandle !== light, 'a redraw');
    assertEqual(axisLabelFill(chart), darkTokens.textMuted, 'dark axis labels');
  });

  it('follows the dashboard\'s mode and, in auto, the user\'s colour scheme', async () => {
    const { chart, dashboard, fixture } = await mount();
    await drawn(chart);
    dashboard.snapshot = snapshotOf(fixture, { mode: 'dark' });
    await until(() => axisLabelFill(chart) === darkTokens.textMuted, 'dark from the dashboard');
    dashboard.snapshot = snapshotOf(fixture, { mode: 'auto' });
    await until(() => axisLabelFill(chart) === lightTokens.textMuted, 'auto: light system');
    await emulateMedia({ colorScheme: 'dark' });
    await until(() => axisLabelFill(chart) === darkTokens.textMuted, 'auto: dark system');
  });

  it('redraws in place with new values, anew when the summary or the locale changes', async () => {
    const { chart, dashboard, fixture } = await mount();
    const handle = await drawn(chart);
    const full = fixture.data.response.panels[PANEL]!;
    const rateColumn = full.columns.findIndex((column) => column.name === 'completion_rate');
    const halved: QueryResult = { ...full, data: full.data.map((column, i) => (i === rateColumn ? column.map((v) => (v as number) / 2) : column)) };
    const barWidth = () => Math.round((dataItems(chart.chartHandle!)[0] as { width?: number }).width ?? 0);
    const before = barWidth();
    dashboard.snapshot = snapshotOf(fixture, { panels: { [PANEL]: { status: 'ready', result: halved } } });
    await until(() => barWidth() === Math.round(before / 2), 'bars half as long');
    assert(chart.chartHandle === handle, 'the same view, updated in place');

    const fewer: QueryResult = { ...full, rowCount: 2, data: full.data.map((column) => column.slice(0, 2)) };
    dashboard.snapshot = snapshotOf(fixture, { panels: { [PANEL]: { status: 'ready', result: fewer } } });
    await until(() => chart.chartHandle?.markCount === 2, 'two bars');
    const root = part(chart, 'chart-root');
    assert(textOf(chart.shadowRoot!.getElementById(root.getAttribute('aria-describedby')!)).includes('Bar chart with 2 categories.'), 'summary follows the data');

    const twoBars = chart.chartHandle;
    dashboard.snapshot = snapshotOf(fixture, { locale: 'de-DE' });
    await until(() => chart.chartHandle !== undefined && chart.chartHandle !== twoBars, 'a new view for the locale');
    const german = part(chart, 'chart-root');
    german.focus();
    key(german, 'ArrowRight');
    const announced = textOf(german.querySelector('[aria-live]'));
    assert(announced.includes('76,9'), `German decimals in the announced tooltip, got "${announced}"`);
  });

  it('fits its width when the container resizes, keeping the natural height', async () => {
    const { chart, dashboard } = await mount();
    await drawn(chart);
    const svg = () => part(chart, 'chart').querySelector('svg')!;
    const wide = Number(svg().getAttribute('width'));
    const height = Number(svg().getAttribute('height'));
    const container = part(chart, 'chart');
    assertEqual(wide, container.clientWidth, 'as wide as its container');
    dashboard.element.style.width = '400px';
    await until(() => Number(svg().getAttribute('width')) === container.clientWidth, 'the narrower width');
    assert(container.clientWidth < wide, `narrower (${container.clientWidth} < ${wide})`);
    assertEqual(Number(svg().getAttribute('height')), height, 'the same height: one band per category');
  });

  it('finalizes the chart when the element leaves the page', async () => {
    const { chart } = await mount();
    const handle = await drawn(chart);
    let finalized = 0;
    const finalize = handle.finalize;
    handle.finalize = () => {
      finalized += 1;
      finalize();
    };
    chart.remove();
    assertEqual(finalized, 1, 'finalize called');
    assertEqual(chart.chartHandle, undefined, 'no handle kept');
  });

  it('shows the error state (not a blank) when Vega cannot draw the spec, and fires kineo-error', async () => {
    const fixture = await loadFixture('learning-progress');
    const definition = structuredClone(fixture.definition);
    definition.panels.find((p) => p.id === PANEL)!.vega = { marks: [{ type: 'rect', from: { data: 'no-such-data' } }] };
    const errors: CustomEvent[] = [];
    const dashboard = new FakeDashboard({ ...snapshotOf(fixture), definition });
    dashboards.push(dashboard);
    dashboard.element.addEventListener('kineo-error', (event) => errors.push(event));
    const chart = await dashboard.add<KineoChart>('kineo-chart', PANEL);
    await until(() => hasPart(chart, 'error'), 'the error state');
    assert(textOf(part(chart, 'error')).startsWith('The chart could not be drawn:'), textOf(part(chart, 'error')));
    assertEqual(errors.length, 1, 'one kineo-error');
    assertEqual([errors[0]!.detail.panel, errors[0]!.detail.source], [PANEL, 'data'], 'its panel and source');
    part<HTMLButtonElement>(chart, 'retry').click();
    assertEqual(dashboard.controller.callsOf('refresh').length, 1, 'retry refreshes');
  });

  it('has no axe violations, drawn and as a table, light and dark', async () => {
    for (const theme of ['light', 'dark']) {
      const { chart } = await mount({}, { theme });
      await drawn(chart);
      await expectNoAxeViolations(chart, `the ${theme} chart`);
      await runAction(chart, 'toggle-table');
      await expectNoAxeViolations(chart, `the ${theme} chart as a table`);
      part<HTMLButtonElement>(chart, 'actions-button').click();
      await chart.updateComplete;
      await expectNoAxeViolations(chart, `the ${theme} chart with its menu open`);
    }
  });
});
