import { z } from 'zod';

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
    details: z
      .object({
        issues: z.array(ErrorIssue).optional(),
        requestId: z.string().optional(),
        maxRows: z.number().int().optional(),
      })
      .optional(),
  }),
});
export type ErrorBody = z.infer<typeof ErrorBody>;
export type ErrorDetails = NonNullable<ErrorBody['error']['details']>;
