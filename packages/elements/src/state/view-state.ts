import { CatalogId, CrossFilterSelection, DrillPath, type DashboardDefinition, type ErrorIssue, type FilterValues } from '@kineo/core';
import { checkFilterValues, filterIssues, mergeFilterValues } from './filter-values.js';
import { fitDrillPath } from './drill-path.js';

/**
 * What a user changed on a dashboard, and all a link needs to reopen the same view: the filters,
 * each panel's drill path and the cross-filter selection. Never anything token-related.
 */
export interface DashboardViewState {
  filters: FilterValues;
  /** Only panels that are drilled (no empty paths). */
  drill: Record<string, DrillPath>;
  crossFilter?: CrossFilterSelection;
}

export type ViewStateCheck = { ok: true; state: DashboardViewState } | { ok: false; issues: ErrorIssue[] };

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/**
 * Reads a view state from untrusted JSON (a link) with the core schemas: `{ filters?, drill?,
 * crossFilter? }` and nothing else. Any problem refuses all of it: half of a hand-edited state is
 * not the view its link promised.
 */
export function parseViewState(value: unknown): ViewStateCheck {
  if (!isRecord(value)) return { ok: false, issues: [{ path: '', message: 'must be an object' }] };
  const issues: ErrorIssue[] = [];
  for (const key of Object.keys(value))
    if (key !== 'filters' && key !== 'drill' && key !== 'crossFilter') issues.push({ path: key, message: 'unknown field' });

  let filters: FilterValues = {};
  if (value['filters'] !== undefined) {
    const check = checkFilterValues(value['filters']);
    if (check.ok) filters = mergeFilterValues({}, check.values);
    else issues.push(...check.issues);
  }

  const drill: Record<string, DrillPath> = {};
  if (value['drill'] !== undefined) {
    if (!isRecord(value['drill'])) issues.push({ path: 'drill', message: 'must be an object of drill paths' });
    else
      for (const [panel, path] of Object.entries(value['drill'])) {
        if (!CatalogId.safeParse(panel).success) issues.push({ path: `drill.${panel}`, message: 'not a panel id' });
        const parsed = DrillPath.safeParse(path);
        if (!parsed.success) issues.push({ path: `drill.${panel}`, message: 'not a drill path' });
        else if (parsed.data.length > 0) drill[panel] = parsed.data;
      }
  }

  let crossFilter: CrossFilterSelection | undefined;
  if (value['crossFilter'] !== undefined) {
    const parsed = CrossFilterSelection.safeParse(value['crossFilter']);
    if (parsed.success) crossFilter = parsed.data;
    else issues.push({ path: 'crossFilter', message: 'not a cross-filter selection' });
  }

  if (issues.length > 0) return { ok: false, issues };
  return { ok: true, state: { filters, drill, ...(crossFilter && { crossFilter }) } };
}

/**
 * `state` cut to what `definition` can take: filters it has with values of their kind, drill paths
 * of its panels no deeper than their levels, a cross-filter from a panel that declares that filter.
 * Each part dropped is named in `issues`, the rest is kept (a definition that changed since a link
 * was copied still opens as much of the view as it can).
 */
export function fitViewState(state: DashboardViewState, definition: DashboardDefinition): { state: DashboardViewState; issues: ErrorIssue[] } {
  const issues: ErrorIssue[] = [];
  const filters: FilterValues = {};
  for (const [id, value] of Object.entries(state.filters)) {
    const problems = filterIssues({ [id]: value }, definition.filters);
    if (problems.length > 0) issues.push(...problems);
    else filters[id] = value;
  }

  const drill: Record<string, DrillPath> = {};
  for (const [panelId, path] of Object.entries(state.drill)) {
    const panel = definition.panels.find((p) => p.id === panelId);
    if (!panel) {
      issues.push({ path: `drill.${panelId}`, message: `the dashboard has no panel "${panelId}"` });
      continue;
    }
    const fitted = fitDrillPath(panel, path);
    if (fitted.length < path.length) issues.push({ path: `drill.${panelId}`, message: `panel "${panelId}" has ${fitted.length} drill level(s), not ${path.length}` });
    if (fitted.length > 0) drill[panelId] = fitted;
  }

  let crossFilter = state.crossFilter;
  if (crossFilter) {
    const source = definition.panels.find((p) => p.id === crossFilter!.panel);
    if (!source?.crossFilter || source.crossFilter.filter !== crossFilter.filter) {
      issues.push({ path: 'crossFilter', message: `panel "${crossFilter.panel}" does not cross-filter through "${crossFilter.filter}"` });
      crossFilter = undefined;
    }
  }
  return { state: { filters, drill, ...(crossFilter && { crossFilter }) }, issues };
}

/** Issues as one line for a message: `filters.org: …; drill.x: …`. */
export function describeIssues(issues: readonly ErrorIssue[]): string {
  return issues.map((issue) => (issue.path ? `${issue.path}: ${issue.message}` : issue.message)).join('; ');
}
