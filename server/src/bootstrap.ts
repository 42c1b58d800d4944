import { readFileSync } from 'node:fs';
import type { JWK } from 'jose';
import { loadCatalog } from './catalog/load-catalog.js';
import { checkCatalogSql } from './catalog/check-catalog-sql.js';
import type { Catalog } from './catalog/catalog.js';
import { SchemaProbe } from './engines/duckdb/schema-probe.js';
import { loadTenantRegistry, type TenantRegistry } from './tenants/tenant-registry.js';
import { loadApiSigningKeys, type ApiSigningKey } from './auth/api-signing-keys.js';
import { buildKeyRing, type KeyRing } from './auth/key-ring.js';
import type { ServerSettings } from './settings.js';

export const GOLD_SCHEMA_FILE = new URL('./demo-data/schema.sql', import.meta.url);

/** Everything the server is configured with, loaded and validated; no data is opened yet. */
export interface ServerConfiguration {
  settings: ServerSettings;
  catalog: Catalog;
  tenants: TenantRegistry;
  apiKeys: ApiSigningKey[];
  keyRing: KeyRing;
  jwks: JWK[];
}

/**
 * Loads the catalog (and prepares all its SQL against the gold schema), the tenant registry,
 * the API's signing keys and every tenant's host keys. Throws one error listing every problem.
 */
export async function loadServerConfiguration(settings: ServerSettings): Promise<ServerConfiguration> {
  const catalog = loadCatalog(settings.catalogDir);
  const probe = await SchemaProbe.create(readFileSync(GOLD_SCHEMA_FILE, 'utf8'));
  try {
    await checkCatalogSql(catalog, probe);
  } finally {
    probe.close();
  }
  const tenants = loadTenantRegistry(settings.tenantsFile, catalog);
  const apiKeys = await loadApiSigningKeys(settings.dataDir);
  const keyRing = await buildKeyRing({ tenants, apiKeys, apiIssuer: settings.apiIssuer, dataDir: settings.dataDir });
  return { settings, catalog, tenants, apiKeys, keyRing, jwks: apiKeys.map((key) => key.publicJwk) };
}
