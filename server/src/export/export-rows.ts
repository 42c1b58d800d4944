import type { z } from 'zod';
import type { DashboardDefinition, ExportRequest } from '@kineo/core';
import type { EmbedAuth } from '../http/context.js';
import { ApiError } from '../http/api-error.js';
import { TOTAL_COLUMN } from '../query/compose-sql.js';
import { checkCrossFilter, filtersPerPanel } from '../query/cross-filter.js';
import { preparePanelQuery } from '../query/panel-query.js';
import { runScoped, scopedStatement, type QueryServices } from '../query/scoped-run.js';
import type { ExportTable } from './export-table.js';

export interface PanelExportRows {
  table: ExportTable;
  /** The drill level exported: 0 for the panel itself. */
  level: number;
  /** The title of the panel or of its drill level. */
  title: string;
}

/**
 * Every row of one panel at its drill level, for a file: the same query, row scope, locked filters
 * and cross-filter rules as the panel's data (a cross-filter from this very panel does not apply to
 * it), without paging. Tables keep their default sort. More than `maxRows` rows is a 413
 * `row_cap_exceeded`, never a silent cut.
 */
export async function panelExportRows(
  services: QueryServices,
  auth: EmbedAuth,
  dashboard: DashboardDefinition,
  panelId: string,
  request: z.output<typeof ExportRequest>,
  options: { maxRows: number; signal?: AbortSignal },
): Promise<PanelExportRows> {
  if (!dashboard.panels.some((panel) => panel.id === panelId))
    throw new ApiError('not_found', `Dashboard "${dashboard.id}" has no panel "${panelId}".`);
  if (request.crossFilter) checkCrossFilter(services.catalog, dashboard, request.crossFilter);
  const filters = filtersPerPanel(dashboard, request.filters, auth.lockedFilters, request.crossFilter)(panelId);
  const { level, view, query, params } = preparePanelQuery(services, { dashboard, panelId, filters, drill: request.drill });
  const { maxRows, signal } = options;
  const tooMany = () =>
    new ApiError('row_cap_exceeded', `The export matches more than ${maxRows} rows. Narrow the filters.`, { maxRows });

  if (!query.paging) {
    const result = await runScoped(services, auth, scopedStatement(services, auth, query, params), {
      maxRows,
      timeoutMs: query.timeoutMs,
      signal,
    });
    if (result.overflowed) throw tooMany();
    return { table: { columns: result.columns, data: result.data, rowCount: result.rowCount }, level, title: view.title };
  }

  // A table's query in its paged form, as one page of up to maxRows in the default sort: the
  // window total says whether rows were left out.
  const statement = scopedStatement(services, auth, query, params, { ...query.paging.defaultSort, key: query.paging.key });
  const result = await runScoped(
    services,
    auth,
    { sql: statement.sql, params: { ...statement.params, kineo_limit: { type: 'integer', value: maxRows }, kineo_offset: { type: 'integer', value: 0 } } },
    { maxRows, timeoutMs: query.timeoutMs, signal },
  );
  const totalIndex = result.columns.findIndex((c) => c.name === TOTAL_COLUMN);
  const total = result.rowCount > 0 ? Number(result.data[totalIndex]![0]) : 0;
  if (total > result.rowCount) throw tooMany();
  return {
    table: {
      columns: result.columns.filter((_, i) => i !== totalIndex),
      data: result.data.filter((_, i) => i !== totalIndex),
      rowCount: result.rowCount,
    },
    level,
    title: view.title,
  };
}
