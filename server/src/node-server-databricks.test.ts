import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DashboardDataResponse, ErrorBody } from '@kineo/core';
import { CatalogError } from './catalog/catalog.js';
import { DatabricksEngine } from './engines/databricks/databricks-engine.js';
import { DatabricksSettingsError, databricksSettingsFromEnv } from './engines/databricks/databricks-settings.js';
import { jsonLogger } from './http/logger.js';
import { startNodeServer, type RunningServer } from './node-server.js';
import { createTestApp, type TestApp } from './testing/test-app.js';
import { writeDatabricksRegistry } from './testing/databricks-registry.js';
import { startDemoWarehouse } from './testing/databricks-warehouse/demo-warehouse.js';
import { demoWarehouseNamespaces } from './testing/databricks-warehouse/warehouse-data.js';
import type { TestWarehouse } from './testing/databricks-warehouse/test-warehouse.js';

// `kineo serve` with the test warehouse's DATABRICKS_* settings and a registry that puts both demo
// tenants on the Databricks engine: start-up checks the catalog on the warehouse, then the demo
// dashboards are served through the driver, and warehouse trouble reaches clients as 503/504.

let warehouse: TestWarehouse;
let t: TestApp;
let api: RunningServer;
let env: Record<string, string>;
let workDir: string;
const logLines: string[] = [];

const QUICK_DRIVER = { driver: { retryMaxAttempts: 2, retriesTimeoutMs: 2_000, retryDelayMinMs: 50, retryDelayMaxMs: 100, socketTimeoutMs: 5_000 } };

before(async () => {
  workDir = mkdtempSync(join(tmpdir(), 'kineo-serve-databricks-'));
  // Small result batches, so a table page takes several FetchResults calls (a fault can hit one).
  warehouse = await startDemoWarehouse({ fetchBatchRows: 50 });
  env = warehouse.env(join(workDir, 'warehouse-ca.pem'));
  t = await createTestApp({ tenantsFile: writeDatabricksRegistry(join(workDir, 'tenants.databricks.yaml'), demoWarehouseNamespaces) });
  api = await startNodeServer(
    { ...t.config, settings: { ...t.config.settings, port: 0 } },
    jsonLogger((line) => logLines.push(line)),
    { env, databricks: QUICK_DRIVER },
  );
});
after(async () => {
  await api?.close();
  await t?.close();
  await warehouse?.close();
  rmSync(workDir, { recursive: true, force: true });
});

