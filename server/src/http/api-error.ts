import { statusOfErrorCode, type ErrorBody, type ErrorCode, type ErrorDetails, type ErrorIssue } from '@kineo/core';
import type { ContentfulStatusCode } from 'hono/utils/http-status';
import type { z } from 'zod';
import { EngineError, type EngineErrorCode } from '../engines/engine.js';


/** An error meant for the client: thrown anywhere, turned into the one error body by the app's onError. */
export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly details?: ErrorDetails,
    /** Sent as `Retry-After`: the condition is expected to pass (a warehouse starting or recovering). */
    readonly retryAfterSeconds?: number,
  ) {
    super(message);
    this.name = 'ApiError';
  }

  get status(): ContentfulStatusCode {
    return statusOfErrorCode[this.code];
  }

  toBody(requestId?: string): ErrorBody {
    const details = requestId ? { ...this.details, requestId } : this.details;
    return { error: { code: this.code, message: this.message, ...(details ? { details } : {}) } };
  }
}

export function badRequest(issues: ErrorIssue[], message = 'The request is invalid.'): ApiError {
  return new ApiError('bad_request', message, { issues });
}

/** zod issues as `path: message` pairs, each path prefixed with where the value sat (`body`, `filters.period`). */
export function issuesOf(error: z.core.$ZodError, prefix?: string): ErrorIssue[] {
  return error.issues.map((issue) => ({
    path: [prefix, ...issue.path.map(String)].filter((p) => p !== undefined && p !== '').join('.') || '(body)',
    message: issue.message,
  }));
}

/** How long a client should wait before retrying when the warehouse is unreachable or overloaded. */
export const ENGINE_RETRY_AFTER_SECONDS = 5;

/** The warehouse's own Retry-After when an engine passed one on (e.g. a warehouse starting), within reason. */
function retryAfterOf(error: EngineError): number {
  const asked = error.retryAfterSeconds;
  if (asked === undefined || !Number.isFinite(asked)) return ENGINE_RETRY_AFTER_SECONDS;
  return Math.min(Math.max(Math.ceil(asked), 1), 300);
}

const engineErrors: Record<EngineErrorCode, (error: EngineError) => ApiError> = {
  timeout: () => new ApiError('query_timeout', 'The query took too long. Narrow the filters and try again.'),
  cancelled: () => new ApiError('unavailable', 'The query was cancelled.'),
  unavailable: (error) =>
    new ApiError('unavailable', 'The data is not available right now. Try again shortly.', undefined, retryAfterOf(error)),
  rejected: () => new ApiError('internal', 'The query could not be run.'),
  failed: () => new ApiError('internal', 'The query could not be run.'),
};

/** Maps any error to what the client may see: ApiErrors as they are, everything else without internals. */
export function toApiError(error: unknown): ApiError {
  if (error instanceof ApiError) return error;
  if (error instanceof EngineError) return engineErrors[error.code](error);
  return new ApiError('internal', 'Something went wrong on our side.');
}
