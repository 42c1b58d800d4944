import assert from 'node:assert/strict';
import { request } from 'node:https';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DBSQLParameter, DBSQLParameterType, type DBSQLClient } from '@databricks/sql';
import { DuckDBInstance, DuckDBTypeId } from '@duckdb/node-api';
import { demoDataDir } from '../test-data.js';
import { connectDriver, startDemoWarehouse } from './demo-warehouse.js';
import type { TestWarehouse } from './test-warehouse.js';

const ACME = { initialCatalog: 'kineo_acme', initialSchema: 'gold' };
const TECHCORP = { initialCatalog: 'kineo_techcorp', initialSchema: 'gold' };
const FETCH_BATCH_ROWS = 5000;
/** `maxRows: null` turns the driver's direct results off: it polls GetOperationStatus and fetches. */
const POLL = { maxRows: null } as unknown as { maxRows: number };

/** Each gold query in Databricks SQL, and the same question put to the tenant's DuckDB file directly. */
const goldQueries = [
  {
    name: 'progress by status with sums, ratios and decimals',
    databricks: `SELECT status, count(*) AS enrolments, sum(time_spent_minutes) AS minutes,
        round(avg(progress_percent), 2) AS avg_progress, CAST(sum(time_spent_minutes) / 60.0 AS DECIMAL(12, 2)) AS hours,
        count(*) FILTER (WHERE due_date IS NULL) AS no_due_date
      FROM fact_course_progress GROUP BY status ORDER BY status`,
    duckdb: `SELECT status, count(*) AS enrolments, sum(time_spent_minutes) AS minutes,
        round(avg(progress_percent), 2) AS avg_progress, CAST(sum(time_spent_minutes) / 60.0 AS DECIMAL(12, 2)) AS hours,
        count(*) FILTER (WHERE due_date IS NULL) AS no_due_date
      FROM fact_course_progress GROUP BY status ORDER BY status`,
  },
  {
    name: 'dates with NULLs, booleans and a window count',
    databricks: `SELECT p.enrolment_id, p.enrolled_date, p.completed_date, c.is_mandatory,
        datediff(d.as_of, p.enrolled_date) AS days_enrolled, count(*) OVER () AS total
      FROM fact_course_progress AS p JOIN dim_courses AS c ON c.course_id = p.course_id CROSS JOIN dataset_info AS d
      WHERE startswith(p.course_id, 'acme-c00') ORDER BY p.enrolment_id LIMIT 300`,
    duckdb: `SELECT p.enrolment_id, p.enrolled_date, p.completed_date, c.is_mandatory,
        CAST(date_diff('day', p.enrolled_date, d.as_of) AS INTEGER) AS days_enrolled, count(*) OVER () AS total
      FROM fact_course_progress AS p JOIN dim_courses AS c ON c.course_id = p.course_id CROSS JOIN dataset_info AS d
      WHERE starts_with(p.course_id, 'acme-c00') ORDER BY p.enrolment_id LIMIT 300`,
  },
  {
    name: 'a row-scope CTE shadowing its own table',
    databricks: `WITH dim_users AS (SELECT * FROM dim_users WHERE \`org_id\` IN (SELECT org_id FROM dim_organizations WHERE level <= 1))
      SELECT u.org_id, count(*) AS users, min(u.hire_date) AS first_hire FROM dim_users AS u GROUP BY u.org_id ORDER BY u.org_id`,
    duckdb: `WITH dim_users AS (SELECT * FROM dim_users WHERE "org_id" IN (SELECT org_id FROM dim_organizations WHERE level <= 1))
      SELECT u.org_id, count(*) AS users, min(u.hire_date) AS first_hire FROM dim_users AS u GROUP BY u.org_id ORDER BY u.org_id`,
  },
];

