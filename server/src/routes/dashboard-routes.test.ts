import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import {
  DashboardDataResponse,
  DashboardDefinition,
  DashboardList,
  ErrorBody,
  FilterOptionsResponse,
  QueryResult,
  resultRows,
} from '@kineo/core';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { jsonLogger } from '../http/logger.js';
import type { Catalog } from '../catalog/catalog.js';

const logLines: string[] = [];
let t: TestApp;
let admin: string;

/** A catalog whose status breakdown may return only 2 rows: to see the row cap at work. */
function withTinyRowCap(catalog: Catalog): Catalog {
  const queries = new Map(catalog.queries);
  queries.set('status_breakdown', { ...queries.get('status_breakdown')!, maxRows: 2 });
  return { ...catalog, queries };
}

before(async () => {
  t = await createTestApp({ adjustCatalog: withTinyRowCap, logger: jsonLogger((line) => logLines.push(line)) });
  admin = await t.token({ tenant: 'acme', role: 'admin', permissions: ['export'] });
});
after(() => t.close());

async function call(path: string, token: string | undefined, body?: unknown) {
  t.engine.reset();
  const response = await t.request(path, token, body);
  return { status: response.status, body: await response.json(), headers: response.headers, runs: t.engine.runs.length };
}

/** Asserts the one error shape, its status and code, and that it leaks nothing internal. */
function assertError(result: { status: number; body: unknown }, status: number, code: string, path?: string) {
  assert.equal(result.status, status, JSON.stringify(result.body));
  const { error } = ErrorBody.parse(result.body);
  assert.equal(error.code, code);
  assert.ok(error.details?.requestId, 'errors carry the request id');
  if (path) assert.ok(error.details?.issues?.some((issue) => issue.path === path), `no issue at ${path}: ${JSON.stringify(error)}`);
  const text = JSON.stringify(result.body);
  for (const internal of ['SELECT', 'dim_', 'fact_', 'duckdb', '.ts:', 'at async', '/work/'])
    assert.ok(!text.includes(internal), `error body leaks "${internal}": ${text}`);
}

describe('health and keys', () => {
  test('/livez and /readyz', async () => {
    assert.deepEqual((await call('/livez', undefined)).body, { status: 'ok' });
    const ready = await call('/readyz', undefined);
    assert.equal(ready.status, 200);
    assert.deepEqual(ready.body, { status: 'ok', tenants: { acme: 'ok', techcorp: 'ok' } });
  });

  test('/.well-known/jwks.json publishes public signing keys only', async () => {
    const { body } = await call('/.well-known/jwks.json', undefined);
    assert.ok(body.keys.length >= 1);
    for (const key of body.keys) {
      assert.equal(key.kty, 'OKP');
      assert.equal(key.alg, 'EdDSA');
      assert.ok(key.kid);
      assert.equal(key.d, undefined, 'no private part');
    }
  });

  test('unknown paths get the error shape', async () => {
    assertError(await call('/nothing-here', undefined), 404, 'not_found');
  });
});

describe('dashboards', () => {
  test('the list is the tenant’s dashboards narrowed by the token', async () => {
    const all = DashboardList.parse((await call('/v1/dashboards', admin)).body);
    assert.deepEqual(all.dashboards.map((d) => d.id).sort(), ['compliance', 'learning-progress', 'team-performance']);
    const narrowed = await t.token({ tenant: 'acme', role: 'admin', dashboards: ['compliance'] });
    assert.deepEqual(DashboardList.parse((await call('/v1/dashboards', narrowed)).body).dashboards.map((d) => d.id), ['compliance']);
  });

  test('a definition is served as declared; ungranted → 403, unknown → 404', async () => {
    const ok = await call('/v1/dashboards/learning-progress', admin);
    const definition = DashboardDefinition.parse(ok.body);
    assert.equal(definition.id, 'learning-progress');
    const charts = definition.panels.filter((p) => p.type === 'chart');
    assert.ok(charts.length >= 3 && charts.every((p) => (p.vega?.['data'] as { name: string }[])[0]!.name === 'table'), 'charts come compiled to Vega');
    assert.ok(!JSON.stringify(ok.body).includes('SELECT'), 'definitions name queries, never SQL');
    const narrowed = await t.token({ tenant: 'acme', role: 'admin', dashboards: ['compliance'] });
    assertError(await call('/v1/dashboards/learning-progress', narrowed), 403, 'forbidden');
    assertError(await call('/v1/dashboards/nope', admin), 404, 'not_found');
    const forbiddenQuery = await call('/v1/query', narrowed, { dashboard: 'learning-progress', panel: 'status-breakdown' });
    assertError(forbiddenQuery, 403, 'forbidden');
    assert.equal(forbiddenQuery.runs, 0);
  });
});

