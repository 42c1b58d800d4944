import { randomBytes, randomUUID } from 'node:crypto';
import { StatementType, type DuckDBConnection } from '@duckdb/node-api';
import { DatabricksSqlError, sqlErrorFromDuckDB, sqlErrors } from './databricks-errors.js';
import type { ArrowNativeTypes } from './arrow-results.js';
import { ResultCursor, type ResultPage } from './result-cursor.js';
import { bindParameters, describeParameters, type SparkParameter } from './spark-parameters.js';
import { translateDatabricksQuery } from './translate-sql.js';
import type { WarehouseDatabase, Namespace } from './warehouse-database.js';
import type { WarehouseFaults } from './warehouse-faults.js';
import type { StatementRecord, StatementState } from './warehouse-log.js';

export interface StatementRequest {
  sessionId: string;
  namespace: Namespace;
  sql: string;
  parameters: readonly SparkParameter[];
  statementTimeoutSeconds?: number;
  queryTimeoutSeconds?: number;
  resultFormat: 'arrow' | 'columns';
  arrowNative: ArrowNativeTypes;
}

type StopReason = 'cancel' | 'timeout' | 'close';

/** A handle's 16-byte id: a version 4 UUID, as Databricks issues (the driver refuses anything else). */
export function newHandleGuid(): Buffer {
  return Buffer.from(randomUUID().replaceAll('-', ''), 'hex');
}

/** A 16-byte handle id printed the way the driver prints it (a UUID). */
export function handleId(guid: Buffer): string {
  const hex = guid.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

/**
 * One ExecuteStatement: runs in the background on its own DuckDB connection (in the session's
 * namespace) and moves PENDING → RUNNING (DuckDB is executing it) → FINISHED | ERROR | CANCELED,
 * or CLOSED when closed first. A statement running past the session's `STATEMENT_TIMEOUT` is interrupted and fails
 * with Databricks' timeout error; cancel interrupts the DuckDB statement.
 */
export class StatementOperation {
  readonly guid = newHandleGuid();
  readonly secret = randomBytes(16);
  readonly id = handleId(this.guid);
  readonly record: StatementRecord;
  readonly request: StatementRequest;
  readonly startedAt = Date.now();
  completedAt: number | undefined;
  error: DatabricksSqlError | undefined;
  #cursor: ResultCursor | undefined;
  #connection: DuckDBConnection | undefined;
  #stopReason: StopReason | undefined;
  readonly #stopped: Promise<void>;
  #signalStopped!: () => void;
  readonly #settled: Promise<void>;

  readonly #onChange: () => void;

  /** `onChange` runs after every change of `record`. */
  constructor(request: StatementRequest, database: WarehouseDatabase, faults: WarehouseFaults, onChange: () => void) {
    this.request = request;
    this.#onChange = onChange;
    this.record = {
      operationId: this.id,
      sessionId: request.sessionId,
      namespace: `${request.namespace.catalog}.${request.namespace.schema}`,
      sql: request.sql,
      parameters: describeParameters(request.parameters),
      statementTimeoutSeconds: request.statementTimeoutSeconds,
      queryTimeoutSeconds: request.queryTimeoutSeconds,
      resultFormat: request.resultFormat,
      state: 'PENDING',
      rowsServed: 0,
      fetches: 0,
      closed: false,
    };
    this.#stopped = new Promise((resolve) => (this.#signalStopped = resolve));
    this.#settled = this.#run(database, faults);
  }

  get state(): StatementState {
    return this.record.state;
  }

  get columns() {
    return this.#cursor?.columns;
  }

  /** Resolves when the statement has settled or `ms` have passed, whichever is first. */
  async settledWithin(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    await Promise.race([this.#settled, new Promise<void>((resolve) => (timer = setTimeout(resolve, ms)))]);
    clearTimeout(timer);
  }

  cancel(): void {
    if (this.state === 'FINISHED') {
      this.#release();
      this.#setState('CANCELED');
    } else this.#stop('cancel');
  }

  close(): void {
    this.record.closed = true;
    if (this.state === 'PENDING' || this.state === 'RUNNING') this.#stop('close');
    else this.#release();
    this.#onChange();
  }

  /** The next page of a finished statement's rows. */
  async fetch(maxRows: number): Promise<ResultPage> {
    if (!this.#cursor || this.state !== 'FINISHED') throw sqlErrors.failed('The operation has no result set to fetch.');
    const page = await this.#cursor.next(maxRows);
    this.record.rowsServed += page.rowCount;
    this.record.fetches++;
    this.#onChange();
    return page;
  }

  async #run(database: WarehouseDatabase, faults: WarehouseFaults): Promise<void> {
    await Promise.resolve(); // let the caller hold the handle before anything can settle
    const { request } = this;
    const timeoutSeconds = request.statementTimeoutSeconds ?? 0;
    const timer = timeoutSeconds > 0 ? setTimeout(() => this.#stop('timeout'), timeoutSeconds * 1000) : undefined;
    try {
      const query = translateDatabricksQuery(request.sql, { namespace: request.namespace });
      this.record.translatedSql = query.sql;
      const bindings = bindParameters(request.parameters, query.parameters);
      if (faults.take('hang-statement', (f) => !f.sqlIncludes || request.sql.includes(f.sqlIncludes))) {
        this.#setState('RUNNING');
        await this.#stopped;
      }
      this.#throwIfStopped();
      this.#connection = await database.connect(request.namespace);
      this.#throwIfStopped();
      const prepared = await this.#connection.prepare(query.sql);
      this.#throwIfStopped();
      if (prepared.statementType !== StatementType.SELECT) throw sqlErrors.onlyQueries();
      prepared.bind(bindings.values, bindings.types);
      // RUNNING from here on means DuckDB is executing it: a cancel now interrupts DuckDB itself.
      this.#setState('RUNNING');
      const cursor = await ResultCursor.open(await prepared.stream());
      this.#throwIfStopped();
      this.#cursor = cursor;
      this.#setState('FINISHED');
    } catch (error) {
      this.#release();
      const reason = this.#stopReason;
      if (reason === 'cancel') this.#setState('CANCELED');
      else if (reason === 'close') this.#setState('CLOSED');
      else {
        this.error = reason === 'timeout' ? sqlErrors.statementTimeout(timeoutSeconds) : sqlErrorFromDuckDB(error);
        this.record.errorMessage = this.error.message;
        this.#setState('ERROR');
      }
    } finally {
      clearTimeout(timer);
    }
  }

  #throwIfStopped(): void {
    if (this.#stopReason) throw new Error(`stopped: ${this.#stopReason}`);
  }

  #stop(reason: StopReason): void {
    if (this.#stopReason || (this.state !== 'PENDING' && this.state !== 'RUNNING')) return;
    this.#stopReason = reason;
    this.#signalStopped();
    // An interrupt that lands just before DuckDB starts executing is lost, so repeat it until the statement ends.
    const interrupt = () => this.#connection?.interrupt();
    interrupt();
    const repeat = setInterval(interrupt, 20);
    void this.#settled.finally(() => clearInterval(repeat));
  }

  #setState(state: StatementState): void {
    this.record.state = state;
    if (state !== 'PENDING' && state !== 'RUNNING') this.completedAt ??= Date.now();
    this.#onChange();
  }

  #release(): void {
    this.#cursor = undefined;
    const connection = this.#connection;
    this.#connection = undefined;
    connection?.closeSync();
  }
}
