import * as z from 'zod/mini';
import { FilterValues } from './filters.js';
import { CrossFilterSelection, DrillPath } from './query.js';

export const exportFormats = ['csv', 'xlsx'] as const;
export const ExportFormat = z.enum(exportFormats);
export type ExportFormat = z.infer<typeof ExportFormat>;

/** Most rows one export may carry; more is a `row_cap_exceeded` error, never a silent cut. */
export const MAX_EXPORT_ROWS = 100_000;

/**
 * `POST /v1/dashboards/:id/panels/:panel/export`: the panel's rows (at its current drill level)
 * under the given filters, as a file. Needs the `export` permission in the token. The same row
 * scope and locked filters apply as to the panel's data.
 */
export const ExportRequest = z.strictObject({
  format: ExportFormat,
  filters: z._default(FilterValues, {}),
  drill: z._default(DrillPath, []),
  /** The dashboard's cross-filter selection, applied unless it comes from this very panel. */
  crossFilter: z.optional(CrossFilterSelection),
});
export type ExportRequest = z.input<typeof ExportRequest>;
