import { readFileSync } from 'node:fs';
import { loadCatalog } from './catalog/load-catalog.js';
import { checkCatalogSql } from './catalog/check-catalog-sql.js';
import { checkChartSpecs } from './catalog/check-chart-specs.js';
import { CatalogError } from './catalog/catalog.js';
import type { Catalog } from './catalog/catalog.js';
import { SchemaProbe } from './engines/duckdb/schema-probe.js';
import { loadTenantRegistry, type TenantRegistry } from './tenants/tenant-registry.js';
import { ApiSigningKeyFile } from './auth/api-signing-key-file.js';
import { ApiKeyFile } from './api-keys/api-key-file.js';
import { AuditFile } from './audit/audit-file.js';
import { buildKeyRing, type KeyRing } from './auth/key-ring.js';
import type { ServerSettings } from './settings.js';
import type { Hono } from 'hono';
import { createApp, type AppOptions } from './app.js';
import type { Clock } from './clock.js';
import type { Logger } from './http/logger.js';

export const GOLD_SCHEMA_FILE = new URL('./demo-data/schema.sql', import.meta.url);

/** Everything the server is configured with, loaded and validated; no data is opened yet. */
export interface ServerConfiguration {
  settings: ServerSettings;
  catalog: Catalog;
  tenants: TenantRegistry;
  /** The API's own signing keys, following the key file. */
  signingKeys: ApiSigningKeyFile;
  /** Every key that verifies embed tokens: tenants' host keys and the API's own. */
  keyRing: KeyRing;
  /** Tenant API keys hosts mint tokens with. */
  apiKeys: ApiKeyFile;
  audit: AuditFile;
}

/**
 * Loads the catalog (and, unless told not to, validates its chart specs against Vega-Lite's
 * schema and prepares all its SQL against the gold schema), the tenant registry,
 * the API's signing keys, every tenant's host keys, the tenant API keys and the audit log.
 * Throws one error listing every problem.
 */
export async function loadServerConfiguration(
  settings: ServerSettings,
  options: { deepCatalogChecks?: boolean } = {},
): Promise<ServerConfiguration> {
  const catalog = loadCatalog(settings.catalogDir);
  // Commands that serve no dashboard (token, keys, audit) skip the deep checks: preparing every
  // query and validating every chart spec takes seconds.
  if (options.deepCatalogChecks ?? true) {
    const specProblems = checkChartSpecs(catalog);
    if (specProblems.length > 0) throw new CatalogError(specProblems);
    const probe = await SchemaProbe.create(readFileSync(GOLD_SCHEMA_FILE, 'utf8'));
    try {
      await checkCatalogSql(catalog, probe);
    } finally {
      probe.close();
    }
  }
  const tenants = loadTenantRegistry(settings.tenantsFile, catalog);
  const signingKeys = await ApiSigningKeyFile.open(settings.dataDir);
  const keyRing = await buildKeyRing({ tenants, apiKeys: signingKeys, apiIssuer: settings.apiIssuer, dataDir: settings.dataDir });
  return {
    settings,
    catalog,
    tenants,
    signingKeys,
    keyRing,
    apiKeys: new ApiKeyFile(settings.dataDir),
    audit: new AuditFile(settings.dataDir),
  };
}

export interface ConfiguredAppOptions {
  engines: AppOptions['engines'];
  clock?: Clock;
  logger?: Logger;
  /** Replaces the loaded catalog (tests adjust row caps and the like). */
  catalog?: Catalog;
  /** The built element bundle served at `/elements/kineo.js`. */
  elementsBundle?: AppOptions['elementsBundle'];
  /** Most rows one file export may carry. */
  maxExportRows?: number;
}

/** The API app wired from a loaded configuration: the one place its parts are put together. */
export function createConfiguredApp(config: ServerConfiguration, options: ConfiguredAppOptions): Hono {
  return createApp({
    tenants: config.tenants,
    catalog: options.catalog ?? config.catalog,
    engines: options.engines,
    keys: config.keyRing,
    signingKeys: config.signingKeys,
    apiKeys: config.apiKeys,
    audit: config.audit,
    audience: config.settings.audience,
    issuer: config.settings.apiIssuer,
    clock: options.clock,
    logger: options.logger,
    elementsBundle: options.elementsBundle,
    maxExportRows: options.maxExportRows,
  });
}
