import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

export interface Namespace {
  catalog: string;
  schema: string;
}

/** Where a session without an initial namespace lands: an empty catalog, like a fresh workspace's default. */
export const DEFAULT_NAMESPACE: Namespace = { catalog: 'hive_metastore', schema: 'default' };

const CATALOG_FILE = /^([a-z][a-z0-9_]{0,62})\.duckdb$/;

/**
 * The warehouse's storage: one DuckDB instance with every `<catalog>.duckdb` of the data folder
 * attached read-only under its catalog name, plus the empty default catalog. Once attached the
 * instance is locked down (no file access, no extension loading, configuration locked), so no
 * statement can reach a file or undo the lock; a qualified name can still reach another
 * catalog, as on a workspace whose principal holds grants on both.
 */
export class WarehouseDatabase {
  readonly #instance: DuckDBInstance;
  readonly #schemas: ReadonlySet<string>;

  private constructor(instance: DuckDBInstance, schemas: ReadonlySet<string>) {
    this.#instance = instance;
    this.#schemas = schemas;
  }

  static async open(dataDir: string, threads = 2): Promise<WarehouseDatabase> {
    const instance = await DuckDBInstance.create(':memory:', {
      autoinstall_known_extensions: 'false',
      autoload_known_extensions: 'false',
      allow_community_extensions: 'false',
      threads: String(threads),
    });
    const setup = await instance.connect();
    try {
      for (const entry of readdirSync(dataDir)) {
        const catalog = CATALOG_FILE.exec(entry)?.[1];
        if (!catalog || catalog === DEFAULT_NAMESPACE.catalog) continue;
        await setup.run(`ATTACH '${join(dataDir, entry).replaceAll("'", "''")}' AS ${catalog} (READ_ONLY)`);
      }
      await setup.run(`ATTACH ':memory:' AS ${DEFAULT_NAMESPACE.catalog}`);
      await setup.run(`CREATE SCHEMA ${DEFAULT_NAMESPACE.catalog}."${DEFAULT_NAMESPACE.schema}"`);
      await setup.run('SET enable_external_access = false');
      await setup.run('SET lock_configuration = true');
      const schemas = await setup.runAndReadAll("SELECT database_name || '.' || schema_name FROM duckdb_schemas() WHERE NOT internal AND database_name <> 'memory'");
      return new WarehouseDatabase(instance, new Set((schemas.getRowsJson() as [string][]).map(([name]) => name)));
    } catch (error) {
      instance.closeSync();
      throw error;
    } finally {
      setup.closeSync();
    }
  }

  hasCatalog(catalog: string): boolean {
    return [...this.#schemas].some((name) => name.startsWith(`${catalog}.`));
  }

  hasNamespace({ catalog, schema }: Namespace): boolean {
    return this.#schemas.has(`${catalog}.${schema}`);
  }

  /** A connection whose unqualified names resolve in `namespace`. */
  async connect(namespace: Namespace): Promise<DuckDBConnection> {
    if (!this.hasNamespace(namespace)) throw new Error('unknown namespace');
    const connection = await this.#instance.connect();
    await connection.run(`USE "${namespace.catalog}"."${namespace.schema}"`);
    return connection;
  }

  close(): void {
    this.#instance.closeSync();
  }
}
