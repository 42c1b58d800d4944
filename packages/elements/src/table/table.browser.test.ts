// Browser tests of <kineo-table>: server paging and sorting through a fake controller whose
// loadPage answers the test gives, with results built from the committed API fixtures.
import { resultRows, type QueryResult } from '@kineo/core';
import { sendKeys } from '@web/test-runner-commands';
import {
  FakeDashboard,
  expectNoAxeViolations,
  hasPart,
  loadFixture,
  part,
  snapshotOf,
  textOf,
  until,
  type DashboardFixture,
  type SnapshotOptions,
} from '../panel/panel-test-support.js';
import { assert, assertEqual, settle } from '../testing/fakes.js';
import { TABLE_PAGE_SIZE } from './paged-table.js';
import type { KineoTable } from './table.component.js';
import './table.js';

declare const describe: (name: string, fn: () => void) => void;
declare const it: (name: string, fn: () => void | Promise<void>) => void;
declare const afterEach: (fn: () => void | Promise<void>) => void;

const PANEL = 'learners';

let dashboards: FakeDashboard[] = [];
afterEach(() => {
  for (const dashboard of dashboards) dashboard.remove();
  dashboards = [];
});

async function mount(options: SnapshotOptions = {}, attributes: Record<string, string> = {}, width = 900) {
  const fixture = await loadFixture('team-performance');
  const dashboard = new FakeDashboard(snapshotOf(fixture, options), width);
  dashboards.push(dashboard);
  const table = await dashboard.add<KineoTable>('kineo-table', PANEL, attributes);
  return { fixture, dashboard, table, controller: dashboard.controller };
}

function firstPage(fixture: DashboardFixture): QueryResult {
  return fixture.data.response.panels[PANEL]!;
}

/** Another page of the fixture's table: its rows in reverse order, so a test can tell it apart. */
function pageAt(fixture: DashboardFixture, offset: number, sort?: { column: string; direction: 'asc' | 'desc' }): QueryResult {
  const first = firstPage(fixture);
  return {
    ...first,
    data: first.data.map((column) => [...column].reverse()),
    page: { ...first.page!, offset, ...(sort && { sort }) },
  };
}

function shownNames(table: KineoTable): string[] {
  return [...part(table, 'table').querySelectorAll('tbody tr')].map((tr) => textOf(tr.querySelector('td')));
}

function pagerStatus(table: KineoTable): string {
  return textOf(part(table, 'pager').querySelector('[role="status"]'));
}

function pagerButton(table: KineoTable, which: 'previous' | 'next' | 'retry'): HTMLButtonElement {
  const button = part(table, 'pager').querySelector<HTMLButtonElement>(`[data-pager="${which}"]`);
  assert(button, `a ${which} button`);
  return button;
}

function header(table: KineoTable, label: string): HTMLTableCellElement {
  const th = [...part(table, 'table').querySelectorAll<HTMLTableCellElement>('thead th')].find((cell) => textOf(cell.querySelector('button')).startsWith(label));
  assert(th, `a "${label}" column`);
  return th;
}

async function answered(table: KineoTable): Promise<void> {
  await settle();
  await table.updateComplete;
}

