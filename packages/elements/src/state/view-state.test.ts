// Node tests of view states (a link's filters, drill paths, cross-filter) and of the small state
// rules beside them: drill paths, cross-filter toggling, data request bodies, retry delays.
import { describe, it } from 'node:test';
import assert from 'node:assert/strict';
import type { DashboardDefinition, PanelDefinition } from '@kineo/core';
import { crossFilterValueOf, filtersOfPanel, sameCrossFilter, toggleCrossFilter } from './cross-filter.js';
import { dashboardDataRequestOf } from './data-request.js';
import { drillLabelOf, drillValueOf, fitDrillPath, isDrillValue, levelAt, nextDrillLevel } from './drill-path.js';
import { retryDelayMs } from './retry-backoff.js';
import { fitViewState, parseViewState } from './view-state.js';

const chart = { type: 'chart' as const, spec: { data: { name: 'table' } } };
const byCategory: PanelDefinition = {
  id: 'by-category',
  title: 'By category',
  query: 'q1',
  layout: { x: 0, y: 0, w: 6, h: 4 },
  ...chart,
  drill: [
    { title: 'By course', query: 'q2', from: 'category', param: 'drill_category', ...chart },
    { title: 'Learners', type: 'table', query: 'q3', from: 'course_id', param: 'drill_course', columns: [{ field: 'name', label: 'Name' }] },
  ],
};
const byStatus: PanelDefinition = { id: 'by-status', title: 'By status', query: 'q4', layout: { x: 6, y: 0, w: 6, h: 4 }, ...chart, crossFilter: { field: 'status', filter: 'status' } };
const definition: DashboardDefinition = {
  id: 'progress',
  title: 'Progress',
  filters: [
    { id: 'org', label: 'Organisation', kind: 'multiSelect', options: { query: 'o' } },
    { id: 'status', label: 'Status', kind: 'multiSelect', options: { query: 's' } },
    { id: 'period', label: 'Period', kind: 'dateRange', options: { query: 'p' } },
  ],
  panels: [byCategory, byStatus],
};

describe('parseViewState', () => {
  it('reads { filters, drill, crossFilter } and drops empty parts', () => {
    const state = { filters: { org: ['a'], status: [] }, drill: { 'by-category': ['Compliance', 7], 'by-status': [] }, crossFilter: { panel: 'by-status', filter: 'status', values: ['overdue'] } };
    assert.deepEqual(parseViewState(state), {
      ok: true,
      state: { filters: { org: ['a'] }, drill: { 'by-category': ['Compliance', 7] }, crossFilter: { panel: 'by-status', filter: 'status', values: ['overdue'] } },
    });
    assert.deepEqual(parseViewState({}), { ok: true, state: { filters: {}, drill: {} } });
  });

  it('refuses anything else whole', () => {
    const bad: unknown[] = [
      null,
      [],
      'x',
      { filters: { org: 'a' }, extra: 1 },
      { token: 'eyJ...' },
      { drill: { 'by-category': [''] } },
      { drill: { 'By Category': ['x'] } },
      { drill: { x: [1, 2, 3, 4, 5] } },
      { drill: [] },
      { crossFilter: { panel: 'by-status', filter: 'status', values: [] } },
      { filters: { period: { from: 'yesterday' } } },
    ];
    for (const value of bad) assert.equal(parseViewState(value).ok, false, JSON.stringify(value));
  });
});

describe('fitViewState', () => {
  it('keeps what the definition can take and names what it drops', () => {
    const { state, issues } = fitViewState(
      {
        filters: { org: ['a'], region: ['north'], period: ['2025'] as never },
        drill: { 'by-category': ['Compliance', 'c-1', 'extra'], 'by-status': ['x'], gone: ['y'] },
        crossFilter: { panel: 'by-status', filter: 'status', values: ['overdue'] },
      },
      definition,
    );
    assert.deepEqual(state, {
      filters: { org: ['a'] },
      drill: { 'by-category': ['Compliance', 'c-1'] },
      crossFilter: { panel: 'by-status', filter: 'status', values: ['overdue'] },
    });
    assert.deepEqual(
      issues.map((issue) => issue.path),
      ['filters.region', 'filters.period', 'drill.by-category', 'drill.by-status', 'drill.gone'],
    );
  });

  it('drops a cross-filter from a panel that does not declare it', () => {
    for (const crossFilter of [
      { panel: 'by-category', filter: 'status', values: ['x'] },
      { panel: 'by-status', filter: 'org', values: ['x'] },
      { panel: 'gone', filter: 'status', values: ['x'] },
    ]) {
      const { state, issues } = fitViewState({ filters: {}, drill: {}, crossFilter }, definition);
      assert.equal(state.crossFilter, undefined);
      assert.deepEqual(issues.map((issue) => issue.path), ['crossFilter']);
    }
  });
});

