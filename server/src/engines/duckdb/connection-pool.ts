import type { DuckDBConnection, DuckDBInstance } from '@duckdb/node-api';

/**
 * A fixed set of connections to one DuckDB instance. A connection runs one statement at a time,
 * so concurrent requests wait for a free one instead of queueing inside the driver, and an
 * interrupt (timeout, abort) only ever hits the statement it was meant for.
 */
export class ConnectionPool {
  readonly #idle: DuckDBConnection[] = [];
  readonly #waiting: Array<(connection: DuckDBConnection) => void> = [];
  readonly #all: DuckDBConnection[] = [];

  private constructor() {}

  static async open(instance: DuckDBInstance, size: number): Promise<ConnectionPool> {
    const pool = new ConnectionPool();
    for (let i = 0; i < size; i++) {
      const connection = await instance.connect();
      pool.#all.push(connection);
      pool.#idle.push(connection);
    }
    return pool;
  }

  async use<T>(work: (connection: DuckDBConnection) => Promise<T>): Promise<T> {
    const connection =
      this.#idle.pop() ?? (await new Promise<DuckDBConnection>((resolve) => this.#waiting.push(resolve)));
    try {
      return await work(connection);
    } finally {
      const next = this.#waiting.shift();
      if (next) next(connection);
      else this.#idle.push(connection);
    }
  }

  close(): void {
    for (const connection of this.#all) connection.closeSync();
    this.#all.length = 0;
    this.#idle.length = 0;
  }
}
