import { filterValueSchemas, type DashboardDefinition, type FilterValue, type FilterValues } from '@kineo/core';
import { ApiError, badRequest, issuesOf } from '../http/api-error.js';
import type { ErrorIssue } from '@kineo/core';

/**
 * The filter values a request runs with: the client's, each checked against its filter's kind,
 * then overwritten by the token's locked filters (which the client can neither change nor clear).
 * An unknown filter id or a value of the wrong shape is a 400 naming `filters.<id>…`.
 */
export function effectiveFilters(
  dashboard: DashboardDefinition,
  requested: FilterValues,
  locked: FilterValues,
): Map<string, FilterValue> {
  const issues: ErrorIssue[] = [];
  const values = new Map<string, FilterValue>();
  const kinds = new Map(dashboard.filters.map((filter) => [filter.id, filter.kind]));
  for (const [id, value] of Object.entries(requested)) {
    const kind = kinds.get(id);
    if (!kind) {
      issues.push({ path: `filters.${id}`, message: `dashboard "${dashboard.id}" has no filter "${id}"` });
      continue;
    }
    if (value === null) continue;
    const parsed = filterValueSchemas[kind].safeParse(value);
    if (parsed.success) values.set(id, parsed.data as FilterValue);
    else issues.push(...issuesOf(parsed.error, `filters.${id}`));
  }
  if (issues.length > 0) throw badRequest(issues);
  for (const [id, value] of Object.entries(locked)) {
    const kind = kinds.get(id);
    if (!kind) continue;
    if (value === null) {
      values.delete(id);
      continue;
    }
    // A locked value is the token's claim: if it does not fit, the host minted a bad token.
    if (!filterValueSchemas[kind].safeParse(value).success)
      throw new ApiError('forbidden', `The token locks filter "${id}" to a value it cannot take.`);
    values.set(id, value);
  }
  return values;
}
