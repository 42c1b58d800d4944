import type { Catalog } from '../catalog/catalog.js';
import { checkCatalogOnEngine } from '../catalog/check-catalog-on-engine.js';
import type { TenantRegistry } from '../tenants/tenant-registry.js';
import type { Logger } from '../http/logger.js';
import { DuckDBEngine } from './duckdb/duckdb-engine.js';
import { DatabricksEngine, type DatabricksEngineOptions } from './databricks/databricks-engine.js';
import { databricksSettingsFromEnv } from './databricks/databricks-settings.js';
import type { QueryEngine } from './engine.js';
import type { EngineKind } from './engine-kind.js';

export interface EngineSetup {
  catalog: Catalog;
  tenants: TenantRegistry;
  /** Folder of the embedded engine's tenant files. */
  dataDir: string;
  env?: Readonly<Record<string, string | undefined>>;
  logger?: Logger;
  /** Driver and pool tuning for the Databricks engine (tests shorten timeouts). */
  databricks?: Omit<DatabricksEngineOptions, 'settings'>;
}

export interface Engines {
  byKind: Partial<Record<EngineKind, QueryEngine>>;
  close(): Promise<void>;
}

/**
 * The engines the registry's tenants need: the embedded DuckDB engine always, Databricks when a
 * tenant lives there, configured from the environment. Before anything is served, every catalog
 * query the Databricks tenants will run is checked on the warehouse in each of their namespaces;
 * a problem (a missing table or grant, a function the warehouse lacks, other columns) stops
 * start-up with one error listing them all.
 */
export async function createEngines(setup: EngineSetup): Promise<Engines> {
  const byKind: Engines['byKind'] = { duckdb: new DuckDBEngine({ dataDir: setup.dataDir }) };
  const close = async () => {
    await Promise.all(Object.values(byKind).map((engine) => engine.close()));
  };
  const databricksNamespaces = setup.tenants
    .all()
    .filter((tenant) => tenant.engine === 'databricks')
    .map((tenant) => tenant.namespace);
  if (databricksNamespaces.length === 0) return { byKind, close };

  try {
    const settings = databricksSettingsFromEnv(setup.env ?? process.env);
    const slowest = Math.max(...[...setup.catalog.queries.values()].map((query) => query.timeoutMs));
    if (slowest > settings.statementTimeoutSeconds * 1000)
      setup.logger?.warn('warehouse statement timeout is shorter than a catalog query timeout', {
        statementTimeoutSeconds: settings.statementTimeoutSeconds,
        slowestQueryTimeoutMs: slowest,
      });
    const databricks = new DatabricksEngine({ ...setup.databricks, settings });
    byKind.databricks = databricks;
    const started = performance.now();
    await checkCatalogOnEngine(setup.catalog, databricks, 'databricks', databricksNamespaces);
    setup.logger?.info('catalog checked on the Databricks warehouse', {
      namespaces: databricksNamespaces.length,
      ms: Math.round(performance.now() - started),
    });
  } catch (error) {
    await close();
    throw error;
  }
  return { byKind, close };
}
