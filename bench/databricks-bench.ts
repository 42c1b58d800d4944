/**
 * Databricks engine benchmark: the engine's time per catalog query against the test warehouse
 * (through the real @databricks/sql driver), beside two baselines run in the same process on the
 * same warehouse, interleaved so they share the machine's noise:
 *
 *   - `session per query`: the driver used naively, opening a session (with the tenant's
 *     namespace) for every query and closing it after;
 *   - `one session`: the driver on one open session, the floor for any engine.
 *
 *   npx tsx bench/databricks-bench.ts [--iterations N] [--warmup N] [--format arrow|columns]
 *
 * The warehouse is loopback and DuckDB-backed, so absolute times are not a real warehouse's; the
 * ratios show what pooling saves and what the engine adds. It asserts no timings.
 */
import { parseArgs } from 'node:util';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { DBSQLClient } from '@databricks/sql';
import { loadCatalog } from '../server/src/catalog/load-catalog.js';
import { probeParameters } from '../server/src/catalog/check-catalog-sql.js';
import { querySqlFor } from '../server/src/catalog/query-definition.js';
import { DatabricksEngine } from '../server/src/engines/databricks/databricks-engine.js';
import { databricksSettingsFromEnv } from '../server/src/engines/databricks/databricks-settings.js';
import { bindStatement, type BoundStatement } from '../server/src/engines/databricks/bound-statement.js';
import { composeScopedSql } from '../server/src/query/compose-sql.js';
import { connectDriver, startDemoWarehouse } from '../server/src/testing/databricks-warehouse/demo-warehouse.js';
import { demoWarehouseNamespaces } from '../server/src/testing/databricks-warehouse/warehouse-data.js';
import { fixed, geometricMean, median, renderTable, timeMs } from './measure.js';

const { values } = parseArgs({
  options: {
    iterations: { type: 'string', default: '15' },
    warmup: { type: 'string', default: '3' },
    format: { type: 'string', default: 'arrow' },
  },
});
const iterations = Number(values.iterations);
const warmup = Number(values.warmup);
const format = values.format === 'columns' ? 'columns' : 'arrow';
const namespace = demoWarehouseNamespaces['acme']!;
const [catalogName, schemaName] = namespace.split('.') as [string, string];

/** Every catalog query, tenant-wide (an admin's form), with its declared parameters NULL. */
function cases() {
  return [...loadCatalog().queries.values()].map((query) => {
    const sql = composeScopedSql(querySqlFor(query, 'databricks'), { ctes: [], params: {} });
    const params = probeParameters(query, { paged: false });
    return { id: query.id, sql, params, bound: bindStatement(sql, params), maxRows: query.maxRows };
  });
}

async function runOnSession(session: Awaited<ReturnType<DBSQLClient['openSession']>>, bound: BoundStatement): Promise<number> {
  const operation = await session.executeStatement(bound.sql, { namedParameters: bound.parameters, useCloudFetch: false });
  try {
    return (await operation.fetchAll()).length;
  } finally {
    await operation.close();
  }
}

const workDir = mkdtempSync(join(tmpdir(), 'kineo-databricks-bench-'));
const warehouse = await startDemoWarehouse({ resultFormat: format });
const engine = new DatabricksEngine({ settings: databricksSettingsFromEnv(warehouse.env(join(workDir, 'ca.pem'))) });
const driver = await connectDriver(warehouse);
const openSession = () => driver.openSession({ initialCatalog: catalogName, initialSchema: schemaName });
const sharedSession = await openSession();

interface Row {
  id: string;
  rows: number;
  engine: number;
  perQuery: number;
  oneSession: number;
}
const timings = new Map<string, { rows: number; engine: number[]; perQuery: number[]; oneSession: number[] }>();
try {
  const all = cases();
  for (let i = 0; i < warmup + iterations; i++) {
    for (const c of all) {
      const engineRun = await timeMs(() => engine.run(namespace, c.sql, c.params, { timeoutMs: 30_000, maxRows: c.maxRows }));
      const perQuery = await timeMs(async () => {
        const session = await openSession();
        try {
          return await runOnSession(session, c.bound);
        } finally {
          await session.close();
        }
      });
      const oneSession = await timeMs(() => runOnSession(sharedSession, c.bound));
      if (engineRun.value.rowCount !== oneSession.value || perQuery.value !== oneSession.value)
        throw new Error(`${c.id}: the three runs returned different row counts`);
      if (i < warmup) continue;
      const entry = timings.get(c.id) ?? { rows: oneSession.value, engine: [], perQuery: [], oneSession: [] };
      entry.engine.push(engineRun.ms);
      entry.perQuery.push(perQuery.ms);
      entry.oneSession.push(oneSession.ms);
      timings.set(c.id, entry);
    }
  }
} finally {
  await sharedSession.close().catch(() => {});
  await driver.close();
  await engine.close();
  await warehouse.close();
  rmSync(workDir, { recursive: true, force: true });
}

const rows: Row[] = [...timings].map(([id, t]) => ({
  id,
  rows: t.rows,
  engine: median(t.engine),
  perQuery: median(t.perQuery),
  oneSession: median(t.oneSession),
}));
console.log(`Databricks engine on the test warehouse (${format} results), medians of ${iterations} runs per query, ms\n`);
console.log(
  renderTable<Row>(
    [
      { header: 'query', align: 'left', value: (r) => r.id },
      { header: 'rows', value: (r) => String(r.rows) },
      { header: 'engine', value: (r) => fixed(r.engine) },
      { header: 'session per query', value: (r) => fixed(r.perQuery) },
      { header: 'one session', value: (r) => fixed(r.oneSession) },
    ],
    rows,
  ),
);
const summary = {
  format,
  queries: rows.length,
  iterations,
  engineMs: Number(fixed(geometricMean(rows.map((r) => r.engine)))),
  sessionPerQueryMs: Number(fixed(geometricMean(rows.map((r) => r.perQuery)))),
  oneSessionMs: Number(fixed(geometricMean(rows.map((r) => r.oneSession)))),
  engineOverSessionPerQuery: Number(fixed(geometricMean(rows.map((r) => r.engine / r.perQuery)), 3)),
  engineOverOneSession: Number(fixed(geometricMean(rows.map((r) => r.engine / r.oneSession)), 3)),
};
console.log(
  `\ngeometric means: engine ${summary.engineMs} ms, session per query ${summary.sessionPerQueryMs} ms, one session ${summary.oneSessionMs} ms` +
    `\nengine ÷ session per query ${summary.engineOverSessionPerQuery}, engine ÷ one session ${summary.engineOverOneSession}`,
);
console.log(`BENCH_SUMMARY ${JSON.stringify(summary)}`);
