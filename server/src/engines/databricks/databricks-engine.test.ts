import { after, afterEach, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:net';
import { checkCatalogOnEngine } from '../../catalog/check-catalog-on-engine.js';
import { probeParameters } from '../../catalog/check-catalog-sql.js';
import type { Catalog } from '../../catalog/catalog.js';
import { loadCatalog } from '../../catalog/load-catalog.js';
import { bindParameter } from '../../catalog/query-parameters.js';
import { querySqlFor, type QueryDefinition } from '../../catalog/query-definition.js';
import { startDemoWarehouse } from '../../testing/databricks-warehouse/demo-warehouse.js';
import type { TestWarehouse } from '../../testing/databricks-warehouse/test-warehouse.js';
import { demoDataDir } from '../../testing/test-data.js';
import { DuckDBEngine } from '../duckdb/duckdb-engine.js';
import { EngineError, type SqlParams } from '../engine.js';
import { DatabricksEngine, type DatabricksEngineOptions } from './databricks-engine.js';
import { DatabricksEngineError } from './databricks-engine-error.js';
import type { DatabricksSettings } from './databricks-settings.js';

const ACME = 'kineo_acme.gold';
const TECHCORP = 'kineo_techcorp.gold';
const tenants = [
  { tenant: 'acme', namespace: ACME },
  { tenant: 'techcorp', namespace: TECHCORP },
] as const;
const options = { timeoutMs: 10_000, maxRows: 1_000 };

let warehouse: TestWarehouse;
let duckdb: DuckDBEngine;
let catalog: Catalog;
const engines: DatabricksEngine[] = [];

before(async () => {
  // Direct results off: every statement takes the long way (status polls, metadata, fetches),
  // which is where a real warehouse's slower statements go and where faults can be aimed.
  warehouse = await startDemoWarehouse({ fetchBatchRows: 100, directResultsWaitMs: 0, threads: 1 });
  duckdb = new DuckDBEngine({ dataDir: await demoDataDir(), connectionsPerNamespace: 1, threads: 1 });
  catalog = loadCatalog();
});
after(async () => {
  await Promise.all(engines.map((engine) => engine.close()));
  await duckdb.close();
  await warehouse.close();
});
afterEach(() => warehouse.faults.clear());

function settingsFor(target: TestWarehouse, overrides: Partial<DatabricksSettings> = {}): DatabricksSettings {
  return {
    host: target.host,
    port: target.port,
    path: target.path,
    auth: { kind: 'token', token: target.token },
    caCert: target.caCert,
    sessionsPerTenant: 2,
    statementTimeoutSeconds: 30,
    ...overrides,
  };
}

/** An engine on `target` with the driver's retries shortened, closed after the file. */
function engineOn(target: TestWarehouse, settings: Partial<DatabricksSettings> = {}, extra: Partial<DatabricksEngineOptions> = {}) {
  const engine = new DatabricksEngine({
    settings: settingsFor(target, settings),
    driver: { socketTimeoutMs: 10_000, retryMaxAttempts: 3, retriesTimeoutMs: 5_000, retryDelayMinMs: 10, retryDelayMaxMs: 50 },
    ...extra,
  });
  engines.push(engine);
  return engine;
}

function isEngineError(code: string, detail?: string) {
  return (error: unknown) => {
    assert.ok(error instanceof EngineError, `expected an EngineError, got ${String(error)}`);
    assert.equal(error.code, code);
    if (detail !== undefined) assert.equal((error as DatabricksEngineError).detail, detail);
    assert.ok(!/127\.0\.0\.1|kineo_acme|SELECT|dapi/.test(error.message), `unsafe message: ${error.message}`);
    return true;
  };
}

/** Values that select real rows in each demo tenant, by parameter name. */
function sampleValue(name: string, declaration: QueryDefinition['parameters'][string], tenant: string): unknown {
  if (declaration.type === 'dateRange') return { from: '2025-01-01', to: '2026-06-30' };
  if (declaration.type === 'enumList') return declaration.values.slice(0, 2);
  const samples: Record<string, unknown> = {
    org: [`${tenant}-o0002`],
    category: ['Compliance', 'Leadership'],
    drill_org: `${tenant}-o0002`,
    drill_course: `${tenant}-c001`,
    drill_category: 'Compliance',
  };
  return samples[name];
}

function filledParameters(query: QueryDefinition, tenant: string): SqlParams {
  return Object.assign({}, ...Object.entries(query.parameters).map(([name, d]) => bindParameter(name, d, sampleValue(name, d, tenant))));
}

describe('Databricks engine against the test warehouse', { timeout: 60_000 }, () => {
  test('the session namespace isolates tenants, also under concurrency', async () => {
    const engine = engineOn(warehouse, { sessionsPerTenant: 3 });
    const before = warehouse.log.statements.length;
    const runs = Array.from({ length: 24 }, (_, i) => {
      const { tenant, namespace } = tenants[i % 2]!;
      return engine.run(namespace, 'SELECT DISTINCT `org_id` FROM fact_course_progress', {}, options).then((result) => {
        assert.equal(result.rowCount, tenant === 'acme' ? 47 : 21);
        const strangers = (result.data[0] as string[]).filter((id) => !id.startsWith(`${tenant}-`));
        assert.deepEqual(strangers, [], `${namespace} saw another tenant's rows`);
      });
    });
    await Promise.all(runs);
    const sessions = new Map(warehouse.log.sessions.map((s) => [s.id, s]));
    for (const statement of warehouse.log.statements.slice(before)) {
      const session = sessions.get(statement.sessionId)!;
      assert.equal(statement.namespace, session.namespace);
      assert.deepEqual(session.requestedNamespace, { catalog: statement.namespace.split('.')[0], schema: 'gold' });
    }
  });

  test('a query for acme resolves only in acme: the tables it names are acme’s, with acme’s row counts', async () => {
    const engine = engineOn(warehouse);
    const count = 'SELECT count(*) AS n FROM dim_users';
    const [acme, techcorp] = await Promise.all([engine.run(ACME, count, {}, options), engine.run(TECHCORP, count, {}, options)]);
    assert.deepEqual([acme.data[0]![0], techcorp.data[0]![0]], [1_200, 400]);
  });

  test('sessions are pooled and reused: N statements open at most the pool size (counted on the warehouse)', async () => {
    const engine = engineOn(warehouse, { sessionsPerTenant: 2 });
    const opened = () => warehouse.log.sessions.length;
    const start = opened();
    for (let i = 0; i < 5; i++) await engine.run(ACME, 'SELECT $i AS i', { i: { type: 'integer', value: i } }, options);
    assert.equal(opened() - start, 1, 'one at a time needs one session');
    await Promise.all(Array.from({ length: 10 }, () => engine.run(ACME, 'SELECT 1 AS one', {}, options)));
    assert.ok(opened() - start <= 2, `opened ${opened() - start} sessions for a pool of 2`);
    assert.equal(engine.stats.sessionsOpened, opened() - start);
    await engine.close();
    assert.equal(warehouse.log.sessions.slice(start).filter((s) => !s.closed).length, 0, 'close() closes every session');
  });

  test('sessions open with the tenant namespace, STATEMENT_TIMEOUT and UTC in their configuration', async () => {
    const engine = engineOn(warehouse, { statementTimeoutSeconds: 7 });
    const start = warehouse.log.sessions.length;
    await engine.ping(TECHCORP);
    const [session] = warehouse.log.sessions.slice(start);
    assert.equal(session?.namespace, TECHCORP);
    assert.deepEqual(session?.configuration, { STATEMENT_TIMEOUT: '7', TIMEZONE: 'UTC' });
  });

  test('values are bound as typed named parameters, never written into the SQL', async () => {
    const engine = engineOn(warehouse);
    const hostile = "acme-u000001' OR '1'='1";
    const params: SqlParams = {
      id: { type: 'varchar', value: hostile },
      ids: { type: 'varchar[]', value: ['acme-u000002', 'acme-u000003'] },
      since: { type: 'date', value: '2020-01-01' },
      n: { type: 'integer', value: 3 },
      ratio: { type: 'double', value: 0.5 },
      flag: { type: 'boolean', value: true },
      none: { type: 'date', value: null },
    };
    const sql =
      'SELECT `user_id` FROM dim_users WHERE (`user_id` = $id OR array_contains($ids, `user_id`)) ' +
      'AND ($none IS NULL OR $since <= $none) AND $n * $ratio > 1 AND $flag ORDER BY `user_id` LIMIT $n';
    const result = await engine.run(ACME, sql, params, options);
    assert.deepEqual(result.data, [['acme-u000002', 'acme-u000003']]);
    const statement = warehouse.log.statements.at(-1)!;
    assert.ok(!statement.sql.includes('OR \'1\'=\'1'), 'the value is not in the SQL');
    assert.match(statement.sql, /from_json\(:ids, 'ARRAY<STRING>'\)/);
    assert.deepEqual(
      Object.fromEntries(statement.parameters.map((p) => [p.name, p.type ?? 'VOID'])),
      { id: 'STRING', ids: 'STRING', since: 'DATE', n: 'INTEGER', ratio: 'DOUBLE', flag: 'BOOLEAN', none: 'VOID' },
    );
  });

  test('reads at most maxRows (+1 to know there were more), chunk by chunk, and closes the operation', async () => {
    const engine = engineOn(warehouse);
    const sql = 'SELECT enrolment_id FROM fact_course_progress ORDER BY enrolment_id';
    const capped = await engine.run(ACME, sql, {}, { timeoutMs: 10_000, maxRows: 250 });
    assert.equal(capped.rowCount, 250);
    assert.equal(capped.overflowed, true);
    assert.deepEqual(capped.data[0]!.slice(0, 3), [1, 2, 3]);
    const statement = warehouse.log.statements.at(-1)!;
    // The driver's Arrow reader keeps one batch read ahead; past that nothing more is fetched.
    assert.ok(statement.rowsServed <= 2 * 251, `read ${statement.rowsServed} rows for a cap of 250`);
    assert.ok(statement.fetches >= 3, 'in chunks of the warehouse batch size');
    assert.equal(statement.closed, true);

    const all = await engine.run(ACME, 'SELECT org_id FROM dim_organizations', {}, { timeoutMs: 10_000, maxRows: 47 });
    assert.deepEqual([all.rowCount, all.overflowed], [47, false]);
    const none = await engine.run(ACME, 'SELECT org_id FROM dim_organizations WHERE false', {}, options);
    assert.deepEqual(none, { columns: [{ name: 'org_id', type: 'string' }], data: [[]], rowCount: 0, overflowed: false });
  });

  test('types beyond the catalog (timestamp, decimal, bigint, typed NULLs) match the DuckDB engine in both formats', async () => {
    const engine = engineOn(warehouse);
    const sql =
      "SELECT CAST('2024-01-02 03:04:05.678' AS TIMESTAMP) AS ts, CAST(12.345 AS DECIMAL(10,3)) AS amount, " +
      'CAST(9007199254740991 AS BIGINT) AS big, CAST(NULL AS DATE) AS no_day, CAST(NULL AS DOUBLE) AS no_number, ' +
      "CAST(1.5 AS DOUBLE) AS ratio, CAST('2024-02-29' AS DATE) AS day, true AS flag";
    const expected = await duckdb.run('acme', sql, {}, options);
    assert.equal(expected.data[0]![0], '2024-01-02T03:04:05.678Z');
    for (const format of ['arrow', 'columns'] as const) {
      warehouse.setResultFormat(format);
      assert.deepEqual(await engine.run(ACME, sql, {}, options), expected, format);
    }
    warehouse.setResultFormat('arrow');
  });

  test('a request the warehouse never answers still ends the run at its timeout; the next run gets another session', async () => {
    const engine = engineOn(warehouse, { sessionsPerTenant: 2 });
    await engine.ping(ACME);
    warehouse.faults.add({ kind: 'hang-request', method: 'ExecuteStatement', times: 1 });
    await assert.rejects(engine.run(ACME, 'SELECT 1 AS one', {}, { timeoutMs: 300, maxRows: 1 }), isEngineError('timeout', 'RUN_TIMEOUT'));
    assert.deepEqual((await engine.run(ACME, 'SELECT 1 AS one', {}, options)).data, [[1]]);
    assert.equal(engine.stats.sessionsOpened, 2, 'the session with the unanswered call is not lent out meanwhile');
  });

  test('the run timeout cancels the operation on the warehouse, then closes it', async () => {
    const engine = engineOn(warehouse);
    await engine.ping(ACME); // a session ready, so the short timeout lands while the statement runs
    warehouse.faults.add({ kind: 'hang-statement', sqlIncludes: 'kineo_hang_timeout', times: 1 });
    await assert.rejects(
      engine.run(ACME, "SELECT 'kineo_hang_timeout' AS marker", {}, { timeoutMs: 300, maxRows: 1 }),
      isEngineError('timeout', 'RUN_TIMEOUT'),
    );
    const statement = await warehouse.log.waitForStatement((s) => s.sql.includes('kineo_hang_timeout') && s.closed);
    assert.equal(statement.state, 'CANCELED');
    const calls = warehouse.log.calls.filter((c) => c.operationId === statement.operationId).map((c) => c.method);
    assert.ok(calls.indexOf('CancelOperation') !== -1, 'CancelOperation was sent');
    assert.ok(calls.indexOf('CancelOperation') < calls.indexOf('CloseOperation'), `cancel, then close: ${calls.join(',')}`);
    assert.equal(engine.stats.cancellations, 1);
  });

  test("the caller's abort signal cancels the running operation", async () => {
    const engine = engineOn(warehouse);
    warehouse.faults.add({ kind: 'hang-statement', sqlIncludes: 'kineo_hang_abort', times: 1 });
    const controller = new AbortController();
    const running = engine.run(ACME, "SELECT 'kineo_hang_abort' AS marker", {}, { ...options, signal: controller.signal });
    const statement = await warehouse.log.waitForStatement((s) => s.sql.includes('kineo_hang_abort') && s.state === 'RUNNING');
    controller.abort();
    await assert.rejects(running, isEngineError('cancelled', 'RUN_CANCELLED'));
    await warehouse.log.waitForStatement((s) => s.operationId === statement.operationId && s.closed);
    assert.ok(warehouse.log.cancellations.includes(statement.operationId));
    assert.equal(warehouse.log.statement(statement.operationId)?.state, 'CANCELED');
  });

  test('an already aborted signal runs nothing', async () => {
    const engine = engineOn(warehouse);
    const before = warehouse.log.statements.length;
    await assert.rejects(
      engine.run(ACME, 'SELECT 1 AS one', {}, { ...options, signal: AbortSignal.abort() }),
      isEngineError('cancelled'),
    );
    assert.equal(warehouse.log.statements.length, before);
  });

  test("the warehouse's STATEMENT_TIMEOUT is reported as a timeout", async () => {
    const engine = engineOn(warehouse, { statementTimeoutSeconds: 1 });
    warehouse.faults.add({ kind: 'hang-statement', sqlIncludes: 'kineo_hang_server', times: 1 });
    await assert.rejects(
      engine.run(ACME, "SELECT 'kineo_hang_server' AS marker", {}, options),
      isEngineError('timeout', 'QUERY_EXECUTION_TIMEOUT_EXCEEDED'),
    );
  });

  test('a connection dropped on ExecuteStatement is retried on a fresh session, giving the right answer', async () => {
    const engine = engineOn(warehouse);
    const sql = 'SELECT count(*) AS n FROM fact_course_progress';
    const expected = await engine.run(ACME, sql, {}, options);
    const sessionsBefore = warehouse.log.sessions.length;
    const fault = warehouse.faults.add({ kind: 'drop-connection', method: 'ExecuteStatement', times: 1 });
    assert.deepEqual(await engine.run(ACME, sql, {}, options), expected);
    assert.equal(fault.fired, 1);
    assert.equal(engine.stats.retries, 1);
    assert.equal(warehouse.log.sessions.length, sessionsBefore + 1, 'the session of the dropped call was replaced');
  });

  test('a connection dropped on a later FetchResults never yields a partial result', async () => {
    const engine = engineOn(warehouse);
    const sql = 'SELECT enrolment_id FROM fact_course_progress ORDER BY enrolment_id';
    const runOptions = { timeoutMs: 10_000, maxRows: 450 };
    const expected = await engine.run(ACME, sql, {}, runOptions);
    assert.equal(expected.rowCount, 450);

    warehouse.faults.add({ kind: 'drop-connection', method: 'FetchResults', times: 1, afterProcessing: true });
    assert.deepEqual(await engine.run(ACME, sql, {}, runOptions), expected, 'retried to the whole answer');

    warehouse.faults.add({ kind: 'drop-connection', method: 'FetchResults' });
    await assert.rejects(engine.run(ACME, sql, {}, runOptions), isEngineError('unavailable', 'CONNECTION_DROPPED'));
  });

  test('a status poll dropped or answered 503 is retried by the driver itself', async () => {
    const engine = engineOn(warehouse);
    warehouse.faults.add({ kind: 'drop-connection', method: 'GetOperationStatus', times: 1 });
    warehouse.faults.add({ kind: 'http-status', status: 503, method: 'GetOperationStatus', times: 1 });
    const result = await engine.run(ACME, 'SELECT 42 AS answer', {}, options);
    assert.deepEqual(result.data, [[42]]);
    assert.equal(engine.stats.retries, 0, 'no statement retry was needed');
  });

  test('HTTP 503 on ExecuteStatement: retried once, and unavailable with Retry-After when it persists', async () => {
    const engine = engineOn(warehouse);
    warehouse.faults.add({ kind: 'http-status', status: 503, method: 'ExecuteStatement', times: 1 });
    assert.deepEqual((await engine.run(ACME, 'SELECT 1 AS one', {}, options)).data, [[1]]);
    assert.equal(engine.stats.retries, 1);

    warehouse.faults.add({ kind: 'http-status', status: 503, method: 'ExecuteStatement', retryAfterSeconds: 30 });
    await assert.rejects(engine.run(ACME, 'SELECT 1 AS one', {}, options), (error: unknown) => {
      isEngineError('unavailable', 'HTTP_503')(error);
      assert.equal((error as DatabricksEngineError).retryAfterSeconds, 30);
      return true;
    });
    warehouse.faults.clear();
    warehouse.faults.add({ kind: 'http-status', status: 429, method: 'OpenSession' });
    await assert.rejects(engineOn(warehouse).run(ACME, 'SELECT 1 AS one', {}, options), isEngineError('unavailable', 'HTTP_429'));
  });

  test('a session the warehouse no longer knows is replaced and the statement run again', async () => {
    const engine = engineOn(warehouse);
    await engine.ping(ACME);
    warehouse.faults.add({ kind: 'thrift-error', method: 'ExecuteStatement', message: 'Invalid SessionHandle: SessionHandle [expired]', times: 1 });
    assert.deepEqual((await engine.run(ACME, 'SELECT 2 AS two', {}, options)).data, [[2]]);
    assert.equal(engine.stats.sessionsOpened, 2);
  });

  test('a warehouse that is down is unavailable at once, not after the timeout', async () => {
    const port = await freePort();
    const engine = engineOn({ ...warehouse, port } as TestWarehouse);
    await assert.rejects(engine.run(ACME, 'SELECT 1 AS one', {}, { timeoutMs: 30_000, maxRows: 1 }), isEngineError('unavailable', 'CONNECTION_REFUSED'));
    await assert.rejects(engine.ping(ACME), isEngineError('unavailable'));
  });

  test('a wrong token or an untrusted certificate is unavailable, with a safe detail', async () => {
    await assert.rejects(
      engineOn(warehouse, { auth: { kind: 'token', token: 'dapi-wrong' } }).run(ACME, 'SELECT 1 AS one', {}, options),
      isEngineError('unavailable', 'HTTP_401'),
    );
    const untrusted = engineOn(warehouse, { caCert: undefined });
    await assert.rejects(untrusted.run(ACME, 'SELECT 1 AS one', {}, options), isEngineError('unavailable', 'TLS'));
  });

  test('SQL the warehouse refuses is rejected with its error class only', async () => {
    const engine = engineOn(warehouse);
    await assert.rejects(engine.run(ACME, 'SELECT * FROM no_such_table', {}, options), isEngineError('rejected', 'TABLE_OR_VIEW_NOT_FOUND'));
    await assert.rejects(
      engine.run(ACME, "SELECT list_contains(array('a'), 'a') AS duckdb_only", {}, options),
      isEngineError('rejected', 'UNRESOLVED_ROUTINE'),
    );
    await assert.rejects(engine.run(ACME, 'SELECT $nothing AS x', {}, options), isEngineError('rejected', 'UNBOUND_PLACEHOLDER'));
    await assert.rejects(engine.run('kineo_acme', 'SELECT 1 AS one', {}, options), isEngineError('rejected', 'INVALID_NAMESPACE'));
    await assert.rejects(engine.run(`${ACME}.x`, 'SELECT 1 AS one', {}, options), isEngineError('rejected', 'INVALID_NAMESPACE'));
  });

  test('a closed engine refuses work', async () => {
    const engine = engineOn(warehouse);
    await engine.ping(ACME);
    await engine.close();
    await assert.rejects(engine.run(ACME, 'SELECT 1 AS one', {}, options), isEngineError('unavailable', 'ENGINE_CLOSED'));
  });

  test('the driver sent nothing but TCLIService calls: no telemetry, no feature flags', () => {
    assert.deepEqual(warehouse.log.unexpectedRequests, []);
  });
});

describe('Databricks engine with direct results (as real warehouses answer small results)', { timeout: 30_000 }, () => {
  let direct: TestWarehouse;
  before(async () => {
    direct = await startDemoWarehouse({ fetchBatchRows: 1_000, threads: 1 });
  });
  after(() => direct.close());

  test('small results arrive with ExecuteStatement itself: one round trip, closed by the warehouse', async () => {
    const engine = engineOn(direct);
    await engine.ping(ACME);
    const calls = direct.log.calls.length;
    assert.deepEqual((await engine.run(ACME, 'SELECT org_id FROM dim_organizations ORDER BY org_id', {}, options)).rowCount, 47);
    assert.deepEqual(direct.log.calls.slice(calls).map((c) => c.method), ['ExecuteStatement']);
  });

  test('every catalog query returns exactly what the DuckDB engine returns, for both tenants and both result formats', async () => {
    const engine = engineOn(direct);
    let compared = 0;
    for (const format of ['arrow', 'columns'] as const) {
      direct.setResultFormat(format);
      for (const query of catalog.queries.values()) {
        for (const { tenant, namespace } of tenants) {
          const paramSets = { 'no filters': probeParameters(query, { paged: false }), filters: filledParameters(query, tenant) };
          for (const [label, params] of Object.entries(paramSets)) {
            const runOptions = { timeoutMs: 10_000, maxRows: query.maxRows };
            const expected = await duckdb.run(tenant, querySqlFor(query, 'duckdb'), params, runOptions);
            const actual = await engine.run(namespace, querySqlFor(query, 'databricks'), params, runOptions);
            assert.deepEqual(actual, expected, `${query.id} for ${tenant} with ${label} (${format})`);
            compared++;
          }
        }
      }
    }
    assert.equal(compared, catalog.queries.size * 2 * 2 * 2);
  });

  test('the catalog start-up check passes on Databricks for both namespaces', async () => {
    await checkCatalogOnEngine(catalog, engineOn(direct), 'databricks', [ACME, TECHCORP], { concurrency: 2 });
  });
});

function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no port'))));
    });
  });
}
