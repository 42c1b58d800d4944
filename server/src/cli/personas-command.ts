import { resultRows } from '@kineo/core';
import { readDemoPersonas, type DemoPersona } from '../demo-data/personas.js';
import { DuckDBEngine } from '../engines/duckdb/duckdb-engine.js';
import type { ServerConfiguration } from '../bootstrap.js';

/** The demo users of one tenant to sign in as: sub, name, role and organisation. */
export async function demoPersonas(config: ServerConfiguration, tenantId: string): Promise<DemoPersona[]> {
  const tenant = config.tenants.get(tenantId);
  if (!tenant) throw new Error(`unknown tenant "${tenantId}" (known: ${config.tenants.all().map((t) => t.id).join(', ')})`);
  const engine = new DuckDBEngine({ dataDir: config.settings.dataDir, connectionsPerNamespace: 1, threads: 1 });
  try {
    return await readDemoPersonas(async (sql) =>
      resultRows(await engine.run(tenant.namespace, sql, {}, { timeoutMs: 10_000, maxRows: 10_000 })),
    );
  } finally {
    await engine.close();
  }
}
