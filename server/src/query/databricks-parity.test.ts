import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { resultRows, type EmbedTokenClaims } from '@kineo/core';
import { readDemoPersonas, type DemoPersona } from '../demo-data/personas.js';
import { DatabricksEngine } from '../engines/databricks/databricks-engine.js';
import { databricksSettingsFromEnv } from '../engines/databricks/databricks-settings.js';
import { panelLevels } from '../catalog/catalog.js';
import { createTestApp, type TestApp } from '../testing/test-app.js';
import { everyDashboardOpenToEveryRole } from '../testing/open-catalog.js';
import { writeDatabricksRegistry } from '../testing/databricks-registry.js';
import { startDemoWarehouse } from '../testing/databricks-warehouse/demo-warehouse.js';
import { demoWarehouseNamespaces } from '../testing/databricks-warehouse/warehouse-data.js';
import type { TestWarehouse } from '../testing/databricks-warehouse/test-warehouse.js';

// The whole catalog through the real @databricks/sql driver against the test warehouse must answer
// exactly what the embedded DuckDB engine answers: every dashboard, panel, drill level and filter
// option, for one persona of each role in both tenants, through the API.

const TENANTS = ['acme', 'techcorp'] as const;

let warehouse: TestWarehouse;
let duckdb: TestApp;
let databricks: TestApp;
let workDir: string;
const personas = new Map<string, DemoPersona[]>();
let acmeCategories: string[];

before(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'kineo-parity-'));
  warehouse = await startDemoWarehouse();
  const settings = databricksSettingsFromEnv(warehouse.env(join(workDir, 'warehouse-ca.pem')));
  duckdb = await createTestApp({ adjustCatalog: everyDashboardOpenToEveryRole });
  databricks = await createTestApp({
    adjustCatalog: everyDashboardOpenToEveryRole,
    tenantsFile: writeDatabricksRegistry(join(workDir, 'tenants.databricks.yaml'), demoWarehouseNamespaces),
    engine: { kind: 'databricks', engine: new DatabricksEngine({ settings }) },
  });
  for (const tenant of TENANTS) {
    const all = await readDemoPersonas(async (sql) =>
      resultRows(await duckdb.engine.run(tenant, sql, {}, { timeoutMs: 10_000, maxRows: 10_000 })),
    );
    // One persona of each role: admin (tenant), manager and analyst (organisations), learner (own rows).
    personas.set(tenant, (['admin', 'manager', 'analyst', 'learner'] as const).map((role) => all.find((p) => p.role === role)!));
  }
  const categories = await duckdb.engine.run('acme', 'SELECT DISTINCT category FROM dim_courses ORDER BY 1 LIMIT 2', {}, { timeoutMs: 10_000, maxRows: 2 });
  acmeCategories = categories.data[0]!.map(String);
});
after(async () => {
  await databricks?.close();
  await duckdb?.close();
  await warehouse?.close();
  rmSync(workDir, { recursive: true, force: true });
});

/** The response body without timings, which differ between any two runs. */
function comparable(body: unknown): unknown {
  return JSON.parse(JSON.stringify(body, (key, value) => (key === 'elapsedMs' ? undefined : value)));
}

async function bothAnswer(
  tenant: string,
  persona: DemoPersona,
  path: string,
  body?: unknown,
): Promise<{ status: number; body: unknown }> {
  const claims: Pick<EmbedTokenClaims, 'tenant' | 'role' | 'sub' | 'orgs'> = {
    tenant,
    role: persona.role,
    sub: persona.sub,
    ...(persona.orgs ? { orgs: persona.orgs } : {}),
  };
  const [fromDuckDB, fromDatabricks] = await Promise.all(
    [duckdb, databricks].map(async (app) => {
      const response = await app.request(path, await app.token(claims), body);
      return { status: response.status, body: comparable(await response.json()) };
    }),
  );
  const at = `${tenant} ${persona.role} ${path} ${JSON.stringify(body ?? {})}`;
  assert.equal(fromDuckDB!.status, 200, `${at}: DuckDB answered ${JSON.stringify(fromDuckDB!.body)}`);
  // The warehouse's own words for what it refused (test code: the API never repeats them).
  const refused = warehouse.log.statements.filter((s) => s.state === 'ERROR').map((s) => `${s.errorMessage}\n${s.sql}`);
  assert.deepEqual(fromDatabricks, fromDuckDB, `${at}: Databricks differs${refused.length ? `; the warehouse refused:\n${refused.join('\n\n')}` : ''}`);
  return fromDuckDB!;
}