describe('dashboards per role (the catalog’s `roles`)', () => {
  const learner = () => t.token({ tenant: 'acme', role: 'learner', sub: 'acme-u000054', permissions: ['export'] });

  test('the catalog opens compliance and team performance to admins, managers and analysts; learning progress to all', () => {
    const roles = Object.fromEntries([...t.config.catalog.dashboards].map(([id, d]) => [id, d.roles]));
    assert.deepEqual(roles, {
      compliance: ['admin', 'manager', 'analyst'],
      'learning-progress': undefined,
      'team-performance': ['admin', 'manager', 'analyst'],
    });
  });

  test('each role’s list holds only the dashboards it may open', async () => {
    const tokens = {
      admin,
      manager: await t.token({ tenant: 'acme', role: 'manager', orgs: ['acme-o0002'] }),
      analyst: await t.token({ tenant: 'techcorp', role: 'analyst' }),
      learner: await learner(),
    };
    const lists = Object.fromEntries(
      await Promise.all(
        Object.entries(tokens).map(async ([role, token]) => [role, DashboardList.parse((await call('/v1/dashboards', token)).body).dashboards.map((d) => d.id).sort()]),
      ),
    );
    const all = ['compliance', 'learning-progress', 'team-performance'];
    assert.deepEqual(lists, { admin: all, manager: all, analyst: all, learner: ['learning-progress'] });
    const grantedOnlyCompliance = await t.token({ tenant: 'acme', role: 'learner', sub: 'acme-u000054', dashboards: ['compliance'] });
    assert.deepEqual(DashboardList.parse((await call('/v1/dashboards', grantedOnlyCompliance)).body).dashboards, [], 'a grant cannot open it either');
  });

  test('a learner asking for compliance or team performance anywhere → 403 with a clear message, nothing runs', async () => {
    const token = await learner();
    const message = {
      compliance: 'The Compliance & certifications dashboard is not available to learners.',
      'team-performance': 'The Team performance dashboard is not available to learners.',
    };
    for (const [dashboard, expected] of Object.entries(message)) {
      const panel = t.config.catalog.dashboards.get(dashboard)!.panels.find((p) => p.type === 'table')!.id;
      const attempts: [string, unknown?][] = [
        [`/v1/dashboards/${dashboard}`],
        [`/v1/dashboards/${dashboard}/data`, {}],
        [`/v1/dashboards/${dashboard}/filters/org/options`],
        ['/v1/query', { dashboard, panel }],
        [`/v1/dashboards/${dashboard}/panels/${panel}/export`, { format: 'csv' }],
      ];
      for (const [path, body] of attempts) {
        const result = await call(path, token, body);
        assertError(result, 403, 'forbidden');
        assert.equal(ErrorBody.parse(result.body).error.message, expected, path);
        assert.equal(result.runs, 0, `${path}: no engine call`);
        assert.ok(!('data' in result.body) && !('panels' in result.body), `${path}: no data`);
      }
    }
  });

  test('a learner opens learning progress, scoped to their own rows', async () => {
    const token = await learner();
    const definition = await call('/v1/dashboards/learning-progress', token);
    assert.equal(definition.status, 200);
    const data = DashboardDataResponse.parse((await call('/v1/dashboards/learning-progress/data', token, {})).body);
    const [kpis] = resultRows(data.panels['enrolments']!);
    assert.equal(kpis!['learners'], 1, 'one learner: themselves');
    assert.ok((kpis!['enrolments'] as number) > 0);
  });

  test('other roles still open every dashboard', async () => {
    const analyst = await t.token({ tenant: 'acme', role: 'analyst' });
    for (const id of ['compliance', 'team-performance', 'learning-progress'])
      assert.equal((await call(`/v1/dashboards/${id}`, analyst)).status, 200, id);
  });
});

