import * as z from 'zod/mini';
import { CatalogId } from './identifiers.js';
import { FilterValues, MAX_FILTER_ITEMS, MAX_FILTER_STRING } from './filters.js';
import { ErrorBody } from './error.js';

/** Most rows one page of a table may ask for. */
export const MAX_PAGE_SIZE = 500;

export const SortDirection = z.enum(['asc', 'desc']);

export const PageRequest = z.strictObject({
  offset: z._default(z.number().check(z.int(), z.minimum(0), z.maximum(10_000_000)), 0),
  limit: z.optional(z.number().check(z.int(), z.minimum(1), z.maximum(MAX_PAGE_SIZE))),
  sort: z.optional(
    z.strictObject({ column: z.string().check(z.minLength(1), z.maxLength(64)), direction: z._default(SortDirection, 'asc') }),
  ),
});
export type PageRequest = z.infer<typeof PageRequest>;

/** The values clicked so far down a panel's drill path, one per level (numbers finite: zod rejects NaN and ±Infinity). */
export const DrillPath = z
  .array(z.union([z.string().check(z.minLength(1), z.maxLength(200)), z.number()]))
  .check(z.maxLength(4));
export type DrillPath = z.infer<typeof DrillPath>;

/** `POST /v1/query`: one panel's data. The browser names a panel; it never sends SQL. */
export const QueryRequest = z.strictObject({
  dashboard: CatalogId,
  panel: CatalogId,
  filters: z._default(FilterValues, {}),
  drill: z._default(DrillPath, []),
  page: z.optional(PageRequest),
});
export type QueryRequest = z.input<typeof QueryRequest>;
export type ParsedQueryRequest = z.output<typeof QueryRequest>;

/**
 * A cross-filter selection: the values selected in panel `panel` (whose definition declares
 * `crossFilter`) filter every other panel through the dashboard filter `filter`.
 */
export const CrossFilterSelection = z.strictObject({
  panel: CatalogId,
  filter: CatalogId,
  values: z
    .array(z.string().check(z.minLength(1), z.maxLength(MAX_FILTER_STRING)))
    .check(z.minLength(1), z.maxLength(MAX_FILTER_ITEMS)),
});
export type CrossFilterSelection = z.infer<typeof CrossFilterSelection>;

/** `POST /v1/dashboards/:id/data`: every panel's data in one round trip. */
export const DashboardDataRequest = z.strictObject({
  filters: z._default(FilterValues, {}),
  drill: z._default(z.record(CatalogId, DrillPath), {}),
  pages: z._default(z.record(CatalogId, PageRequest), {}),
  crossFilter: z.optional(CrossFilterSelection),
  /** Only these panels (e.g. one chart embedded on its own); absent: every panel. */
  panels: z.optional(z.array(CatalogId).check(z.minLength(1), z.maxLength(24))),
});
export type DashboardDataRequest = z.input<typeof DashboardDataRequest>;

export const columnTypes = ['string', 'integer', 'number', 'boolean', 'date', 'timestamp'] as const;
export const ColumnType = z.enum(columnTypes);
export type ColumnType = z.infer<typeof ColumnType>;

export const ResultColumn = z.object({ name: z.string(), type: ColumnType });
export type ResultColumn = z.infer<typeof ResultColumn>;

export type CellValue = string | number | boolean | null;

/**
 * A query's rows, column-major: `data[i]` holds every value of `columns[i]`.
 * Dates are `YYYY-MM-DD`, timestamps ISO-8601 UTC.
 */
export const QueryResult = z.object({
  dashboard: CatalogId,
  panel: CatalogId,
  /** 0 for the panel itself, n for the n-th drill level. */
  level: z.number().check(z.int(), z.minimum(0)),
  query: z.object({ id: CatalogId, version: z.number().check(z.int(), z.minimum(1)) }),
  columns: z.array(ResultColumn),
  data: z.array(z.array(z.union([z.string(), z.number(), z.boolean(), z.null()]))),
  rowCount: z.number().check(z.int(), z.minimum(0)),
  /** True when more rows match than were returned: the next page has some. */
  truncated: z.boolean(),
  elapsedMs: z.number().check(z.minimum(0)),
  page: z.optional(
    z.object({
      offset: z.number().check(z.int()),
      limit: z.number().check(z.int()),
      total: z.number().check(z.int()),
      sort: PageRequest.shape.sort,
    }),
  ),
});
export type QueryResult = z.infer<typeof QueryResult>;

export const DashboardDataResponse = z.object({
  dashboard: CatalogId,
  panels: z.record(CatalogId, QueryResult),
  /** Panels that failed, with the error they would have returned alone; the others still arrive. */
  errors: z.record(CatalogId, ErrorBody.shape.error),
});
export type DashboardDataResponse = z.infer<typeof DashboardDataResponse>;

/** Turns a column-major result into row objects, the shape Vega and tables consume. */
export function resultRows(result: Pick<QueryResult, 'columns' | 'data' | 'rowCount'>): Record<string, unknown>[] {
  const rows: Record<string, unknown>[] = [];
  for (let r = 0; r < result.rowCount; r++) {
    const row: Record<string, unknown> = {};
    result.columns.forEach((column, c) => (row[column.name] = result.data[c]![r]));
    rows.push(row);
  }
  return rows;
}
