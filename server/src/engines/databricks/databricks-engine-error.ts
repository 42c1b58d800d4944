import { EngineError, type EngineErrorCode } from '../engine.js';

/** Error classes and SQLSTATEs are fixed vocabularies; anything else is never copied into `detail`. */
const SAFE_DETAIL = /^[A-Z][A-Z0-9_]{1,63}(?:\.[A-Z][A-Z0-9_]{1,63})?$/;

/**
 * An `EngineError` with a short, safe `detail` for logs: a Databricks error class such as
 * `TABLE_OR_VIEW_NOT_FOUND`, or an engine code such as `CONNECTION_DROPPED`. Never driver text.
 */
export class DatabricksEngineError extends EngineError {
  readonly detail: string | undefined;

  constructor(
    code: EngineErrorCode,
    message: string,
    detail?: string,
    /** From the warehouse's `Retry-After`, when it said when to come back. */
    readonly retryAfterSeconds?: number,
  ) {
    super(code, message);
    this.name = 'DatabricksEngineError';
    this.detail = detail !== undefined && SAFE_DETAIL.test(detail) ? detail : undefined;
  }
}