/** Values as comparable JSON: the driver answers DATE as a Date (Arrow) or a string (columns), BIGINT and DECIMAL as numbers. */
function comparable(rows: object[]): Record<string, unknown>[] {
  return rows.map((row) =>
    Object.fromEntries(
      Object.entries(row).map(([key, value]) => [
        key,
        value instanceof Date ? value.toISOString().slice(0, 10) : typeof value === 'bigint' ? Number(value) : value,
      ]),
    ),
  );
}

const NUMERIC_AS_TEXT = new Set([DuckDBTypeId.BIGINT, DuckDBTypeId.HUGEINT, DuckDBTypeId.DECIMAL]);

/** The tenant's own DuckDB file, queried directly: what the warehouse must answer. */
async function openReference(tenant: string) {
  const instance = await DuckDBInstance.create(join(await demoDataDir(), `${tenant}.duckdb`), { access_mode: 'READ_ONLY' });
  const connection = await instance.connect();
  return {
    async rows(sql: string): Promise<Record<string, unknown>[]> {
      const reader = await connection.runAndReadAll(sql);
      // JSON form: dates as YYYY-MM-DD; BIGINT, HUGEINT and DECIMAL come as strings.
      const numeric = new Set(reader.columnNames().filter((_, i) => NUMERIC_AS_TEXT.has(reader.columnTypeId(i))));
      return reader.getRowObjectsJson().map((row) =>
        Object.fromEntries(Object.entries(row).map(([key, value]) => [key, numeric.has(key) && value !== null ? Number(value) : value])),
      );
    },
    close() {
      connection.closeSync();
      instance.closeSync();
    },
  };
}

