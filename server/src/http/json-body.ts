import type { Context } from 'hono';
import { z } from 'zod';
import { ApiError, badRequest, issuesOf } from './api-error.js';

/**
 * Parses and validates a JSON body: 400 naming each failing field (or saying it is not JSON).
 * `schema` may be classic zod or zod/mini (the @kineo/core wire schemas).
 */
export async function jsonBody<T extends z.core.$ZodType>(c: Context, schema: T): Promise<z.output<T>> {
  if (!/^application\/json\b/i.test(c.req.header('content-type') ?? ''))
    throw new ApiError('bad_request', 'The body must be JSON (Content-Type: application/json).');
  let raw: unknown;
  try {
    raw = await c.req.json();
  } catch {
    throw new ApiError('bad_request', 'The body is not valid JSON.');
  }
  const parsed = z.safeParse(schema, raw);
  if (!parsed.success) throw badRequest(issuesOf(parsed.error));
  return parsed.data;
}
