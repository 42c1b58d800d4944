import { thrift } from '@databricks/sql';
import type { CellValue } from '@kineo/core';
import type { EngineResult, QueryEngine, RunOptions, SqlParams } from '../engine.js';
import { databricksNamespace } from '../engine-kind.js';
import { bindStatement, type BoundStatement } from './bound-statement.js';
import { DatabricksEngineError } from './databricks-engine-error.js';
import type { DatabricksSettings } from './databricks-settings.js';
import { classifyDriverError, sqlFailure } from './driver-errors.js';
import { resultColumns, toCellValue } from './result-values.js';
import { SessionPool } from './session-pool.js';
import { StatementRun } from './statement-run.js';
import {
  WarehouseClient,
  defaultDriverTuning,
  type DriverTuning,
  type WarehouseOperation,
  type WarehouseSession,
} from './warehouse-client.js';

const { TOperationState } = thrift.TCLIService_types;

export interface DatabricksEngineOptions {
  settings: DatabricksSettings;
  /** The driver's socket timeout and HTTP retry knobs (tests shorten them). */
  driver?: Partial<DriverTuning>;
  /** Extra attempts of a statement after a dropped connection, a lost session or a 429/503. */
  statementRetries?: number;
  /** Idle sessions are closed after this long. */
  sessionIdleMs?: number;
  /** Rows asked for per FetchResults call. */
  fetchChunkRows?: number;
  /** Status polling starts at the first delay and doubles up to the second. */
  pollDelayMs?: readonly [first: number, max: number];
  pingTimeoutMs?: number;
}

/** Counters for metrics and logs. */
export interface DatabricksEngineStats {
  sessionsOpened: number;
  sessionsClosed: number;
  statements: number;
  retries: number;
  cancellations: number;
}

/**
 * Tenants whose data lives in Databricks, through the `@databricks/sql` driver's Thrift backend.
 * A tenant's namespace (`catalog.schema`) becomes the initial namespace of the sessions opened for
 * it, so catalog SQL names tables unqualified and can only reach that tenant's schema. Sessions are
 * pooled per namespace; each carries the warehouse-side `STATEMENT_TIMEOUT` as a backstop for the
 * per-run timer, which cancels the running operation on the warehouse when it fires or when the
 * caller aborts.
 */
export class DatabricksEngine implements QueryEngine {
  readonly kind = 'databricks';
  readonly #settings: DatabricksSettings;
  readonly #tuning: DriverTuning;
  readonly #statementRetries: number;
  readonly #fetchChunkRows: number;
  readonly #pollDelayMs: readonly [number, number];
  readonly #pingTimeoutMs: number;
  readonly #pool: SessionPool<WarehouseSession>;
  readonly #stats: DatabricksEngineStats = { sessionsOpened: 0, sessionsClosed: 0, statements: 0, retries: 0, cancellations: 0 };
  #client: Promise<WarehouseClient> | undefined;
  #closed = false;

