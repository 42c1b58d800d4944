import { DuckDBInstance, type DuckDBConnection } from '@duckdb/node-api';
import type { ResultColumn } from '@kineo/core';
import type { SqlParams } from '../engine.js';
import { readResult } from './duckdb-engine.js';
import { toDuckDBBindings } from './duckdb-values.js';

/** What parsing and preparing a statement tells about it, without running it. */
export interface StatementShape {
  /** `$name` parameters it uses. */
  parameters: string[];
  /** Tables it reads, qualified as written (`dim_users`, `main.dim_users`); CTE names excluded. */
  tables: string[];
  /** Table functions it calls (`read_csv`, `range`, …). */
  tableFunctions: string[];
}

interface AstNode {
  [key: string]: unknown;
}

/** Walks DuckDB's serialised syntax tree for table and table-function references. */
function referencesIn(ast: unknown): StatementShape {
  const tables: string[] = [];
  const tableFunctions: string[] = [];
  const parameters: string[] = [];
  const cteNames = new Set<string>();
  const visit = (node: unknown) => {
    if (Array.isArray(node)) return node.forEach(visit);
    if (!node || typeof node !== 'object') return;
    const n = node as AstNode;
    if (n['type'] === 'BASE_TABLE') {
      tables.push([n['catalog_name'], n['schema_name'], n['table_name']].filter((part) => part).join('.'));
    } else if (n['class'] === 'PARAMETER' && typeof n['identifier'] === 'string') {
      parameters.push(n['identifier']);
    } else if (n['type'] === 'TABLE_FUNCTION') {
      const fn = (n['function'] as AstNode | undefined)?.['function_name'];
      tableFunctions.push(String(fn ?? 'unknown'));
    }
    const cteMap = n['cte_map'] as { map?: { key: string }[] } | undefined;
    for (const entry of cteMap?.map ?? []) cteNames.add(entry.key);
    Object.values(n).forEach(visit);
  };
  visit(ast);
  return {
    parameters: [...new Set(parameters)],
    tables: [...new Set(tables.filter((t) => !cteNames.has(t)))],
    tableFunctions: [...new Set(tableFunctions)],
  };
}

/**
 * An empty in-memory database holding only a schema's tables, to check catalog SQL against at
 * start-up without touching any tenant's data. Rejections carry DuckDB's own message: this is
 * for the catalog's author, never for a client.
 */
export class SchemaProbe {
  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
    readonly tables: ReadonlySet<string>,
  ) {}

  static async create(schemaSql: string): Promise<SchemaProbe> {
    const instance = await DuckDBInstance.create(':memory:', { enable_external_access: 'false' });
    const connection = await instance.connect();
    await connection.run(schemaSql);
    const rows = (await connection.runAndReadAll('SELECT table_name FROM duckdb_tables()')).getRows();
    return new SchemaProbe(instance, connection, new Set(rows.map((row) => String(row[0]))));
  }

  /**
   * Parses `sql` (and, unless `parseOnly`, prepares it): its parameters, and the tables and table
   * functions it names. Parsing alone serves SQL written for another engine, whose functions
   * DuckDB does not have but whose syntax it reads.
   */
  async inspect(sql: string, options: { parseOnly?: boolean } = {}): Promise<StatementShape> {
    // json_serialize_sql only takes a constant; the SQL is start-up configuration, quoted here.
    const serialised = await this.connection.runAndReadAll(`SELECT json_serialize_sql('${sql.replaceAll("'", "''")}')`);
    const ast = JSON.parse(String(serialised.getRows()[0]![0])) as AstNode;
    if (ast['error']) throw new Error(String(ast['error_message'] ?? 'the SQL does not parse'));
    const shape = referencesIn(ast);
    if (options.parseOnly) return shape;
    const statement = await this.connection.prepare(sql);
    try {
      const parameters: string[] = [];
      for (let i = 1; i <= statement.parameterCount; i++) parameters.push(statement.parameterName(i));
      return { ...shape, parameters };
    } finally {
      statement.destroySync();
    }
  }

  /**
   * Runs `sql` on the empty tables with `params` (typed NULLs will do) to learn its output
   * columns: with untyped parameters DuckDB only knows the columns once they are bound.
   */
  async outputColumns(sql: string, params: SqlParams): Promise<ResultColumn[]> {
    const statement = await this.connection.prepare(sql);
    try {
      const used: Record<string, SqlParams[string]> = {};
      for (let i = 1; i <= statement.parameterCount; i++) {
        const name = statement.parameterName(i);
        if (params[name]) used[name] = params[name];
      }
      const { values, types } = toDuckDBBindings(used);
      statement.bind(values, types);
      return (await readResult(statement, 0)).columns;
    } finally {
      statement.destroySync();
    }
  }

  close(): void {
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
