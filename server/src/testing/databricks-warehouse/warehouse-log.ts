import type { LoggedParameter } from './spark-parameters.js';

/** The TCLIService methods the driver calls on the statement path. */
export type ThriftMethod =
  | 'OpenSession'
  | 'CloseSession'
  | 'ExecuteStatement'
  | 'GetOperationStatus'
  | 'GetResultSetMetadata'
  | 'FetchResults'
  | 'CancelOperation'
  | 'CloseOperation'
  | 'GetInfo';

export interface ThriftCall {
  /** A TCLIService method name (other methods are answered with an error, and logged too). */
  method: string;
  sessionId?: string;
  operationId?: string;
}

export interface SessionRecord {
  /** As the driver prints it (`DBSQLSession.id`). */
  id: string;
  /** The initial namespace the client sent, if any. */
  requestedNamespace?: { catalog?: string; schema?: string };
  /** `catalog.schema` unqualified names resolve in. */
  namespace: string;
  configuration: Record<string, string>;
  closed: boolean;
}

export type StatementState = 'PENDING' | 'RUNNING' | 'FINISHED' | 'ERROR' | 'CANCELED' | 'CLOSED';

export interface StatementRecord {
  /** As the driver prints it (`DBSQLOperation.id`). */
  operationId: string;
  sessionId: string;
  namespace: string;
  /** The Databricks SQL as received. */
  sql: string;
  /** What ran on DuckDB, once translated. */
  translatedSql?: string;
  parameters: LoggedParameter[];
  /** The session's `STATEMENT_TIMEOUT` (seconds) that applied, if any. */
  statementTimeoutSeconds?: number;
  /** `TExecuteStatementReq.queryTimeout` as sent; warehouses do not enforce it. */
  queryTimeoutSeconds?: number;
  resultFormat: 'arrow' | 'columns';
  /** Latest state; `CLOSED` only when closed before it finished. */
  state: StatementState;
  errorMessage?: string;
  /** Rows handed out through direct results and FetchResults. */
  rowsServed: number;
  fetches: number;
  closed: boolean;
}

export interface UnexpectedRequest {
  method: string;
  path: string;
}

/** Everything the warehouse saw, for assertions. Cleared with `clear()`. */
export class WarehouseLog {
  readonly calls: ThriftCall[] = [];
  readonly sessions: SessionRecord[] = [];
  readonly statements: StatementRecord[] = [];
  /** Operation ids a CancelOperation named. */
  readonly cancellations: string[] = [];
  /** Requests to any other path or with any other HTTP method (answered 404). */
  readonly unexpectedRequests: UnexpectedRequest[] = [];
  /** Requests refused with 401 (wrong or missing token). */
  unauthorizedRequests = 0;
  readonly #waiting = new Set<() => boolean>();

  count(method: ThriftMethod | string): number {
    return this.calls.filter((call) => call.method === method).length;
  }

  statement(operationId: string): StatementRecord | undefined {
    return this.statements.find((s) => s.operationId === operationId);
  }

  /**
   * Resolves with the first statement matching `predicate`, now or as soon as one changes to
   * match (e.g. `s => s.operationId === id && s.state === 'CANCELED'`): wait for it, not for time.
   */
  waitForStatement(predicate: (statement: StatementRecord) => boolean): Promise<StatementRecord> {
    return new Promise((resolve) => {
      const check = () => {
        const found = this.statements.find(predicate);
        if (found) resolve(found);
        return found !== undefined;
      };
      if (!check()) this.#waiting.add(check);
    });
  }

  /** The warehouse calls this after changing a record. */
  changed(): void {
    for (const check of [...this.#waiting]) if (check()) this.#waiting.delete(check);
  }

  clear(): void {
    this.calls.length = 0;
    this.sessions.length = 0;
    this.statements.length = 0;
    this.cancellations.length = 0;
    this.unexpectedRequests.length = 0;
    this.unauthorizedRequests = 0;
  }
}