describe('POST /v1/query', () => {
  const panel = { dashboard: 'learning-progress', panel: 'completion-by-category' };

  test('returns columnar data with types, row count, timing and query version', async () => {
    const { status, body } = await call('/v1/query', admin, panel);
    assert.equal(status, 200);
    const result = QueryResult.parse(body);
    assert.deepEqual(result.columns.map((c) => [c.name, c.type]), [
      ['category', 'string'], ['enrolments', 'integer'], ['completions', 'integer'], ['completion_rate', 'number'],
    ]);
    assert.equal(result.rowCount, result.data[0]!.length);
    assert.ok(result.rowCount >= 3);
    assert.equal(result.query.id, 'completion_by_category');
    assert.equal(result.truncated, false);
    assert.ok(result.elapsedMs >= 0);
  });

  test('bad input is a 400 naming the field, and runs nothing', async () => {
    const cases: [unknown, string][] = [
      [{ ...panel, filters: { nope: ['x'] } }, 'filters.nope'],
      [{ ...panel, filters: { period: { from: '2026-02-30' } } }, 'filters.period.from'],
      [{ ...panel, filters: { period: { from: '2026-05-01', to: '2026-01-01' } } }, 'filters.period.to'],
      [{ ...panel, filters: { category: 'Compliance' } }, 'filters.category'],
      [{ ...panel, filters: { status: ['completed', 'lost'] } }, 'filters.status.1'],
      [{ ...panel, drill: ['Compliance', 'acme-c001', 'x'] }, 'drill'],
      [{ ...panel, sql: 'SELECT 1' }, '(body)'],
      [{ dashboard: 'learning-progress' }, 'panel'],
      [{ dashboard: 'team-performance', panel: 'learners', page: { sort: { column: 'email' } } }, 'page.sort.column'],
      [{ dashboard: 'team-performance', panel: 'learners', page: { limit: 201 } }, 'page.limit'],
      [{ ...panel, page: { limit: 10 } }, 'page'],
    ];
    for (const [body, path] of cases) {
      const result = await call('/v1/query', admin, body);
      assertError(result, 400, 'bad_request', path);
      assert.equal(result.runs, 0, `ran a query for ${JSON.stringify(body)}`);
    }
  });

  test('a body that is not JSON, or too large', async () => {
    const notJson = await t.app.request('/v1/query', {
      method: 'POST',
      headers: { authorization: `Bearer ${admin}`, 'content-type': 'application/json' },
      body: '{"dashboard":',
    });
    assertError({ status: notJson.status, body: await notJson.json() }, 400, 'bad_request');
    const huge = await call('/v1/query', admin, { ...panel, filters: { category: Array(200).fill('x'.repeat(400)) } });
    assertError(huge, 413, 'payload_too_large');
  });

  test('unknown panel → 404', async () => {
    assertError(await call('/v1/query', admin, { dashboard: 'learning-progress', panel: 'nope' }), 404, 'not_found');
  });

  test('a result over the query’s row cap → 413 with the cap', async () => {
    const result = await call('/v1/query', admin, { dashboard: 'learning-progress', panel: 'status-breakdown' });
    assertError(result, 413, 'row_cap_exceeded');
    assert.equal(ErrorBody.parse(result.body).error.details?.maxRows, 2);
  });

  test('drill: category → course → learners', async () => {
    const courses = QueryResult.parse((await call('/v1/query', admin, { ...panel, drill: ['Compliance'] })).body);
    assert.equal(courses.level, 1);
    assert.equal(courses.query.id, 'completion_by_course');
    const courseId = courses.data[0]![0] as string;
    const learners = QueryResult.parse((await call('/v1/query', admin, { ...panel, drill: ['Compliance', courseId] })).body);
    assert.equal(learners.level, 2);
    assert.ok(learners.page && learners.page.total > 0);
    const expectedTotal = courses.data[courses.columns.findIndex((c) => c.name === 'enrolments')]![0];
    assert.equal(learners.page.total, expectedTotal, 'the course’s learners are its enrolments');
  });

  test('paging and sorting a table', async () => {
    const request = { dashboard: 'team-performance', panel: 'learners' };
    const first = QueryResult.parse((await call('/v1/query', admin, { ...request, page: { limit: 25 } })).body);
    assert.equal(first.rowCount, 25);
    assert.equal(first.truncated, true);
    const kpis = QueryResult.parse((await call('/v1/query', admin, { dashboard: 'learning-progress', panel: 'enrolments' })).body);
    assert.equal(first.page!.total, resultRows(kpis)[0]!['learners'], 'one row per learner');
    const second = QueryResult.parse((await call('/v1/query', admin, { ...request, page: { offset: 25, limit: 25 } })).body);
    const ids = (r: QueryResult) => r.data[r.columns.findIndex((c) => c.name === 'user_id')]!;
    assert.equal(new Set([...ids(first), ...ids(second)]).size, 50, 'pages do not overlap');
    const last = QueryResult.parse((await call('/v1/query', admin, { ...request, page: { offset: first.page!.total - 5, limit: 25 } })).body);
    assert.equal(last.rowCount, 5);
    assert.equal(last.truncated, false);
    const sorted = QueryResult.parse(
      (await call('/v1/query', admin, { ...request, page: { limit: 50, sort: { column: 'learning_hours', direction: 'desc' } } })).body,
    );
    const hours = resultRows(sorted).map((row) => row['learning_hours'] as number);
    assert.deepEqual(hours, [...hours].sort((a, b) => b - a));
  });

  test('locked filters in the token override what the browser sends', async () => {
    const locked = await t.token({ tenant: 'acme', role: 'admin', filters: { category: ['Compliance'] } });
    for (const filters of [{}, { category: ['Leadership'] }, { category: null }]) {
      const result = QueryResult.parse((await call('/v1/query', locked, { ...panel, filters })).body);
      assert.deepEqual(result.data[0], ['Compliance'], `filters ${JSON.stringify(filters)}`);
    }
  });

  test('a locked filter of the wrong shape is the token’s fault: 403, nothing runs', async () => {
    const misfit = await t.token({ tenant: 'acme', role: 'admin', filters: { category: 'Compliance' } });
    const result = await call('/v1/query', misfit, panel);
    assertError(result, 403, 'forbidden');
    assert.equal(result.runs, 0);
  });
});

