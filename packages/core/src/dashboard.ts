import * as z from 'zod/mini';
import { CatalogId } from './identifiers.js';
import { FilterDefinition } from './filters.js';
import { Role } from './token.js';

/**
 * A Vega-Lite spec. Its data must be the named source `table`, which the element fills with the
 * panel's rows; everything else is plain Vega-Lite.
 */
export const VegaLiteSpec = z.record(z.string(), z.unknown()).check(
  z.refine((spec) => (spec['data'] as { name?: unknown } | undefined)?.name === 'table', {
    message: 'a panel spec must read the named data source: "data": { "name": "table" }',
    path: ['data'],
  }),
);
export type VegaLiteSpec = z.infer<typeof VegaLiteSpec>;

export const ValueFormat = z.enum(['number', 'integer', 'percent', 'minutes', 'date', 'text']);
export type ValueFormat = z.infer<typeof ValueFormat>;

export const KpiOptions = z.strictObject({
  value: z.string().check(z.minLength(1)),
  format: ValueFormat,
  caption: z.optional(z.string().check(z.maxLength(120))),
});

export const TableColumn = z.strictObject({
  field: z.string().check(z.minLength(1)),
  label: z.string().check(z.minLength(1), z.maxLength(80)),
  format: z.optional(ValueFormat),
});

export const panelTypes = ['chart', 'kpi', 'table'] as const;
export const PanelType = z.enum(panelTypes);
export type PanelType = z.infer<typeof PanelType>;

/** How a panel (or one drill level of it) draws the rows of its query. */
const panelViewFields = {
  title: z.string().check(z.minLength(1), z.maxLength(120)),
  description: z.optional(z.string().check(z.maxLength(500))),
  type: PanelType,
  query: CatalogId,
  spec: z.optional(VegaLiteSpec),
  /**
   * `spec` compiled to Vega by the server at start-up, so browsers need only the Vega runtime.
   * Catalog files never set it; the API always does for charts.
   */
  vega: z.optional(z.record(z.string(), z.unknown())),
  kpi: z.optional(KpiOptions),
  columns: z.optional(z.array(TableColumn).check(z.minLength(1))),
};

/** A chart needs its spec, a KPI its value, a table its columns. */
function requireViewOptions(
  view: { type: PanelType; spec?: unknown; kpi?: unknown; columns?: unknown },
  ctx: z.core.$RefinementCtx,
) {
  const needs = { chart: 'spec', kpi: 'kpi', table: 'columns' } as const;
  const key = needs[view.type];
  if (view[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `a ${view.type} needs "${key}"` });
}

export const PanelView = z.strictObject(panelViewFields).check(z.superRefine(requireViewOptions));
export type PanelView = z.infer<typeof PanelView>;

/**
 * One step down a drill path: clicking a mark's `from` field of the level above runs `query`
 * with that value bound to its parameter `param`.
 */
export const DrillLevel = z
  .strictObject({
    ...panelViewFields,
    from: z.string().check(z.minLength(1)),
    param: z.string().check(z.regex(/^[a-z][a-z0-9_]*$/)),
  })
  .check(z.superRefine(requireViewOptions));
export type DrillLevel = z.infer<typeof DrillLevel>;

export const PanelLayout = z
  .strictObject({
    x: z.number().check(z.int(), z.minimum(0), z.maximum(11)),
    y: z.number().check(z.int(), z.minimum(0)),
    w: z.number().check(z.int(), z.minimum(1), z.maximum(12)),
    h: z.number().check(z.int(), z.minimum(1), z.maximum(12)),
  })
  .check(z.refine((l) => l.x + l.w <= 12, { message: 'x + w must be at most 12', path: ['w'] }));

/**
 * Cross-filtering: selecting marks of this panel (its top level) sets the dashboard filter `filter`
 * to the selected values of `field` for every *other* panel. `filter` must be a multi-select filter
 * of the same dashboard.
 */
export const CrossFilterOptions = z.strictObject({ field: z.string().check(z.minLength(1)), filter: CatalogId });
export type CrossFilterOptions = z.infer<typeof CrossFilterOptions>;

export const PanelDefinition = z
  .strictObject({
    ...panelViewFields,
    id: CatalogId,
    layout: PanelLayout,
    drill: z.optional(z.array(DrillLevel).check(z.maxLength(4))),
    crossFilter: z.optional(CrossFilterOptions),
  })
  .check(z.superRefine(requireViewOptions));
export type PanelDefinition = z.infer<typeof PanelDefinition>;

/**
 * A dashboard: what the catalog declares and what `GET /v1/dashboards/:id` returns. `roles` lists
 * the roles that may open it (absent: every role); the API refuses it to any other role, whatever
 * the token grants.
 */
export const DashboardDefinition = z
  .strictObject({
    id: CatalogId,
    title: z.string().check(z.minLength(1), z.maxLength(120)),
    description: z.optional(z.string().check(z.maxLength(500))),
    roles: z.optional(z.array(Role).check(z.minLength(1))),
    filters: z.array(FilterDefinition).check(z.maxLength(12)),
    panels: z.array(PanelDefinition).check(z.minLength(1), z.maxLength(24)),
  })
  .check(
    z.superRefine((d, ctx) => {
      for (const [key, list] of [['panels', d.panels], ['filters', d.filters]] as const) {
        const seen = new Set<string>();
        list.forEach((item, i) => {
          if (seen.has(item.id)) ctx.addIssue({ code: 'custom', path: [key, i, 'id'], message: `duplicate id "${item.id}"` });
          seen.add(item.id);
        });
      }
      d.roles?.forEach((role, i) => {
        if (d.roles!.indexOf(role) !== i) ctx.addIssue({ code: 'custom', path: ['roles', i], message: `duplicate role "${role}"` });
      });
    }),
  );
export type DashboardDefinition = z.infer<typeof DashboardDefinition>;

/** Whether a user of `role` may open `dashboard`: one without `roles` is open to every role. */
export function dashboardOpensTo(dashboard: Pick<DashboardDefinition, 'roles'>, role: Role): boolean {
  return dashboard.roles === undefined || dashboard.roles.includes(role);
}

/** One entry of `GET /v1/dashboards`. */
export const DashboardSummary = z.object({ id: CatalogId, title: z.string(), description: z.optional(z.string()) });
export type DashboardSummary = z.infer<typeof DashboardSummary>;

export const DashboardList = z.object({ dashboards: z.array(DashboardSummary) });
export type DashboardList = z.infer<typeof DashboardList>;
