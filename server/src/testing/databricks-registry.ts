import { readFileSync, writeFileSync } from 'node:fs';
import { parse, stringify } from 'yaml';
import { DEFAULT_TENANTS_FILE } from '../tenants/tenant-registry.js';

/**
 * Writes the shipped tenant registry with the given tenants moved to the Databricks engine, each
 * with its `catalog.schema` namespace, to `file`; everything else (keys, origins, themes) stays as
 * shipped. Returns the file's path.
 */
export function writeDatabricksRegistry(file: string, namespaces: Readonly<Record<string, string>>): string {
  const registry = parse(readFileSync(DEFAULT_TENANTS_FILE, 'utf8')) as { tenants: { id: string; engine?: string; namespace: string }[] };
  for (const tenant of registry.tenants) {
    const namespace = namespaces[tenant.id];
    if (namespace === undefined) continue;
    tenant.engine = 'databricks';
    tenant.namespace = namespace;
  }
  writeFileSync(file, `# The shipped registry with tenants on the Databricks engine (generated).\n${stringify(registry)}`);
  return file;
}
