import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import {
  DatabricksSqlError,
  splitDatabricksSql,
  translateDatabricksQuery,
  translateDatabricksSql,
} from './translate-sql.js';

/** Databricks SQL in, the DuckDB SQL it must become. */
const accepted: [string, string][] = [
  ['SELECT `p`.`status` FROM t AS p', 'SELECT "p"."status" FROM t AS p'],
  ['SELECT `we``ird` FROM t', 'SELECT "we`ird" FROM t'],
  ["SELECT 'it\\'s', \"double\", 'a' 'b'", "SELECT 'it''s', 'double', 'ab'"],
  ["SELECT 'back\\\\slash', r'raw\\n'", "SELECT 'back\\slash', 'raw\\n'"],
  ['SELECT a FROM t WHERE b = :b AND (:c IS NULL OR c >= :c)', 'SELECT a FROM t WHERE b = $b AND ($c IS NULL OR c >= $c)'],
  ['SELECT * FROM t LIMIT :kineo_limit OFFSET :kineo_offset', 'SELECT * FROM t LIMIT $kineo_limit OFFSET $kineo_offset'],
  ['SELECT startswith(path, :p), endswith(a, b)', 'SELECT starts_with(path, $p), ends_with(a, b)'],
  ['SELECT left(o.path, length(s.path)) = s.path', 'SELECT left(o.path, CAST(length(s.path) AS INTEGER)) = s.path'],
  ['SELECT array_contains(from_json(:orgs, \'ARRAY<STRING>\'), org_id)', 'SELECT list_contains(from_json($orgs, \'["VARCHAR"]\'), org_id)'],
  ['SELECT datediff(a, b)', "SELECT CAST(date_diff('day', CAST(b AS DATE), CAST(a AS DATE)) AS INTEGER)"],
  ['SELECT datediff(MONTH, a, b)', "SELECT date_sub('month', a, b)"],
  ['SELECT date_add(d, 90), date_sub(d, 1)', 'SELECT (CAST(d AS DATE) + CAST(90 AS INTEGER)), (CAST(d AS DATE) - CAST(1 AS INTEGER))'],
  ["SELECT count(*) FILTER (WHERE s = 'x') AS n, count(*) OVER () AS total", "SELECT count(*) FILTER (WHERE s = 'x') AS n, count(*) OVER () AS total"],
  ['SELECT count(DISTINCT user_id) FROM t', 'SELECT count(DISTINCT user_id) FROM t'],
  ['WITH t AS (SELECT * FROM t WHERE x IN (SELECT y FROM u)) SELECT * FROM t', 'WITH t AS (SELECT * FROM t WHERE x IN (SELECT y FROM u)) SELECT * FROM t'],
  ['WITH t(a, b) AS (SELECT 1, 2) SELECT a FROM t', 'WITH t(a, b) AS (SELECT 1, 2) SELECT a FROM t'],
  ['SELECT CAST(x AS STRING), CAST(y AS DECIMAL(10, 2)), CAST(z AS DECIMAL), TRY_CAST(w AS BIGINT)', 'SELECT CAST(x AS VARCHAR), CAST(y AS DECIMAL(10,2)), CAST(z AS DECIMAL(10,0)), TRY_CAST(w AS BIGINT)'],
  ['SELECT x::INT, y::ARRAY<STRING>', 'SELECT x::INTEGER, y::VARCHAR[]'],
  ['SELECT 10L, 2S, 1Y, 1.5D, 1.25BD, 1e3', 'SELECT CAST(10 AS BIGINT), CAST(2 AS SMALLINT), CAST(1 AS TINYINT), CAST(1.5 AS DOUBLE), CAST(1.25 AS DECIMAL(3,2)), 1e3'],
  ["SELECT DATE '2024-01-31', TIMESTAMP_NTZ '2024-01-31 10:00:00'", "SELECT DATE '2024-01-31', TIMESTAMP '2024-01-31 10:00:00'"],
  ['SELECT a <=> b, a == b, 7 DIV 2', 'SELECT a IS NOT DISTINCT FROM b, a = b, 7 // 2'],
  ['SELECT a -- trailing\n FROM /* a /* nested */ comment */ t', 'SELECT a FROM t'],
  ['SELECT nvl(a, b), if(c, 1, 2), concat(a, b)', 'SELECT coalesce(a, b), CASE WHEN c THEN 1 ELSE 2 END, (a || b)'],
];

