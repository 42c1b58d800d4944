import { z } from 'zod';
import { CatalogId } from './identifiers.js';
import { FilterDefinition } from './filters.js';

/**
 * A Vega-Lite spec. Its data must be the named source `table`, which the element fills with the
 * panel's rows; everything else is plain Vega-Lite.
 */
export const VegaLiteSpec = z
  .record(z.string(), z.unknown())
  .refine((spec) => (spec['data'] as { name?: unknown } | undefined)?.name === 'table', {
    message: 'a panel spec must read the named data source: "data": { "name": "table" }',
    path: ['data'],
  });
export type VegaLiteSpec = z.infer<typeof VegaLiteSpec>;

export const ValueFormat = z.enum(['number', 'integer', 'percent', 'minutes', 'date', 'text']);
export type ValueFormat = z.infer<typeof ValueFormat>;

export const KpiOptions = z
  .object({
    value: z.string().min(1),
    format: ValueFormat,
    caption: z.string().max(120).optional(),
  })
  .strict();

export const TableColumn = z
  .object({ field: z.string().min(1), label: z.string().min(1).max(80), format: ValueFormat.optional() })
  .strict();

export const panelTypes = ['chart', 'kpi', 'table'] as const;
export const PanelType = z.enum(panelTypes);
export type PanelType = z.infer<typeof PanelType>;

/** How a panel (or one drill level of it) draws the rows of its query. */
const panelViewFields = {
  title: z.string().min(1).max(120),
  description: z.string().max(500).optional(),
  type: PanelType,
  query: CatalogId,
  spec: VegaLiteSpec.optional(),
  /**
   * `spec` compiled to Vega by the server at start-up, so browsers need only the Vega runtime.
   * Catalog files never set it; the API always does for charts.
   */
  vega: z.record(z.string(), z.unknown()).optional(),
  kpi: KpiOptions.optional(),
  columns: z.array(TableColumn).min(1).optional(),
};

/** A chart needs its spec, a KPI its value, a table its columns. */
function requireViewOptions(view: { type: PanelType; spec?: unknown; kpi?: unknown; columns?: unknown }, ctx: z.RefinementCtx) {
  const needs = { chart: 'spec', kpi: 'kpi', table: 'columns' } as const;
  const key = needs[view.type];
  if (view[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `a ${view.type} needs "${key}"` });
}

export const PanelView = z.object(panelViewFields).strict().superRefine(requireViewOptions);
export type PanelView = z.infer<typeof PanelView>;

/**
 * One step down a drill path: clicking a mark's `from` field of the level above runs `query`
 * with that value bound to its parameter `param`.
 */
export const DrillLevel = z
  .object({ ...panelViewFields, from: z.string().min(1), param: z.string().regex(/^[a-z][a-z0-9_]*$/) })
  .strict()
  .superRefine(requireViewOptions);
export type DrillLevel = z.infer<typeof DrillLevel>;

export const PanelLayout = z
  .object({
    x: z.number().int().min(0).max(11),
    y: z.number().int().min(0),
    w: z.number().int().min(1).max(12),
    h: z.number().int().min(1).max(12),
  })
  .strict()
  .refine((l) => l.x + l.w <= 12, { message: 'x + w must be at most 12', path: ['w'] });

/**
 * Cross-filtering: selecting marks of this panel (its top level) sets the dashboard filter `filter`
 * to the selected values of `field` for every *other* panel. `filter` must be a multi-select filter
 * of the same dashboard.
 */
export const CrossFilterOptions = z.object({ field: z.string().min(1), filter: CatalogId }).strict();
export type CrossFilterOptions = z.infer<typeof CrossFilterOptions>;

export const PanelDefinition = z
  .object({
    ...panelViewFields,
    id: CatalogId,
    layout: PanelLayout,
    drill: z.array(DrillLevel).max(4).optional(),
    crossFilter: CrossFilterOptions.optional(),
  })
  .strict()
  .superRefine(requireViewOptions);
export type PanelDefinition = z.infer<typeof PanelDefinition>;

/** A dashboard: what the catalog declares and what `GET /v1/dashboards/:id` returns. */
export const DashboardDefinition = z
  .object({
    id: CatalogId,
    title: z.string().min(1).max(120),
    description: z.string().max(500).optional(),
    filters: z.array(FilterDefinition).max(12),
    panels: z.array(PanelDefinition).min(1).max(24),
  })
  .strict()
  .superRefine((d, ctx) => {
    for (const [key, list] of [['panels', d.panels], ['filters', d.filters]] as const) {
      const seen = new Set<string>();
      list.forEach((item, i) => {
        if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: [key, i, 'id'], message: `duplicate id "${item.id}"` });
        seen.add(item.id);
      });
    }
  });
export type DashboardDefinition = z.infer<typeof DashboardDefinition>;

/** One entry of `GET /v1/dashboards`. */
export const DashboardSummary = z.object({ id: CatalogId, title: z.string(), description: z.string().optional() });
export type DashboardSummary = z.infer<typeof DashboardSummary>;

export const DashboardList = z.object({ dashboards: z.array(DashboardSummary) });
export type DashboardList = z.infer<typeof DashboardList>;
