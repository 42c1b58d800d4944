import type { CellValue, ResultColumn } from '@kineo/core';

/** SQL types a bound parameter may have; every engine can bind each of them. */
export type SqlParamType = 'varchar' | 'integer' | 'double' | 'boolean' | 'date' | 'varchar[]';

/** A bound value. The SQL text never contains values: only `$name` placeholders. */
export interface SqlParam {
  type: SqlParamType;
  value: string | number | boolean | readonly string[] | null;
}
export type SqlParams = Readonly<Record<string, SqlParam>>;

export interface RunOptions {
  /** Aborting cancels the running statement (e.g. the HTTP client went away). */
  signal?: AbortSignal;
  timeoutMs: number;
  /** Rows are read up to this cap; `overflowed` says whether more existed. */
  maxRows: number;
}

export interface EngineResult {
  columns: ResultColumn[];
  /** Column-major values, `data[i]` for `columns[i]`. */
  data: CellValue[][];
  rowCount: number;
  /** More rows existed than `maxRows`; only `maxRows` were read. */
  overflowed: boolean;
}

/**
 * The one narrow interface between the API and a warehouse. `namespace` is the tenant's data
 * namespace from server configuration (a DuckDB file, a Databricks catalog/schema); SQL names
 * tables unqualified and is resolved inside that namespace only.
 */
export interface QueryEngine {
  readonly kind: string;
  run(namespace: string, sql: string, params: SqlParams, options: RunOptions): Promise<EngineResult>;
  /** Resolves when the namespace answers a trivial query; rejects with an EngineError otherwise. */
  ping(namespace: string): Promise<void>;
  close(): Promise<void>;
}

export type EngineErrorCode = 'timeout' | 'cancelled' | 'unavailable' | 'rejected' | 'failed';

/** Error classes and SQLSTATEs are fixed vocabularies; anything else is never kept as a detail. */
const SAFE_DETAIL = /^[A-Z][A-Z0-9_]{1,63}(?:\.[A-Z][A-Z0-9_]{1,63})?$/;

/**
 * A failure an engine reports. `message` is safe to log: it never holds SQL, values, paths or
 * schema names (driver messages do, so engines keep them out of here). `detail` is a short code
 * for logs and start-up reports (an error class such as `TABLE_OR_VIEW_NOT_FOUND`), never text;
 * `retryAfterSeconds` is when the warehouse said to come back, if it did.
 */
export class EngineError extends Error {
  readonly detail: string | undefined;

  constructor(
    readonly code: EngineErrorCode,
    message: string,
    detail?: string,
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'EngineError';
    this.detail = detail !== undefined && SAFE_DETAIL.test(detail) ? detail : undefined;
  }
}

/** Namespaces come from configuration, but are checked again where they become file or schema names. */
export const NAMESPACE_PATTERN = /^[a-z][a-z0-9_]{0,62}$/;

export function assertNamespace(namespace: string): void {
  if (!NAMESPACE_PATTERN.test(namespace)) throw new EngineError('rejected', 'invalid namespace');
}
