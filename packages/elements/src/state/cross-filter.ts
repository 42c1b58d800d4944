import type { CrossFilterOptions, CrossFilterSelection, FilterValues, PanelDefinition } from '@kineo/core';
import { MAX_FILTER_ITEMS, MAX_FILTER_STRING } from '@kineo/core';

/** The value a selected datum contributes to its panel's cross-filter (as the filter's string form). */
export function crossFilterValueOf(datum: Readonly<Record<string, unknown>>, options: CrossFilterOptions): string | undefined {
  const value = datum[options.field];
  const text = typeof value === 'string' ? value : typeof value === 'number' && Number.isFinite(value) ? String(value) : typeof value === 'boolean' ? String(value) : undefined;
  return text !== undefined && text.length > 0 && text.length <= MAX_FILTER_STRING ? text : undefined;
}

/**
 * The selection after `value` of `panel` was selected: one source panel at a time (selecting in
 * another panel starts a new selection from it); in the same panel the value is toggled, and
 * toggling the last value off clears the selection (`undefined`).
 */
export function toggleCrossFilter(
  current: CrossFilterSelection | undefined,
  panel: PanelDefinition & { crossFilter: CrossFilterOptions },
  value: string,
): CrossFilterSelection | undefined {
  if (!current || current.panel !== panel.id || current.filter !== panel.crossFilter.filter)
    return { panel: panel.id, filter: panel.crossFilter.filter, values: [value] };
  if (current.values.includes(value)) {
    const values = current.values.filter((v) => v !== value);
    return values.length > 0 ? { ...current, values } : undefined;
  }
  if (current.values.length >= MAX_FILTER_ITEMS) return current;
  return { ...current, values: [...current.values, value] };
}

/**
 * The filters one panel runs with, the way the API applies a cross-filter: every panel but the
 * selection's source gets the selected values as its filter's value (for `POST /v1/query`, which
 * carries no cross-filter of its own).
 */
export function filtersOfPanel(filters: FilterValues, crossFilter: CrossFilterSelection | undefined, panelId: string): FilterValues {
  if (!crossFilter || crossFilter.panel === panelId) return filters;
  return { ...filters, [crossFilter.filter]: crossFilter.values };
}

/** Whether two selections are the same (value order included: it is the order of selection). */
export function sameCrossFilter(a: CrossFilterSelection | undefined, b: CrossFilterSelection | undefined): boolean {
  if (!a || !b) return a === b;
  return a.panel === b.panel && a.filter === b.filter && a.values.length === b.values.length && a.values.every((v, i) => v === b.values[i]);
}
