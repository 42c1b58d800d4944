import assert from 'node:assert/strict';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DuckDBInstance } from '@duckdb/node-api';
import { demoDataDir } from '../test-data.js';
import { buildWarehouseData } from './warehouse-data.js';
import { WarehouseDatabase } from './warehouse-database.js';

const GOLD_TABLES = ['dataset_info', 'dim_courses', 'dim_organizations', 'dim_users', 'fact_certifications', 'fact_course_progress'];

async function count(connection: { runAndReadAll(sql: string): Promise<{ getRowsJson(): unknown[][] }> }, sql: string): Promise<number> {
  return Number((await connection.runAndReadAll(sql)).getRowsJson()[0]![0]);
}

describe('warehouse data and storage', () => {
  let source: string;
  let target: string;
  let database: WarehouseDatabase;

  before(async () => {
    source = await demoDataDir();
    target = mkdtempSync(join(tmpdir(), 'kineo-warehouse-data-'));
    // Schema per customer: both tenants in one catalog.
    await buildWarehouseData(source, target, { acme: 'kineo.acme', techcorp: 'kineo.techcorp' });
    database = await WarehouseDatabase.open(target);
  });
  after(() => {
    database?.close();
    rmSync(target, { recursive: true, force: true });
  });

  test('lays out one file per catalog, a schema per tenant holding every gold table with all its rows', async () => {
    assert.deepEqual(readdirSync(target), ['kineo.duckdb']);
    const demo = await DuckDBInstance.create(join(source, 'acme.duckdb'), { access_mode: 'READ_ONLY' });
    const demoConnection = await demo.connect();
    const acme = await database.connect({ catalog: 'kineo', schema: 'acme' });
    try {
      for (const table of GOLD_TABLES)
        assert.equal(await count(acme, `SELECT count(*) FROM ${table}`), await count(demoConnection, `SELECT count(*) FROM ${table}`), table);
    } finally {
      acme.closeSync();
      demoConnection.closeSync();
      demo.closeSync();
    }
  });

  test('knows its namespaces, including the empty default one', () => {
    assert.ok(database.hasNamespace({ catalog: 'kineo', schema: 'techcorp' }));
    assert.ok(database.hasNamespace({ catalog: 'hive_metastore', schema: 'default' }));
    assert.ok(database.hasCatalog('kineo'));
    assert.equal(database.hasNamespace({ catalog: 'kineo', schema: 'main' }), false, 'no stray main schema');
    assert.equal(database.hasCatalog('memory'), false);
  });

  test('resolves unqualified names in the connection namespace; a qualified name may reach another', async () => {
    const techcorp = await database.connect({ catalog: 'kineo', schema: 'techcorp' });
    try {
      assert.deepEqual((await techcorp.runAndReadAll('SELECT tenant FROM dataset_info')).getRowsJson(), [['techcorp']]);
      assert.deepEqual((await techcorp.runAndReadAll('SELECT tenant FROM kineo.acme.dataset_info')).getRowsJson(), [['acme']]);
    } finally {
      techcorp.closeSync();
    }
  });

  test('is locked down: read-only catalogs, no file access, no new attachments, configuration locked', async () => {
    const connection = await database.connect({ catalog: 'kineo', schema: 'acme' });
    try {
      await assert.rejects(connection.run("INSERT INTO dataset_info SELECT * FROM dataset_info"), /read-only/i);
      await assert.rejects(connection.run("SELECT * FROM read_csv('/etc/hostname')"), /disabled by configuration/);
      await assert.rejects(connection.run(`ATTACH '${join(source, 'techcorp.duckdb')}' AS other`), /disabled by configuration/);
      await assert.rejects(connection.run('SET enable_external_access = true'), /locked|cannot be/i);
    } finally {
      connection.closeSync();
    }
  });

  test('refuses a bad namespace map before writing anything', async () => {
    const empty = mkdtempSync(join(tmpdir(), 'kineo-warehouse-data-'));
    try {
      await assert.rejects(buildWarehouseData(source, empty, { acme: 'kineo_acme' }), /catalog\.schema/);
      await assert.rejects(buildWarehouseData(source, empty, { nobody: 'kineo.nobody' }), /no demo data/);
      await assert.rejects(buildWarehouseData(source, empty, { acme: 'kineo.gold', techcorp: 'kineo.gold' }), /share/);
      assert.deepEqual(readdirSync(empty), []);
    } finally {
      rmSync(empty, { recursive: true, force: true });
    }
  });
});
