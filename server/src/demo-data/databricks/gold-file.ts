/** Reads a tenant's gold tables, definitions and rows, from its DuckDB file (read-only). */
import { existsSync } from 'node:fs';
import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';

/** The column types of the gold model (schema.sql). */
export const goldColumnTypes = ['VARCHAR', 'INTEGER', 'BIGINT', 'DATE', 'BOOLEAN'] as const;
export type GoldColumnType = (typeof goldColumnTypes)[number];

export interface GoldColumn {
  name: string;
  type: GoldColumnType;
  nullable: boolean;
}

export interface GoldTable {
  name: string;
  /** In the table's column order. */
  columns: GoldColumn[];
}

/** A value as DuckDB hands it over as JSON: BIGINT as a decimal string, DATE as YYYY-MM-DD. */
export type GoldValue = string | number | boolean | null;

const PLAIN_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const isGoldColumnType = (type: string): type is GoldColumnType => (goldColumnTypes as readonly string[]).includes(type);

export class GoldFile {
  readonly #instance: DuckDBInstance;
  readonly #connection: DuckDBConnection;

  private constructor(instance: DuckDBInstance, connection: DuckDBConnection) {
    this.#instance = instance;
    this.#connection = connection;
  }

  static async open(file: string): Promise<GoldFile> {
    if (!existsSync(file)) throw new Error(`no such DuckDB file: ${file}`);
    const instance = await DuckDBInstance.create(file, { access_mode: 'READ_ONLY', threads: '1' });
    try {
      return new GoldFile(instance, await instance.connect());
    } catch (error) {
      instance.closeSync();
      throw error;
    }
  }

  /** The tables of schema `main`, by name, with their columns; refuses types outside the gold model. */
  async tables(): Promise<GoldTable[]> {
    const reader = await this.#connection.runAndReadAll(
      `SELECT table_name, column_name, data_type, is_nullable
         FROM duckdb_columns()
        WHERE database_name = current_database() AND schema_name = 'main' AND NOT internal
        ORDER BY table_name, column_index`,
    );
    const tables = new Map<string, GoldTable>();
    for (const [table, column, type, nullable] of reader.getRowsJson() as [string, string, string, boolean][]) {
      if (!PLAIN_NAME.test(table) || !PLAIN_NAME.test(column)) throw new Error(`${table}.${column} is not a plain name`);
      if (!isGoldColumnType(type)) throw new Error(`${table}.${column} has type ${type}, which the gold model does not use`);
      const entry = tables.get(table) ?? { name: table, columns: [] };
      entry.columns.push({ name: column, type, nullable });
      tables.set(table, entry);
    }
    return [...tables.values()];
  }

  /** The table's rows in chunks, ordered by every column from the first (the key) on. */
  async *rows(table: GoldTable): AsyncGenerator<GoldValue[][]> {
    const columns = table.columns.map((column) => `"${column.name}"`).join(', ');
    const result = await this.#connection.stream(`SELECT ${columns} FROM main."${table.name}" ORDER BY ALL`);
    yield* result.yieldRowsJson() as AsyncIterable<GoldValue[][]>;
  }

  close(): void {
    this.#connection.closeSync();
    this.#instance.closeSync();
  }
}
