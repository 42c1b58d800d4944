import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import fc from 'fast-check';
import { DuckDBInstance } from '@duckdb/node-api';
import { QueryResult, type EmbedTokenClaims, type FilterValues } from '@kineo/core';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { everyDashboardOpenToEveryRole } from '../testing/open-catalog.js';
import { ScopeReference, orgTree, rowSet, type OrgNode } from '../testing/scope-reference.js';
import { panelLevels } from '../catalog/catalog.js';
import { composePagedSql } from '../query/compose-sql.js';
import { dialects } from '../engines/dialect.js';
import type { RowScope } from './row-scope.js';
import { rowScopeFor } from './row-scope.js';

const TENANTS = ['acme', 'techcorp'] as const;
type TenantId = (typeof TENANTS)[number];

interface TenantFacts {
  tree: OrgNode[];
  users: { userId: string; orgId: string }[];
  categories: string[];
}

let t: TestApp;
const facts = {} as Record<TenantId, TenantFacts>;

before(async () => {
  // Every role against every panel, learners included: the row scope is checked on every query,
  // even those the shipped catalog's `roles` keep from learners.
  t = await createTestApp({ adjustCatalog: everyDashboardOpenToEveryRole });
  for (const tenant of TENANTS) {
    const instance = await DuckDBInstance.create(join(t.config.settings.dataDir, `${tenant}.duckdb`), { access_mode: 'READ_ONLY' });
    const c = await instance.connect();
    const users = (await c.runAndReadAll('SELECT user_id, org_id FROM dim_users WHERE user_id IN (SELECT user_id FROM fact_course_progress) ORDER BY user_id')).getRows();
    const categories = (await c.runAndReadAll('SELECT DISTINCT category FROM dim_courses ORDER BY 1')).getRows();
    facts[tenant] = {
      tree: await orgTree(c, 'main'),
      users: users.map(([userId, orgId]) => ({ userId: String(userId), orgId: String(orgId) })),
      categories: categories.map(([c]) => String(c)),
    };
    c.closeSync();
    instance.closeSync();
  }
});
after(() => t.close());

/** Every view of every dashboard: a panel at each of its drill levels. */
function views() {
  return [...t.config.catalog.dashboards.values()].flatMap((dashboard) =>
    dashboard.panels.map((panel) => ({ dashboard, panel, levels: panelLevels(panel) })),
  );
}

const otherTenant = (tenant: TenantId) => (tenant === 'acme' ? 'techcorp' : 'acme');

function assertNoForeignRows(tenant: TenantId, result: QueryResult) {
  const foreign = `${otherTenant(tenant)}-`;
  for (const column of result.data)
    for (const cell of column)
      if (typeof cell === 'string') assert.ok(!cell.includes(foreign), `${tenant} saw ${cell} in ${result.panel}`);
}

/**
 * Runs one panel level through the API and the same catalog SQL, with the same bound values,
 * over a reference database that holds only the scope's rows; the two must agree exactly.
 */
async function checkPanel(
  tenant: TenantId,
  claims: Pick<EmbedTokenClaims, 'role' | 'sub' | 'orgs'>,
  reference: ScopeReference,
  request: { dashboard: string; panel: string; drill: (string | number)[]; filters?: FilterValues },
): Promise<QueryResult> {
  const token = await t.token({ tenant, ...claims });
  t.engine.reset();
  const response = await t.request('/v1/query', token, request);
  const body = await response.json();
  assert.equal(response.status, 200, `${request.dashboard}/${request.panel}: ${JSON.stringify(body)}`);
  const result = QueryResult.parse(body);
  assertNoForeignRows(tenant, result);
  assert.equal(t.engine.runs.length, 1);
  const run = t.engine.runs[0]!;
  assert.equal(run.namespace, t.config.tenants.get(tenant)!.namespace);

  const query = t.config.catalog.queries.get(result.query.id)!;
  if (query.paging && result.page) {
    const sql = composePagedSql(query.sql, { ctes: [], params: {} }, { ...result.page.sort!, key: query.paging.key }, dialects.duckdb);
    const expected = await reference.run(sql, run.params);
    const total = expected.rowCount > 0 ? Number(expected.data.at(-1)![0]) : 0;
    assert.equal(result.page.total, total, `${request.panel}: total`);
    assert.deepEqual(result.data, expected.data.slice(0, -1), `${request.panel}: page rows`);
  } else {
    const expected = await reference.run(query.sql, run.params);
    assert.deepEqual(rowSet(result), rowSet(expected), `${request.dashboard}/${request.panel} level ${result.level}`);
  }
  return result;
}

/** Walks a panel down its drill path, clicking the first row's value at each level. */
async function checkPanelAllLevels(
  tenant: TenantId,
  claims: Pick<EmbedTokenClaims, 'role' | 'sub' | 'orgs'>,
  reference: ScopeReference,
  view: ReturnType<typeof views>[number],
) {
  const drill: (string | number)[] = [];
  for (let level = 0; level < view.levels.length; level++) {
    const result = await checkPanel(tenant, claims, reference, { dashboard: view.dashboard.id, panel: view.panel.id, drill });
    const next = view.panel.drill?.[level];
    if (!next || result.rowCount === 0) break;
    const column = result.columns.findIndex((c) => c.name === next.from);
    drill.push(result.data[column]![0] as string | number);
  }
}

