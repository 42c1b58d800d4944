import { randomBytes } from 'node:crypto';
import thrift from 'thrift';
import ttypes from '@databricks/sql/thrift/TCLIService_types.js';
import { arrowBatchMessage, arrowSchemaMessage } from './arrow-results.js';
import { thriftColumns } from './column-results.js';
import { DatabricksSqlError, sqlErrors } from './databricks-errors.js';
import { columnDescription } from './result-columns.js';
import type { ResultPage } from './result-cursor.js';
import type { SparkParameter } from './spark-parameters.js';
import { StatementOperation, handleId, newHandleGuid } from './statement-operation.js';
import { DEFAULT_NAMESPACE, type Namespace, type WarehouseDatabase } from './warehouse-database.js';
import type { WarehouseFaults } from './warehouse-faults.js';
import type { SessionRecord, WarehouseLog } from './warehouse-log.js';

const { TStatusCode, TOperationState, TOperationType, TSparkRowSetType, TProtocolVersion, TGetInfoType } = ttypes;
type Int64 = InstanceType<typeof thrift.Int64>;

/** Session settings a SQL warehouse accepts (keys are case-insensitive); only STATEMENT_TIMEOUT has an effect here. */
const SESSION_SETTINGS = new Set(['statement_timeout', 'timezone', 'ansi_mode', 'use_cached_result', 'legacy_time_parser_policy', 'query_tags', 'spark.sql.thriftserver.metadata.metricview.enabled']);
const MAX_STATEMENT_TIMEOUT = 172_800;

export interface WarehouseServiceOptions {
  database: WarehouseDatabase;
  faults: WarehouseFaults;
  log: WarehouseLog;
  resultFormat: () => 'arrow' | 'columns';
  /** Most rows one FetchResults (or direct result) answer carries. */
  fetchBatchRows: number;
  /** How long ExecuteStatement waits to answer with direct results; 0 disables them. */
  directResultsWaitMs: number;
}

interface Session {
  guid: Buffer;
  record: SessionRecord;
  namespace: Namespace;
  statementTimeoutSeconds?: number;
  operations: Set<StatementOperation>;
}

interface HandleRequest {
  sessionHandle?: { sessionId?: { guid?: Buffer } };
  operationHandle?: { operationId?: { guid?: Buffer } };
}

const success = () => ({ statusCode: TStatusCode.SUCCESS_STATUS });
const failure = (error: DatabricksSqlError) => ({
  statusCode: TStatusCode.ERROR_STATUS,
  errorMessage: error.message,
  displayMessage: error.message,
  sqlState: error.sqlState,
});

/** The statement path methods of TCLIService; every other method is refused. */
const HANDLED_METHODS = [
  'OpenSession', 'CloseSession', 'GetInfo', 'ExecuteStatement', 'GetOperationStatus',
  'GetResultSetMetadata', 'FetchResults', 'CancelOperation', 'CloseOperation',
] as const;
const REFUSED_METHODS = [
  'GetTypeInfo', 'GetCatalogs', 'GetSchemas', 'GetTables', 'GetTableTypes', 'GetColumns', 'GetFunctions',
  'GetPrimaryKeys', 'GetCrossReference', 'GetDelegationToken', 'CancelDelegationToken', 'RenewDelegationToken',
];

/**
 * The TCLIService (HiveServer2) handler of the test warehouse, answering as a Databricks SQL
 * warehouse does: protocol V8 sessions with an initial namespace and session configuration,
 * asynchronous statements with named parameters, direct results, Arrow or column-based rows.
 * Each method takes the generated request struct and returns the response as plain data.
 */
export class WarehouseService {
  readonly #options: WarehouseServiceOptions;
  readonly #sessions = new Map<string, Session>();
  readonly #operations = new Map<string, StatementOperation>();

  constructor(options: WarehouseServiceOptions) {
    this.#options = options;
  }

  /** The object the generated `TCLIService.Processor` calls, with the `thrift-error` fault applied. */
  handler(): Record<string, (request: HandleRequest) => Promise<unknown>> {
    const handler: Record<string, (request: HandleRequest) => Promise<unknown>> = {};
    for (const method of HANDLED_METHODS) {
      handler[method] = async (request) => {
        this.#logCall(method, request);
        const fault = this.#options.faults.take('thrift-error', (f) => f.method === method);
        if (fault) return { status: failure(sqlErrors.failed(fault.message ?? `Injected ${method} failure.`)), serverProtocolVersion: TProtocolVersion.SPARK_CLI_SERVICE_PROTOCOL_V8 };
        return this[method](request as never);
      };
    }
    for (const method of REFUSED_METHODS) {
      handler[method] = async (request) => {
        this.#logCall(method, request);
        return { status: failure(sqlErrors.notSupportedHere(`the ${method} call`)) };
      };
    }
    return handler;
  }

