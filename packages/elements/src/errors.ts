import type { ErrorCode, ErrorDetails } from '@kineo/core';

/**
 * Base class of every error `@kineo/elements` throws. Messages never contain a token, so they are
 * safe to log and to show in a `kineo-error` event.
 */
export class KineoError extends Error {
  /** @param message What went wrong, safe to log. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KineoError';
  }
}

/** Why a token source gave no usable token. */
export type TokenSourceFailure =
  /** The token URL could not be reached (offline, DNS, CORS, connection reset). */
  | 'network'
  /** The token URL answered with a non-2xx status (e.g. 401 when the host session has ended). */
  | 'status'
  /** The answer was not `{ token, expiresAt }` (or a provider returned something that is not a token). */
  | 'invalid_response';

/**
 * A token source (the host's `token-url` or a `tokenProvider`) failed to give a token. For a
 * `token-url`, `status` is the HTTP status and `code`/`message` come from the answer's
 * `{ error: { code, message } }` body when it has that shape.
 */
export class TokenSourceError extends KineoError {
  /** What kind of failure this is. */
  readonly reason: TokenSourceFailure;
  /** HTTP status of the token URL's answer; `undefined` when there was none (network, provider). */
  readonly status: number | undefined;
  /** The error code of the answer's error body, if it had one. */
  readonly code: string | undefined;

  /**
   * @param reason What kind of failure this is.
   * @param message Safe to log: never the token.
   * @param init The status and error code of the answer, and the underlying error.
   */
  constructor(reason: TokenSourceFailure, message: string, init: { status?: number; code?: string; cause?: unknown } = {}) {
    super(message, init.cause === undefined ? undefined : { cause: init.cause });
    this.name = 'TokenSourceError';
    this.reason = reason;
    this.status = init.status;
    this.code = init.code;
  }
}

/**
 * `TokenManager.getToken()` could not produce a token: the token source failed (its error is the
 * `cause`, often a `TokenSourceError`), or the manager was disposed. Not a permanent state: the
 * next `getToken()` asks the source again.
 */
export class TokenUnavailableError extends KineoError {
  /** `source` when the token source failed, `disposed` when the manager was disposed. */
  readonly reason: 'source' | 'disposed';
  /** The token URL's HTTP status when that is what failed (e.g. 401: the host session ended). */
  readonly status: number | undefined;

  /**
   * @param reason Why no token is available.
   * @param message Safe to log.
   * @param cause The token source's error.
   */
  constructor(reason: 'source' | 'disposed', message: string, cause?: unknown) {
    super(message, cause === undefined ? undefined : { cause });
    this.name = 'TokenUnavailableError';
    this.reason = reason;
    this.status = cause instanceof TokenSourceError ? cause.status : undefined;
  }
}

/**
 * Codes of `KineoApiError`: the API's own codes, `invalid_response` for an answer that is not what
 * the API sends, `network` when no answer came; an unknown code from a newer API passes through.
 */
export type KineoApiErrorCode = ErrorCode | 'invalid_response' | 'network' | (string & {});

/**
 * The Kineo API answered with an error, with something that is not a valid answer, or not at all.
 * `status`, `code`, `message` and `details` come from the API's error body
 * (`{ error: { code, message, details } }`); when the body has another shape, `code` is derived
 * from the status. `status` is 0 when there was no answer: `network` (none came) or `bad_request`
 * (an id that is not a slug, refused before anything was sent).
 */
export class KineoApiError extends KineoError {
  /** HTTP status of the answer; 0 when there was none (nothing sent, or no answer). */
  readonly status: number;
  /** `bad_request`, `unauthenticated`, `forbidden`, `not_found`, …, `invalid_response` or `network`. */
  readonly code: KineoApiErrorCode;
  /** `issues` name the refused fields, `requestId` identifies the request in the API's logs. */
  readonly details: ErrorDetails | undefined;

  /**
   * @param status HTTP status, 0 when there was no answer.
   * @param code Error code.
   * @param message The API's message (safe to show).
   * @param details The API's details, if any.
   */
  constructor(status: number, code: KineoApiErrorCode, message: string, details?: ErrorDetails, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KineoApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}
