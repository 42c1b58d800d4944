import type { CrossFilterSelection, DashboardDefinition, ErrorIssue, FilterValue, FilterValues } from '@kineo/core';
import { z } from 'zod';
import { panelLevels, type Catalog } from '../catalog/catalog.js';
import { parameterValueSchema } from '../catalog/query-parameters.js';
import { badRequest } from '../http/api-error.js';
import { effectiveFilters } from './effective-filters.js';

/**
 * Checks a request's cross-filter selection against the dashboard before anything runs: its
 * `panel` must be a panel of the dashboard that declares `crossFilter` through that very `filter`,
 * and its values must fit every query the filter feeds. A 400 naming `crossFilter.…` otherwise.
 */
export function checkCrossFilter(catalog: Catalog, dashboard: DashboardDefinition, selection: CrossFilterSelection): void {
  const source = dashboard.panels.find((panel) => panel.id === selection.panel);
  if (!source) throw badRequest([{ path: 'crossFilter.panel', message: `dashboard "${dashboard.id}" has no panel "${selection.panel}"` }]);
  if (!source.crossFilter)
    throw badRequest([{ path: 'crossFilter.panel', message: `panel "${source.id}" does not cross-filter` }]);
  if (source.crossFilter.filter !== selection.filter)
    throw badRequest([
      { path: 'crossFilter.filter', message: `panel "${source.id}" cross-filters through "${source.crossFilter.filter}", not "${selection.filter}"` },
    ]);

  const issues: ErrorIssue[] = [];
  const seen = new Set<string>();
  for (const panel of dashboard.panels)
    for (const view of panelLevels(panel)) {
      const declaration = catalog.queries.get(view.query)?.parameters[selection.filter];
      if (!declaration || seen.has(view.query)) continue;
      seen.add(view.query);
      const parsed = z.safeParse(parameterValueSchema(declaration), selection.values);
      if (!parsed.success)
        for (const issue of parsed.error.issues)
          issues.push({ path: ['crossFilter.values', ...issue.path.map(String)].join('.'), message: issue.message });
    }
  if (issues.length > 0) throw badRequest(dedupe(issues));
}

function dedupe(issues: ErrorIssue[]): ErrorIssue[] {
  const seen = new Set<string>();
  return issues.filter((issue) => {
    const key = `${issue.path}\u0000${issue.message}`;
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

/**
 * The effective filters of a request, per panel: the cross-filter's source panel (and every panel
 * when there is no cross-filter) runs with the request's filters alone; every other panel has the
 * selected values set on the cross-filter's filter on top of them. Locked token filters win over
 * both, because effectiveFilters applies them last.
 */
export function filtersPerPanel(
  dashboard: DashboardDefinition,
  requested: FilterValues,
  locked: FilterValues,
  selection: CrossFilterSelection | undefined,
): (panelId: string) => ReadonlyMap<string, FilterValue> {
  const plain = effectiveFilters(dashboard, requested, locked);
  if (!selection) return () => plain;
  const crossFiltered = effectiveFilters(dashboard, { ...requested, [selection.filter]: selection.values }, locked);
  return (panelId) => (panelId === selection.panel ? plain : crossFiltered);
}
