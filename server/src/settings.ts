import { resolve } from 'node:path';
import { DEFAULT_CATALOG_DIR } from './catalog/load-catalog.js';
import { DEFAULT_TENANTS_FILE } from './tenants/tenant-registry.js';

/** Where the server finds its configuration and data, and how it identifies itself in tokens. */
export interface ServerSettings {
  port: number;
  host: string;
  /** Tenant DuckDB files, generated secrets and signing keys. */
  dataDir: string;
  tenantsFile: string;
  catalogDir: string;
  /** The `aud` of every embed token this API accepts. */
  audience: string;
  /** The `iss` of tokens the API signs itself. */
  apiIssuer: string;
}

export function settingsFromEnv(env: Readonly<Record<string, string | undefined>> = process.env): ServerSettings {
  const port = Number(env['PORT'] ?? 8787);
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new Error(`PORT must be a port number, not "${env['PORT']}"`);
  return {
    port,
    host: env['KINEO_HOST'] ?? '127.0.0.1',
    dataDir: resolve(env['KINEO_DATA_DIR'] ?? '.kineo'),
    tenantsFile: resolve(env['KINEO_TENANTS_FILE'] ?? DEFAULT_TENANTS_FILE),
    catalogDir: resolve(env['KINEO_CATALOG_DIR'] ?? DEFAULT_CATALOG_DIR),
    audience: env['KINEO_AUDIENCE'] ?? 'kineo-embed',
    apiIssuer: env['KINEO_ISSUER'] ?? 'kineo',
  };
}