describe('whole-dashboard data in one round trip', () => {
  test('every panel’s data, with per-panel drill and pages', async () => {
    const { status, body } = await call('/v1/dashboards/team-performance/data', admin, {
      filters: { category: ['Leadership'] },
      drill: { 'organisation-comparison': [] },
      pages: { learners: { limit: 10, sort: { column: 'overdue', direction: 'desc' } } },
    });
    assert.equal(status, 200, JSON.stringify(body));
    const data = DashboardDataResponse.parse(body);
    assert.deepEqual(Object.keys(data.panels).sort(), ['learners', 'learning-time', 'manager-comparison', 'organisation-comparison']);
    assert.deepEqual(data.errors, {});
    assert.equal(data.panels['learners']!.rowCount, 10);
    const categories = new Set(resultRows(data.panels['learning-time']!).map((row) => row['category']));
    assert.deepEqual([...categories], ['Leadership']);
  });

  test('panels that share a query run it once', async () => {
    const { runs, body } = await call('/v1/dashboards/compliance/data', admin, {});
    const data = DashboardDataResponse.parse(body);
    assert.equal(Object.keys(data.panels).length, 7);
    const distinctQueries = new Set(Object.values(data.panels).map((result) => result.query.id));
    assert.equal(runs, distinctQueries.size, 'four KPI tiles over compliance_kpis run one statement');
    assert.ok(runs < 7);
  });

  test('a failing panel reports its error while the others arrive', async () => {
    const data = DashboardDataResponse.parse((await call('/v1/dashboards/learning-progress/data', admin, {})).body);
    assert.equal(data.errors['status-breakdown']?.code, 'row_cap_exceeded');
    assert.ok(data.panels['completion-by-category']);
    assert.equal(Object.keys(data.panels).length, 6);
  });

  test('bad filters or unknown panels fail the whole request with 400', async () => {
    assertError(await call('/v1/dashboards/compliance/data', admin, { filters: { category: ['x'] } }), 400, 'bad_request', 'filters.category');
    assertError(await call('/v1/dashboards/compliance/data', admin, { pages: { nope: { limit: 5 } } }), 400, 'bad_request', 'pages.nope');
  });
});