async function post(path: string, body: unknown, init: { tenant?: string; signal?: AbortSignal } = {}) {
  const token = await t.token({ tenant: init.tenant ?? 'acme', role: 'admin' });
  return fetch(`${api.url}${path}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify(body),
    signal: init.signal,
  });
}

describe('the API on the Databricks engine', () => {
  test('start-up checked every catalog query on the warehouse in both namespaces, emptied', () => {
    const probes = warehouse.log.statements.filter((s) => s.sql.includes('AS kineo_probe LIMIT 0'));
    assert.ok(probes.length > t.config.catalog.queries.size * 4, `${probes.length} probe statements`);
    assert.deepEqual(new Set(probes.map((s) => s.namespace)), new Set(Object.values(demoWarehouseNamespaces)));
    assert.ok(probes.every((s) => s.state === 'FINISHED' && s.rowsServed === 0));
    assert.ok(logLines.some((line) => line.includes('catalog checked on the Databricks warehouse')));
  });

  test('serves the demo dashboards of both tenants through the driver', async () => {
    for (const tenant of ['acme', 'techcorp'])
      for (const dashboard of t.config.catalog.dashboards.keys()) {
        const before = warehouse.log.statements.length;
        const response = await post(`/v1/dashboards/${dashboard}/data`, {}, { tenant });
        assert.equal(response.status, 200, `${tenant}/${dashboard}`);
        const body = DashboardDataResponse.parse(await response.json());
        assert.ok(Object.values(body.panels).some((panel) => panel.rowCount > 0));
        const ran = warehouse.log.statements.slice(before);
        assert.ok(ran.length > 0);
        assert.ok(ran.every((s) => s.namespace === demoWarehouseNamespaces[tenant]), `${tenant}/${dashboard} left its namespace`);
      }
    const ready = await fetch(`${api.url}/readyz`);
    assert.equal(ready.status, 200);
  });

  test('sessions are pooled: many requests, few OpenSession calls, each with the tenant namespace and STATEMENT_TIMEOUT', async () => {
    const opened = warehouse.log.count('OpenSession');
    for (let i = 0; i < 5; i++) assert.equal((await post('/v1/dashboards/learning-progress/data', {})).status, 200);
    assert.equal(warehouse.log.count('OpenSession'), opened, 'warm sessions were reused');
    for (const session of warehouse.log.sessions) {
      assert.ok(Object.values(demoWarehouseNamespaces).includes(session.namespace));
      assert.match(session.configuration['STATEMENT_TIMEOUT'] ?? '', /^\d+$/);
    }
    assert.ok(warehouse.log.sessions.length <= 2 * 4, `${warehouse.log.sessions.length} sessions for 2 tenants × 4`);
  });

  test('a client that goes away cancels the warehouse operation', async () => {
    const fault = warehouse.faults.add({ kind: 'hang-statement', sqlIncludes: 'status_label', times: 1 });
    try {
      const controller = new AbortController();
      const pending = post('/v1/query', { dashboard: 'learning-progress', panel: 'status-breakdown' }, { signal: controller.signal }).catch(
        (error: Error) => error,
      );
      const hung = await warehouse.log.waitForStatement((s) => s.sql.includes('status_label') && s.state === 'RUNNING');
      controller.abort();
      assert.equal(((await pending) as Error).name, 'AbortError');
      await warehouse.log.waitForStatement((s) => s.operationId === hung.operationId && s.state === 'CANCELED');
      assert.ok(warehouse.log.cancellations.includes(hung.operationId));
    } finally {
      fault.remove();
    }
  });

  test('a dropped connection is retried to the right answer; one that keeps dropping is a 503, never partial rows', async () => {
    const page = { dashboard: 'team-performance', panel: 'learners', page: { limit: 200 } };
    const withoutTiming = (body: Record<string, unknown>) => ({ ...body, elapsedMs: undefined });
    const expected = withoutTiming(await (await post('/v1/query', page)).json());
    for (const method of ['ExecuteStatement', 'FetchResults'] as const) {
      const once = warehouse.faults.add({ kind: 'drop-connection', method, times: 1 });
      const retried = await post('/v1/query', page);
      assert.equal(once.fired, 1, `${method}: the fault fired`);
      assert.equal(retried.status, 200, `${method}: one dropped connection is retried`);
      assert.deepEqual(withoutTiming(await retried.json()), expected, `${method}: retried to the same rows`);
      once.remove();

      const always = warehouse.faults.add({ kind: 'drop-connection', method });
      const refused = await post('/v1/query', page);
      assert.ok(always.fired >= 2, `${method}: retried before giving up`);
      assert.equal(refused.status, 503, `${method}: a connection that keeps dropping`);
      assert.equal(refused.headers.get('retry-after'), '5');
      assert.equal(ErrorBody.parse(await refused.json()).error.code, 'unavailable');
      always.remove();
    }
  });

  test("a warehouse answering 503 is a 503 with the warehouse's Retry-After and no driver internals", async () => {
    const fault = warehouse.faults.add({ kind: 'http-status', status: 503, retryAfterSeconds: 30 });
    try {
      const response = await post('/v1/query', { dashboard: 'learning-progress', panel: 'status-breakdown' });
      assert.equal(response.status, 503);
      assert.equal(response.headers.get('retry-after'), '30');
      const text = await response.text();
      const body = ErrorBody.parse(JSON.parse(text));
      assert.equal(body.error.code, 'unavailable');
      for (const secret of [warehouse.token, warehouse.host, warehouse.path, 'kineo_acme', 'Thrift', 'HTTP', 'status_label'])
        assert.ok(!text.includes(secret), `the answer mentions ${secret}`);
      assert.ok(!logLines.some((line) => line.includes(warehouse.token)), 'the token reached the log');
    } finally {
      fault.remove();
    }
  });
});

describe('a statement past its query timeout', () => {
  test('is a 504 for the client, and the warehouse operation is cancelled', async () => {
    const short = await createTestApp({
      tenantsFile: writeDatabricksRegistry(join(workDir, 'tenants.databricks.yaml'), demoWarehouseNamespaces),
      adjustCatalog: (catalog) => {
        const queries = new Map(catalog.queries);
        queries.set('status_breakdown', { ...queries.get('status_breakdown')!, timeoutMs: 500 });
        return { ...catalog, queries };
      },
      engine: { kind: 'databricks', engine: new DatabricksEngine({ settings: databricksSettingsFromEnv(env), ...QUICK_DRIVER }) },
    });
    const fault = warehouse.faults.add({ kind: 'hang-statement', sqlIncludes: 'status_label', times: 1 });
    try {
      const token = await short.token({ tenant: 'techcorp', role: 'admin' });
      const response = await short.request('/v1/query', token, { dashboard: 'learning-progress', panel: 'status-breakdown' });
      assert.equal(response.status, 504);
      assert.equal(ErrorBody.parse(await response.json()).error.code, 'query_timeout');
      const hung = warehouse.log.statements.findLast((s) => s.sql.includes('status_label'))!;
      await warehouse.log.waitForStatement((s) => s.operationId === hung.operationId && s.state === 'CANCELED');
      assert.ok(warehouse.log.cancellations.includes(hung.operationId));
    } finally {
      fault.remove();
      await short.close();
    }
  });
});

describe('start-up on the Databricks engine', () => {
  test('refuses to start without the DATABRICKS_* settings, naming the variables only', async () => {
    await assert.rejects(startNodeServer({ ...t.config, settings: { ...t.config.settings, port: 0 } }, jsonLogger(() => {}), { env: {} }), (error) => {
      assert.ok(error instanceof DatabricksSettingsError);
      assert.match(error.message, /DATABRICKS_HOST/);
      return true;
    });
  });

  test('refuses to start when a tenant namespace is missing on the warehouse, listing each query', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'kineo-serve-databricks-missing-'));
    try {
      const registry = writeDatabricksRegistry(join(dir, 'tenants.databricks.yaml'), { ...demoWarehouseNamespaces, techcorp: 'kineo_techcorp.silver' });
      const other = await createTestApp({ tenantsFile: registry });
      try {
        await assert.rejects(
          startNodeServer({ ...other.config, settings: { ...other.config.settings, port: 0 } }, jsonLogger(() => {}), { env, databricks: QUICK_DRIVER }),
          (error) => {
            assert.ok(error instanceof CatalogError);
            const techcorp = error.problems.filter((p) => p.includes('tenant namespace 2'));
            assert.ok(techcorp.length >= t.config.catalog.queries.size, error.message);
            assert.ok(!error.problems.some((p) => p.includes('tenant namespace 1')), error.message);
            assert.ok(!error.message.includes('kineo_techcorp'), 'the warehouse text stays out of the message');
            return true;
          },
        );
      } finally {
        await other.close();
      }
    } finally {
      rmSync(dir, { recursive: true, force: true });
    }
  });
});