describe('test warehouse through the real @databricks/sql driver', () => {
  let warehouse: TestWarehouse;
  let client: DBSQLClient;
  let reference: Awaited<ReturnType<typeof openReference>>;

  before(async () => {
    warehouse = await startDemoWarehouse({ fetchBatchRows: FETCH_BATCH_ROWS });
    client = await connectDriver(warehouse);
    reference = await openReference('acme');
  });
  after(async () => {
    reference?.close();
    await client?.close();
    await warehouse?.close();
  });

  test('opens sessions in their initial namespace; without one a session sees an empty default catalog', async () => {
    const opened = warehouse.log.count('OpenSession');
    const acme = await client.openSession({ ...ACME, configuration: { STATEMENT_TIMEOUT: '30' } });
    const rows = await (await acme.executeStatement('SELECT tenant FROM dataset_info')).fetchAll();
    assert.deepEqual(rows, [{ tenant: 'acme' }]);
    assert.deepEqual(warehouse.log.sessions.find((s) => s.id === acme.id), {
      id: acme.id,
      requestedNamespace: { catalog: 'kineo_acme', schema: 'gold' },
      namespace: 'kineo_acme.gold',
      configuration: { STATEMENT_TIMEOUT: '30' },
      closed: false,
    });

    const bare = await client.openSession();
    await assert.rejects((await bare.executeStatement('SELECT tenant FROM dataset_info')).fetchAll(), {
      message: /^\[TABLE_OR_VIEW_NOT_FOUND\] The table or view `dataset_info` cannot be found/,
    });
    assert.equal(warehouse.log.sessions.find((s) => s.id === bare.id)?.namespace, 'hive_metastore.default');
    assert.equal(warehouse.log.count('OpenSession'), opened + 2);

    await Promise.all([acme.close(), bare.close()]);
    assert.equal(warehouse.log.sessions.find((s) => s.id === acme.id)?.closed, true);
  });

  test('refuses an unknown catalog or schema and unknown session settings at OpenSession', async () => {
    await assert.rejects(client.openSession({ initialCatalog: 'kineo_nobody', initialSchema: 'gold' }), { message: /^\[NO_SUCH_CATALOG_EXCEPTION\]/ });
    await assert.rejects(client.openSession({ initialCatalog: 'kineo_acme', initialSchema: 'silver' }), { message: /^\[SCHEMA_NOT_FOUND\]/ });
    await assert.rejects(client.openSession({ ...ACME, configuration: { SPARK_SECRET: 'x' } }), { message: /^\[CONFIG_NOT_AVAILABLE\]/ });
    await assert.rejects(client.openSession({ ...ACME, configuration: { STATEMENT_TIMEOUT: '1.5' } }), { message: /^\[INVALID_CONF_VALUE/ });
  });

  test('unqualified names resolve in the session namespace: each tenant reads only its own catalog', async () => {
    const acme = await client.openSession(ACME);
    const techcorp = await client.openSession(TECHCORP);
    const sql = 'SELECT tenant, (SELECT count(*) FROM dim_users) AS users FROM dataset_info';
    const [acmeRows, techcorpRows] = await Promise.all([
      (await acme.executeStatement(sql)).fetchAll(),
      (await techcorp.executeStatement(sql)).fetchAll(),
    ]);
    assert.deepEqual(acmeRows, [{ tenant: 'acme', users: 1200 }]);
    assert.deepEqual(techcorpRows, [{ tenant: 'techcorp', users: 400 }]);
    const namespaces = warehouse.log.statements.filter((s) => s.sql === sql).map((s) => [s.sessionId, s.namespace]);
    assert.deepEqual(namespaces.sort(), [[acme.id, 'kineo_acme.gold'], [techcorp.id, 'kineo_techcorp.gold']].sort());
    await Promise.all([acme.close(), techcorp.close()]);
  });

  test('binds named parameters of every type, NULL included, without putting values into the SQL', async () => {
    const session = await client.openSession(ACME);
    const operation = await session.executeStatement(
      `SELECT :s AS s, :d AS d, :d + 1 AS next_day, :i + 1 AS i, :big AS big, :x * 2 AS x, NOT :b AS b,
         :nothing IS NULL AS nothing_is_null, (SELECT count(*) FROM dim_users WHERE user_id = :s) AS matches`,
      {
        namedParameters: {
          s: 'O\'Brien"; DROP TABLE x --',
          d: new DBSQLParameter({ type: DBSQLParameterType.DATE, value: '2024-02-29' }),
          i: 41,
          big: BigInt('9007199254740993'),
          x: 1.25,
          b: true,
          nothing: null,
        },
      },
    );
    const rows = comparable(await operation.fetchAll());
    assert.deepEqual(rows, [{
      s: 'O\'Brien"; DROP TABLE x --', d: '2024-02-29', next_day: '2024-03-01', i: 42, big: 9007199254740992,
      x: 2.5, b: false, nothing_is_null: true, matches: 0,
    }]);
    const record = warehouse.log.statement(operation.id)!;
    assert.deepEqual(record.parameters.map((p) => [p.name, p.type]), [
      ['s', 'STRING'], ['d', 'DATE'], ['i', 'INTEGER'], ['big', 'BIGINT'], ['x', 'DOUBLE'], ['b', 'BOOLEAN'], ['nothing', 'VOID'],
    ]);
    assert.equal(record.parameters.find((p) => p.name === 'big')?.value, '9007199254740993');
    assert.doesNotMatch(record.translatedSql!, /Brien|2024-02-29|9007199254740993/);

    await assert.rejects((await session.executeStatement('SELECT :missing AS m')).fetchAll(), { message: /^\[UNBOUND_SQL_PARAMETER\] Found the unbound parameter: missing/ });
    await session.close();
  });

  for (const format of ['arrow', 'columns'] as const) {
    test(`answers exactly what DuckDB answers for gold queries (${format} results)`, async () => {
      warehouse.setResultFormat(format);
      try {
        const session = await client.openSession(ACME);
        for (const query of goldQueries) {
          const expected = await reference.rows(query.duckdb);
          assert.ok(expected.length > 1, query.name);
          const direct = await (await session.executeStatement(query.databricks)).fetchAll();
          assert.deepEqual(comparable(direct), expected, `${query.name} (direct results)`);
          const polled = await (await session.executeStatement(query.databricks, POLL)).fetchAll();
          assert.deepEqual(comparable(polled), expected, `${query.name} (polled)`);
        }
        assert.ok(warehouse.log.statements.filter((s) => s.sessionId === session.id).every((s) => s.resultFormat === format));
        await session.close();
      } finally {
        warehouse.setResultFormat('arrow');
      }
    });
  }

  test('hands back what the driver expects per type: Date for DATE/TIMESTAMP in Arrow, text in columns; numbers for BIGINT and DECIMAL', async () => {
    const sql = `SELECT DATE '2024-05-06' AS d, TIMESTAMP '2024-05-06 07:08:09.5' AS ts, CAST(-12.345 AS DECIMAL(10, 3)) AS dec,
      CAST(7 AS BIGINT) AS big, 3 AS i, CAST(2 AS SMALLINT) AS small, 0.5D AS dbl, TRUE AS b, 'x' AS s, CAST(NULL AS DATE) AS nothing`;
    const same = { dec: -12.345, big: 7, i: 3, small: 2, dbl: 0.5, b: true, s: 'x', nothing: null };
    const session = await client.openSession(ACME);
    const [arrowRow] = await (await session.executeStatement(sql)).fetchAll();
    assert.deepEqual(arrowRow, { d: new Date('2024-05-06T00:00:00Z'), ts: new Date('2024-05-06T07:08:09.500Z'), ...same });
    warehouse.setResultFormat('columns');
    try {
      const [columnRow] = await (await session.executeStatement(sql)).fetchAll();
      assert.deepEqual(columnRow, { d: '2024-05-06', ts: '2024-05-06 07:08:09.5', ...same });
    } finally {
      warehouse.setResultFormat('arrow');
    }
    await session.close();
  });

  test('pages a large result across several FetchResults', async () => {
    const session = await client.openSession(ACME);
    const operation = await session.executeStatement('SELECT enrolment_id FROM fact_course_progress ORDER BY enrolment_id');
    const rows = await operation.fetchAll();
    assert.equal(rows.length, 32_649);
    assert.ok(rows.every((row, i) => (row as { enrolment_id: number }).enrolment_id === i + 1));
    const record = warehouse.log.statement(operation.id)!;
    assert.equal(record.rowsServed, 32_649);
    assert.ok(record.fetches >= Math.ceil(32_649 / FETCH_BATCH_ROWS), `${record.fetches} pages`);
    await operation.close();
    assert.equal(warehouse.log.statement(operation.id)?.closed, true);
    await session.close();
  });

  test('polls when the client asks for no direct results', async () => {
    const session = await client.openSession(ACME);
    const operation = await session.executeStatement('SELECT count(*) AS n FROM dim_courses', POLL);
    assert.deepEqual(await operation.fetchAll(), [{ n: 62 }]);
    await operation.close();
    const methods = warehouse.log.calls.filter((c) => c.operationId === operation.id).map((c) => c.method);
    assert.deepEqual([...new Set(methods)], ['GetOperationStatus', 'GetResultSetMetadata', 'FetchResults', 'CloseOperation']);
    await session.close();
  });

  /** The statement once it has left PENDING (RUNNING means DuckDB is executing it). */
  const started = (operationId: string) => warehouse.log.waitForStatement((s) => s.operationId === operationId && s.state !== 'PENDING');

  test('CancelOperation stops a statement that hangs, and interrupts one DuckDB is still running', { timeout: 20_000 }, async () => {
    const session = await client.openSession(ACME);
    const hang = warehouse.faults.add({ kind: 'hang-statement', sqlIncludes: 'kineo_hang' });
    try {
      const hanging = await session.executeStatement("SELECT 'kineo_hang' AS marker", POLL);
      assert.equal((await started(hanging.id)).state, 'RUNNING');
      await hanging.cancel();
      const cancelled = await warehouse.log.waitForStatement((s) => s.operationId === hanging.id && s.state === 'CANCELED');
      assert.equal(cancelled.state, 'CANCELED');
      assert.ok(warehouse.log.cancellations.includes(hanging.id));
      assert.equal(hang.fired, 1);
    } finally {
      hang.remove();
    }

    // A cross join of the fact table with itself three times runs for hours unless interrupted.
    const endless = await session.executeStatement('SELECT count(*) AS n FROM fact_course_progress a, fact_course_progress b, fact_course_progress c', POLL);
    assert.equal((await started(endless.id)).state, 'RUNNING', 'DuckDB is executing it');
    await endless.cancel();
    await warehouse.log.waitForStatement((s) => s.operationId === endless.id && s.state === 'CANCELED');
    await session.close();
  });

  test('STATEMENT_TIMEOUT ends a longer statement with the error Databricks reports', { timeout: 10_000 }, async () => {
    const session = await client.openSession({ ...ACME, configuration: { STATEMENT_TIMEOUT: '1' } });
    const hang = warehouse.faults.add({ kind: 'hang-statement', sqlIncludes: 'kineo_slow', times: 1 });
    const operation = await session.executeStatement("SELECT 'kineo_slow' AS marker", { queryTimeout: 600 });
    await assert.rejects(operation.fetchAll(), (error: Error & { response?: { sqlState?: string } }) => {
      assert.match(error.message, /^\[QUERY_EXECUTION_TIMEOUT_EXCEEDED\] Query execution was cancelled due to exceeding the timeout \(1s\)\. SQLSTATE: 57KD0$/);
      assert.equal(error.response?.sqlState, '57KD0');
      return true;
    });
    const record = warehouse.log.statement(operation.id)!;
    assert.deepEqual([record.state, record.statementTimeoutSeconds, record.queryTimeoutSeconds], ['ERROR', 1, 600]);
    assert.equal(hang.fired, 1);
    await session.close();
  });

  test('refuses DuckDB SQL posing as Databricks SQL, and anything but a query', async () => {
    const session = await client.openSession(ACME);
    for (const [sql, errorClass] of [
      ["SELECT count(*) FROM dim_users WHERE list_contains(['a'], user_id)", 'PARSE_SYNTAX_ERROR'],
      ["SELECT starts_with(org_id, 'o') FROM dim_users", 'UNRESOLVED_ROUTINE'],
      ['SELECT * FROM dim_users WHERE user_id = $user', 'PARSE_SYNTAX_ERROR'],
      ["SELECT date_diff('day', hire_date, hire_date) FROM dim_users", 'INVALID_PARAMETER_VALUE.DATETIME_UNIT'],
      ['CREATE TABLE kineo_acme.gold.stolen AS SELECT * FROM dim_users', 'KINEO_TEST_WAREHOUSE_UNSUPPORTED'],
    ] as [string, string][]) {
      await assert.rejects((await session.executeStatement(sql)).fetchAll(), { message: new RegExp(`^\\[${errorClass.replaceAll('.', '\\.')}\\]`) }, sql);
    }
    await session.close();
  });

  test('answers 401 to a wrong token and 404 to any other path, and logs both', async () => {
    const intruder = await connectDriver(warehouse, { token: 'dapi-wrong' });
    await assert.rejects(intruder.openSession(), { name: 'THTTPException', statusCode: 401 });
    await intruder.close();
    assert.ok(warehouse.log.unauthorizedRequests >= 1);

    assert.deepEqual(warehouse.log.unexpectedRequests, [], 'the driver sent nothing but TCLIService calls');
    const path = '/api/2.0/connector-service/feature-flags/NODEJS/2.1.0';
    const status = await new Promise<number | undefined>((resolve, reject) => {
      request({ host: warehouse.host, port: warehouse.port, path, ca: warehouse.caCert }, (response) => {
        response.resume();
        resolve(response.statusCode);
      }).on('error', reject).end();
    });
    assert.equal(status, 404);
    assert.deepEqual(warehouse.log.unexpectedRequests, [{ method: 'GET', path }]);
  });
});
