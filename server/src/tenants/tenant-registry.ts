import { readFileSync } from 'node:fs';
import { parse } from 'yaml';
import type { Catalog } from '../catalog/catalog.js';
import { TenantRegistryFile, type TenantConfig } from './tenant-registry-schema.js';

/** The registry shipped for the demo: `acme` and `techcorp`. */
export const DEFAULT_TENANTS_FILE = new URL('../../config/tenants.yaml', import.meta.url).pathname;

export class TenantRegistryError extends Error {
  constructor(
    readonly file: string,
    readonly problems: string[],
  ) {
    super(`The tenant registry ${file} is invalid:\n  - ${problems.join('\n  - ')}`);
    this.name = 'TenantRegistryError';
  }
}

export interface TenantRegistry {
  get(id: string): TenantConfig | undefined;
  all(): readonly TenantConfig[];
}

/**
 * Reads and validates the tenant registry: one problem line per bad field, each with its path
 * (e.g. `tenants.1.allowedOrigins.0`). Enabled dashboards must exist in the catalog.
 */
export function loadTenantRegistry(file: string, catalog: Catalog): TenantRegistry {
  let raw: unknown;
  try {
    raw = parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new TenantRegistryError(file, [`not readable YAML: ${(error as Error).message.split('\n')[0]}`]);
  }
  const parsed = TenantRegistryFile.safeParse(raw);
  if (!parsed.success)
    throw new TenantRegistryError(
      file,
      parsed.error.issues.map((issue) => `${issue.path.join('.') || '(root)'}: ${issue.message}`),
    );
  const problems: string[] = [];
  parsed.data.tenants.forEach((tenant, i) =>
    tenant.dashboards.forEach((id, d) => {
      if (!catalog.dashboards.has(id)) problems.push(`tenants.${i}.dashboards.${d}: no dashboard "${id}" in the catalog`);
    }),
  );
  if (problems.length > 0) throw new TenantRegistryError(file, problems);
  return registryOf(parsed.data.tenants);
}

function registryOf(tenants: readonly TenantConfig[]): TenantRegistry {
  const byId = new Map(tenants.map((tenant) => [tenant.id, tenant]));
  return { get: (id) => byId.get(id), all: () => tenants };
}
