import type { KineoApiErrorCode, KineoErrorDetails, KineoOptionsIssue } from './types.js';

/**
 * Base class of every error `@kineo/node` throws. Messages never contain an API key, a signing
 * secret or a token, so they are safe to log.
 */
export class KineoError extends Error {
  /** @param message What went wrong, safe to log. */
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'KineoError';
  }
}

/**
 * The options or the grant were invalid; nothing was sent or signed. `issues` lists every bad
 * field by its path (`ttl`, `orgs`, `filters.period.from`, `apiKey`, `key.secret`, …).
 */
export class KineoOptionsError extends KineoError {
  /** Each problem, by field path. */
  readonly issues: readonly KineoOptionsIssue[];

  /** @param issues At least one problem; the message lists them all. */
  constructor(issues: readonly KineoOptionsIssue[]) {
    super(`Invalid Kineo options: ${issues.map((issue) => `${issue.path || '(options)'}: ${issue.message}`).join('; ')}`);
    this.name = 'KineoOptionsError';
    this.issues = issues;
  }
}

/**
 * The Kineo API could not be reached: DNS failure, connection refused or reset, TLS failure, or
 * no complete answer within the timeout. Retrying later may help.
 */
export class KineoUnreachableError extends KineoError {
  /** `host[:port]` of the API that could not be reached. */
  readonly host: string;
  /** `timeout` when no complete answer came in time, `network` otherwise. */
  readonly reason: 'timeout' | 'network';

  /**
   * @param host `host[:port]` of the API.
   * @param reason Why it failed.
   * @param detail A short explanation, e.g. `connection refused`.
   */
  constructor(host: string, reason: 'timeout' | 'network', detail: string, options?: { cause?: unknown }) {
    super(`The Kineo API at ${host} is unreachable: ${detail}`, options);
    this.name = 'KineoUnreachableError';
    this.host = host;
    this.reason = reason;
  }
}

/**
 * The Kineo API answered with an error (or with something that is not a valid answer). `code`,
 * `message` and `details` come from the API's error body (`{ error: { code, message, details } }`);
 * when the body is not in that shape, `code` is derived from the status.
 */
export class KineoApiError extends KineoError {
  /** HTTP status of the answer. */
  readonly status: number;
  /** The API's error code (`bad_request`, `unauthenticated`, `forbidden`, …), or `invalid_response`. */
  readonly code: KineoApiErrorCode;
  /** The API's details: `issues` name the refused fields, `requestId` identifies the request in its logs. */
  readonly details: KineoErrorDetails | undefined;

  /**
   * @param status HTTP status.
   * @param code Error code.
   * @param message The API's message.
   * @param details The API's details, if any.
   */
  constructor(status: number, code: KineoApiErrorCode, message: string, details?: KineoErrorDetails) {
    super(message);
    this.name = 'KineoApiError';
    this.status = status;
    this.code = code;
    this.details = details;
  }
}
