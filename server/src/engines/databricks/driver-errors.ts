import { DatabricksEngineError } from './databricks-engine-error.js';

/** What the engine should do about something the driver threw. */
export interface DriverFailure {
  error: DatabricksEngineError;
  /** Running the (read-only) statement again may succeed. */
  retryable: boolean;
  /** The session may be unusable: close it instead of returning it to the pool. */
  discardSession: boolean;
  /** How long the warehouse asked us to wait before trying again. */
  retryAfterMs?: number;
}

/** The warehouse's report of a failed operation (a GetOperationStatus answer in ERROR state). */
export interface OperationErrorReport {
  sqlState?: string | null;
  errorMessage?: string | null;
  displayMessage?: string | null;
}

const UNREACHABLE = 'the warehouse could not be reached';
const REFUSED = 'the warehouse refused the statement';
const FAILED = 'the query failed on the warehouse';

const TLS_CODES = new Set([
  'DEPTH_ZERO_SELF_SIGNED_CERT',
  'SELF_SIGNED_CERT_IN_CHAIN',
  'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT_LOCALLY',
  'CERT_HAS_EXPIRED',
  'CERT_NOT_YET_VALID',
  'ERR_TLS_CERT_ALTNAME_INVALID',
  'EPROTO',
]);
/** Connection failures after which the same request may well succeed. */
const TRANSIENT_NETWORK_CODES = new Set([
  'ECONNRESET',
  'EPIPE',
  'ECONNREFUSED',
  'ETIMEDOUT',
  'EHOSTUNREACH',
  'ENETUNREACH',
  'EAI_AGAIN',
  'ENOTFOUND',
  'ERR_STREAM_PREMATURE_CLOSE',
  'UND_ERR_SOCKET',
]);
const TRANSIENT_HTTP_STATUS = new Set([429, 502, 503, 504]);
/** A warehouse asking for a longer wait than this is left to the client (the API answers 503 + Retry-After). */
const MAX_RETRY_AFTER_MS = 2_000;

/** Errors that mean the statement is wrong for this warehouse or namespace, not that it broke while running. */
const ANALYSIS_SQLSTATE_CLASSES = ['42', '0A', '07'];
const TIMEOUT_ERROR_CLASSES = new Set(['QUERY_EXECUTION_TIMEOUT_EXCEEDED', 'STATEMENT_TIMEOUT', 'OPERATION_TIMEOUT']);
const PERMISSION_ERROR_CLASSES = new Set(['INSUFFICIENT_PERMISSIONS', 'PERMISSION_DENIED', 'UNAUTHORIZED_ACCESS']);

/**
 * The error class Databricks puts in brackets at the start of a message
 * (`[TABLE_OR_VIEW_NOT_FOUND] The table …`), possibly after a wrapper prefix. Only the class is
 * kept; the rest of the text names tables and values and never leaves the engine.
 */
export function errorClassOf(message: string | null | undefined): string | undefined {
  if (!message) return undefined;
  return /\[([A-Z][A-Z0-9_]{1,63}(?:\.[A-Z][A-Z0-9_]{1,63})?)\]/.exec(message.slice(0, 512))?.[1];
}

/** A SQL failure reported by the warehouse, by error class and SQLSTATE. */
export function sqlFailure(report: OperationErrorReport): DatabricksEngineError {
  const message = report.errorMessage ?? report.displayMessage ?? undefined;
  const errorClass = errorClassOf(message) ?? errorClassOf(report.displayMessage);
  const sqlState = report.sqlState && /^[0-9A-Z]{5}$/.test(report.sqlState) ? report.sqlState : undefined;
  const baseClass = errorClass?.split('.')[0];
  if (baseClass && TIMEOUT_ERROR_CLASSES.has(baseClass))
    return new DatabricksEngineError('timeout', 'the query took too long', errorClass);
  if ((baseClass && PERMISSION_ERROR_CLASSES.has(baseClass)) || sqlState === '42501')
    return new DatabricksEngineError('rejected', REFUSED, errorClass ?? 'PERMISSION_DENIED');
  const detail = errorClass ?? (sqlState ? `SQLSTATE_${sqlState}` : undefined);
  if (sqlState && ANALYSIS_SQLSTATE_CLASSES.some((prefix) => sqlState.startsWith(prefix)))
    return new DatabricksEngineError('rejected', REFUSED, detail);
  if (!sqlState && errorClass && isAnalysisClass(errorClass))
    return new DatabricksEngineError('rejected', REFUSED, detail);
  return new DatabricksEngineError('failed', FAILED, detail);
}

