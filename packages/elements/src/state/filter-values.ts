import { FilterValues, filterValueSchemas, type ErrorIssue, type FilterDefinition, type FilterValue } from '@kineo/core';

/** The result of checking filter values: the parsed values, or what is wrong with them. */
export type FilterCheck = { ok: true; values: FilterValues } | { ok: false; issues: ErrorIssue[] };

/**
 * Checks filter values the way the API will: the `FilterValues` shape, then, when the dashboard's
 * filters are known, that each id is one of them and each value fits that filter's kind. Nothing
 * is dropped silently: any problem refuses the whole set.
 */
export function checkFilterValues(values: unknown, filters?: readonly FilterDefinition[]): FilterCheck {
  const parsed = FilterValues.safeParse(values);
  if (!parsed.success)
    return { ok: false, issues: parsed.error.issues.map((issue) => ({ path: ['filters', ...issue.path.map(String)].join('.'), message: issue.message })) };
  if (!filters) return { ok: true, values: parsed.data };
  const issues = filterIssues(parsed.data, filters);
  return issues.length > 0 ? { ok: false, issues } : { ok: true, values: parsed.data };
}

/** Problems of (shape-valid) values against a dashboard's filters: unknown ids, values of the wrong kind. */
export function filterIssues(values: FilterValues, filters: readonly FilterDefinition[]): ErrorIssue[] {
  const issues: ErrorIssue[] = [];
  const kinds = new Map(filters.map((filter) => [filter.id, filter.kind]));
  for (const [id, value] of Object.entries(values)) {
    const kind = kinds.get(id);
    if (kind === undefined) {
      issues.push({ path: `filters.${id}`, message: `the dashboard has no filter "${id}"` });
      continue;
    }
    if (value === null) continue;
    const result = filterValueSchemas[kind].safeParse(value);
    if (!result.success)
      for (const issue of result.error.issues)
        issues.push({ path: ['filters', id, ...issue.path.map(String)].join('.'), message: `${kind} filter: ${issue.message}` });
  }
  return issues;
}

/** True for a value that filters nothing: null, an empty selection, a date range without bounds. */
export function isEmptyFilterValue(value: FilterValue | null | undefined): boolean {
  if (value === null || value === undefined) return true;
  if (Array.isArray(value)) return value.length === 0;
  if (typeof value === 'object') return value.from === undefined && value.to === undefined;
  return false;
}

/**
 * `current` with `changes` applied: a named filter takes its new value, a null or empty one is
 * removed, the others stay. The result holds no null and no empty value, so two states that
 * filter the same compare equal.
 */
export function mergeFilterValues(current: FilterValues, changes: FilterValues): FilterValues {
  const merged: FilterValues = {};
  for (const [id, value] of Object.entries({ ...current, ...changes })) if (!isEmptyFilterValue(value)) merged[id] = value;
  return merged;
}

/** Whether two filter states filter the same (key order aside). */
export function sameFilterValues(a: FilterValues, b: FilterValues): boolean {
  return canonicalJson(mergeFilterValues({}, a)) === canonicalJson(mergeFilterValues({}, b));
}

/** JSON with object keys sorted at every level (arrays keep their order): stable and comparable. */
export function canonicalJson(value: unknown): string {
  return JSON.stringify(value, (_key, v: unknown) =>
    v && typeof v === 'object' && !Array.isArray(v)
      ? Object.fromEntries(Object.entries(v as Record<string, unknown>).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)))
      : v,
  );
}
