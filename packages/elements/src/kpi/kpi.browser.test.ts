// Browser tests of <kineo-kpi> inside a fake dashboard built from the committed API fixtures.
import type { QueryResult } from '@kineo/core';
import { FakeDashboard, expectNoAxeViolations, hasPart, loadFixture, part, snapshotOf, textOf, type SnapshotOptions } from '../panel/panel-test-support.js';
import { assert, assertEqual } from '../testing/fakes.js';
import type { KineoKpi } from './kpi.component.js';
import './kpi.js';

declare const describe: (name: string, fn: () => void) => void;
declare const it: (name: string, fn: () => void | Promise<void>) => void;
declare const afterEach: (fn: () => void | Promise<void>) => void;

let dashboards: FakeDashboard[] = [];
afterEach(() => {
  for (const dashboard of dashboards) dashboard.remove();
  dashboards = [];
});

async function kpi(panel: string, options: SnapshotOptions = {}, attributes: Record<string, string> = {}) {
  const fixture = await loadFixture('learning-progress');
  const dashboard = new FakeDashboard(snapshotOf(fixture, options), 320);
  dashboards.push(dashboard);
  const element = await dashboard.add<KineoKpi>('kineo-kpi', panel, attributes);
  return { element, dashboard, fixture };
}

describe('<kineo-kpi>', () => {
  it('formats the figure for en-GB', async () => {
    const figures: Record<string, string> = {};
    for (const panel of ['completion-rate', 'enrolments', 'learning-hours', 'overdue'])
      figures[panel] = textOf(part((await kpi(panel, { locale: 'en-GB' })).element, 'kpi-value'));
    assertEqual(figures, { 'completion-rate': '68.5%', enrolments: '32,649', 'learning-hours': '71,750.6', overdue: '5,526' }, 'en-GB figures');
  });

  it('formats the figure for de-DE', async () => {
    const figures: Record<string, string> = {};
    for (const panel of ['completion-rate', 'enrolments', 'learning-hours'])
      figures[panel] = textOf(part((await kpi(panel, { locale: 'de-DE' })).element, 'kpi-value'));
    assertEqual(figures, { 'completion-rate': '68,5\u00a0%', enrolments: '32.649', 'learning-hours': '71.750,6' }, 'de-DE figures');
  });

  it('reformats when the locale changes', async () => {
    const { element, dashboard, fixture } = await kpi('enrolments', { locale: 'en-GB' });
    dashboard.snapshot = snapshotOf(fixture, { locale: 'de-DE' });
    await element.updateComplete;
    assertEqual(textOf(part(element, 'kpi-value')), '32.649', 'German grouping');
  });

  it('uses its own locale attribute over the dashboard\'s', async () => {
    const { element } = await kpi('enrolments', { locale: 'en-GB' }, { locale: 'de-DE' });
    assertEqual(textOf(part(element, 'kpi-value')), '32.649', 'German grouping from the attribute');
  });

  it('reads the title, the number and the caption as one statement, and keeps the raw value', async () => {
    const { element } = await kpi('completion-rate');
    assertEqual(textOf(part(element, 'kpi')), 'Completion rate: 68.5% of enrolments completed', 'one paragraph');
    assertEqual(part(element, 'kpi').localName, 'p', 'a paragraph');
    assertEqual(textOf(part(element, 'kpi-caption')), 'of enrolments completed', 'caption');
    assertEqual(part(element, 'kpi-value').getAttribute('value'), '0.6847', 'machine-readable value');
    assertEqual(part(element, 'base').getAttribute('aria-labelledby'), 'title', 'the panel is named by its title');
  });

  it('shows a missing value as an em dash read as "no value"', async () => {
    const fixture = await loadFixture('learning-progress');
    const result = fixture.data.response.panels['completion-rate']!;
    const column = result.columns.findIndex((c) => c.name === 'completion_rate');
    const withNull: QueryResult = { ...result, data: result.data.map((values, i) => (i === column ? [null] : values)) };
    const { element } = await kpi('completion-rate', { panels: { 'completion-rate': { status: 'ready', result: withNull } } });
    const value = part(element, 'kpi-value');
    assertEqual(textOf(value.querySelector('[aria-hidden="true"]')), '—', 'the dash, hidden from screen readers');
    assertEqual(textOf(value.querySelector('.visually-hidden')), 'no value', 'the words, hidden from the eye');
  });

  it('is an error (not a blank) when the result lacks the figure\'s column, and for a panel of another type', async () => {
    const fixture = await loadFixture('learning-progress');
    const result = fixture.data.response.panels['enrolments']!;
    const renamed: QueryResult = { ...result, columns: result.columns.map((c) => (c.name === 'enrolments' ? { ...c, name: 'enrolment_count' } : c)) };
    const { element } = await kpi('enrolments', { panels: { enrolments: { status: 'ready', result: renamed } } });
    assertEqual(textOf(part(element, 'error')), 'The panel\'s data has no column "enrolments" for its figure.', 'missing column');

    const chart = (await kpi('completion-by-category')).element;
    assertEqual(
      textOf(part(chart, 'error')),
      'Panel "completion-by-category" is a chart panel: show it with <kineo-chart> or <kineo-panel>.',
      'wrong element for the panel',
    );
    assert(!hasPart(chart, 'retry'), 'nothing to retry');
  });

  it('has no actions without export permission, CSV and XLSX with it', async () => {
    const plain = (await kpi('enrolments')).element;
    assert(!hasPart(plain, 'actions'), 'no actions menu');
    const { element, dashboard } = await kpi('enrolments', { canExport: true });
    part<HTMLButtonElement>(element, 'actions-button').click();
    await element.updateComplete;
    element.shadowRoot!.querySelector<HTMLButtonElement>('[data-action="export-csv"]')!.click();
    assertEqual(dashboard.controller.callsOf('exportPanel'), [['enrolments', 'csv']], 'export asked for');
  });

  it('has no axe violations, light and dark', async () => {
    for (const theme of ['light', 'dark']) {
      const { element } = await kpi('completion-rate', {}, { theme });
      await expectNoAxeViolations(element, `the ${theme} KPI`);
    }
  });
});
