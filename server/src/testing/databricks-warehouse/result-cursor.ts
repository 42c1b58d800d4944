import type { DuckDBResult } from '@duckdb/node-api';
import { sparkTypeOf, toCell, type Cell, type ResultColumn } from './result-columns.js';

export interface ResultPage {
  /** Column-major cells, `cells[c][r]`. */
  cells: Cell[][];
  rowCount: number;
  /** Rows served before this page. */
  startRow: number;
  hasMoreRows: boolean;
}

/**
 * Reads a streaming DuckDB result page by page. One chunk is always read ahead, so a page knows
 * whether more rows follow (the `hasMoreRows` a warehouse reports) without a round trip.
 */
export class ResultCursor {
  readonly columns: readonly ResultColumn[];
  readonly #result: DuckDBResult;
  #buffered: Cell[][];
  #bufferedRows = 0;
  #served = 0;
  #exhausted = false;

  private constructor(result: DuckDBResult, columns: ResultColumn[]) {
    this.#result = result;
    this.columns = columns;
    this.#buffered = columns.map(() => []);
  }

  /** Maps the column types (refusing unmapped ones) and reads the first chunk. */
  static async open(result: DuckDBResult): Promise<ResultCursor> {
    const columns = result.columnNames().map((name, i) => ({ name, type: sparkTypeOf(result.columnType(i)) }));
    const cursor = new ResultCursor(result, columns);
    await cursor.#readChunk();
    return cursor;
  }

  get hasMoreRows(): boolean {
    return this.#bufferedRows > 0;
  }

  async next(maxRows: number): Promise<ResultPage> {
    while (this.#bufferedRows < maxRows && !this.#exhausted) await this.#readChunk();
    const take = Math.min(maxRows, this.#bufferedRows);
    const cells = this.#buffered.map((column) => column.splice(0, take));
    this.#bufferedRows -= take;
    const startRow = this.#served;
    this.#served += take;
    if (this.#bufferedRows === 0 && !this.#exhausted) await this.#readChunk();
    return { cells, rowCount: take, startRow, hasMoreRows: this.hasMoreRows };
  }

  async #readChunk(): Promise<void> {
    const chunk = await this.#result.fetchChunk();
    if (!chunk || chunk.rowCount === 0) {
      this.#exhausted = true;
      return;
    }
    const values = chunk.getColumns();
    this.columns.forEach((column, c) => {
      const target = this.#buffered[c]!;
      for (const value of values[c]!) target.push(toCell(value, column.type));
    });
    this.#bufferedRows += chunk.rowCount;
  }
}
