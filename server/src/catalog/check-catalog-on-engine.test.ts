import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { DuckDBEngine } from '../engines/duckdb/duckdb-engine.js';
import { RecordingEngine } from '../testing/recording-engine.js';
import { demoDataDir } from '../testing/test-data.js';
import { CatalogError, type Catalog } from './catalog.js';
import type { QueryDefinition } from './query-definition.js';
import { loadCatalog } from './load-catalog.js';
import { checkCatalogOnEngine } from './check-catalog-on-engine.js';

// The Databricks engine's run of this check is in engines/databricks; here the embedded engine
// stands in to pin down what the check runs and what it reports.

let engine: RecordingEngine;
let catalog: Catalog;

before(async () => {
  engine = new RecordingEngine(new DuckDBEngine({ dataDir: await demoDataDir(), threads: 1 }));
  catalog = loadCatalog();
});
after(() => engine.close());

function withQuery(id: string, change: (query: QueryDefinition) => Partial<QueryDefinition>): Catalog {
  const queries = new Map(catalog.queries);
  queries.set(id, { ...queries.get(id)!, ...change(queries.get(id)!) });
  return { ...catalog, queries };
}

describe('checkCatalogOnEngine', () => {
  test('the shipped catalog passes on both demo namespaces, every form emptied and bound by name', async () => {
    engine.reset();
    await checkCatalogOnEngine(catalog, engine, 'duckdb', ['acme', 'techcorp'], { concurrency: 2 });
    const paged = [...catalog.queries.values()].filter((q) => q.paging).length;
    const acme = engine.runs.filter((r) => r.namespace === 'acme');
    const techcorp = engine.runs.filter((r) => r.namespace === 'techcorp');
    assert.equal(acme.length, 3 * (catalog.queries.size + paged), 'every scope kind, bare and paged, in the first namespace');
    assert.equal(techcorp.length, catalog.queries.size + paged, 'the tenant-wide forms in every other namespace');
    for (const run of engine.runs) {
      assert.match(run.sql, /\) AS kineo_probe LIMIT 0$/);
      for (const name of Object.keys(run.params)) assert.match(run.sql, new RegExp(`\\$${name}\\b`), `${name} is bound but unused`);
    }
    assert.ok(acme.some((r) => 'scope_orgs' in r.params) && acme.some((r) => 'scope_user' in r.params));
  });

  test('reports a declared column the engine does not return, naming query, engine and scope', async () => {
    const broken = withQuery('status_breakdown', (q) => ({ columns: [...q.columns, { name: 'share', type: 'number' }] }));
    await assert.rejects(checkCatalogOnEngine(broken, engine, 'duckdb', ['acme']), (error: unknown) => {
      assert.ok(error instanceof CatalogError);
      assert.ok(error.problems.some((p) => p.includes('query "status_breakdown" on duckdb (tenant scope') && p.includes('"share"')));
      return true;
    });
  });

  test('reports SQL the engine refuses with its safe message only', async () => {
    const broken = withQuery('category_options', () => ({ sql: 'SELECT category AS value, category AS label FROM dim_course_catalogue' }));
    await assert.rejects(checkCatalogOnEngine(broken, engine, 'duckdb', ['acme', 'techcorp']), (error: unknown) => {
      assert.ok(error instanceof CatalogError);
      const lines = error.problems.filter((p) => p.startsWith('query "category_options"'));
      assert.equal(lines.length, 4, lines.join('\n'));
      for (const line of lines) assert.ok(!line.includes('dim_course_catalogue'), line);
      return true;
    });
  });
});