  async OpenSession(request: {
    client_protocol_i64?: Int64 | null;
    client_protocol?: number | null;
    configuration?: Record<string, string> | null;
    initialNamespace?: { catalogName?: string | null; schemaName?: string | null } | null;
  }) {
    const v8 = TProtocolVersion.SPARK_CLI_SERVICE_PROTOCOL_V8;
    const clientProtocol = request.client_protocol_i64?.toNumber() ?? request.client_protocol ?? v8;
    const serverProtocolVersion = Math.min(clientProtocol, v8);
    const configuration = { ...(request.configuration ?? {}) };
    const requested = request.initialNamespace
      ? { catalog: request.initialNamespace.catalogName ?? undefined, schema: request.initialNamespace.schemaName ?? undefined }
      : undefined;
    try {
      const statementTimeoutSeconds = statementTimeout(configuration);
      const namespace = this.#namespace(requested);
      const guid = newHandleGuid();
      const record: SessionRecord = {
        id: handleId(guid),
        ...(requested ? { requestedNamespace: requested } : {}),
        namespace: `${namespace.catalog}.${namespace.schema}`,
        configuration,
        closed: false,
      };
      this.#options.log.sessions.push(record);
      this.#sessions.set(guid.toString('hex'), { guid, record, namespace, statementTimeoutSeconds, operations: new Set() });
      return {
        status: success(),
        serverProtocolVersion,
        sessionHandle: { sessionId: { guid, secret: randomBytes(16) } },
        initialNamespace: { catalogName: namespace.catalog, schemaName: namespace.schema },
        canUseMultipleCatalogs: true,
        configuration: {},
      };
    } catch (error) {
      return { status: failure(asSqlError(error)), serverProtocolVersion };
    }
  }

  async CloseSession(request: HandleRequest) {
    const session = this.#session(request);
    if (!session) return { status: failure(sqlErrors.invalidHandle('SESSION', sessionIdOf(request))) };
    for (const operation of session.operations) this.#closeOperation(operation);
    session.record.closed = true;
    this.#sessions.delete(session.guid.toString('hex'));
    return { status: success() };
  }

