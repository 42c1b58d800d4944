import { describe, it, before, after } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import fc from 'fast-check';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import { translateDatabricksSql } from '../../testing/databricks-warehouse/translate-sql.js';
import { demoDataDir } from '../../testing/test-data.js';
import { databricksString } from './databricks-literals.js';
import { databricksLoadScript, PRINCIPAL_PLACEHOLDER, type DatabricksLoadScriptOptions } from './load-script.js';
import { servicePrincipalGrants, tenantNamespace } from './tenant-namespaces.js';

async function scriptText(options: DatabricksLoadScriptOptions): Promise<string> {
  let text = '';
  for await (const piece of databricksLoadScript(options)) text += piece;
  return text;
}

/** The script's statements, split the way its header tells clients to. */
function statementsOf(script: string): string[] {
  const statements: string[] = [];
  let current: string[] = [];
  for (const line of script.split('\n')) {
    if (line.startsWith('--') || (current.length === 0 && line.trim() === '')) continue;
    current.push(line);
    if (line.endsWith(';')) {
      statements.push(current.join('\n'));
      current = [];
    }
  }
  assert.deepEqual(current, [], 'the script ends with a complete statement');
  return statements;
}

/** `CREATE CATALOG`: metastore administration, which the test warehouse's translator leaves out. */
const CREATE_CATALOG = /^CREATE CATALOG IF NOT EXISTS `([a-z][a-z0-9_]*)`;$/;

/**
 * Runs every statement through the test warehouse's Databricks SQL front end into DuckDB. A
 * catalog is a DuckDB database, so the test attaches one for each CREATE CATALOG, after checking
 * the statement's exact text.
 */
async function load(connection: DuckDBConnection, script: string): Promise<number> {
  const statements = statementsOf(script);
  for (const statement of statements) {
    const catalog = CREATE_CATALOG.exec(statement)?.[1];
    if (catalog) await connection.run(`ATTACH IF NOT EXISTS ':memory:' AS ${catalog}`);
    else await connection.run(translateDatabricksSql(statement));
  }
  return statements.length;
}

interface TableFacts {
  columns: string;
  rows: number;
  checksum: string;
}

/** Column names, types and nullability, the row count and a checksum of every row's content. */
async function tableFacts(connection: DuckDBConnection, database: string, schema: string): Promise<Record<string, TableFacts>> {
  const facts: Record<string, TableFacts> = {};
  const tables = await connection.runAndReadAll(
    `SELECT table_name, string_agg(column_name || ' ' || data_type || CASE WHEN is_nullable THEN '' ELSE ' NOT NULL' END, ', ' ORDER BY column_index)
       FROM duckdb_columns() WHERE database_name = $database AND schema_name = $schema GROUP BY table_name`,
    { database, schema },
  );
  for (const [table, columns] of tables.getRowsJson() as [string, string][]) {
    // to_json writes each row unambiguously (quoted strings, null, ISO dates).
    const content = await connection.runAndReadAll(
      `SELECT count(*)::INTEGER, coalesce(md5(string_agg(row_json, chr(10) ORDER BY row_json)), '')
         FROM (SELECT to_json(t)::VARCHAR AS row_json FROM "${database}"."${schema}"."${table}" AS t)`,
    );
    const [rows, checksum] = content.getRowsJson()[0] as [number, string];
    facts[table] = { columns, rows, checksum };
  }
  return facts;
}

