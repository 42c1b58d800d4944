import { existsSync } from 'node:fs';
import { join } from 'node:path';
import {
  DuckDBInstance,
  StatementType,
  type DuckDBConnection,
  type DuckDBPreparedStatement,
} from '@duckdb/node-api';
import type { CellValue, ResultColumn } from '@kineo/core';
import {
  EngineError,
  assertNamespace,
  type EngineResult,
  type QueryEngine,
  type RunOptions,
  type SqlParams,
} from '../engine.js';
import { ConnectionPool } from './connection-pool.js';
import { columnTypeOf, toCellValue, toDuckDBBindings } from './duckdb-values.js';

export interface DuckDBEngineOptions {
  /** Folder holding one `<namespace>.duckdb` file per tenant. */
  dataDir: string;
  /** Connections per tenant file: how many of its statements may run at once. */
  connectionsPerNamespace?: number;
  /** DuckDB worker threads per tenant file. */
  threads?: number;
}

/**
 * Settings every tenant database is opened with. Read-only, no file system, no extensions, and
 * locked so no statement can turn any of it back on: even a statement that slipped past the
 * catalog could not read another file, attach another tenant's database or change a setting.
 */
export function lockedDownConfig(threads: number): Record<string, string> {
  return {
    access_mode: 'READ_ONLY',
    enable_external_access: 'false',
    autoinstall_known_extensions: 'false',
    autoload_known_extensions: 'false',
    allow_community_extensions: 'false',
    threads: String(threads),
    lock_configuration: 'true',
  };
}

interface OpenNamespace {
  instance: DuckDBInstance;
  pool: ConnectionPool;
  statements: WeakMap<DuckDBConnection, Map<string, DuckDBPreparedStatement>>;
}

const MAX_CACHED_STATEMENTS = 256;

/** The embedded default engine: one locked-down, read-only DuckDB file per tenant namespace. */
export class DuckDBEngine implements QueryEngine {
  readonly kind = 'duckdb';
  readonly #options: Required<DuckDBEngineOptions>;
  readonly #open = new Map<string, Promise<OpenNamespace>>();

  constructor(options: DuckDBEngineOptions) {
    this.#options = { connectionsPerNamespace: 2, threads: 2, ...options };
  }

  fileFor(namespace: string): string {
    assertNamespace(namespace);
    return join(this.#options.dataDir, `${namespace}.duckdb`);
  }

  async run(namespace: string, sql: string, params: SqlParams, options: RunOptions): Promise<EngineResult> {
    const db = await this.#namespace(namespace);
    if (options.signal?.aborted) throw new EngineError('cancelled', 'the query was cancelled');
    return db.pool.use(async (connection) => {
      const statement = await this.#prepare(db, connection, sql);
      const { values, types } = toDuckDBBindings(params);
      statement.clearBindings();
      statement.bind(values, types);
      return withInterrupt(connection, options, () => readResult(statement, options.maxRows));
    });
  }

  async ping(namespace: string): Promise<void> {
    await this.run(namespace, 'SELECT 1 AS ok', {}, { timeoutMs: 2000, maxRows: 1 });
  }

  async close(): Promise<void> {
    const open = [...this.#open.values()];
    this.#open.clear();
    for (const pending of open) {
      const db = await pending.catch(() => undefined);
      db?.pool.close();
      db?.instance.closeSync();
    }
  }

  #namespace(namespace: string): Promise<OpenNamespace> {
    let pending = this.#open.get(namespace);
    if (!pending) {
      pending = this.#openNamespace(namespace);
      this.#open.set(namespace, pending);
      pending.catch(() => this.#open.delete(namespace));
    }
    return pending;
  }

  async #openNamespace(namespace: string): Promise<OpenNamespace> {
    const file = this.fileFor(namespace);
    if (!existsSync(file)) throw new EngineError('unavailable', `namespace "${namespace}" has no data`);
    try {
      const instance = await DuckDBInstance.create(file, lockedDownConfig(this.#options.threads));
      const pool = await ConnectionPool.open(instance, this.#options.connectionsPerNamespace);
      return { instance, pool, statements: new WeakMap() };
    } catch {
      throw new EngineError('unavailable', `namespace "${namespace}" could not be opened`);
    }
  }

  /** Prepared statements are cached per connection: catalog SQL is a small fixed set. */
  async #prepare(db: OpenNamespace, connection: DuckDBConnection, sql: string): Promise<DuckDBPreparedStatement> {
    let cache = db.statements.get(connection);
    if (!cache) db.statements.set(connection, (cache = new Map()));
    const cached = cache.get(sql);
    if (cached) return cached;
    let statement: DuckDBPreparedStatement;
    try {
      statement = await connection.prepare(sql);
    } catch {
      // DuckDB's message quotes the SQL; it must not travel further.
      throw new EngineError('rejected', 'the statement could not be prepared');
    }
    if (statement.statementType !== StatementType.SELECT) {
      statement.destroySync();
      throw new EngineError('rejected', 'only SELECT statements may run');
    }
    if (cache.size >= MAX_CACHED_STATEMENTS) {
      const [oldestSql, oldest] = cache.entries().next().value!;
      oldest.destroySync();
      cache.delete(oldestSql);
    }
    cache.set(sql, statement);
    return statement;
  }
}

/** Runs `work`, interrupting the connection's statement on timeout or abort. */
async function withInterrupt<T>(connection: DuckDBConnection, options: RunOptions, work: () => Promise<T>): Promise<T> {
  let reason: 'timeout' | 'cancelled' | undefined;
  const interrupt = (why: 'timeout' | 'cancelled') => {
    reason ??= why;
    connection.interrupt();
  };
  const timer = setTimeout(() => interrupt('timeout'), options.timeoutMs);
  const onAbort = () => interrupt('cancelled');
  options.signal?.addEventListener('abort', onAbort, { once: true });
  try {
    return await work();
  } catch (error) {
    if (reason === 'timeout') throw new EngineError('timeout', 'the query took too long');
    if (reason === 'cancelled') throw new EngineError('cancelled', 'the query was cancelled');
    if (error instanceof EngineError) throw error;
    throw new EngineError('failed', 'the query failed');
  } finally {
    clearTimeout(timer);
    options.signal?.removeEventListener('abort', onAbort);
  }
}

export async function readResult(statement: DuckDBPreparedStatement, maxRows: number): Promise<EngineResult> {
  const result = await statement.stream();
  const columns: ResultColumn[] = [];
  for (let i = 0; i < result.columnCount; i++)
    columns.push({ name: result.columnName(i), type: columnTypeOf(result.columnTypeId(i)) });
  const data: CellValue[][] = columns.map(() => []);
  let rowCount = 0;
  let overflowed = false;
  for (let chunk = await result.fetchChunk(); chunk && chunk.rowCount > 0; chunk = await result.fetchChunk()) {
    const take = Math.min(chunk.rowCount, maxRows - rowCount);
    const chunkColumns = chunk.getColumns();
    columns.forEach((column, c) => {
      const values = chunkColumns[c]!;
      const target = data[c]!;
      for (let r = 0; r < take; r++) target.push(toCellValue(values[r]!, column.type));
    });
    rowCount += take;
    if (take < chunk.rowCount) {
      overflowed = true;
      break;
    }
  }
  return { columns, data, rowCount, overflowed };
}
