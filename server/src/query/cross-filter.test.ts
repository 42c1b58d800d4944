import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DashboardDataResponse, ErrorBody, resultRows, type DashboardDataRequest, type QueryResult } from '@kineo/core';
import { createTestApp, type TestApp } from '../testing/test-app.js';

let t: TestApp;
let admin: string;
let manager: string;

before(async () => {
  t = await createTestApp();
  admin = await t.token({ tenant: 'acme', role: 'admin' });
  manager = await t.token({ tenant: 'acme', role: 'manager', sub: 'acme-u000002', orgs: ['acme-o0002'] });
});
after(() => t.close());

async function data(token: string, dashboard: string, body: DashboardDataRequest) {
  t.engine.reset();
  const response = await t.request(`/v1/dashboards/${dashboard}/data`, token, body);
  return { status: response.status, body: await response.json(), runs: t.engine.runs.length };
}

async function panelsOf(token: string, dashboard: string, body: DashboardDataRequest) {
  const result = await data(token, dashboard, body);
  assert.equal(result.status, 200, JSON.stringify(result.body));
  const parsed = DashboardDataResponse.parse(result.body);
  assert.deepEqual(parsed.errors, {});
  return parsed.panels;
}

/** A result without its timing: what two runs of the same rows have in common. */
const rowsOf = (result: QueryResult | undefined) => {
  assert.ok(result, 'panel missing');
  return { columns: result.columns, data: result.data, rowCount: result.rowCount, query: result.query, level: result.level };
};

function assertBadRequest(result: { status: number; body: unknown; runs: number }, path: string) {
  assert.equal(result.status, 400, JSON.stringify(result.body));
  const { error } = ErrorBody.parse(result.body);
  assert.equal(error.code, 'bad_request');
  assert.ok(error.details?.issues?.some((issue) => issue.path === path), `no issue at ${path}: ${JSON.stringify(error)}`);
  assert.equal(result.runs, 0, 'nothing runs for a bad request');
}

