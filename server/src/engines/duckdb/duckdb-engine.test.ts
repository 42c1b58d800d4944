import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { join } from 'node:path';
import { DuckDBEngine } from './duckdb-engine.js';
import { EngineError, type SqlParams } from '../engine.js';
import { demoDataDir } from '../../testing/test-data.js';

let engine: DuckDBEngine;
let dataDir: string;
const options = { timeoutMs: 5_000, maxRows: 100 };

before(async () => {
  dataDir = await demoDataDir();
  engine = new DuckDBEngine({ dataDir, connectionsPerNamespace: 2, threads: 1 });
});
after(() => engine.close());

async function assertRefused(sql: string, params: SqlParams = {}) {
  await assert.rejects(engine.run('acme', sql, params, options), (error: unknown) => {
    assert.ok(error instanceof EngineError, `expected an EngineError for: ${sql}`);
    assert.ok(!error.message.includes('/'), 'the message never carries a path or SQL');
    return true;
  });
}

describe('DuckDB engine', () => {
  test('runs a SELECT with bound values (control)', async () => {
    const result = await engine.run(
      'acme',
      'SELECT count(*) AS n FROM dim_users WHERE user_id LIKE $prefix',
      { prefix: { type: 'varchar', value: 'acme-%' } },
      options,
    );
    assert.equal(result.columns[0]!.name, 'n');
    assert.ok((result.data[0]![0] as number) > 0);
  });

  test('reports overflow past maxRows instead of reading everything', async () => {
    const result = await engine.run('acme', 'SELECT * FROM range(5000)', {}, { ...options, maxRows: 10 });
    assert.equal(result.rowCount, 10);
    assert.equal(result.overflowed, true);
  });

  test('binds NULL and empty lists without type inference', async () => {
    const result = await engine.run(
      'acme',
      'SELECT count(*) AS n FROM dim_courses WHERE $c IS NULL OR list_contains($c, category)',
      { c: { type: 'varchar[]', value: null } },
      options,
    );
    assert.ok((result.data[0]![0] as number) > 0);
  });

  test('a statement over its timeout is interrupted, and the connection stays usable', async () => {
    const slow = 'SELECT count(*) AS n FROM range(100000000000) AS a(i) WHERE i % 7 = 3';
    const started = performance.now();
    await assert.rejects(engine.run('acme', slow, {}, { timeoutMs: 200, maxRows: 1 }), (error: unknown) => {
      assert.ok(error instanceof EngineError);
      assert.equal(error.code, 'timeout');
      return true;
    });
    assert.ok(performance.now() - started < 20_000, 'interrupted, not run to the end');
    for (let i = 0; i < 3; i++) await engine.run('acme', 'SELECT 1 AS ok', {}, options);
  });

  test('aborting the request cancels its statement', async () => {
    const controller = new AbortController();
    const running = engine.run('acme', 'SELECT count(*) FROM range(100000000000) AS a(i) WHERE i % 7 = 3', {}, {
      timeoutMs: 60_000,
      maxRows: 1,
      signal: controller.signal,
    });
    setTimeout(() => controller.abort(), 100);
    await assert.rejects(running, (error: unknown) => error instanceof EngineError && error.code === 'cancelled');
    await assert.rejects(
      engine.run('acme', 'SELECT 1', {}, { ...options, signal: controller.signal }),
      (error: unknown) => error instanceof EngineError && error.code === 'cancelled',
      'an already aborted request runs nothing',
    );
  });

  test('rejects an unknown or malformed namespace', async () => {
    await assert.rejects(engine.run('globex', 'SELECT 1', {}, options), EngineError);
    await assert.rejects(engine.run('../acme', 'SELECT 1', {}, options), EngineError);
    await assert.rejects(engine.run('ACME', 'SELECT 1', {}, options), EngineError);
  });
});

describe('DuckDB lockdown: no file, setting or extension is reachable, whatever path it comes by', () => {
  const otherTenant = () => join(dataDir, 'techcorp.duckdb');

  test('reading files with table functions', async () => {
    for (const fn of ['read_csv', 'read_csv_auto', 'read_text', 'read_blob', 'read_json', 'read_parquet', 'glob'])
      await assertRefused(`SELECT * FROM ${fn}('/etc/passwd')`);
    await assertRefused(`SELECT * FROM '/etc/passwd'`);
  });

  test('a path that arrives as a bound value', async () => {
    await assertRefused('SELECT * FROM read_text($path)', { path: { type: 'varchar', value: '/etc/passwd' } });
    await assertRefused('SELECT * FROM read_csv($path)', { path: { type: 'varchar', value: otherTenant() } });
  });

  test("ATTACH another tenant's database, or any database", async () => {
    await assertRefused(`ATTACH '${otherTenant()}' AS other`);
    await assertRefused(`ATTACH ':memory:' AS scratch`);
    await assertRefused(`SELECT * FROM '${otherTenant()}'`);
  });

  test('changing settings', async () => {
    await assertRefused('SET enable_external_access = true');
    await assertRefused('RESET enable_external_access');
    await assertRefused('SET lock_configuration = false');
    await assertRefused("SELECT * FROM (SELECT 1) WHERE current_setting('threads') = 1; SET threads = 8");
    await assertRefused("PRAGMA enable_profiling = 'json'");
  });

  test('installing or loading extensions', async () => {
    await assertRefused('INSTALL httpfs');
    await assertRefused('LOAD httpfs');
    await assertRefused("SELECT * FROM read_csv('https://example.com/data.csv')");
  });

  test('writing anything', async () => {
    await assertRefused(`COPY (SELECT * FROM dim_users) TO '/tmp/kineo-leak.csv'`);
    await assertRefused('CREATE TABLE leak AS SELECT 1');
    await assertRefused('CREATE TEMP TABLE leak AS SELECT 1');
    await assertRefused("UPDATE dim_users SET full_name = 'x'");
    await assertRefused('EXPORT DATABASE \'/tmp/kineo-export\'');
  });

  test('the lockdown holds after a refused statement', async () => {
    await assertRefused('SET enable_external_access = true');
    await assertRefused("SELECT * FROM read_text('/etc/hostname')");
  });
});