function personasOf(tenant: TenantId) {
  const { tree, users } = facts[tenant];
  const level1 = tree.filter((n) => n.level === 1).map((n) => n.orgId).sort();
  const level2 = tree.filter((n) => n.level === 2).map((n) => n.orgId).sort();
  const learner = users[Math.floor(users.length / 2)]!;
  return [
    { name: 'admin', claims: { role: 'admin' as const, sub: `${tenant}-admin` } },
    { name: 'manager', claims: { role: 'manager' as const, sub: `${tenant}-manager`, orgs: [level1[0]!] } },
    { name: 'analyst (orgs)', claims: { role: 'analyst' as const, sub: `${tenant}-analyst`, orgs: [level2.at(-1)!] } },
    { name: 'analyst (tenant)', claims: { role: 'analyst' as const, sub: `${tenant}-analyst` } },
    { name: 'learner', claims: { role: 'learner' as const, sub: learner.userId } },
  ];
}

async function withReference<T>(tenant: TenantId, scope: RowScope, work: (reference: ScopeReference) => Promise<T>) {
  const reference = await ScopeReference.create(t.config.settings.dataDir, tenant, scope);
  try {
    return await work(reference);
  } finally {
    reference.close();
  }
}

describe('row scope: every dashboard × panel × drill level × role, both tenants', () => {
  for (const tenant of TENANTS) {
    test(`${tenant}: each role sees exactly its scope's rows and never the other tenant's`, async () => {
      for (const persona of personasOf(tenant)) {
        await withReference(tenant, rowScopeFor(persona.claims), async (reference) => {
          for (const view of views()) await checkPanelAllLevels(tenant, persona.claims, reference, view);
        });
      }
    });
  }

  test("a token naming the other tenant's organisations sees nothing of theirs", async () => {
    const acmeOrgs = facts.acme.tree.filter((n) => n.level <= 1).map((n) => n.orgId);
    const token = await t.token({ tenant: 'techcorp', role: 'manager', orgs: acmeOrgs });
    for (const view of views()) {
      const response = await t.request('/v1/query', token, { dashboard: view.dashboard.id, panel: view.panel.id });
      assert.equal(response.status, 200);
      const result = QueryResult.parse(await response.json());
      assertNoForeignRows('techcorp', result);
      for (const column of result.data)
        for (const cell of column) if (typeof cell === 'number') assert.equal(cell, 0, `${view.panel.id} counted acme rows`);
    }
  });

  test('a learner sees only their own rows', async () => {
    const learner = facts.acme.users[7]!;
    const token = await t.token({ tenant: 'acme', role: 'learner', sub: learner.userId });
    const response = await t.request('/v1/query', token, { dashboard: 'team-performance', panel: 'learners', page: { limit: 200 } });
    const result = QueryResult.parse(await response.json());
    assert.equal(result.rowCount, 1);
    assert.equal(result.data[result.columns.findIndex((c) => c.name === 'user_id')]![0], learner.userId);
  });
});

describe('row scope properties over the generated hierarchy', () => {
  for (const tenant of TENANTS) {
    test(`${tenant}: a manager of any organisations sees exactly their subtrees`, async () => {
      const orgIds = facts[tenant].tree.map((n) => n.orgId).sort();
      const level0 = views();
      await fc.assert(
        fc.asyncProperty(
          fc.uniqueArray(fc.constantFrom(...orgIds), { minLength: 1, maxLength: 3 }),
          fc.constantFrom(...level0),
          fc.option(fc.subarray(facts[tenant].categories, { minLength: 1 }), { nil: undefined }),
          async (orgs, view, categories) => {
            const claims = { role: 'manager' as const, sub: `${tenant}-m`, orgs };
            const filters: FilterValues = categories && view.dashboard.filters.some((f) => f.id === 'category') ? { category: categories } : {};
            await withReference(tenant, rowScopeFor(claims), (reference) =>
              checkPanel(tenant, claims, reference, { dashboard: view.dashboard.id, panel: view.panel.id, drill: [], filters }),
            );
          },
        ),
        { numRuns: 25, seed: 20261121 },
      );
    });

    test(`${tenant}: any learner sees exactly their own rows`, async () => {
      await fc.assert(
        fc.asyncProperty(fc.constantFrom(...facts[tenant].users), fc.constantFrom(...views()), async (user, view) => {
          const claims = { role: 'learner' as const, sub: user.userId };
          await withReference(tenant, rowScopeFor(claims), (reference) =>
            checkPanelAllLevels(tenant, claims, reference, view),
          );
        }),
        { numRuns: 20, seed: 20261121 },
      );
    });
  }
});