/** Without a SQLSTATE (a synchronous Thrift status error) the class name has to tell. */
function isAnalysisClass(errorClass: string): boolean {
  return /^(?:TABLE_OR_VIEW_NOT_FOUND|UNRESOLVED_|PARSE_|UNBOUND_SQL_PARAMETER|WRONG_NUM_ARGS|DATATYPE_MISMATCH|SCHEMA_NOT_FOUND|CATALOG_NOT_FOUND|INVALID_|UNSUPPORTED_|AMBIGUOUS_)/.test(
    errorClass,
  );
}

interface ErrorShape {
  name?: unknown;
  message?: unknown;
  code?: unknown;
  type?: unknown;
  statusCode?: unknown;
  response?: { headers?: { get?(name: string): string | null } };
}

/**
 * Maps anything the driver throws to an engine failure with a fixed, safe message. Driver
 * messages carry URLs, hosts, SQL and values, so only their shape is read: node-fetch's
 * `FetchError` (network), the Thrift HTTP exception (a bad HTTP status), Thrift status errors
 * (the warehouse answered with an error), and the driver's own retry and auth errors.
 */
export function classifyDriverError(error: unknown): DriverFailure {
  if (error instanceof DatabricksEngineError) return { error, retryable: false, discardSession: false };
  const shape: ErrorShape = typeof error === 'object' && error !== null ? (error as ErrorShape) : {};
  const message = typeof shape.message === 'string' ? shape.message : '';
  const code = typeof shape.code === 'string' ? shape.code : undefined;

  if (shape.name === 'THTTPException' && typeof shape.statusCode === 'number') return httpFailure(shape);

  if (shape.name === 'FetchError' || (code && (TRANSIENT_NETWORK_CODES.has(code) || TLS_CODES.has(code)))) {
    if (code && TLS_CODES.has(code))
      return { error: new DatabricksEngineError('unavailable', UNREACHABLE, 'TLS'), retryable: false, discardSession: true };
    if (code === 'ECONNREFUSED' || code === 'ENOTFOUND' || code === 'EAI_AGAIN' || code === 'EHOSTUNREACH' || code === 'ENETUNREACH')
      return { error: new DatabricksEngineError('unavailable', UNREACHABLE, 'CONNECTION_REFUSED'), retryable: true, discardSession: true };
    return { error: new DatabricksEngineError('unavailable', UNREACHABLE, 'CONNECTION_DROPPED'), retryable: true, discardSession: true };
  }

  // The driver's socketTimeout: the request may still be running on the warehouse, so no retry.
  if (shape.name === 'TApplicationException' && /timed out/i.test(message))
    return { error: new DatabricksEngineError('unavailable', UNREACHABLE, 'SOCKET_TIMEOUT'), retryable: false, discardSession: true };

  // The driver's own HTTP retries (for the calls it deems safe) ran out.
  if (/when connecting to resource/i.test(message))
    return { error: new DatabricksEngineError('unavailable', UNREACHABLE, 'RETRIES_EXHAUSTED'), retryable: false, discardSession: false };

  if (shape.name === 'AuthenticationError')
    return { error: new DatabricksEngineError('unavailable', UNREACHABLE, 'AUTHENTICATION'), retryable: false, discardSession: false };

  if (shape.name === 'Status Error') {
    const errorClass = errorClassOf(message);
    if (isInvalidSession(message, errorClass))
      return { error: new DatabricksEngineError('unavailable', UNREACHABLE, 'SESSION_EXPIRED'), retryable: true, discardSession: true };
    return { error: sqlFailure({ errorMessage: message }), retryable: false, discardSession: false };
  }

  return { error: new DatabricksEngineError('failed', FAILED, 'DRIVER_ERROR'), retryable: false, discardSession: true };
}

/** The warehouse no longer knows the session (expired, closed, or the warehouse restarted). */
function isInvalidSession(message: string, errorClass: string | undefined): boolean {
  if (errorClass?.startsWith('INVALID_HANDLE.SESSION')) return true;
  return /invalid session ?handle|session (?:handle )?(?:not found|has expired|is closed|was closed)/i.test(message);
}

function httpFailure(shape: ErrorShape): DriverFailure {
  const status = shape.statusCode as number;
  const detail = `HTTP_${status}`;
  if (!TRANSIENT_HTTP_STATUS.has(status))
    return { error: new DatabricksEngineError('unavailable', UNREACHABLE, detail), retryable: false, discardSession: false };
  const retryAfterSeconds = retryAfterOf(shape.response?.headers?.get?.('retry-after'));
  const error = new DatabricksEngineError('unavailable', UNREACHABLE, detail, retryAfterSeconds);
  if (retryAfterSeconds === undefined) return { error, retryable: true, discardSession: false };
  const retryAfterMs = retryAfterSeconds * 1000;
  return { error, retryable: retryAfterMs <= MAX_RETRY_AFTER_MS, discardSession: false, retryAfterMs };
}

function retryAfterOf(header: string | null | undefined): number | undefined {
  if (!header || !/^\d{1,6}$/.test(header.trim())) return undefined;
  return Number(header.trim());
}