/** Databricks SQL (or DuckDB SQL posing as it) that must be refused, with the error class. */
const refused: [string, string][] = [
  ['SELECT list_contains(x, 1)', 'UNRESOLVED_ROUTINE'],
  ['SELECT starts_with(a, b)', 'UNRESOLVED_ROUTINE'],
  ["SELECT strftime(d, '%Y')", 'UNRESOLVED_ROUTINE'],
  ['SELECT main.lower(a)', 'UNRESOLVED_ROUTINE'],
  ["SELECT date_diff('day', a, b)", 'INVALID_PARAMETER_VALUE.DATETIME_UNIT'],
  ["SELECT datediff('day', a, b)", 'INVALID_PARAMETER_VALUE.DATETIME_UNIT'],
  ['SELECT * FROM t WHERE a = $a', 'PARSE_SYNTAX_ERROR'],
  ['SELECT * FROM t WHERE a = $1', 'PARSE_SYNTAX_ERROR'],
  ['SELECT * FROM t WHERE a = ?', 'PARSE_SYNTAX_ERROR'],
  ["SELECT ['a', 'b']", 'PARSE_SYNTAX_ERROR'],
  ['SELECT 7 // 2', 'PARSE_SYNTAX_ERROR'],
  ['SELECT 2 ** 3', 'PARSE_SYNTAX_ERROR'],
  ['SELECT x::VARCHAR', 'DATATYPE_MISSING_SIZE'],
  ['SELECT CAST(x AS HUGEINT)', 'UNSUPPORTED_DATATYPE'],
  ['SELECT CAST(x AS TEXT)', 'UNSUPPORTED_DATATYPE'],
  ['SELECT nullif(a)', 'WRONG_NUM_ARGS.WITHOUT_SUGGESTION'],
  ["SELECT 'unterminated", 'PARSE_SYNTAX_ERROR'],
  ['SELECT 1 /* open', 'UNCLOSED_BRACKETED_COMMENT'],
  ['SELECT count(* FROM t', 'PARSE_SYNTAX_ERROR'],
];

describe('translateDatabricksSql', () => {
  for (const [databricks, duckdb] of accepted) {
    test(`accepts ${databricks.replaceAll('\n', ' ')}`, () => {
      assert.equal(translateDatabricksSql(databricks), duckdb);
    });
  }
  for (const [sql, errorClass] of refused) {
    test(`refuses ${sql} with ${errorClass}`, () => {
      assert.throws(
        () => translateDatabricksSql(sql),
        (error: unknown) =>
          error instanceof DatabricksSqlError && error.errorClass === errorClass && error.message.startsWith(`[${errorClass}]`) && /SQLSTATE: \w{5}$/.test(error.message),
      );
    });
  }

  test('names the session namespace on the search path of UNRESOLVED_ROUTINE', () => {
    assert.throws(() => translateDatabricksSql('SELECT list_contains(a, b)', { namespace: { catalog: 'kineo_acme', schema: 'gold' } }), {
      message: /search path \[`system`\.`builtin`, `system`\.`session`, `kineo_acme`\.`gold`\]/,
    });
  });

  test('translates a loading script: schema, tables with Spark types and options, inserts', () => {
    const script = `
      CREATE SCHEMA IF NOT EXISTS kineo_acme.gold COMMENT 'gold model';
      CREATE OR REPLACE TABLE kineo_acme.gold.dim_courses (
        course_id STRING NOT NULL COMMENT 'id',
        duration_minutes INT NOT NULL,
        is_mandatory BOOLEAN,
        fee DECIMAL(8, 2),
        started DATE
      ) USING DELTA TBLPROPERTIES ('delta.feature.x' = 'supported');
      INSERT INTO kineo_acme.gold.dim_courses (course_id, duration_minutes, is_mandatory, fee, started)
        VALUES ('c-1', 30, TRUE, 12.50, DATE '2024-01-01'), ('c-\\'2', 45, FALSE, NULL, NULL);
      DROP TABLE IF EXISTS kineo_acme.gold.old;
      USE SCHEMA gold`;
    assert.deepEqual(translateDatabricksSql(script).split(';\n'), [
      'CREATE SCHEMA IF NOT EXISTS kineo_acme.gold',
      'CREATE OR REPLACE TABLE kineo_acme.gold.dim_courses (course_id VARCHAR NOT NULL, duration_minutes INTEGER NOT NULL, is_mandatory BOOLEAN, fee DECIMAL(8,2), started DATE)',
      "INSERT INTO kineo_acme.gold.dim_courses (course_id, duration_minutes, is_mandatory, fee, started) VALUES ('c-1', 30, TRUE, 12.50, DATE '2024-01-01'), ('c-''2', 45, FALSE, NULL, NULL)",
      'DROP TABLE IF EXISTS kineo_acme.gold.old',
      'USE gold',
    ]);
  });

  test('refuses statements a script may not hold', () => {
    for (const sql of ['CREATE CATALOG kineo_acme', "GRANT SELECT ON SCHEMA gold TO `sp`", 'DELETE FROM t']) {
      assert.throws(() => translateDatabricksSql(sql), { name: 'DatabricksSqlError' }, sql);
    }
  });

  test('splits a script at top-level semicolons only', () => {
    assert.deepEqual(splitDatabricksSql("SELECT ';' AS a; -- c;\nSELECT 2 /* ; */;"), ["SELECT ';' AS a", 'SELECT 2']);
  });
});

