/**
 * The baseline: the same final SQL the API runs, straight on DuckDB. The tenant file is opened
 * with exactly the settings the server's engine uses (`lockedDownConfig(threads)`), each distinct
 * statement is prepared once, and a run is bind + stream + read every chunk into JS values.
 */
import { DuckDBInstance, type DuckDBConnection, type DuckDBPreparedStatement, type DuckDBType, type DuckDBValue } from '@duckdb/node-api';
import type { SqlParams } from '../server/src/engines/engine.js';
import { lockedDownConfig } from '../server/src/engines/duckdb/duckdb-engine.js';
import { toDuckDBBindings } from '../server/src/engines/duckdb/duckdb-values.js';

/** What one direct run includes, printed with the results so the comparison is explicit. */
export const DIRECT_BASELINE_DESCRIPTION =
  'direct = clearBindings() + bind(values, types) on a statement prepared once, stream(), then fetchChunk() ' +
  'until done with chunk.getColumns() per chunk (every cell materialised as a DuckDB JS value: bigint, ' +
  'DuckDBDateValue, string, ...), pushed into column arrays. It excludes: value conversion to the API\'s ' +
  'JSON cells, the row cap, HTTP/Hono, token verification, request validation, scope SQL composition and JSON.';

/** Bindings converted once (client-side constant), in the form `bind()` takes. */
export interface DirectBindings {
  values: Record<string, DuckDBValue>;
  types: Record<string, DuckDBType>;
}

export function directBindings(params: SqlParams): DirectBindings {
  return toDuckDBBindings(params);
}

export class DirectDuckDB {
  readonly #statements = new Map<string, DuckDBPreparedStatement>();

  private constructor(
    private readonly instance: DuckDBInstance,
    private readonly connection: DuckDBConnection,
  ) {}

  /** Opens `file` as its own DuckDB instance, with the engine's locked-down settings. */
  static async open(file: string, threads: number): Promise<DirectDuckDB> {
    const instance = await DuckDBInstance.create(file, lockedDownConfig(threads));
    return new DirectDuckDB(instance, await instance.connect());
  }

  /** Prepares `sql` once; later calls return the same statement. */
  async prepare(sql: string): Promise<DuckDBPreparedStatement> {
    let statement = this.#statements.get(sql);
    if (!statement) {
      statement = await this.connection.prepare(sql);
      this.#statements.set(sql, statement);
    }
    return statement;
  }

  /** One measured unit of work: bind, stream and materialise every row. Returns the row count. */
  static async run(statement: DuckDBPreparedStatement, bindings: DirectBindings): Promise<number> {
    statement.clearBindings();
    statement.bind(bindings.values, bindings.types);
    const result = await statement.stream();
    const columns: DuckDBValue[][] = [];
    for (let i = 0; i < result.columnCount; i++) columns.push([]);
    let rowCount = 0;
    for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
      const chunkColumns = chunk.getColumns();
      for (let c = 0; c < chunkColumns.length; c++) {
        const target = columns[c]!;
        for (const value of chunkColumns[c]!) target.push(value);
      }
      rowCount += chunk.rowCount;
    }
    return rowCount;
  }

  /** A single number from a query, for set-up checks (row counts, an organisation id). */
  async scalar(sql: string): Promise<DuckDBValue> {
    const rows = (await this.connection.runAndReadAll(sql)).getRows();
    return rows[0]?.[0] ?? null;
  }

  close(): void {
    for (const statement of this.#statements.values()) statement.destroySync();
    this.#statements.clear();
    this.connection.closeSync();
    this.instance.closeSync();
  }
}