describe('<kineo-table>', () => {
  it('shows the snapshot\'s first page with the columns\' labels and formats', async () => {
    const { table, fixture } = await mount();
    const rows = resultRows(firstPage(fixture));
    // The sort arrow is decoration (aria-hidden): the label is the rest.
    const headers = [...part(table, 'table').querySelectorAll('thead th')].map((th) => textOf(th).replace(/[▲▼]/g, ''));
    assertEqual(
      headers,
      ['Learner', 'Job title', 'Organisation', 'Enrolments', 'Completed', 'Completion', 'Overdue', 'Hours', 'Last completed'],
      'column labels',
    );
    assertEqual(shownNames(table), rows.map((row) => row['full_name']), 'the first page\'s learners');
    assertEqual(pagerStatus(table), 'Rows 1–25 of 1,200', 'row range');
    const cells = [...part(table, 'table').querySelectorAll('tbody tr:first-child td')].map(textOf);
    const row = rows[0]!;
    assertEqual(cells[5], new Intl.NumberFormat('en-GB', { style: 'percent', maximumFractionDigits: 1 }).format(row['completion_rate'] as number), 'percent');
    assertEqual(part(table, 'table').querySelector('caption')?.textContent?.trim(), 'Learners', 'caption');
    assertEqual(header(table, 'Learner').getAttribute('aria-sort'), 'ascending', 'the server\'s order is shown');
    assert(pagerButton(table, 'previous').disabled, 'no previous page');
    assert(!pagerButton(table, 'next').disabled, 'a next page');
  });

  it('Next asks for the next page (keeping the order), shows it, and Previous goes back', async () => {
    const { table, controller, fixture } = await mount();
    pagerButton(table, 'next').click();
    await table.updateComplete;
    assertEqual(controller.callsOf('loadPage'), [[PANEL, { offset: 25, limit: TABLE_PAGE_SIZE, sort: { column: 'full_name', direction: 'asc' } }]], 'page request');
    assertEqual(part(table, 'table').getAttribute('aria-busy'), 'true', 'busy while loading');
    assertEqual(pagerStatus(table), 'Loading rows…', 'says it is loading');

    const second = pageAt(fixture, 25);
    controller.pageCalls[0]!.resolve(second);
    await answered(table);
    assertEqual(shownNames(table), resultRows(second).map((row) => row['full_name']), 'the second page\'s rows');
    assertEqual(pagerStatus(table), 'Rows 26–50 of 1,200', 'row range');
    assertEqual(part(table, 'table').getAttribute('aria-busy'), 'false', 'not busy');

    pagerButton(table, 'previous').click();
    await table.updateComplete;
    assertEqual(controller.callsOf('loadPage')[1], [PANEL, { offset: 0, limit: TABLE_PAGE_SIZE, sort: { column: 'full_name', direction: 'asc' } }], 'back to the start');
  });

  it('sorts by a clicked column header, ascending then descending, from the first page', async () => {
    const { table, controller, fixture } = await mount();
    header(table, 'Enrolments').querySelector('button')!.click();
    await table.updateComplete;
    assertEqual(controller.callsOf('loadPage')[0], [PANEL, { offset: 0, limit: TABLE_PAGE_SIZE, sort: { column: 'enrolments', direction: 'asc' } }], 'ascending');
    controller.pageCalls[0]!.resolve(pageAt(fixture, 0, { column: 'enrolments', direction: 'asc' }));
    await answered(table);
    assertEqual(header(table, 'Enrolments').getAttribute('aria-sort'), 'ascending', 'aria-sort on the sorted column');
    assertEqual(header(table, 'Learner').hasAttribute('aria-sort'), false, 'and only there');

    header(table, 'Enrolments').querySelector('button')!.click();
    await table.updateComplete;
    assertEqual(controller.callsOf('loadPage')[1], [PANEL, { offset: 0, limit: TABLE_PAGE_SIZE, sort: { column: 'enrolments', direction: 'desc' } }], 'descending');
    controller.pageCalls[1]!.resolve(pageAt(fixture, 0, { column: 'enrolments', direction: 'desc' }));
    await answered(table);
    assertEqual(header(table, 'Enrolments').getAttribute('aria-sort'), 'descending', 'descending shown');
  });

  it('sorts from the keyboard: the headers are buttons', async () => {
    const { table, controller } = await mount();
    header(table, 'Overdue').querySelector('button')!.focus();
    await sendKeys({ press: 'Enter' });
    await table.updateComplete;
    await sendKeys({ press: 'Space' });
    await table.updateComplete;
    const sorts = controller.callsOf('loadPage').map(([, page]) => (page as { sort: unknown }).sort);
    assertEqual(sorts, [{ column: 'overdue', direction: 'asc' }, { column: 'overdue', direction: 'desc' }], 'Enter, then Space');
  });

  it('drops a superseded page: the newer request wins, the older is aborted', async () => {
    const { table, controller, fixture } = await mount();
    pagerButton(table, 'next').click();
    await table.updateComplete;
    pagerButton(table, 'next').click();
    await table.updateComplete;
    const [older, newer] = controller.pageCalls;
    assertEqual([older!.page.offset, newer!.page.offset], [25, 50], 'the second Next goes on from the first');
    assert(older!.signal!.aborted, 'the older request is aborted');
    assert(!newer!.signal!.aborted, 'the newer one is not');

    const third = pageAt(fixture, 50);
    newer!.resolve(third);
    await answered(table);
    older!.resolve(pageAt(fixture, 25));
    await answered(table);
    assertEqual(pagerStatus(table), 'Rows 51–75 of 1,200', 'the newer page stays');
    assertEqual(shownNames(table), resultRows(third).map((row) => row['full_name']), 'its rows');
  });

  it('shows a failed page with Retry, which asks for the same page again', async () => {
    const { table, controller } = await mount();
    pagerButton(table, 'next').click();
    await table.updateComplete;
    controller.pageCalls[0]!.reject(new Error('The Kineo API could not be reached'));
    await answered(table);
    assert(textOf(part(table, 'pager')).includes('Rows could not be loaded: The Kineo API could not be reached'), textOf(part(table, 'pager')));
    assertEqual(pagerStatus(table), 'Rows 1–25 of 1,200', 'the rows shown are still the first page');
    pagerButton(table, 'retry').click();
    await table.updateComplete;
    assertEqual(controller.callsOf('loadPage')[1], controller.callsOf('loadPage')[0], 'the same request again');
  });

  it('starts again at the first page of new data, keeping a chosen sort', async () => {
    const { table, controller, fixture, dashboard } = await mount();
    header(table, 'Hours').querySelector('button')!.click();
    await table.updateComplete;
    controller.pageCalls[0]!.resolve(pageAt(fixture, 0, { column: 'learning_hours', direction: 'asc' }));
    await answered(table);
    pagerButton(table, 'next').click();
    await table.updateComplete;
    const pending = controller.pageCalls[1]!;

    // Filters changed: the dashboard brings a new first page.
    dashboard.snapshot = snapshotOf(fixture, { filters: { org: ['acme-o1'] }, panels: { [PANEL]: { status: 'ready', result: { ...firstPage(fixture) } } } });
    await table.updateComplete;
    assert(pending.signal!.aborted, 'the page of the old data is aborted');
    assertEqual(controller.callsOf('loadPage')[2], [PANEL, { offset: 0, limit: TABLE_PAGE_SIZE, sort: { column: 'learning_hours', direction: 'asc' } }], 'sorted first page');
  });

  it('scrolls a wide table inside its own box, never the panel', async () => {
    const { table } = await mount({}, {}, 360);
    const region = part(table, 'table');
    assert(region.scrollWidth > region.clientWidth, 'the table is wider than its box');
    assertEqual(getComputedStyle(region).overflowX, 'auto', 'the box scrolls');
    assertEqual(region.tabIndex, 0, 'and can be scrolled from the keyboard');
    const base = part(table, 'base');
    assert(base.scrollWidth <= base.clientWidth, 'the panel itself does not overflow');
  });

  it('shows the empty state for no rows', async () => {
    const fixture = await loadFixture('team-performance');
    const { table } = await mount({ data: fixture.empty.response });
    assertEqual(textOf(part(table, 'empty')), 'No data for these filters.', 'empty message');
    assert(!hasPart(table, 'table'), 'no table');
  });

  it('has no axe violations, light and dark, at rest and while paging', async () => {
    for (const theme of ['light', 'dark']) {
      const { table } = await mount({}, { theme });
      await expectNoAxeViolations(table, `the ${theme} table`);
      pagerButton(table, 'next').click();
      await table.updateComplete;
      await until(() => part(table, 'table').getAttribute('aria-busy') === 'true', 'paging');
      await expectNoAxeViolations(table, `the ${theme} table while paging`);
    }
  });
});
