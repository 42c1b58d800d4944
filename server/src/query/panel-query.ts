import type { DashboardDefinition, DrillPath, FilterValue, PageRequest, PanelDefinition, PanelView, QueryResult } from '@kineo/core';
import { panelLevels } from '../catalog/catalog.js';
import { bindQueryParameters, type ParameterInput } from '../catalog/query-parameters.js';
import type { QueryDefinition } from '../catalog/query-definition.js';
import type { SqlParams } from '../engines/engine.js';
import type { EmbedAuth } from '../http/context.js';
import { ApiError, badRequest } from '../http/api-error.js';
import { TOTAL_COLUMN, type PageOrder } from './compose-sql.js';
import { runScoped, scopedStatement, type QueryServices } from './scoped-run.js';

export interface PanelQueryInput {
  dashboard: DashboardDefinition;
  panelId: string;
  /** Effective filter values (client's, with locked ones applied). */
  filters: ReadonlyMap<string, FilterValue>;
  drill: DrillPath;
  page?: PageRequest;
  /** Aborted when the client goes away: the running statement is cancelled. */
  signal?: AbortSignal;
}

/** A panel level's catalog query with every parameter bound from the request's filters and drill. */
export interface PreparedPanelQuery {
  panel: PanelDefinition;
  /** 0 for the panel itself, n for the n-th drill level. */
  level: number;
  view: PanelView;
  query: QueryDefinition;
  params: SqlParams;
}

/**
 * Picks a panel's catalog query at its current drill level and binds filters and drill values
 * to its declared parameters: 404 for an unknown panel, 400 for a drill too deep or a bad value.
 * Nothing runs.
 */
export function preparePanelQuery(
  services: QueryServices,
  input: Pick<PanelQueryInput, 'dashboard' | 'panelId' | 'filters' | 'drill'>,
): PreparedPanelQuery {
  const { dashboard, panelId, drill } = input;
  const panel = dashboard.panels.find((p) => p.id === panelId);
  if (!panel) throw new ApiError('not_found', `Dashboard "${dashboard.id}" has no panel "${panelId}".`);
  const levels = panelLevels(panel);
  if (drill.length >= levels.length)
    throw badRequest([{ path: 'drill', message: `panel "${panelId}" can be drilled at most ${levels.length - 1} level(s)` }]);
  const level = drill.length;
  const view = levels[level]!;
  const query = services.catalog.queries.get(view.query)!;

  const inputs = new Map<string, ParameterInput>();
  for (const [id, value] of input.filters) inputs.set(id, { path: `filters.${id}`, value });
  drill.forEach((value, i) => inputs.set(panel.drill![i]!.param, { path: `drill.${i}`, value }));
  const { params, issues } = bindQueryParameters(query, inputs);
  if (issues.length > 0) throw badRequest(issues);
  return { panel, level, view, query, params };
}

/**
 * Runs one panel at its current drill level (see preparePanelQuery), applies paging for tables,
 * runs it under the token's row scope and returns the columnar result (413 past the query's row cap).
 */
export async function runPanelQuery(services: QueryServices, auth: EmbedAuth, input: PanelQueryInput): Promise<QueryResult> {
  const { dashboard, panelId, page } = input;
  const { level, query, params } = preparePanelQuery(services, input);

  if (!query.paging) {
    if (page) throw badRequest([{ path: 'page', message: `panel "${panelId}" is not paged` }]);
    const statement = scopedStatement(services, auth, query, params);
    const result = await runScoped(services, auth, statement, {
      maxRows: query.maxRows,
      timeoutMs: query.timeoutMs,
      signal: input.signal,
    });
    if (result.overflowed)
      throw new ApiError('row_cap_exceeded', `The panel matches more than ${query.maxRows} rows. Narrow the filters.`, {
        maxRows: query.maxRows,
      });
    return {
      dashboard: dashboard.id,
      panel: panelId,
      level,
      query: { id: query.id, version: query.version },
      columns: result.columns,
      data: result.data,
      rowCount: result.rowCount,
      truncated: false,
      elapsedMs: result.elapsedMs,
    };
  }

  const paging = query.paging;
  const limit = page?.limit ?? paging.defaultPageSize;
  const offset = page?.offset ?? 0;
  const sort = page?.sort ?? paging.defaultSort;
  const pageIssues = [];
  if (limit > paging.maxPageSize) pageIssues.push({ path: 'page.limit', message: `at most ${paging.maxPageSize}` });
  if (!paging.sortable.includes(sort.column))
    pageIssues.push({ path: 'page.sort.column', message: `must be one of: ${paging.sortable.join(', ')}` });
  if (pageIssues.length > 0) throw badRequest(pageIssues);

  const order: PageOrder = { column: sort.column, direction: sort.direction, key: paging.key };
  const statement = scopedStatement(services, auth, query, params, order);
  const result = await runScoped(
    services,
    auth,
    { sql: statement.sql, params: { ...statement.params, kineo_limit: { type: 'integer', value: limit }, kineo_offset: { type: 'integer', value: offset } } },
    { maxRows: limit, timeoutMs: query.timeoutMs, signal: input.signal },
  );
  const totalIndex = result.columns.findIndex((c) => c.name === TOTAL_COLUMN);
  const total = result.rowCount > 0 ? Number(result.data[totalIndex]![0]) : 0;
  return {
    dashboard: dashboard.id,
    panel: panelId,
    level,
    query: { id: query.id, version: query.version },
    columns: result.columns.filter((_, i) => i !== totalIndex),
    data: result.data.filter((_, i) => i !== totalIndex),
    rowCount: result.rowCount,
    truncated: offset + result.rowCount < total,
    elapsedMs: result.elapsedMs,
    page: { offset, limit, total, sort },
  };
}
