import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { replaceDuckDBFile } from '../../files/replace-duckdb-file.js';
import { databricksNamespace } from '../../engines/engine-kind.js';

/** The demo tenants as a workspace with a catalog per customer would hold them. */
export const demoWarehouseNamespaces: Readonly<Record<string, string>> = {
  acme: 'kineo_acme.gold',
  techcorp: 'kineo_techcorp.gold',
};

/**
 * Lays out a test warehouse's data: one `<catalog>.duckdb` per catalog in `targetDir`, holding
 * each tenant's gold tables (copied from `<sourceDir>/<tenant>.duckdb`, schema `main`) in the
 * schema its namespace names. `namespaces` maps tenant → `catalog.schema`; tenants may share a
 * catalog (schema per customer) or have their own (catalog per customer). Existing catalog
 * files are replaced.
 */
export async function buildWarehouseData(sourceDir: string, targetDir: string, namespaces: Record<string, string>): Promise<void> {
  const catalogs = new Map<string, { tenant: string; schema: string }[]>();
  for (const [tenant, namespace] of Object.entries(namespaces)) {
    const parsed = databricksNamespace(namespace);
    if (!parsed) throw new Error(`"${namespace}" is not a catalog.schema namespace`);
    if (!/^[a-z][a-z0-9_]*$/.test(tenant)) throw new Error(`"${tenant}" is not a tenant name`);
    const source = join(sourceDir, `${tenant}.duckdb`);
    if (!existsSync(source)) throw new Error(`no demo data for tenant "${tenant}" in ${sourceDir}`);
    const schemas = catalogs.get(parsed.catalog) ?? [];
    if (schemas.some((s) => s.schema === parsed.schema)) throw new Error(`two tenants share the namespace "${namespace}"`);
    schemas.push({ tenant, schema: parsed.schema });
    catalogs.set(parsed.catalog, schemas);
  }
  mkdirSync(targetDir, { recursive: true });
  for (const [catalog, schemas] of catalogs) await writeCatalog(sourceDir, join(targetDir, `${catalog}.duckdb`), schemas);
}

async function writeCatalog(sourceDir: string, file: string, schemas: { tenant: string; schema: string }[]): Promise<void> {
  await replaceDuckDBFile(file, async (connection) => {
    for (const { tenant, schema } of schemas) {
      await connection.run(`ATTACH '${join(sourceDir, `${tenant}.duckdb`).replaceAll("'", "''")}' AS kineo_source (READ_ONLY)`);
      await connection.run(`CREATE SCHEMA "${schema}"`);
      const tables = await connection.runAndReadAll(
        "SELECT table_name FROM duckdb_tables() WHERE database_name = 'kineo_source' AND schema_name = 'main' ORDER BY table_name",
      );
      for (const [table] of tables.getRowsJson() as [string][])
        await connection.run(`CREATE TABLE "${schema}"."${table.replaceAll('"', '""')}" AS SELECT * FROM kineo_source.main."${table.replaceAll('"', '""')}"`);
      await connection.run('DETACH kineo_source');
    }
  });
}