describe('translateDatabricksQuery (what the wire accepts)', () => {
  test('returns the referenced parameters', () => {
    assert.deepEqual(translateDatabricksQuery('SELECT :a, :b, :a').parameters, ['a', 'b']);
  });

  test('tells a parameter from a JSON path and a cast', () => {
    assert.throws(() => translateDatabricksQuery('SELECT payload:field FROM t'), { name: 'DatabricksSqlError' });
    assert.equal(translateDatabricksQuery('SELECT a::DATE FROM t WHERE b = :b').sql, 'SELECT a::DATE FROM t WHERE b = $b');
  });

  test('accepts only one SELECT or WITH statement', () => {
    for (const sql of ['CREATE TABLE t (a INT)', 'INSERT INTO t VALUES (1)', 'SELECT 1; SELECT 2', 'USE kineo_techcorp', '']) {
      assert.throws(() => translateDatabricksQuery(sql), { errorClass: 'KINEO_TEST_WAREHOUSE_UNSUPPORTED' }, sql);
    }
  });
});

describe('translated SQL means on DuckDB what it means on Databricks', () => {
  let instance: DuckDBInstance;
  let connection: DuckDBConnection;
  before(async () => {
    instance = await DuckDBInstance.create(':memory:');
    connection = await instance.connect();
  });
  after(() => {
    connection.closeSync();
    instance.closeSync();
  });
  /** The first row of the translated query, plus the DuckDB type of each column as `<name>_type`. */
  const one = async (databricks: string) => {
    const reader = await connection.runAndReadAll(translateDatabricksSql(databricks));
    const row = reader.getRowObjectsJson()[0]!;
    reader.columnNames().forEach((name, i) => (row[`${name}_type`] = reader.columnType(i).toString()));
    return row;
  };

  test('datediff counts days from start to end; date_add adds days', async () => {
    assert.deepEqual(await one("SELECT datediff(DATE '2024-03-01', DATE '2024-02-01') AS d, date_add(DATE '2024-02-28', 2) AS a"), {
      d: 29, a: '2024-03-01', d_type: 'INTEGER', a_type: 'DATE',
    });
  });

  test('array_position is 1-based, 0 when absent, NULL for NULL', async () => {
    assert.deepEqual(await one("SELECT array_position(array('x', 'y'), 'y') AS hit, array_position(array('x'), 'z') AS miss, array_position(array('x'), NULL) AS n"), {
      hit: '2', miss: '0', n: null, hit_type: 'BIGINT', miss_type: 'BIGINT', n_type: 'BIGINT',
    });
  });

  test('concat is NULL when an argument is NULL; from_json reads a JSON array', async () => {
    const row = await one("SELECT concat('a', CAST(NULL AS STRING)) AS c, array_contains(from_json('[\"p\",\"q\"]', 'ARRAY<STRING>'), 'q') AS inside");
    assert.equal(row.c, null);
    assert.equal(row.inside, true);
  });
});