describe('the Databricks load script', () => {
  let dataDir: string;
  let scratch: string;

  before(async () => {
    dataDir = await demoDataDir();
    scratch = mkdtempSync(join(tmpdir(), 'kineo-load-script-'));
  });
  after(() => rmSync(scratch, { recursive: true, force: true }));

  it('loads both demo tenants into tables equal to the seeded files, row for row', async () => {
    const script = await scriptText({ dataDir, tenants: ['acme', 'techcorp'], layout: { kind: 'catalog', catalogPrefix: 'kineo_' } });
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await load(connection, script);
      for (const tenant of ['acme', 'techcorp']) {
        await connection.run(`ATTACH '${join(dataDir, `${tenant}.duckdb`)}' AS seeded_${tenant} (READ_ONLY)`);
        const seeded = await tableFacts(connection, `seeded_${tenant}`, 'main');
        const loaded = await tableFacts(connection, `kineo_${tenant}`, 'gold');
        assert.deepEqual(Object.keys(seeded).sort(), [
          'dataset_info', 'dim_courses', 'dim_organizations', 'dim_users', 'fact_certifications', 'fact_course_progress',
        ]);
        assert.ok(seeded['fact_course_progress']!.rows > 1000, 'a real demo dataset');
        assert.deepEqual(loaded, seeded, tenant);
      }
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('carries hostile values of every gold type through intact, here in the schema layout', async () => {
    const file = join(scratch, 'hostile.duckdb');
    const hostileStrings = [
      "O'Connell", "it''s", 'back\\slash\\', '\\\'', 'trailing \\', 'line\nbreak', 'crlf\r\n', 'tab\there', '\x0112 control then digits',
      '\x01\x1a\x7f', '${tenant}', ':name', '$name', '100%_done', '"double"', '`tick`', '-- not a comment', '/* nor this */', 'end;',
      'end;\n-- next', 'Zoë Müller', '東京支社', '🎓 graduate', 'ﬁ', 'a\u2028b', '',
    ];
    const source = await DuckDBInstance.create(file);
    const writer = await source.connect();
    await writer.run(
      `CREATE TABLE dim_hostile (id BIGINT NOT NULL, text VARCHAR NOT NULL, maybe VARCHAR, day DATE, n INTEGER NOT NULL, flag BOOLEAN)`,
    );
    const insert = await writer.prepare('INSERT INTO dim_hostile VALUES ($1, $2, $3, $4::DATE, $5, $6)');
    for (const [i, text] of hostileStrings.entries()) {
      insert.bindBigInt(1, i === 0 ? 9223372036854775807n : i === 1 ? -9223372036854775808n : BigInt(i));
      insert.bindVarchar(2, text);
      if (i % 3 === 0) insert.bindNull(3);
      else insert.bindVarchar(3, [...text].reverse().join(''));
      if (i % 4 === 0) insert.bindNull(4);
      else insert.bindVarchar(4, ['0001-01-01', '9999-12-31', '2024-02-29'][i % 3]!);
      insert.bindInteger(5, [2147483647, -2147483648, 0][i % 3]!);
      if (i % 5 === 0) insert.bindNull(6);
      else insert.bindBoolean(6, i % 2 === 0);
      await insert.run();
    }
    writer.closeSync();
    source.closeSync();

    const script = await scriptText({ dataDir: scratch, tenants: ['hostile'], layout: { kind: 'schema', catalog: 'kineo' }, rowsPerInsert: 7 });
    assert.match(script, /^--   hostile  namespace: kineo\.hostile$/m);
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await load(connection, script);
      await connection.run(`ATTACH '${file}' AS seeded (READ_ONLY)`);
      const loaded = await tableFacts(connection, 'kineo', 'hostile');
      assert.deepEqual(loaded, await tableFacts(connection, 'seeded', 'main'));
      assert.equal(loaded['dim_hostile']!.rows, hostileStrings.length);
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('writes any text as a literal that reads back to it through the Databricks SQL front end', async () => {
    const instance = await DuckDBInstance.create(':memory:');
    const connection = await instance.connect();
    try {
      await fc.assert(
        fc.asyncProperty(fc.string({ unit: 'grapheme', maxLength: 30 }), fc.string({ unit: 'binary', maxLength: 10 }), async (a, b) => {
          // DuckDB's parser ends a query at NUL, so NUL cannot reach it inside a literal; the
          // literal's own reading of NUL is checked in databricks-literals.test.ts.
          const text = (a + b).replaceAll('\0', '');
          const reader = await connection.runAndReadAll(translateDatabricksSql(`SELECT ${databricksString(text)} AS text`));
          assert.equal(reader.getRowsJson()[0]![0], text);
        }),
        { numRuns: 200 },
      );
    } finally {
      connection.closeSync();
      instance.closeSync();
    }
  });

  it('orders rows by key, gives the same script for the same data and only comments the grants', async () => {
    const layout = { kind: 'catalog', catalogPrefix: 'kineo_' } as const;
    const options: DatabricksLoadScriptOptions = { dataDir, tenants: ['techcorp'], layout };
    const script = await scriptText(options);
    assert.equal(await scriptText(options), script);

    assert.doesNotMatch(script, /^\s*GRANT/im, 'no grant runs with the load');
    assert.deepEqual(
      script.split('\n').filter((line) => /\bGRANT\b/.test(line)),
      servicePrincipalGrants([tenantNamespace('techcorp', layout)], PRINCIPAL_PLACEHOLDER).map((grant) => `-- ${grant}`),
    );

    const keysByTable = new Map<string, (number | string)[]>();
    for (const statement of statementsOf(script).filter((s) => s.startsWith('INSERT INTO'))) {
      const table = /^INSERT INTO `kineo_techcorp`\.`gold`\.`(\w+)`/.exec(statement)![1]!;
      const keys = [...statement.matchAll(/^ {2}\((\d+|'[^']*'), /gm)].map(([, key]) => (key!.startsWith("'") ? key! : Number(key)));
      keysByTable.set(table, [...(keysByTable.get(table) ?? []), ...keys]);
    }
    assert.equal(keysByTable.size, 6);
    for (const [table, keys] of keysByTable) {
      const sorted = [...keys].sort((x, y) => (x < y ? -1 : x > y ? 1 : 0));
      assert.deepEqual(keys, sorted, `${table} in key order`);
    }
    assert.ok(keysByTable.get('fact_course_progress')!.length > 1000);
  });

  it('refuses a missing tenant file or a column type outside the gold model before writing anything', async () => {
    const layout = { kind: 'catalog', catalogPrefix: 'kineo_' } as const;
    const pieces: string[] = [];
    const collect = async (tenants: string[]) => {
      for await (const piece of databricksLoadScript({ dataDir: scratch, tenants, layout })) pieces.push(piece);
    };
    await assert.rejects(collect(['nobody']), /no such DuckDB file/);
    const instance = await DuckDBInstance.create(join(scratch, 'odd.duckdb'));
    const connection = await instance.connect();
    await connection.run('CREATE TABLE fact_scores (score_id BIGINT NOT NULL, score DOUBLE)');
    connection.closeSync();
    instance.closeSync();
    await assert.rejects(collect(['odd']), /fact_scores\.score has type DOUBLE, which the gold model does not use/);
    assert.deepEqual(pieces, []);
  });
});