describe('drill paths', () => {
  it('levels, the next level and the value a datum drills with', () => {
    assert.equal(levelAt(byCategory, 0).title, 'By category');
    assert.equal(levelAt(byCategory, 2).type, 'table');
    assert.equal(levelAt(byCategory, 9).title, 'Learners', 'past the end: the deepest level');
    assert.equal(nextDrillLevel(byCategory, 0)?.from, 'category');
    assert.equal(nextDrillLevel(byCategory, 2), undefined);
    assert.equal(nextDrillLevel(byStatus, 0), undefined);
    const toCourse = nextDrillLevel(byCategory, 1)!;
    assert.equal(drillValueOf({ course_id: 'c-1' }, toCourse), 'c-1');
    assert.equal(drillValueOf({ course_id: 42 }, toCourse), 42);
    for (const bad of [undefined, null, '', 'x'.repeat(201), Number.NaN, true, { id: 1 }]) assert.equal(drillValueOf({ course_id: bad }, toCourse), undefined, String(bad));
    assert.deepEqual([isDrillValue('a'), isDrillValue(0), isDrillValue(Infinity)], [true, true, false]);
    assert.deepEqual(fitDrillPath(byCategory, ['a', 'b', 'c']), ['a', 'b']);
    assert.deepEqual(fitDrillPath(byStatus, ['a']), []);
  });

  it('a readable label for an id value', () => {
    assert.equal(drillLabelOf({ course_id: 'c-1', course_name: 'Safety 101' }, 'course_id'), 'Safety 101');
    assert.equal(drillLabelOf({ org_id: 'o-1', name: 'North' }, 'org_id'), 'North');
    assert.equal(drillLabelOf({ id: 'x', title: 'Item' }, 'id'), 'Item');
    assert.equal(drillLabelOf({ category: 'Compliance', name: 'other' }, 'category'), undefined, 'a readable value needs no label');
    assert.equal(drillLabelOf({ paid: 'yes', name: 'n' }, 'paid'), undefined, 'only *_id fields');
    assert.equal(drillLabelOf({ course_id: 'c-1', course_name: '  ' }, 'course_id'), undefined);
  });
});

describe('cross-filter', () => {
  const panel = { ...byStatus, crossFilter: byStatus.crossFilter! };
  it('toggles values of one source panel; another panel starts a new selection', () => {
    const one = toggleCrossFilter(undefined, panel, 'overdue');
    assert.deepEqual(one, { panel: 'by-status', filter: 'status', values: ['overdue'] });
    const two = toggleCrossFilter(one, panel, 'completed');
    assert.deepEqual(two?.values, ['overdue', 'completed']);
    assert.deepEqual(toggleCrossFilter(two, panel, 'overdue')?.values, ['completed']);
    assert.equal(toggleCrossFilter(one, panel, 'overdue'), undefined);
    const other = { ...byCategory, crossFilter: { field: 'category', filter: 'status' } };
    assert.deepEqual(toggleCrossFilter(two, other, 'x'), { panel: 'by-category', filter: 'status', values: ['x'] });
    const full = { panel: 'by-status', filter: 'status', values: Array.from({ length: 200 }, (_, i) => `v${i}`) };
    assert.equal(toggleCrossFilter(full, panel, 'one-more'), full, 'at most 200 values');
  });

  it('values as the filter strings; the panels that get it', () => {
    assert.deepEqual(
      [{ status: 'a' }, { status: 3 }, { status: true }, { status: null }, { status: '' }, {}].map((d) => crossFilterValueOf(d, panel.crossFilter)),
      ['a', '3', 'true', undefined, undefined, undefined],
    );
    const selection = { panel: 'by-status', filter: 'status', values: ['overdue'] };
    assert.deepEqual(filtersOfPanel({ org: ['a'], status: ['x'] }, selection, 'by-category'), { org: ['a'], status: ['overdue'] });
    assert.deepEqual(filtersOfPanel({ org: ['a'] }, selection, 'by-status'), { org: ['a'] });
    assert.deepEqual(filtersOfPanel({ org: ['a'] }, undefined, 'by-category'), { org: ['a'] });
    assert.ok(sameCrossFilter(undefined, undefined) && sameCrossFilter(selection, { ...selection, values: ['overdue'] }));
    assert.ok(!sameCrossFilter(selection, undefined) && !sameCrossFilter(selection, { ...selection, values: ['x'] }));
  });
});

describe('dashboardDataRequestOf', () => {
  const all = ['by-category', 'by-status', 'trend'];
  const state = { filters: { org: ['a'] }, drill: { 'by-category': ['Compliance'], trend: ['2025'] }, crossFilter: { panel: 'by-status', filter: 'status', values: ['x'] } };
  it('every panel: no panel list; some: the list in definition order, with their drill paths only', () => {
    assert.deepEqual(dashboardDataRequestOf(state, ['trend', 'by-status', 'by-category'], all), {
      filters: { org: ['a'] },
      drill: { 'by-category': ['Compliance'], trend: ['2025'] },
      crossFilter: state.crossFilter,
    });
    assert.deepEqual(dashboardDataRequestOf(state, ['trend', 'by-category'], all), {
      filters: { org: ['a'] },
      drill: { 'by-category': ['Compliance'], trend: ['2025'] },
      crossFilter: state.crossFilter,
      panels: ['by-category', 'trend'],
    });
    assert.deepEqual(dashboardDataRequestOf({ filters: {}, drill: { trend: ['2025'] } }, ['by-status'], all), { filters: {}, panels: ['by-status'] });
  });
});

describe('retryDelayMs', () => {
  it('5 s, doubling, at most a minute', () => {
    assert.deepEqual([0, 1, 2, 3, 4, 5, 20].map(retryDelayMs), [5000, 10000, 20000, 40000, 60000, 60000, 60000]);
  });
});