  async GetInfo(request: HandleRequest & { infoType: number }) {
    if (!this.#session(request)) return { status: failure(sqlErrors.invalidHandle('SESSION', sessionIdOf(request))), infoValue: {} };
    const values: Record<number, string> = {
      [TGetInfoType.CLI_SERVER_NAME]: 'Databricks SQL',
      [TGetInfoType.CLI_DBMS_NAME]: 'Spark SQL',
      [TGetInfoType.CLI_DBMS_VER]: '3.5.0',
    };
    const value = values[request.infoType];
    if (value === undefined) return { status: failure(sqlErrors.notSupportedHere(`GetInfo type ${request.infoType}`)), infoValue: {} };
    return { status: success(), infoValue: { stringValue: value } };
  }

  async ExecuteStatement(request: HandleRequest & {
    statement: string;
    confOverlay?: Record<string, string> | null;
    getDirectResults?: { maxRows: Int64 } | null;
    queryTimeout?: Int64 | null;
    canReadArrowResult?: boolean | null;
    useArrowNativeTypes?: { timestampAsArrow?: boolean | null; decimalAsArrow?: boolean | null } | null;
    parameters?: SparkParameter[] | null;
  }) {
    const session = this.#session(request);
    if (!session) return { status: failure(sqlErrors.invalidHandle('SESSION', sessionIdOf(request))) };
    let overlayTimeout: number | undefined;
    try {
      overlayTimeout = statementTimeout({ ...(request.confOverlay ?? {}) });
    } catch (error) {
      return { status: failure(asSqlError(error)) };
    }
    const arrow = this.#options.resultFormat() === 'arrow' && request.canReadArrowResult === true;
    const operation = new StatementOperation(
      {
        sessionId: session.record.id,
        namespace: session.namespace,
        sql: request.statement,
        parameters: request.parameters ?? [],
        statementTimeoutSeconds: overlayTimeout ?? session.statementTimeoutSeconds,
        queryTimeoutSeconds: request.queryTimeout?.toNumber(),
        resultFormat: arrow ? 'arrow' : 'columns',
        arrowNative: {
          decimal: request.useArrowNativeTypes?.decimalAsArrow === true,
          timestamp: request.useArrowNativeTypes?.timestampAsArrow === true,
        },
      },
      this.#options.database,
      this.#options.faults,
      () => this.#options.log.changed(),
    );
    this.#options.log.statements.push(operation.record);
    this.#options.log.changed();
    this.#operations.set(operation.guid.toString('hex'), operation);
    session.operations.add(operation);
    const operationHandle = {
      operationId: { guid: operation.guid, secret: operation.secret },
      operationType: TOperationType.EXECUTE_STATEMENT,
      hasResultSet: true,
    };
    const wait = this.#options.directResultsWaitMs;
    if (!request.getDirectResults || wait <= 0) return { status: success(), operationHandle };
    await operation.settledWithin(wait);
    return { status: success(), operationHandle, directResults: await this.#directResults(operation, request.getDirectResults.maxRows.toNumber()) };
  }

  /** Status, and for a finished statement its metadata and first rows; closed at once when they are all its rows. */
  async #directResults(operation: StatementOperation, maxRows: number) {
    const operationStatus = this.#status(operation);
    if (operation.state !== 'FINISHED') return { operationStatus };
    const resultSetMetadata = this.#metadata(operation);
    // A failure reading the first rows surfaces on the client's own FetchResults instead.
    const resultSet = await this.#fetch(operation, maxRows).catch(() => undefined);
    if (!resultSet) return { operationStatus, resultSetMetadata };
    if (resultSet.hasMoreRows) return { operationStatus, resultSetMetadata, resultSet };
    this.#closeOperation(operation);
    return { operationStatus, resultSetMetadata, resultSet, closeOperation: { status: success() } };
  }

  async GetOperationStatus(request: HandleRequest) {
    const operation = this.#operation(request);
    if (!operation) return { status: failure(sqlErrors.invalidHandle('OPERATION', operationIdOf(request))) };
    return this.#status(operation);
  }

  async GetResultSetMetadata(request: HandleRequest) {
    const operation = this.#operation(request);
    if (!operation) return { status: failure(sqlErrors.invalidHandle('OPERATION', operationIdOf(request))) };
    if (operation.state !== 'FINISHED') return { status: failure(sqlErrors.failed(`The operation is ${operation.state}, not FINISHED.`)) };
    return this.#metadata(operation);
  }

  async FetchResults(request: HandleRequest & { maxRows: Int64; fetchType?: number | null }) {
    const operation = this.#operation(request);
    if (!operation) return { status: failure(sqlErrors.invalidHandle('OPERATION', operationIdOf(request))) };
    if (request.fetchType === 1) return { status: success(), hasMoreRows: false, results: { startRowOffset: new thrift.Int64(0), rows: [] } };
    try {
      return await this.#fetch(operation, request.maxRows.toNumber());
    } catch (error) {
      return { status: failure(asSqlError(error)) };
    }
  }

  async CancelOperation(request: HandleRequest) {
    const operation = this.#operation(request);
    this.#options.log.cancellations.push(operationIdOf(request));
    if (!operation) return { status: failure(sqlErrors.invalidHandle('OPERATION', operationIdOf(request))) };
    operation.cancel();
    return { status: success() };
  }

  async CloseOperation(request: HandleRequest) {
    const operation = this.#operation(request);
    if (!operation) return { status: failure(sqlErrors.invalidHandle('OPERATION', operationIdOf(request))) };
    this.#closeOperation(operation);
    return { status: success() };
  }

  /** Ends every session and statement (the warehouse is shutting down). */
  closeAll(): void {
    for (const operation of this.#operations.values()) operation.close();
    this.#operations.clear();
    this.#sessions.clear();
  }

  #status(operation: StatementOperation) {
    const states: Record<string, number> = {
      PENDING: TOperationState.PENDING_STATE,
      RUNNING: TOperationState.RUNNING_STATE,
      FINISHED: TOperationState.FINISHED_STATE,
      ERROR: TOperationState.ERROR_STATE,
      CANCELED: TOperationState.CANCELED_STATE,
      CLOSED: TOperationState.CLOSED_STATE,
    };
    const { error } = operation;
    return {
      status: success(),
      operationState: states[operation.state],
      ...(error && operation.state === 'ERROR'
        ? { sqlState: error.sqlState, errorMessage: error.message, displayMessage: error.message }
        : {}),
      operationStarted: new thrift.Int64(operation.startedAt),
      ...(operation.completedAt ? { operationCompleted: new thrift.Int64(operation.completedAt) } : {}),
      hasResultSet: operation.state === 'FINISHED' ? true : undefined,
    };
  }

  #metadata(operation: StatementOperation) {
    const columns = operation.columns ?? [];
    const { resultFormat, arrowNative } = operation.request;
    return {
      status: success(),
      schema: { columns: columns.map((column, i) => columnDescription(column, i + 1)) },
      resultFormat: resultFormat === 'arrow' ? TSparkRowSetType.ARROW_BASED_SET : TSparkRowSetType.COLUMN_BASED_SET,
      lz4Compressed: false,
      ...(resultFormat === 'arrow' ? { arrowSchema: arrowSchemaMessage(columns, arrowNative) } : {}),
    };
  }

