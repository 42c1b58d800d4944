import * as z from 'zod/mini';

/** Machine-readable error codes; each maps to one HTTP status on the server. */
export const errorCodes = [
  'bad_request',
  'unauthenticated',
  'forbidden',
  'not_found',
  'payload_too_large',
  'row_cap_exceeded',
  'query_timeout',
  'unavailable',
  'internal',
] as const;
export const ErrorCode = z.enum(errorCodes);
export type ErrorCode = z.infer<typeof ErrorCode>;

/** The HTTP status the API answers each error code with. */
export const statusOfErrorCode = {
  bad_request: 400,
  unauthenticated: 401,
  forbidden: 403,
  not_found: 404,
  payload_too_large: 413,
  row_cap_exceeded: 413,
  query_timeout: 504,
  unavailable: 503,
  internal: 500,
} as const satisfies Record<ErrorCode, number>;

/**
 * The error code a bare HTTP status stands for, for answers whose body is not the error shape
 * (a proxy's page, say); undefined for a status the API never answers with on its own.
 */
export function errorCodeOfStatus(status: number): ErrorCode | undefined {
  if (status === 413) return 'payload_too_large';
  const match = errorCodes.find((code) => statusOfErrorCode[code] === status);
  return match ?? (status >= 500 ? 'internal' : undefined);
}

/** One problem with one input field: `path` locates it in the request (e.g. `filters.period.from`). */
export const ErrorIssue = z.object({
  path: z.string(),
  message: z.string(),
});
export type ErrorIssue = z.infer<typeof ErrorIssue>;

/** The only error shape the API ever returns. */
export const ErrorBody = z.object({
  error: z.object({
    code: ErrorCode,
    message: z.string(),
    details: z.optional(
      z.object({
        issues: z.optional(z.array(ErrorIssue)),
        requestId: z.optional(z.string()),
        maxRows: z.optional(z.number().check(z.int())),
      }),
    ),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
export type ErrorDetails = NonNullable<ErrorBody['error']['details']>;
