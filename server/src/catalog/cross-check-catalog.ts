import type { DashboardDefinition, FilterKind, PanelDefinition, PanelView } from '@kineo/core';
import { panelLevels, type Catalog } from './catalog.js';
import type { ParameterDeclaration, QueryDefinition } from './query-definition.js';

/** Which parameter types can receive each filter kind's value. */
const parameterTypesForFilter: Record<FilterKind, ParameterDeclaration['type'][]> = {
  dateRange: ['dateRange'],
  multiSelect: ['stringList', 'enumList'],
  select: ['string', 'enum'],
};

/** Columns an options query must return, per filter kind. */
const optionColumnsForFilter: Record<FilterKind, string[]> = {
  dateRange: ['min', 'max'],
  multiSelect: ['value', 'label'],
  select: ['value', 'label'],
};

/** Every `field` a Vega-Lite spec's encodings read. */
function encodedFields(spec: unknown): string[] {
  const fields: string[] = [];
  const visit = (node: unknown, inEncoding: boolean) => {
    if (Array.isArray(node)) return node.forEach((n) => visit(n, inEncoding));
    if (!node || typeof node !== 'object') return;
    for (const [key, value] of Object.entries(node)) {
      if (inEncoding && key === 'field' && typeof value === 'string') fields.push(value);
      else visit(value, inEncoding || key === 'encoding');
    }
  };
  visit(spec, false);
  return fields;
}

/** Fields a view reads from its query's rows. */
function fieldsOfView(view: PanelView): string[] {
  if (view.type === 'kpi') return [view.kpi!.value];
  if (view.type === 'table') return view.columns!.map((column) => column.field);
  return encodedFields(view.spec);
}

function checkDashboard(dashboard: DashboardDefinition, catalog: Catalog, problems: string[]): void {
  const where = `dashboard "${dashboard.id}"`;
  const filterKinds = new Map(dashboard.filters.map((f) => [f.id, f.kind]));

  for (const filter of dashboard.filters) {
    const options = catalog.queries.get(filter.options.query);
    if (!options) {
      problems.push(`${where}: filter "${filter.id}": unknown options query "${filter.options.query}"`);
      continue;
    }
    const columns = new Set(options.columns.map((c) => c.name));
    for (const needed of optionColumnsForFilter[filter.kind])
      if (!columns.has(needed))
        problems.push(`${where}: filter "${filter.id}": options query "${options.id}" must return a "${needed}" column`);
    checkFilterParameters(`${where}: filter "${filter.id}" options`, options, filterKinds, problems);
  }

  for (const panel of dashboard.panels) {
    const levels = panelLevels(panel);
    levels.forEach((view, level) => {
      const at = `${where}: panel "${panel.id}"${level > 0 ? ` drill level ${level}` : ''}`;
      const query = catalog.queries.get(view.query);
      if (!query) return problems.push(`${at}: unknown query "${view.query}"`);
      const columns = new Set(query.columns.map((c) => c.name));
      for (const field of fieldsOfView(view))
        if (!columns.has(field)) problems.push(`${at}: reads "${field}", which query "${query.id}" does not return`);
      if (view.type === 'table' && !query.paging) problems.push(`${at}: a table needs a query with paging`);
      checkFilterParameters(at, query, filterKinds, problems);

      const drillParam = level > 0 ? panel.drill![level - 1]!.param : undefined;
      if (drillParam !== undefined) {
        const previous = catalog.queries.get(levels[level - 1]!.query);
        const from = panel.drill![level - 1]!.from;
        if (previous && !previous.columns.some((c) => c.name === from))
          problems.push(`${at}: drills from "${from}", which query "${previous.id}" does not return`);
        if (!query.parameters[drillParam]?.required)
          problems.push(`${at}: query "${query.id}" must declare the drill parameter "${drillParam}" as required`);
      }
      for (const [name, declaration] of Object.entries(query.parameters))
        if (declaration.required && name !== drillParam && !filterKinds.has(name))
          problems.push(`${at}: required parameter "${name}" of query "${query.id}" is fed by no filter or drill`);
    });
    if (panel.crossFilter) checkCrossFilterOptions(dashboard, panel, catalog, filterKinds, `${where}: panel "${panel.id}" crossFilter`, problems);
  }
}

/**
 * A cross-filter sets a multi-select filter of the same dashboard to values of a string column
 * the panel's own (top-level) query returns, and must reach at least one other panel's query.
 */
function checkCrossFilterOptions(
  dashboard: DashboardDefinition,
  panel: PanelDefinition,
  catalog: Catalog,
  filterKinds: ReadonlyMap<string, FilterKind>,
  at: string,
  problems: string[],
): void {
  const { field, filter } = panel.crossFilter!;
  const kind = filterKinds.get(filter);
  if (!kind) problems.push(`${at}: filter "${filter}" is not a filter of dashboard "${dashboard.id}"`);
  else if (kind !== 'multiSelect') problems.push(`${at}: filter "${filter}" is a ${kind}; a cross-filter needs a multiSelect filter`);

  const query = catalog.queries.get(panel.query);
  const column = query?.columns.find((c) => c.name === field);
  if (query && !column) problems.push(`${at}: field "${field}" is not a column query "${query.id}" returns`);
  else if (column && column.type !== 'string')
    problems.push(`${at}: field "${field}" of query "${query!.id}" is ${column.type}; a cross-filter selects string values`);

  const fedQueries = dashboard.panels
    .filter((other) => other.id !== panel.id)
    .flatMap((other) => panelLevels(other))
    .filter((view) => catalog.queries.get(view.query)?.parameters[filter] !== undefined);
  if (kind && fedQueries.length === 0) problems.push(`${at}: filter "${filter}" feeds no other panel's query, so the cross-filter would change nothing`);
}

/** A parameter named like a dashboard filter receives that filter's value: their kinds must fit. */
function checkFilterParameters(
  at: string,
  query: QueryDefinition,
  filterKinds: ReadonlyMap<string, FilterKind>,
  problems: string[],
): void {
  for (const [name, declaration] of Object.entries(query.parameters)) {
    const kind = filterKinds.get(name);
    if (kind && !parameterTypesForFilter[kind].includes(declaration.type))
      problems.push(`${at}: filter "${name}" is a ${kind}, but query "${query.id}" declares it as ${declaration.type}`);
  }
}

/** References between catalog files that no single file's schema can check. */
export function crossCheckCatalog(catalog: Catalog): string[] {
  const problems: string[] = [];
  for (const dashboard of catalog.dashboards.values()) checkDashboard(dashboard, catalog, problems);
  return problems;
}