describe('cross-filtering in POST /v1/dashboards/:id/data', () => {
  const crossFilter = { panel: 'status-breakdown', filter: 'status', values: ['overdue'] };

  test('filters every other panel as the filter would, and leaves the source panel alone', async () => {
    const plain = await panelsOf(admin, 'learning-progress', {});
    const filtered = await panelsOf(admin, 'learning-progress', { filters: { status: ['overdue'] } });
    const crossed = await panelsOf(admin, 'learning-progress', { crossFilter });

    assert.deepEqual(rowsOf(crossed['status-breakdown']), rowsOf(plain['status-breakdown']), 'the source keeps every status');
    assert.ok(plain['status-breakdown']!.rowCount > 1);
    for (const id of Object.keys(plain).filter((id) => id !== 'status-breakdown')) {
      assert.deepEqual(rowsOf(crossed[id]), rowsOf(filtered[id]), `${id} is filtered to overdue enrolments`);
    }
    const enrolments = (panels: Record<string, QueryResult>) => resultRows(panels['enrolments']!)[0]!['enrolments'] as number;
    const overdueSlice = resultRows(plain['status-breakdown']!).find((row) => row['status'] === 'overdue')!;
    assert.equal(enrolments(crossed), overdueSlice['enrolments'], 'the KPI counts the selected slice');
    assert.ok(enrolments(crossed) < enrolments(plain));
  });

  test('the selection replaces the request’s value of its filter for the other panels only', async () => {
    const completed = await panelsOf(admin, 'learning-progress', { filters: { status: ['completed'] } });
    const overdue = await panelsOf(admin, 'learning-progress', { filters: { status: ['overdue'] } });
    const crossed = await panelsOf(admin, 'learning-progress', { filters: { status: ['completed'] }, crossFilter });
    assert.deepEqual(rowsOf(crossed['status-breakdown']), rowsOf(completed['status-breakdown']));
    assert.deepEqual(rowsOf(crossed['completion-by-category']), rowsOf(overdue['completion-by-category']));
  });

  test('other request filters still apply to every panel, under the token’s row scope', async () => {
    const filters = { category: ['Compliance', 'Leadership'] };
    const filtered = await panelsOf(manager, 'learning-progress', { filters: { ...filters, status: ['overdue', 'in_progress'] } });
    const plain = await panelsOf(manager, 'learning-progress', { filters });
    const crossed = await panelsOf(manager, 'learning-progress', {
      filters,
      crossFilter: { ...crossFilter, values: ['overdue', 'in_progress'] },
    });
    assert.deepEqual(rowsOf(crossed['status-breakdown']), rowsOf(plain['status-breakdown']));
    assert.deepEqual(rowsOf(crossed['monthly-trend']), rowsOf(filtered['monthly-trend']));
    assert.deepEqual(rowsOf(crossed['completion-rate']), rowsOf(filtered['completion-rate']));
  });

  test('a locked filter in the token wins over the selection', async () => {
    const locked = await t.token({ tenant: 'acme', role: 'admin', filters: { status: ['completed'] } });
    const plain = await panelsOf(locked, 'learning-progress', {});
    const crossed = await panelsOf(locked, 'learning-progress', { crossFilter });
    for (const id of Object.keys(plain)) assert.deepEqual(rowsOf(crossed[id]), rowsOf(plain[id]), id);
    const statuses = resultRows(crossed['status-breakdown']!).map((row) => row['status']);
    assert.deepEqual(statuses, ['completed']);
  });

  test('each shipped cross-filter narrows the other panels by a value of its source panel', async () => {
    for (const dashboard of t.config.catalog.dashboards.values()) {
      for (const source of dashboard.panels.filter((panel) => panel.crossFilter)) {
        const { field, filter } = source.crossFilter!;
        const plain = await panelsOf(admin, dashboard.id, {});
        const value = String(resultRows(plain[source.id]!)[0]![field]);
        const filtered = await panelsOf(admin, dashboard.id, { filters: { [filter]: [value] } });
        const crossed = await panelsOf(admin, dashboard.id, { crossFilter: { panel: source.id, filter, values: [value] } });
        assert.deepEqual(rowsOf(crossed[source.id]), rowsOf(plain[source.id]), `${dashboard.id}/${source.id} is not filtered by itself`);
        const others = Object.keys(plain).filter((id) => id !== source.id);
        for (const id of others) assert.deepEqual(rowsOf(crossed[id]), rowsOf(filtered[id]), `${dashboard.id}/${id}`);
        assert.ok(
          others.some((id) => JSON.stringify(rowsOf(crossed[id])) !== JSON.stringify(rowsOf(plain[id]))),
          `${dashboard.id}: selecting ${field}=${value} in ${source.id} changed no other panel`,
        );
      }
    }
  });

  test('a bad selection is a 400 naming crossFilter…, and nothing runs', async () => {
    const cases: [unknown, string][] = [
      [{ ...crossFilter, panel: 'nope' }, 'crossFilter.panel'],
      [{ ...crossFilter, panel: 'completion-by-category' }, 'crossFilter.panel'],
      [{ ...crossFilter, filter: 'category' }, 'crossFilter.filter'],
      [{ ...crossFilter, filter: 'nope' }, 'crossFilter.filter'],
      [{ ...crossFilter, values: ['overdue', 'lost'] }, 'crossFilter.values.1'],
      [{ ...crossFilter, values: [] }, 'crossFilter.values'],
      [{ ...crossFilter, values: 'overdue' }, 'crossFilter.values'],
      [{ panel: 'status-breakdown', filter: 'status' }, 'crossFilter.values'],
      [{ ...crossFilter, sql: 'SELECT 1' }, 'crossFilter'],
    ];
    for (const [selection, path] of cases)
      assertBadRequest(await data(admin, 'learning-progress', { crossFilter: selection } as DashboardDataRequest), path);
  });
});

describe('running only some panels', () => {
  test('`panels` runs just those panels', async () => {
    const result = await data(admin, 'team-performance', { panels: ['learning-time', 'learners'], pages: { learners: { limit: 5 } } });
    assert.equal(result.status, 200, JSON.stringify(result.body));
    const parsed = DashboardDataResponse.parse(result.body);
    assert.deepEqual(Object.keys(parsed.panels).sort(), ['learners', 'learning-time']);
    assert.equal(result.runs, 2);
  });

  test('with a cross-filter from a panel that is not run', async () => {
    const filtered = await panelsOf(admin, 'learning-progress', { filters: { status: ['not_started'] } });
    const result = await data(admin, 'learning-progress', {
      panels: ['completion-by-category'],
      crossFilter: { panel: 'status-breakdown', filter: 'status', values: ['not_started'] },
    });
    const parsed = DashboardDataResponse.parse(result.body);
    assert.deepEqual(Object.keys(parsed.panels), ['completion-by-category']);
    assert.deepEqual(rowsOf(parsed.panels['completion-by-category']), rowsOf(filtered['completion-by-category']));
    assert.equal(result.runs, 1);
  });

  test('an unknown panel id → 400 naming it, and nothing runs', async () => {
    assertBadRequest(await data(admin, 'learning-progress', { panels: ['enrolments', 'nope'] }), 'panels.1');
    assertBadRequest(await data(admin, 'learning-progress', { panels: [] }), 'panels');
  });
});