type Columnar = { columns: { name: string }[]; data: unknown[][]; rowCount: number };

/** The first row's value of a column, to drill into. */
function firstValue(result: Columnar, column: string): string | number | undefined {
  const index = result.columns.findIndex((c) => c.name === column);
  return result.rowCount > 0 ? (result.data[index]![0] as string | number) : undefined;
}

describe('the whole catalog through the Databricks driver equals the DuckDB engine', () => {
  for (const tenant of TENANTS) {
    test(`${tenant}: every dashboard, panel, drill level and filter option for each role`, async () => {
      databricks.engine.reset();
      let compared = 0;
      for (const persona of personas.get(tenant)!) {
        for (const dashboard of databricks.config.catalog.dashboards.values()) {
          await bothAnswer(tenant, persona, `/v1/dashboards/${dashboard.id}/data`, {});
          compared++;
          for (const filter of dashboard.filters) {
            await bothAnswer(tenant, persona, `/v1/dashboards/${dashboard.id}/filters/${filter.id}/options`);
            compared++;
          }
          for (const panel of dashboard.panels) {
            const drill: (string | number)[] = [];
            for (let level = 0; level < panelLevels(panel).length; level++) {
              const { body } = await bothAnswer(tenant, persona, '/v1/query', { dashboard: dashboard.id, panel: panel.id, drill });
              compared++;
              const next = panel.drill?.[level];
              const value = next && firstValue(body as Columnar, next.from);
              if (value === undefined) break;
              drill.push(value);
            }
          }
        }
      }
      assert.ok(compared > 100, `only ${compared} answers compared`);
      const namespaces = new Set(databricks.engine.runs.map((run) => run.namespace));
      assert.deepEqual([...namespaces], [demoWarehouseNamespaces[tenant]]);
    });
  }

  test('filters bound as Databricks parameters (lists, dates) select the same rows', async () => {
    const admin = personas.get('acme')![0]!;
    const manager = personas.get('acme')![1]!;
    for (const persona of [admin, manager]) {
      const filters = {
        period: { from: '2025-01-01', to: '2026-06-30' },
        category: acmeCategories,
        status: ['completed', 'overdue'],
        org: persona.orgs ?? [],
      };
      for (const dashboard of databricks.config.catalog.dashboards.values()) {
        const applicable = Object.fromEntries(
          Object.entries(filters).filter(([id, value]) => dashboard.filters.some((f) => f.id === id) && (!Array.isArray(value) || value.length > 0)),
        );
        const { body } = await bothAnswer('acme', persona, `/v1/dashboards/${dashboard.id}/data`, { filters: applicable });
        const panels = Object.values((body as { panels: Record<string, Columnar> }).panels);
        assert.ok(panels.some((panel) => panel.rowCount > 0), `${dashboard.id}: the filters selected nothing to compare`);
      }
    }
  });

  test('pages of a sorted table are the same rows in the same order', async () => {
    const admin = personas.get('techcorp')![0]!;
    for (const sort of [
      { column: 'full_name', direction: 'asc' },
      { column: 'learning_hours', direction: 'desc' },
      { column: 'last_completed', direction: 'asc' },
    ])
      for (const offset of [0, 40])
        await bothAnswer('techcorp', admin, '/v1/query', {
          dashboard: 'team-performance',
          panel: 'learners',
          page: { limit: 20, offset, sort },
        });
  });
});