describe('filter options', () => {
  test('organisations are scoped: a manager sees only their subtree', async () => {
    const all = FilterOptionsResponse.parse((await call('/v1/dashboards/compliance/filters/org/options', admin)).body);
    if (all.kind === 'dateRange') throw new Error('wrong kind');
    const division = all.options.find((o) => o.depth === 1)!;
    const manager = await t.token({ tenant: 'acme', role: 'manager', orgs: [division.value] });
    const scoped = FilterOptionsResponse.parse((await call('/v1/dashboards/compliance/filters/org/options', manager)).body);
    if (scoped.kind === 'dateRange') throw new Error('wrong kind');
    assert.ok(scoped.options.length > 1 && scoped.options.length < all.options.length);
    assert.equal(scoped.options[0]!.value, division.value);
    assert.equal(scoped.options[0]!.depth, 0);
  });

  test('a locked filter offers only its locked values', async () => {
    const locked = await t.token({ tenant: 'acme', role: 'admin', filters: { category: ['Compliance', 'Leadership'] } });
    const options = FilterOptionsResponse.parse((await call('/v1/dashboards/learning-progress/filters/category/options', locked)).body);
    assert.equal(options.locked, true);
    if (options.kind === 'dateRange') throw new Error('wrong kind');
    assert.deepEqual(options.options.map((o) => o.value), ['Compliance', 'Leadership']);
  });

  test('a date range filter gives its bounds; unknown filter → 404', async () => {
    const period = FilterOptionsResponse.parse((await call('/v1/dashboards/learning-progress/filters/period/options', admin)).body);
    assert.equal(period.kind, 'dateRange');
    if (period.kind !== 'dateRange') return;
    assert.ok(period.range.min! < period.range.max!);
    assertError(await call('/v1/dashboards/learning-progress/filters/nope/options', admin), 404, 'not_found');
  });
});

describe('logs', () => {
  test('never hold a token, SQL or a stack', async () => {
    logLines.length = 0;
    await call('/v1/query', admin, { dashboard: 'learning-progress', panel: 'completion-by-category' });
    await t.app.request(`/v1/dashboards?token=${admin}`);
    await call('/v1/query', `${admin}x`, { dashboard: 'learning-progress', panel: 'completion-by-category' });
    assert.ok(logLines.length >= 3);
    const signature = admin.split('.')[2]!;
    for (const line of logLines) {
      assert.ok(!line.includes(signature) && !line.includes(admin.split('.')[1]!), `token in log: ${line}`);
      assert.ok(!/SELECT|dim_|\.ts:\d/.test(line), `internals in log: ${line}`);
    }
  });
});
