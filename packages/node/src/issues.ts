import type { z } from 'zod';
import type { KineoOptionsIssue } from './types.js';

/**
 * zod issues as `{ path, message }`, paths dotted and prefixed (`filters.period.to`). An unknown
 * field becomes one issue at its own path, so a typo (`dashbaords`) is named.
 * @param error The failed parse.
 * @param prefix Where the parsed value sits in the caller's options (e.g. `key`), if anywhere.
 */
export function issuesOf(error: z.core.$ZodError, prefix?: string): KineoOptionsIssue[] {
  return error.issues.flatMap((issue) => {
    const path = [prefix, ...issue.path.map(String)].filter((part) => part !== undefined && part !== '').join('.');
    if (issue.code === 'unrecognized_keys')
      return issue.keys.map((key) => ({ path: path ? `${path}.${key}` : key, message: 'is not a known field' }));
    return [{ path, message: issue.message }];
  });
}

/** Whether `value` is a plain object (not null, not an array). */
export function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