  constructor(options: DatabricksEngineOptions) {
    this.#settings = options.settings;
    this.#tuning = { ...defaultDriverTuning, ...options.driver };
    this.#statementRetries = options.statementRetries ?? 1;
    this.#fetchChunkRows = options.fetchChunkRows ?? 10_000;
    this.#pollDelayMs = options.pollDelayMs ?? [25, 400];
    this.#pingTimeoutMs = options.pingTimeoutMs ?? 10_000;
    this.#pool = new SessionPool({
      open: (namespace) => this.#openSession(namespace),
      close: (session) => this.#closeSession(session),
      maxPerNamespace: this.#settings.sessionsPerTenant,
      idleMs: options.sessionIdleMs ?? 10 * 60_000,
    });
  }

  get stats(): Readonly<DatabricksEngineStats> {
    return { ...this.#stats };
  }

  async run(namespace: string, sql: string, params: SqlParams, options: RunOptions): Promise<EngineResult> {
    if (!databricksNamespace(namespace)) throw new DatabricksEngineError('rejected', 'invalid namespace', 'INVALID_NAMESPACE');
    if (this.#closed) throw new DatabricksEngineError('unavailable', 'the engine is closed', 'ENGINE_CLOSED');
    const statement = bindStatement(sql, params);
    const run = new StatementRun(options);
    try {
      for (let attempt = 0; ; attempt++) {
        run.throwIfStopped();
        try {
          return await this.#attempt(namespace, statement, options.maxRows, run);
        } catch (error) {
          if (run.stopReason) throw run.signal.reason;
          const failure = classifyDriverError(error);
          const wait = failure.retryAfterMs ?? 0;
          if (!failure.retryable || attempt >= this.#statementRetries || wait >= run.remainingMs()) throw failure.error;
          this.#stats.retries++;
          await run.sleep(wait);
        }
      }
    } finally {
      run.dispose();
    }
  }

  async ping(namespace: string): Promise<void> {
    await this.run(namespace, 'SELECT 1 AS ok', {}, { timeoutMs: this.#pingTimeoutMs, maxRows: 1 });
  }

  async close(): Promise<void> {
    this.#closed = true;
    await this.#pool.close();
    const client = await this.#client?.catch(() => undefined);
    await client?.shutdown().catch(() => {});
  }

  /**
   * One try on one pooled session. The caller is answered as soon as the run stops; the
   * statement's clean-up (cancel, close, returning the session) finishes in the background.
   */
  async #attempt(namespace: string, statement: BoundStatement, maxRows: number, run: StatementRun): Promise<EngineResult> {
    const lease = await this.#pool.acquire(namespace, run.signal);
    if (run.signal.aborted) {
      lease.release();
      run.throwIfStopped();
    }
    const work = this.#execute(lease.session, statement, maxRows, run).then(
      (result) => {
        lease.release();
        return result;
      },
      (error: unknown) => {
        if (classifyDriverError(error).discardSession) lease.discard();
        else lease.release();
        throw error;
      },
    );
    return run.race(work);
  }

  async #execute(session: WarehouseSession, statement: BoundStatement, maxRows: number, run: StatementRun): Promise<EngineResult> {
    const client = await this.#connected();
    const firstRows = Math.min(maxRows + 1, this.#fetchChunkRows);
    const operation = await session.executeStatement(statement.sql, {
      namedParameters: statement.parameters,
      runAsync: true,
      // Direct results: a small answer comes back with the ExecuteStatement reply itself.
      maxRows: firstRows,
      queryTimeout: Math.max(1, Math.ceil(run.remainingMs() / 1000)),
      useCloudFetch: false,
      useLZ4Compression: false,
    });
    this.#stats.statements++;
    let cancelling: Promise<void> | undefined;
    const stopWatching = run.onStop(() => {
      this.#stats.cancellations++;
      cancelling = client.cancelOperation(operation).catch(() => {});
    });
    try {
      await this.#finished(operation, run);
      return await this.#read(operation, maxRows, run);
    } finally {
      stopWatching();
      // Close only once the cancel has landed, so the warehouse sees cancel-then-close in order.
      await cancelling;
      await operation.close().catch(() => {});
      client.forgetOperation(operation);
    }
  }

  /** Polls the operation until it finishes, mapping every other final state to an engine error. */
  async #finished(operation: WarehouseOperation, run: StatementRun): Promise<void> {
    const [first, max] = this.#pollDelayMs;
    for (let delay = first; ; delay = Math.min(delay * 2, max)) {
      run.throwIfStopped();
      const status = await operation.status();
      switch (status.operationState) {
        case TOperationState.FINISHED_STATE:
          return;
        case TOperationState.ERROR_STATE:
          throw sqlFailure(status);
        case TOperationState.TIMEDOUT_STATE:
          throw new DatabricksEngineError('timeout', 'the query took too long', 'TIMEDOUT_STATE');
        case TOperationState.CANCELED_STATE: {
          run.throwIfStopped();
          // Not cancelled by us: the warehouse's statement timeout, or someone in the workspace.
          const reported = sqlFailure(status);
          if (reported.code === 'timeout') throw reported;
          throw new DatabricksEngineError('failed', 'the warehouse cancelled the query', 'CANCELED_BY_WAREHOUSE');
        }
        case TOperationState.CLOSED_STATE:
        case TOperationState.UKNOWN_STATE:
          throw new DatabricksEngineError('failed', 'the query failed on the warehouse', 'OPERATION_LOST');
        default:
          await run.sleep(delay);
      }
    }
  }

  /**
   * Reads at most `maxRows` rows (one more to learn whether more existed), chunk by chunk, each
   * FetchResults asking only for the rows still wanted. The driver's Arrow reader keeps one batch
   * read ahead, so at worst about twice the cap crosses the wire, never the whole result.
   */
  async #read(operation: WarehouseOperation, maxRows: number, run: StatementRun): Promise<EngineResult> {
    const columns = resultColumns(await operation.getSchema());
    const data: CellValue[][] = columns.map(() => []);
    let rowCount = 0;
    let overflowed = false;
    while (!overflowed && (await operation.hasMoreRows())) {
      run.throwIfStopped();
      const rows = (await operation.fetchChunk({
        maxRows: Math.min(this.#fetchChunkRows, maxRows + 1 - rowCount),
        disableBuffering: true,
      })) as Record<string, unknown>[];
      for (const row of rows) {
        if (rowCount === maxRows) {
          overflowed = true;
          break;
        }
        columns.forEach((column, c) => data[c]!.push(toCellValue(row[column.name], column.type)));
        rowCount++;
      }
    }
    return { columns, data, rowCount, overflowed };
  }

  #connected(): Promise<WarehouseClient> {
    if (!this.#client) {
      const client = new WarehouseClient();
      this.#client = client.open(this.#settings, this.#tuning).then(() => client);
      this.#client.catch(() => {
        this.#client = undefined;
      });
    }
    return this.#client;
  }

  async #openSession(namespace: string): Promise<WarehouseSession> {
    const { catalog, schema } = databricksNamespace(namespace)!;
    const client = await this.#connected();
    const session = await client.openSession({
      initialCatalog: catalog,
      initialSchema: schema,
      configuration: {
        STATEMENT_TIMEOUT: String(this.#settings.statementTimeoutSeconds),
        // Timestamps the warehouse writes as text are then UTC, as the API reports them.
        TIMEZONE: 'UTC',
      },
    });
    this.#stats.sessionsOpened++;
    return session;
  }

  async #closeSession(session: WarehouseSession): Promise<void> {
    this.#stats.sessionsClosed++;
    await session.close();
  }
}