  async #fetch(operation: StatementOperation, requestedRows: number) {
    const page = await operation.fetch(Math.max(1, Math.min(requestedRows, this.#options.fetchBatchRows)));
    return { status: success(), hasMoreRows: page.hasMoreRows, results: this.#rowSet(operation, page) };
  }

  #rowSet(operation: StatementOperation, page: ResultPage) {
    const columns = operation.columns ?? [];
    const { resultFormat, arrowNative } = operation.request;
    const rowSet = { startRowOffset: new thrift.Int64(page.startRow), rows: [], columnCount: columns.length };
    if (resultFormat === 'columns') return { ...rowSet, columns: thriftColumns(columns, page.cells, page.rowCount) };
    const arrowBatches = page.rowCount === 0 ? [] : [{ batch: arrowBatchMessage(columns, page.cells, page.rowCount, arrowNative), rowCount: new thrift.Int64(page.rowCount) }];
    return { ...rowSet, arrowBatches };
  }

  #closeOperation(operation: StatementOperation): void {
    operation.close();
    this.#operations.delete(operation.guid.toString('hex'));
    for (const session of this.#sessions.values()) session.operations.delete(operation);
  }

  #namespace(requested: { catalog?: string; schema?: string } | undefined): Namespace {
    if (!requested || (!requested.catalog && !requested.schema)) return DEFAULT_NAMESPACE;
    const catalog = requested.catalog ?? DEFAULT_NAMESPACE.catalog;
    const schema = requested.schema ?? 'default';
    const { database } = this.#options;
    if (!database.hasCatalog(catalog)) throw sqlErrors.noSuchCatalog(catalog);
    if (!database.hasNamespace({ catalog, schema })) throw sqlErrors.schemaNotFound(catalog, schema);
    return { catalog, schema };
  }

  #session(request: HandleRequest): Session | undefined {
    const guid = request.sessionHandle?.sessionId?.guid;
    return guid ? this.#sessions.get(guid.toString('hex')) : undefined;
  }

  #operation(request: HandleRequest): StatementOperation | undefined {
    const guid = request.operationHandle?.operationId?.guid;
    return guid ? this.#operations.get(guid.toString('hex')) : undefined;
  }

  #logCall(method: string, request: HandleRequest): void {
    const sessionGuid = request.sessionHandle?.sessionId?.guid;
    const operationGuid = request.operationHandle?.operationId?.guid;
    const operation = operationGuid ? this.#operations.get(operationGuid.toString('hex')) : undefined;
    this.#options.log.calls.push({
      method,
      ...(sessionGuid ? { sessionId: handleId(sessionGuid) } : operation ? { sessionId: operation.record.sessionId } : {}),
      ...(operationGuid ? { operationId: handleId(operationGuid) } : {}),
    });
  }
}

/** `STATEMENT_TIMEOUT` from a session configuration, validated as a warehouse validates it; other keys must be known settings. */
function statementTimeout(configuration: Record<string, string>): number | undefined {
  let seconds: number | undefined;
  for (const [key, value] of Object.entries(configuration)) {
    const name = key.toLowerCase();
    if (!SESSION_SETTINGS.has(name)) throw sqlErrors.configNotAvailable(key);
    if (name !== 'statement_timeout') continue;
    if (!/^\d+$/.test(value.trim()) || Number(value) > MAX_STATEMENT_TIMEOUT) throw sqlErrors.invalidConfigValue(key, value);
    seconds = Number(value);
  }
  return seconds;
}

function asSqlError(error: unknown): DatabricksSqlError {
  return error instanceof DatabricksSqlError ? error : sqlErrors.failed(error instanceof Error ? error.message : String(error));
}

const sessionIdOf = (request: HandleRequest) => {
  const guid = request.sessionHandle?.sessionId?.guid;
  return guid ? handleId(guid) : 'unknown';
};
const operationIdOf = (request: HandleRequest) => {
  const guid = request.operationHandle?.operationId?.guid;
  return guid ? handleId(guid) : 'unknown';
};
