import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import fc from 'fast-check';
import { ErrorBody, QueryResult, type DashboardDefinition, type FilterKind } from '@kineo/core';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { rowSet } from '../testing/scope-reference.js';
import { panelLevels } from '../catalog/catalog.js';
import type { ParameterDeclaration } from '../catalog/query-definition.js';
import type { SqlParams } from '../engines/engine.js';
import { TOTAL_COLUMN } from './compose-sql.js';

let t: TestApp;
let token: string;
before(async () => {
  t = await createTestApp();
  token = await t.token({ tenant: 'acme', role: 'admin' });
});
after(() => t.close());

/** Strings an attacker would try, plus arbitrary text of every kind fast-check makes. */
const hostileString = fc.oneof(
  fc.constantFrom(
    "' OR '1'='1",
    "'; DROP TABLE dim_users; --",
    "Compliance' OR 1=1 --",
    "') UNION SELECT user_id, email, 1, 1 FROM dim_users --",
    "acme-o0001'); ATTACH '/tmp/x' AS x; --",
    '$scope_orgs',
    '$1',
    '?',
    ':org',
    '%',
    '_',
    '*/ SELECT 1 /*',
    '\\',
    '"',
    '\u0000',
    "read_csv('/etc/passwd')",
    'techcorp-u000001',
    'Compliance',
    '2026-01-01',
    ' '.repeat(200),
    'x'.repeat(201),
  ),
  fc.string({ maxLength: 80 }),
  fc.string({ unit: 'grapheme', maxLength: 40 }),
  fc.string({ unit: 'binary', maxLength: 40 }),
);

/** A value of a filter's wire shape, built from hostile strings. */
function hostileFilterValue(kind: FilterKind): fc.Arbitrary<unknown> {
  switch (kind) {
    case 'multiSelect':
      return fc.array(hostileString, { minLength: 1, maxLength: 4 });
    case 'select':
      return hostileString;
    case 'dateRange':
      return fc.record({ from: fc.oneof(hostileString, fc.constant('2025-01-01')), to: fc.oneof(hostileString, fc.constant('2026-06-30')) }, { requiredKeys: [] });
  }
}

interface FuzzTarget {
  dashboard: DashboardDefinition;
  panel: string;
  level: number;
  param: string;
  declaration: ParameterDeclaration;
  /** Builds the request that feeds `value` to the parameter. */
  request(value: unknown): Record<string, unknown>;
  /** A harmless request to the same panel level: the SQL text every other value must keep. */
  benign: Record<string, unknown>;
  value: fc.Arbitrary<unknown>;
}

/** Every parameter of every query a panel can run, with the request field that reaches it. */
function fuzzTargets(): FuzzTarget[] {
  const targets: FuzzTarget[] = [];
  for (const dashboard of t.config.catalog.dashboards.values()) {
    const kinds = new Map(dashboard.filters.map((f) => [f.id, f.kind]));
    for (const panel of dashboard.panels) {
      panelLevels(panel).forEach((view, level) => {
        const query = t.config.catalog.queries.get(view.query)!;
        const drillParam = level > 0 ? panel.drill![level - 1]!.param : undefined;
        const benignDrill = Array.from({ length: level }, () => 'benign');
        for (const [param, declaration] of Object.entries(query.parameters)) {
          const base = { dashboard: dashboard.id, panel: panel.id };
          if (param === drillParam) {
            targets.push({
              dashboard, panel: panel.id, level, param, declaration,
              request: (value) => ({ ...base, drill: [...benignDrill.slice(0, -1), value] }),
              benign: { ...base, drill: benignDrill },
              value: hostileString,
            });
          } else if (kinds.has(param)) {
            targets.push({
              dashboard, panel: panel.id, level, param, declaration,
              request: (value) => ({ ...base, drill: benignDrill, filters: { [param]: value } }),
              benign: { ...base, drill: benignDrill },
              value: hostileFilterValue(kinds.get(param)!),
            });
          }
        }
      });
    }
  }
  return targets;
}

/** What binding `value` to a declared parameter must look like, written out independently of the server's binder. */
function expectedBinding(name: string, declaration: ParameterDeclaration, value: unknown): SqlParams {
  switch (declaration.type) {
    case 'dateRange': {
      const range = value as { from?: string; to?: string };
      return { [`${name}_from`]: { type: 'date', value: range.from ?? null }, [`${name}_to`]: { type: 'date', value: range.to ?? null } };
    }
    case 'stringList':
    case 'enumList':
      return { [name]: { type: 'varchar[]', value: value as string[] } };
    case 'integer':
      return { [name]: { type: 'integer', value: value as number } };
    case 'date':
      return { [name]: { type: 'date', value: value as string } };
    default:
      return { [name]: { type: 'varchar', value: value as string } };
  }
}

async function post(body: Record<string, unknown>) {
  t.engine.reset();
  const response = await t.request('/v1/query', token, body);
  return { response, body: await response.json(), runs: [...t.engine.runs] };
}

describe('every catalog parameter, fuzzed with hostile values', () => {
  test('the targets cover every parameter reachable from a request', () => {
    const targets = fuzzTargets();
    assert.ok(targets.length >= 40, `only ${targets.length} targets`);
    const queries = new Set(targets.map((target) => `${target.dashboard.id}/${target.panel}/${target.level}`));
    assert.ok(queries.size >= 20);
  });

  test('each answers 400 without running anything, or runs the unchanged SQL with exactly that value bound', async () => {
    for (const target of fuzzTargets()) {
      const benign = await post(target.benign);
      assert.equal(benign.response.status, 200, JSON.stringify(benign.body));
      const reference = benign.runs[0]!;

      const where = `${target.dashboard.id}/${target.panel} level ${target.level}, parameter ${target.param}`;
      await fc.assert(
        fc.asyncProperty(target.value, async (value) => {
          const { response, body, runs } = await post(target.request(value));
          if (response.status === 400) {
            assert.equal(runs.length, 0, 'a rejected value runs nothing');
            const error = ErrorBody.parse(body).error;
            assert.ok(error.details?.issues?.some((issue) => issue.path.startsWith('filters.') || issue.path.startsWith('drill')));
            assert.ok(!JSON.stringify(body).toLowerCase().includes('select '), 'no SQL in errors');
            return;
          }
          assert.equal(response.status, 200, JSON.stringify(body));
          assert.equal(runs.length, 1);
          assert.equal(runs[0]!.sql, reference.sql, 'the SQL text never changes with a value');
          // Bind the value ourselves, as the declaration says, and run the same SQL directly.
          const params: SqlParams = { ...reference.params, ...expectedBinding(target.param, target.declaration, value) };
          assert.deepEqual(runs[0]!.params, params, 'the value is bound as given');
          const direct = await t.engine.run('acme', reference.sql, params, { timeoutMs: 10_000, maxRows: 10_000 });
          const withoutTotal = direct.columns.at(-1)?.name === TOTAL_COLUMN ? direct.data.slice(0, -1) : direct.data;
          assert.deepEqual(rowSet(QueryResult.parse(body)), rowSet({ ...direct, data: withoutTotal }));
        }),
        { numRuns: 12, seed: 4242, endOnFailure: true, includeErrorInReport: true },
      ).catch((error: Error) => {
        throw new Error(`${where}: ${error.message}`);
      });
    }
  });
});
